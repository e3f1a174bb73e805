import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { MemberDto } from "../../bindings";
import { fail } from "../../backend/types";
import { NOW, fakeBackend, workspace } from "../../test/fixtures";
import { renderWithBackend } from "../../test/render";
import { ConversationView } from "../ConversationView";
import { NoteComposer, matchMembers } from "./NoteComposer";

type Overrides = Parameters<typeof fakeBackend>[0];
const members: MemberDto[] = [
  ...workspace.members,
  { id: 3, name: "Marta Gil", email: "marta@example.com", role: "admin", availability: "online", capacity: null, color: "#db2777" },
];

function renderNote(overrides: Overrides = {}, language = "en") {
  const fake = fakeBackend(overrides);
  const view = renderWithBackend(<NoteComposer conversationId={1} members={members} meId={1} />, { backend: fake.backend, now: NOW, language });
  const input = screen.getByRole<HTMLTextAreaElement>("textbox", { name: language === "es" ? "Nota privada" : "Private note" });
  return { ...view, ...fake, input, user: userEvent.setup() };
}

describe("private notes", () => {
  it("matches members by first name, surname or accents left out", () => {
    expect(matchMembers(members, "fer").map((m) => m.name)).toEqual(["Diego Fernández"]);
    expect(matchMembers(members, "LUCIA").map((m) => m.name)).toEqual(["Lucía Romero"]);
    expect(matchMembers(members, "").length).toBe(3);
  });

  it("suggests the other members after '@' and inserts '@Full Name' with the keyboard", async () => {
    const { user, input } = renderNote();
    await user.type(input, "Mira esto @");
    const list = await screen.findByRole("listbox", { name: "Members to mention" });
    // not the member writing
    expect(within(list).getAllByRole("option").map((o) => o.querySelector(".suggestion-label")?.textContent)).toEqual(["Diego Fernández", "Marta Gil"]);
    await user.type(input, "ma");
    expect(within(screen.getByRole("listbox")).getAllByRole("option")).toHaveLength(1);
    await user.keyboard("{Enter}");
    expect(input.value).toBe("Mira esto @Marta Gil ");
    expect(screen.queryByRole("listbox")).toBeNull();
    await user.type(input, "y @");
    await user.keyboard("{ArrowDown}{ArrowDown}{Tab}");
    expect(input.value).toBe("Mira esto @Marta Gil y @Diego Fernández ");
    await user.type(input, "@zz");
    expect(screen.getByText("No member is called “zz”")).toBeTruthy();
    await user.keyboard("{Escape}");
    expect(screen.queryByText("No member is called “zz”")).toBeNull();
  });

  it("adds the note with Enter (never sent to the customer), and shows a refusal", async () => {
    const { user, input, calls } = renderNote();
    await user.type(input, "  Llamar mañana @Diego Fernández  {Enter}");
    await waitFor(() => expect(input.value).toBe(""));
    expect(calls.filter((c) => c.cmd === "add_note").map((c) => c.input)).toEqual([{ conversation_id: 1, body: "Llamar mañana @Diego Fernández" }]);
    expect(calls.some((c) => c.cmd === "send_message")).toBe(false);
  });

  it("shows the core's refusal, in Spanish", async () => {
    const { user, input } = renderNote({ add_note: () => fail({ code: "bad_input", message: "the message is empty" }) }, "es");
    await user.type(input, "x{Enter}");
    expect((await screen.findByTestId("note-error")).textContent).toBe("No se pudo guardar la nota: the message is empty");
  });

  it("is a tab of the conversation, amber, next to the reply", async () => {
    const fake = fakeBackend();
    renderWithBackend(<ConversationView id={1} workspace={workspace} onOpenConversation={() => undefined} />, { backend: fake.backend, now: NOW });
    const user = userEvent.setup();
    const noteTab = await screen.findByRole("tab", { name: "Private note" });
    expect(screen.getByRole("tab", { name: "Reply" }).getAttribute("aria-selected")).toBe("true");
    expect(screen.getByTestId("note-composer").closest("[role=tabpanel]")?.hasAttribute("hidden")).toBe(true);
    await user.click(noteTab);
    expect(noteTab.getAttribute("aria-selected")).toBe("true");
    expect(screen.getByTestId("note-composer").closest("[role=tabpanel]")?.hasAttribute("hidden")).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("note-input")));
    // arrows move between the tabs
    noteTab.focus();
    await user.keyboard("{ArrowLeft}");
    expect(screen.getByRole("tab", { name: "Reply" }).getAttribute("aria-selected")).toBe("true");
  });
});
