import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { TemplateQuery, WorkspaceDto } from "../../bindings";
import { fail } from "../../backend/types";
import { NOW, fakeBackend, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { hasUnclosed } from "./templateDraft";
import { TemplatesSettings } from "./TemplatesSettings";

type Overrides = Parameters<typeof fakeBackend>[0];

function renderTemplates(overrides: Overrides = {}, ws: WorkspaceDto = workspace, language = "en") {
  const fake = fakeBackend(overrides);
  const view = renderWithBackend(<TemplatesSettings workspace={ws} />, { backend: fake.backend, now: NOW, language });
  return { ...view, ...fake, user: userEvent.setup() };
}

const lastQuery = (calls: { cmd: string; input: unknown }[]) => calls.filter((c) => c.cmd === "list_templates").at(-1)?.input as TemplateQuery;
const names = () => screen.getAllByTestId("template-row").map((r) => r.querySelector(".template-row-name")?.textContent);

describe("Settings → Templates", () => {
  it("lists the business's templates with type, account or shared, tags and marked variables", async () => {
    renderTemplates();
    await waitFor(() => expect(names()).toEqual(["Presupuesto listo", "Horario", "Bienvenida"]));
    const first = screen.getAllByTestId("template-row")[0] as HTMLElement;
    expect(first.textContent).toContain("Reply");
    expect(first.textContent).toContain("Shared");
    expect(first.textContent).toContain("Pedido");
    expect([...first.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["{{customer_name}}", "{{quote_number}}"]);
    expect((screen.getAllByTestId("template-row")[1] as HTMLElement).textContent).toContain("Tienda Centro");
  });

  it("filters by account, shared only, type, tag and words", async () => {
    const { user, calls } = renderTemplates();
    await screen.findAllByTestId("template-row");
    await user.selectOptions(screen.getByTestId("templates-account"), "1");
    await user.selectOptions(screen.getByTestId("templates-type"), "reply");
    await user.selectOptions(screen.getByTestId("templates-tag"), "2");
    await user.type(screen.getByTestId("templates-search"), "presupuesto");
    await waitFor(() => expect(lastQuery(calls)).toEqual({ account_id: 1, template_type: "reply", tag_id: 2, text: "presupuesto" }));
    await user.click(screen.getByTestId("templates-clear"));
    await user.selectOptions(screen.getByTestId("templates-account"), "shared");
    // the core lists shared templates with every account: only they stay
    await waitFor(() => expect(names()).toEqual(["Presupuesto listo"]));
  });

  it("adds a template: checks it, inserts a variable and shows those it detects", async () => {
    const { user, calls } = renderTemplates();
    await user.click(await screen.findByTestId("add-template"));
    const dialog = screen.getByRole("dialog", { name: "New template" });
    await user.click(within(dialog).getByTestId("template-save"));
    expect(within(dialog).getByText("Write the template's name.")).toBeTruthy();
    expect(within(dialog).getByText("Write the template's text.")).toBeTruthy();
    await user.type(within(dialog).getByLabelText("Name"), "Cita confirmada");
    await user.selectOptions(within(dialog).getByLabelText("Account"), "1");
    await user.click(within(dialog).getByRole("radio", { name: "Start" }));
    await user.click(within(dialog).getByRole("checkbox", { name: "VIP" }));
    const text = within(dialog).getByLabelText("Text");
    await user.type(text, "Hola ");
    await user.click(within(dialog).getByRole("button", { name: "customer_name" }));
    await user.type(text, ", tu cita es el {{{{fecha"); // "{{" types one "{"
    expect(within(dialog).getByText("A variable is not closed: write it as {{quote_number}}.")).toBeTruthy();
    await user.type(text, "}}.");
    const variables = within(dialog).getByTestId("template-variables");
    expect(within(variables).getAllByRole("listitem").map((li) => [li.querySelector(".wa-mono")?.textContent, li.className])).toEqual([
      ["customer_name", "template-variable known"],
      ["fecha", "template-variable asked"],
    ]);
    await user.click(within(dialog).getByTestId("template-save"));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(calls.find((c) => c.cmd === "save_template")?.input).toEqual({
      id: 0,
      account_id: 1,
      name: "Cita confirmada",
      content: "Hola {{customer_name}}, tu cita es el {{fecha}}.",
      template_type: "start",
      tag_ids: [1],
      variables: ["customer_name", "fecha"],
    });
  });

  it("edits and deletes a template, showing the core's refusal", async () => {
    const { user, calls } = renderTemplates({ save_template: () => fail({ code: "forbidden", message: "only owners and admins may manage templates" }) });
    await user.click((await screen.findAllByRole("button", { name: "Edit Horario" }))[0] as HTMLElement);
    const dialog = screen.getByRole("dialog", { name: "Edit Horario" });
    expect(within(dialog).getByLabelText<HTMLSelectElement>("Account").value).toBe("1");
    await user.click(within(dialog).getByTestId("template-save"));
    expect((await within(dialog).findByTestId("template-error")).textContent).toContain("only owners and admins may manage templates");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await user.click(screen.getByRole("button", { name: "Delete Horario" }));
    await user.click(within(screen.getByRole("dialog", { name: "Delete the template Horario?" })).getByTestId("confirm-delete-template"));
    await waitFor(() => expect(calls.find((c) => c.cmd === "delete_template")?.input).toEqual({ template_id: 22 }));
  });

  it("is read-only for an agent, and says when nothing matches, in Spanish", async () => {
    const agent = { ...workspace, me: { ...workspace.me, role: "agent" as const } };
    renderTemplates({ list_templates: () => [] }, agent, "es");
    expect((await screen.findByTestId("templates-empty")).textContent).toContain("Aún no hay plantillas");
    expect(screen.queryByTestId("add-template")).toBeNull();
    expect(screen.getByTestId("templates-read-only")).toBeTruthy();
  });

  it("knows an unclosed variable", () => {
    expect(hasUnclosed("{{a}} y {{b")).toBe(true);
    expect(hasUnclosed("{{a}} y }}")).toBe(false);
  });
});
