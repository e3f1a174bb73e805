import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { RenderTemplateInput } from "../../bindings";
import { fail } from "../../backend/types";
import { NOW, detail, fakeBackend, replyTemplates } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { Composer } from "../Composer";
import { matchTemplates, slashQuery } from "./useSlashTemplates";

type Overrides = Parameters<typeof fakeBackend>[0];

function renderComposer(overrides: Overrides = {}, language = "en") {
  const fake = fakeBackend(overrides);
  const view = renderWithBackend(<Composer detail={detail} />, { backend: fake.backend, now: NOW, language });
  const input = screen.getByRole<HTMLTextAreaElement>("textbox", { name: language === "es" ? "Respuesta" : "Reply" });
  return { ...view, ...fake, input, user: userEvent.setup() };
}

/** Fills quote_number like the core: missing until a value comes. */
function render(input: RenderTemplateInput): { text: string } {
  const quote = input.values.find((v) => v.name === "quote_number")?.value;
  if (quote === undefined) fail({ code: "missing_variables", message: "no value for quote_number" });
  return { text: `Hola María José Pérez, tu presupuesto ${quote} está listo.` };
}

describe("reply templates in the composer", () => {
  it("reads the '/' query and matches every word in name or text", () => {
    expect(slashQuery("/pres")).toBe("pres");
    expect(slashQuery("/")).toBe("");
    expect(slashQuery("hola /pres")).toBeNull();
    expect(slashQuery("/a\nb")).toBeNull();
    expect(matchTemplates(replyTemplates, "abrimos 9").map((t) => t.name)).toEqual(["Horario"]);
  });

  it("lists the account's reply templates after '/', filtered as you type", async () => {
    const { user, input, calls } = renderComposer();
    await user.type(input, "/");
    const list = await screen.findByRole("listbox", { name: "Reply templates" });
    expect(calls.find((c) => c.cmd === "list_templates")?.input).toEqual({ account_id: 1, template_type: "reply", tag_id: null, text: null });
    // the fixture answers a "start" template too; the core would not
    expect(within(list).getAllByRole("option").length).toBeGreaterThan(1);
    await user.type(input, "hor");
    expect(within(screen.getByRole("listbox")).getAllByRole("option").map((o) => o.querySelector(".suggestion-label")?.textContent)).toEqual(["Horario"]);
    expect(input.getAttribute("aria-activedescendant")).toBe(within(screen.getByRole("listbox")).getByRole("option").id);
    await user.type(input, "xyz");
    expect(screen.getByText("No template matches “horxyz”.")).toBeTruthy();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("slash-picker")).toBeNull();
  });

  it("inserts the template filled for the conversation with Enter", async () => {
    const { user, input, calls } = renderComposer({ render_template: () => ({ text: "Abrimos de 9:00 a 14:00, María José Pérez." }) });
    await user.type(input, "/hor");
    await screen.findByRole("listbox");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(input.value).toBe("Abrimos de 9:00 a 14:00, María José Pérez."));
    expect(calls.find((c) => c.cmd === "render_template")?.input).toEqual({ template_id: 22, conversation_id: 1, values: [] });
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(calls.some((c) => c.cmd === "send_message")).toBe(false);
  });

  it("asks for the values the app cannot fill, then inserts the filled text", async () => {
    const { user, input, calls } = renderComposer({ render_template: render });
    await user.type(input, "/pres");
    await screen.findByRole("listbox");
    await user.keyboard("{ArrowDown}{ArrowUp}{Enter}");
    const form = await screen.findByTestId("missing-values");
    expect(form.textContent).toContain("Values for “Presupuesto listo”");
    const quote = within(form).getByLabelText("quote_number");
    expect(document.activeElement).toBe(quote);
    await user.click(within(form).getByTestId("missing-values-insert"));
    expect(within(form).getByText("Write a value for quote_number.")).toBeTruthy();
    await user.type(quote, "P-2026-014{Enter}");
    await waitFor(() => expect(input.value).toBe("Hola María José Pérez, tu presupuesto P-2026-014 está listo."));
    expect(calls.filter((c) => c.cmd === "render_template").at(-1)?.input).toEqual({
      template_id: 21,
      conversation_id: 1,
      values: [{ name: "quote_number", value: "P-2026-014" }],
    });
    expect(screen.queryByTestId("missing-values")).toBeNull();
  });

  it("never sends a text with an unfilled variable", async () => {
    const { user, input, calls } = renderComposer();
    await user.type(input, "Hola {{{{quote_number}}, ya está{Enter}");
    expect(screen.getByTestId("send-error").textContent).toBe(
      "The text still has a variable without a value (quote_number). Replace it before sending.",
    );
    expect(calls.some((c) => c.cmd === "send_message")).toBe(false);
  });

  it("says when the account has no reply templates, in Spanish", async () => {
    const { user, input } = renderComposer({ list_templates: () => [] }, "es");
    await user.type(input, "/");
    expect(await screen.findByText("Esta cuenta todavía no tiene plantillas de respuesta.")).toBeTruthy();
  });
});
