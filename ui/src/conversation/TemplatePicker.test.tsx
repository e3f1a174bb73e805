import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ConversationDetail, WaTemplateDto } from "../bindings";
import { fail } from "../backend/types";
import { NOW, detail, fakeBackend, waTemplates } from "../test/fixtures";
import { renderWithBackend } from "../test/render";
import { Composer } from "./Composer";
import { initialValues, placeholders, renderTemplate, templateFields } from "./templateFields";

type Overrides = Parameters<typeof fakeBackend>[0];

const closed: ConversationDetail = {
  ...detail,
  summary: { ...detail.summary, window_expires_at: new Date(NOW.getTime() - 60_000).toISOString() },
};

async function renderPicker({ overrides = {}, language = "en" }: { overrides?: Overrides; language?: string } = {}) {
  const fake = fakeBackend(overrides);
  const view = renderWithBackend(<Composer detail={closed} />, { backend: fake.backend, now: NOW, language });
  const picker = screen.getByTestId("template-picker");
  await within(picker).findAllByTestId("template-option");
  return { ...view, ...fake, picker, user: userEvent.setup() };
}

function option(name: string): HTMLButtonElement {
  const found = screen.getAllByTestId<HTMLButtonElement>("template-option").find((el) => el.textContent?.includes(name));
  if (found === undefined) throw new Error(`no template ${name}`);
  return found;
}

const sendButton = () => screen.getByTestId<HTMLButtonElement>("send-button");
const previewBody = () => screen.getByTestId("template-preview-body").textContent;

describe("TemplatePicker (the composer when the window is closed)", () => {
  it("lists the account's templates: approved ones selectable, the others disabled with their status", async () => {
    const { calls } = await renderPicker();
    expect(calls.find((c) => c.cmd === "list_wa_templates")?.input).toEqual({ account_id: 1 });
    expect(option("pedido_listo").disabled).toBe(false);
    expect(option("seguimiento").disabled).toBe(false);
    expect(option("oferta_verano").disabled).toBe(true);
    expect(option("oferta_verano").textContent).toContain("In review");
    expect(option("catalogo_foto").disabled).toBe(true);
    expect(option("catalogo_foto").textContent).toContain("Needs a file in the header (image)");
    expect(screen.getByText("Choose a template to preview it.")).toBeTruthy();
    expect(sendButton().disabled).toBe(true);
  });

  it("pre-fills a greeting with the first name, keeps Send disabled until every value is filled, and sends the values", async () => {
    const { calls, user } = await renderPicker();
    await user.click(option("pedido_listo"));
    expect(option("pedido_listo").getAttribute("aria-pressed")).toBe("true");

    const inputs = screen.getAllByTestId<HTMLInputElement>("template-param");
    expect(inputs.map((i) => i.value)).toEqual(["María", ""]);
    expect(previewBody()).toBe("Hola María, tu pedido {{2}} está listo para recoger.");
    expect(sendButton().disabled).toBe(true);
    expect(screen.getByText("Fill in every value to send.")).toBeTruthy();

    await user.type(inputs[1] as HTMLInputElement, "#4821");
    expect(previewBody()).toBe("Hola María, tu pedido #4821 está listo para recoger.");
    expect(sendButton().disabled).toBe(false);

    await user.clear(inputs[0] as HTMLInputElement);
    expect(sendButton().disabled).toBe(true);
    await user.type(inputs[0] as HTMLInputElement, "  María José ");
    await user.click(sendButton());

    await waitFor(() => expect(calls.some((c) => c.cmd === "send_template")).toBe(true));
    expect(calls.filter((c) => c.cmd === "send_template")).toEqual([
      { cmd: "send_template", input: { conversation_id: 1, template_id: 11, params: ["María José", "#4821"] } },
    ]);
    // back to the list after sending
    await waitFor(() => expect(screen.queryByTestId("template-preview")).toBeNull());
  });

  it("leaves the values empty when the body doesn't open with a greeting", async () => {
    const { user } = await renderPicker();
    await user.click(option("seguimiento"));
    expect(screen.getAllByTestId<HTMLInputElement>("template-param").map((i) => i.value)).toEqual([""]);
    expect(sendButton().disabled).toBe(true);
    // the buttons of the template are previewed too
    expect(screen.getByTestId("template-preview").textContent).toContain("Sí");
  });

  it("filters the list with the search box", async () => {
    const { user } = await renderPicker();
    await user.type(screen.getByTestId("template-search"), "presupuesto");
    expect(screen.getAllByTestId("template-option").map((el) => el.querySelector(".template-item-name")?.textContent)).toEqual([
      "seguimiento",
    ]);
    await user.clear(screen.getByTestId("template-search"));
    await user.type(screen.getByTestId("template-search"), "zzz");
    expect(screen.queryAllByTestId("template-option")).toHaveLength(0);
    expect(screen.getByText("No template matches “zzz”.")).toBeTruthy();
  });

  it("explains what to do when there is no approved template, with a way to Settings", async () => {
    const pending = waTemplates.filter((t) => t.status !== "APPROVED");
    await renderPicker({ overrides: { list_wa_templates: () => ({ items: pending, synced_at: null, business_initiated_24h: 0, messaging_limit: null }) } });
    const empty = screen.getByTestId("template-empty");
    expect(empty.textContent).toContain("no approved templates");
    const link = within(empty).getByRole("link", { name: "Templates in Settings" });
    expect(link.getAttribute("href")).toBe("#/settings/whatsapp/1/templates");
    expect(sendButton().disabled).toBe(true);
  });

  it("shows how much of Meta's messaging limit is used, and warns near it", async () => {
    await renderPicker({
      overrides: { list_wa_templates: () => ({ items: waTemplates, synced_at: null, business_initiated_24h: 12, messaging_limit: 250 }) },
    });
    const quota = screen.getByTestId("template-quota");
    expect(quota.textContent).toBe("Conversations this number started in the last 24 h: 12 of 250 allowed by Meta.");
    expect(quota.className).not.toContain("warn");
  });

  it("says when the messaging limit is reached", async () => {
    await renderPicker({
      overrides: { list_wa_templates: () => ({ items: waTemplates, synced_at: null, business_initiated_24h: 250, messaging_limit: 250 }) },
    });
    const quota = screen.getByTestId("template-quota");
    expect(quota.className).toContain("warn");
    expect(quota.getAttribute("role")).toBe("alert");
    expect(quota.textContent).toContain("limit of 250");
  });

  it("shows why the core refused the template", async () => {
    const { user } = await renderPicker({
      overrides: { send_template: () => fail({ code: "template_not_approved", message: "pedido_listo is PAUSED" }) },
    });
    await user.click(option("seguimiento"));
    await user.type(screen.getByTestId("template-param"), "P-88");
    await user.click(sendButton());
    expect((await screen.findByTestId("send-error")).textContent).toBe("Couldn't send the template: pedido_listo is PAUSED");
  });

  it("shows a failed template list with Retry", async () => {
    const fake = fakeBackend({ list_wa_templates: () => fail({ code: "forbidden", message: "not your account" }) });
    renderWithBackend(<Composer detail={closed} />, { backend: fake.backend, now: NOW });
    expect((await screen.findByRole("alert")).textContent).toContain("Couldn't load the templates: not your account");
    expect(sendButton().disabled).toBe(true);
  });

  it("speaks Spanish", async () => {
    const { user } = await renderPicker({ language: "es" });
    expect(screen.getByRole("heading", { name: "Reiniciar la conversación" })).toBeTruthy();
    expect(sendButton().textContent).toBe("Enviar plantilla");
    expect(option("oferta_verano").textContent).toContain("En revisión");
    await user.click(option("pedido_listo"));
    expect(screen.getByText("Rellena todos los valores para enviar.")).toBeTruthy();
  });
});

describe("template fields", () => {
  const tpl = (over: Partial<WaTemplateDto>): WaTemplateDto => ({ ...(waTemplates[0] as WaTemplateDto), ...over });

  it("orders placeholders like the core", () => {
    expect(placeholders("{{2}} y {{1}} y {{2}}")).toEqual(["1", "2"]);
    expect(placeholders("Hola {{nombre}}, pedido {{pedido}} {{nombre}}")).toEqual(["nombre", "pedido"]);
    expect(placeholders("sin nada {{ }} {{Mayus}}")).toEqual([]);
  });

  it("maps values to body, text header and URL buttons", () => {
    const t = tpl({
      header: "Pedido {{1}}",
      body: "Hola {{1}}, gracias",
      param_names: ["1", "1", "Ver pedido"],
      param_count: 3,
    });
    expect(templateFields(t).map((f) => f.slot)).toEqual(["body", "header", "button"]);
    expect(renderTemplate(t, ["Ana", "#12", "abc"])).toEqual({ header: "Pedido #12", body: "Hola Ana, gracias" });
  });

  it("pre-fills named greetings and English ones", () => {
    expect(initialValues(tpl({ body: "Hi {{1}}, your order", param_names: ["1"], param_count: 1 }), "Emma Lee")).toEqual(["Emma"]);
    expect(
      initialValues(tpl({ body: "¡Hola, {{nombre}}! Tu cita es el {{fecha}}", param_names: ["nombre", "fecha"], param_count: 2 }), "Pedro Salinas"),
    ).toEqual(["Pedro", ""]);
    expect(initialValues(tpl({ body: "Tu pedido {{1}} para {{2}}", param_names: ["1", "2"], param_count: 2 }), "Ana")).toEqual(["", ""]);
  });
});
