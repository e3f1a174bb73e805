import { useState } from "react";
import { describe, expect, it } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { TemplateDraft, WaTemplateDto, WaTemplateList } from "../../bindings";
import { NOW, fakeBackend, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { WhatsappSettings } from "./WhatsappSettings";

type Overrides = Parameters<typeof fakeBackend>[0];

function tpl(id: number, name: string, extra: Partial<WaTemplateDto> = {}): WaTemplateDto {
  return {
    id,
    account_id: 1,
    name,
    language: "es",
    category: "UTILITY",
    status: "APPROVED",
    reason: null,
    quality: null,
    header: null,
    body: `Cuerpo de ${name}`,
    footer: null,
    buttons: [],
    param_count: 0,
    param_names: [],
    media_header: null,
    updated_at: NOW.toISOString(),
    ...extra,
  };
}

const TEMPLATES: WaTemplateDto[] = [
  tpl(1, "pedido_listo", { body: "Hola {{1}}, tu pedido {{2}} está listo para recoger.", param_count: 2 }),
  tpl(2, "promo_otono", { category: "MARKETING", status: "REJECTED", reason: "INVALID_FORMAT", body: "¡Rebajas de *otoño*!" }),
  tpl(3, "order_ready", { language: "en_US", body: "Your order {{1}} is ready.", param_count: 1 }),
  tpl(4, "cita_recordatorio", { status: "PENDING", body: "Te recordamos tu cita del {{1}}." }),
  tpl(5, "aviso_pausado", { status: "PAUSED", category: "MARKETING" }),
];

const real = { ...workspace, is_demo: false };

function Harness({ start }: { start: string }) {
  const [sub, setSub] = useState(start);
  return <WhatsappSettings workspace={real} sub={sub} onNavigate={setSub} />;
}

function renderArea(start: string, overrides: Overrides = {}) {
  const list: WaTemplateList = { items: TEMPLATES, synced_at: new Date(NOW.getTime() - 3600_000).toISOString(), business_initiated_24h: 0, messaging_limit: null };
  const fake = fakeBackend({
    list_wa_templates: () => list,
    sync_wa_templates: () => list,
    check_wa_template: () => ({ problems: [], preview: "" }),
    ...overrides,
  });
  const view = renderWithBackend(<Harness start={start} />, { backend: fake.backend, now: NOW });
  return { ...view, ...fake, user: userEvent.setup() };
}

const names = () => screen.getAllByTestId("wa-template-row").map((r) => r.querySelector(".settings-item-title")?.textContent);

describe("Templates list", () => {
  it("shows each template's status, the rejection reason and the body", async () => {
    renderArea("1/templates");
    await waitFor(() => expect(screen.getAllByTestId("wa-template-row")).toHaveLength(5));
    const rejected = screen.getAllByTestId("wa-template-row").find((r) => r.dataset.status === "REJECTED") as HTMLElement;
    expect(within(rejected).getByTestId("template-status").textContent).toBe("Rejected");
    expect(within(rejected).getByTestId("template-status").dataset.tone).toBe("red");
    expect(within(rejected).getByTestId("wa-rejection").textContent).toBe("Rejected: invalid format");
    expect(rejected.querySelector("strong")?.textContent).toBe("otoño");
    const tones = Object.fromEntries(
      screen
        .getAllByTestId("wa-template-row")
        .map((r): [string, string] => [r.dataset.status ?? "", within(r).getByTestId("template-status").dataset.tone ?? ""]),
    );
    expect(tones).toEqual({ APPROVED: "green", REJECTED: "red", PENDING: "amber", PAUSED: "grey" });
    expect(screen.getByTestId("wa-synced-at").textContent).toContain("Last synced");
  });

  it("searches by name or text and filters by status, category and language", async () => {
    const { user } = renderArea("1/templates");
    await waitFor(() => expect(screen.getAllByTestId("wa-template-row")).toHaveLength(5));

    await user.type(screen.getByRole("searchbox", { name: "Search templates" }), "pedido");
    expect(names()).toEqual(["pedido_listo"]);
    await user.clear(screen.getByTestId("wa-template-search"));
    await user.type(screen.getByTestId("wa-template-search"), "OTONO"); // accents and case don't matter
    expect(names()).toEqual(["promo_otono"]);
    await user.clear(screen.getByTestId("wa-template-search"));

    await user.selectOptions(screen.getByTestId("wa-filter-status"), "REJECTED");
    expect(names()).toEqual(["promo_otono"]);
    await user.selectOptions(screen.getByTestId("wa-filter-status"), "");

    await user.selectOptions(screen.getByTestId("wa-filter-category"), "MARKETING");
    expect(names()).toEqual(["aviso_pausado", "promo_otono"]);
    await user.selectOptions(screen.getByTestId("wa-filter-category"), "");

    await user.selectOptions(screen.getByLabelText("Language"), "en_US");
    expect(names()).toEqual(["order_ready"]);
    await user.type(screen.getByTestId("wa-template-search"), "nothing like this");
    expect(screen.queryAllByTestId("wa-template-row")).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: "Clear" }));
    expect(screen.getAllByTestId("wa-template-row")).toHaveLength(5);
  });

  it("refetches on the core's templates_changed event", async () => {
    let items = TEMPLATES.slice(0, 1);
    const { emit } = renderArea("1/templates", { list_wa_templates: () => ({ items, synced_at: null, business_initiated_24h: 0, messaging_limit: null }) });
    await waitFor(() => expect(screen.getAllByTestId("wa-template-row")).toHaveLength(1));
    expect(screen.getByTestId("wa-synced-at").textContent).toBe("Not synced yet");
    items = TEMPLATES;
    act(() => emit({ type: "templates_changed" }));
    await waitFor(() => expect(screen.getAllByTestId("wa-template-row")).toHaveLength(5));
  });

  it("Sync calls sync_wa_templates", async () => {
    const { user, calls } = renderArea("1/templates");
    await waitFor(() => expect(screen.getAllByTestId("wa-template-row")).toHaveLength(5));
    await user.click(screen.getByTestId("wa-sync"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "sync_wa_templates")).toHaveLength(1));
  });
});

describe("Template editor", () => {
  it("shows a problem from check_wa_template next to its field and disables Submit", async () => {
    const { user, calls } = renderArea("1/templates/new", {
      check_wa_template: (draft) => ({
        problems: /^[a-z0-9_]*$/.test(draft.name) && draft.name.length > 0
          ? []
          : [{ field: "name", code: "name_invalid", message: "The name may only contain lowercase letters, digits and underscores." }],
        preview: draft.body,
      }),
    });
    const submit = screen.getByTestId<HTMLButtonElement>("wa-tpl-submit");
    await user.type(screen.getByLabelText("Name"), "pedido-listo");
    const checks = () => calls.filter((c) => c.cmd === "check_wa_template").map((c) => (c.input as TemplateDraft).name);
    await waitFor(() => expect(checks().at(-1)).toBe("pedido-listo"));
    // debounced: far fewer checks than keystrokes
    expect(checks().length).toBeLessThan("pedido-listo".length);
    const problems = await screen.findByTestId("problems-wa-tpl-name");
    expect(problems.textContent).toBe("Only lowercase letters, digits and underscores (no accents or spaces).");
    expect(screen.getByLabelText("Name").getAttribute("aria-describedby")).toContain("wa-tpl-name-problems");
    expect(submit.disabled).toBe(true);

    // the summary by Submit lists it too and moves focus to the field
    const summary = screen.getByTestId("wa-tpl-summary");
    expect(summary.textContent).toContain("1 thing to fix before submitting");
    await user.click(within(summary).getByRole("button", { name: /Only lowercase letters/ }));
    expect(document.activeElement).toBe(screen.getByLabelText("Name"));

    await user.clear(screen.getByLabelText("Name"));
    await user.type(screen.getByLabelText("Name"), "pedido_listo");
    await waitFor(() => expect(screen.queryByTestId("problems-wa-tpl-name")).toBeNull());
    await waitFor(() => expect(submit.disabled).toBe(false));
  });

  it("shows a button problem next to that button's text", async () => {
    const { user } = renderArea("1/templates/new", {
      check_wa_template: (draft) => ({
        problems: draft.buttons.flatMap((b, i) =>
          b.text.length > 20 ? [{ field: `buttons[${i}].text`, code: "button_text_too_long", message: "too long" }] : [],
        ),
        preview: draft.body,
      }),
    });
    await user.click(screen.getByTestId("wa-add-quick-reply"));
    await user.click(screen.getByTestId("wa-add-quick-reply"));
    fireEvent.change(screen.getByLabelText("Quick reply 2"), { target: { value: "Confirmar la recogida mañana" } });
    expect((await screen.findByTestId("problems-wa-tpl-qr-1")).textContent).toBe("The button's text is too long.");
    expect(screen.queryByTestId("problems-wa-tpl-qr-0")).toBeNull();
    expect(screen.getByTestId<HTMLButtonElement>("wa-tpl-submit").disabled).toBe(true);
  });

  it("adds variables with sample inputs, previews the bubble and submits the draft", async () => {
    let items = TEMPLATES;
    const { user, calls } = renderArea("1/templates/new", {
      list_wa_templates: () => ({ items, synced_at: null, business_initiated_24h: 0, messaging_limit: null }),
      check_wa_template: (draft) => ({
        problems: [],
        preview: draft.body.replace(/\{\{(\d+)\}\}/g, (_, n: string) => draft.body_examples[Number(n) - 1] ?? ""),
      }),
      submit_wa_template: (input) => {
        items = [...TEMPLATES, tpl(9, input.draft.name, { status: "PENDING", body: input.draft.body })];
        return { items, synced_at: null, business_initiated_24h: 0, messaging_limit: null };
      },
    });
    await user.type(screen.getByLabelText("Name"), "pedido enviado"); // space becomes _
    expect(screen.getByLabelText<HTMLInputElement>("Name").value).toBe("pedido_enviado");
    await user.type(screen.getByLabelText("Body"), "Hola ");
    await user.click(screen.getByTestId("wa-add-variable"));
    await user.type(screen.getByLabelText("Body"), ", tu pedido ");
    await user.click(screen.getByTestId("wa-add-variable"));
    await user.type(screen.getByLabelText("Body"), " ya va en camino.");
    expect(screen.getByLabelText<HTMLTextAreaElement>("Body").value).toBe("Hola {{1}}, tu pedido {{2}} ya va en camino.");
    await user.type(screen.getByLabelText("Sample for {{1}}"), "Ana");
    await user.type(screen.getByLabelText("Sample for {{2}}"), "#7781");
    await user.type(screen.getByLabelText("Footer (optional)"), "Ferretería Ríos");
    await user.click(screen.getByTestId("wa-add-url"));
    await user.type(screen.getByLabelText("Link button text"), "Seguir envío");
    fireEvent.change(screen.getByLabelText("Link"), { target: { value: "https://tienda.example.com/envios/{{1}}" } });
    fireEvent.change(screen.getByLabelText("Sample full link"), { target: { value: "https://tienda.example.com/envios/7781" } });

    const preview = screen.getByTestId("wa-tpl-preview");
    await waitFor(() => expect(within(preview).getByTestId("wa-preview-body").textContent).toBe("Hola Ana, tu pedido #7781 ya va en camino."));
    expect(preview.textContent).toContain("Ferretería Ríos");
    expect(preview.textContent).toContain("Seguir envío");

    const submit = screen.getByTestId<HTMLButtonElement>("wa-tpl-submit");
    await waitFor(() => expect(submit.disabled).toBe(false));
    await user.click(submit);

    await screen.findByTestId("wa-templates");
    const sent = calls.find((c) => c.cmd === "submit_wa_template")?.input as { account_id: number; draft: TemplateDraft };
    expect(sent.account_id).toBe(1);
    expect(sent.draft).toEqual({
      name: "pedido_enviado",
      language: "es",
      category: "utility",
      header: null,
      body: "Hola {{1}}, tu pedido {{2}} ya va en camino.",
      body_examples: ["Ana", "#7781"],
      footer: "Ferretería Ríos",
      buttons: [{ type: "url", text: "Seguir envío", url: "https://tienda.example.com/envios/{{1}}", example: "https://tienda.example.com/envios/7781" }],
    });
    const row = screen.getAllByTestId("wa-template-row").find((r) => r.textContent.includes("pedido_enviado")) as HTMLElement;
    expect(within(row).getByTestId("template-status").textContent).toBe("In review");
  });
});
