import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { WorkspaceDto } from "../../bindings";
import { fail } from "../../backend/types";
import { NOW, fakeBackend, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { TagsSettings } from "./TagsSettings";

type Overrides = Parameters<typeof fakeBackend>[0];

function renderTags(overrides: Overrides = {}, ws: WorkspaceDto = workspace, language = "en") {
  const fake = fakeBackend(overrides);
  const view = renderWithBackend(<TagsSettings workspace={ws} />, { backend: fake.backend, now: NOW, language });
  return { ...view, ...fake, user: userEvent.setup() };
}

const row = (name: string) => screen.getAllByTestId("tag-row").find((r) => r.textContent?.includes(name)) as HTMLElement;

describe("Settings → Tags", () => {
  it("lists the tags with their colour, description and open conversations", async () => {
    renderTags();
    const vip = row("VIP");
    expect(vip.textContent).toContain("Best customers");
    expect((vip.querySelector(".tag-row-swatch") as HTMLElement).style.background).toBe("rgb(217, 119, 6)");
    await waitFor(() => expect(vip.textContent).toContain("1 open"));
  });

  it("creates a tag with a preset colour, refusing an empty or taken name", async () => {
    const { user, calls } = renderTags();
    await user.click(screen.getByTestId("add-tag"));
    const dialog = screen.getByRole("dialog", { name: "New tag" });
    expect(document.activeElement).toBe(within(dialog).getByLabelText("Name"));
    await user.click(within(dialog).getByTestId("tag-save"));
    expect(within(dialog).getByText("Write the tag's name.")).toBeTruthy();
    await user.type(within(dialog).getByLabelText("Name"), "vip");
    expect(within(dialog).getByText("There is already a tag called “VIP”.")).toBeTruthy();
    await user.clear(within(dialog).getByLabelText("Name"));
    await user.type(within(dialog).getByLabelText("Name"), "Urgente");
    await user.type(within(dialog).getByLabelText("Description"), "Atender primero");
    await user.click(within(dialog).getByRole("radio", { name: "Colour #dc2626" }));
    expect(within(dialog).getByTestId<HTMLInputElement>("tag-color").value).toBe("#dc2626");
    await user.click(within(dialog).getByTestId("tag-save"));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(calls.find((c) => c.cmd === "create_tag")?.input).toEqual({ name: "Urgente", description: "Atender primero", color: "#dc2626" });
  });

  it("edits a tag's name and colour, showing the core's refusal", async () => {
    const { user, calls } = renderTags({ update_tag: () => fail({ code: "bad_input", message: "another tag has this name" }) });
    await user.click(within(row("Pedido")).getByRole("button", { name: "Edit Pedido" }));
    const dialog = screen.getByRole("dialog", { name: "Edit tag Pedido" });
    fireEvent.change(within(dialog).getByTestId("tag-color"), { target: { value: "#12" } });
    expect(within(dialog).getByText("Choose a colour like #16a34a.")).toBeTruthy();
    fireEvent.change(within(dialog).getByTestId("tag-color"), { target: { value: "#0D9488" } });
    await user.clear(within(dialog).getByLabelText("Name"));
    await user.type(within(dialog).getByLabelText("Name"), "Pedidos");
    await user.click(within(dialog).getByTestId("tag-save"));
    expect(await within(dialog).findByText("another tag has this name")).toBeTruthy();
    expect(calls.find((c) => c.cmd === "update_tag")?.input).toEqual({ id: 2, name: "Pedidos", description: "Order", color: "#0d9488" });
  });

  it("deletes a tag after saying conversations lose it and its history keeps it", async () => {
    const { user, calls } = renderTags();
    await user.click(within(row("VIP")).getByRole("button", { name: "Delete VIP" }));
    const dialog = screen.getByRole("dialog", { name: "Delete the tag VIP?" });
    expect(dialog.textContent).toContain("Conversations and templates lose this tag. Their history keeps it");
    await user.click(within(dialog).getByTestId("confirm-delete-tag"));
    await waitFor(() => expect(calls.find((c) => c.cmd === "delete_tag")?.input).toEqual({ tag_id: 1 }));
  });

  it("lets an agent create but not edit or delete, in Spanish", () => {
    const agent = { ...workspace, me: { ...workspace.me, role: "agent" as const } };
    renderTags({}, agent, "es");
    expect(screen.getByTestId("tags-read-only").textContent).toContain("Solo los propietarios y administradores");
    expect(screen.getByTestId("add-tag").textContent).toBe("Nueva etiqueta");
    expect(screen.queryByTestId("edit-tag")).toBeNull();
    expect(screen.queryByTestId("delete-tag")).toBeNull();
  });
});
