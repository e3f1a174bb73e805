import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { NOW, detail, fakeBackend, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { ConversationTags } from "./ConversationTags";
import { tagChoices } from "./TagCombobox";

type Overrides = Parameters<typeof fakeBackend>[0];
const untagged = { ...detail, summary: { ...detail.summary, tag_ids: [1] } };

function renderTags(overrides: Overrides = {}, language = "en") {
  const fake = fakeBackend(overrides);
  const view = renderWithBackend(<ConversationTags detail={untagged} tags={workspace.tags} members={workspace.members} />, {
    backend: fake.backend,
    now: NOW,
    language,
  });
  return { ...view, ...fake, user: userEvent.setup() };
}

const tagCalls = (calls: { cmd: string; input: unknown }[]) => calls.filter((c) => c.cmd === "tag_conversation").map((c) => c.input);

describe("the conversation's tags", () => {
  it("offers the tags not on it that match, and creating one for a name no tag has", () => {
    expect(tagChoices(workspace.tags, [1], "")).toEqual([{ kind: "tag", tag: workspace.tags[1] }]);
    expect(tagChoices(workspace.tags, [], "ped")).toEqual([{ kind: "tag", tag: workspace.tags[1] }, { kind: "create", name: "ped" }]);
    expect(tagChoices(workspace.tags, [2], "PEDIDO")).toEqual([]);
    expect(tagChoices(workspace.tags, [], " Garantía ")).toEqual([{ kind: "create", name: "Garantía" }]);
  });

  it("takes a tag off", async () => {
    const { user, calls } = renderTags();
    await user.click(screen.getByRole("button", { name: "Remove tag VIP" }));
    await waitFor(() => expect(tagCalls(calls)).toEqual([{ conversation_id: 1, tag_id: 1, on: false }]));
  });

  it("puts an existing tag on with the keyboard", async () => {
    const { user, calls } = renderTags();
    await user.click(screen.getByTestId("add-conversation-tag"));
    const input = screen.getByRole("combobox", { name: "Tag name" });
    expect(document.activeElement).toBe(input);
    await user.type(input, "ped");
    const options = within(screen.getByRole("listbox")).getAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual(["PedidoOrder", "Create tag “ped”"]);
    expect(input.getAttribute("aria-activedescendant")).toBe(options[0]?.id);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(tagCalls(calls)).toEqual([{ conversation_id: 1, tag_id: 2, on: true }]));
  });

  it("creates a tag inline while tagging (TAG-2), then puts it on", async () => {
    const { user, calls } = renderTags({ create_tag: (input) => ({ id: 77, ...input }) });
    await user.click(screen.getByTestId("add-conversation-tag"));
    await user.type(screen.getByRole("combobox"), "Garantía");
    await user.keyboard("{ArrowDown}{ArrowUp}");
    await user.click(screen.getByRole("option", { name: "Create tag “Garantía”" }));
    await waitFor(() => expect(tagCalls(calls)).toEqual([{ conversation_id: 1, tag_id: 77, on: true }]));
    expect(calls.find((c) => c.cmd === "create_tag")?.input).toMatchObject({ name: "Garantía", description: "" });
    // Escape closes the box
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("combobox")).toBeNull();
  });

  it("shows the tag history, deleted tags by their name, in Spanish", async () => {
    const { user } = renderTags({}, "es");
    await user.click(screen.getByRole("button", { name: "Historial de etiquetas" }));
    const history = await screen.findByTestId("tag-history");
    expect([...history.querySelectorAll(".tag-history-text")].map((e) => e.textContent)).toEqual([
      "Lucía Romero quitó Antigua",
      "Diego Fernández añadió VIP",
    ]);
  });
});
