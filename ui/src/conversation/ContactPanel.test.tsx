import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fail } from "../backend/types";
import { NOW, detail, fakeBackend, workspace } from "../test/fixtures";
import { renderWithBackend } from "../test/render";
import { ContactPanel } from "./ContactPanel";

type Overrides = Parameters<typeof fakeBackend>[0];

function renderPanel(overrides: Overrides = {}, language = "en") {
  const fake = fakeBackend(overrides);
  const onOpenConversation = vi.fn();
  const view = renderWithBackend(<ContactPanel detail={detail} workspace={workspace} onOpenConversation={onOpenConversation} />, {
    backend: fake.backend,
    now: NOW,
    language,
  });
  return { ...view, ...fake, onOpenConversation, user: userEvent.setup() };
}

describe("New conversation from…", () => {
  it("lists my accounts and opens the conversation the core answers", async () => {
    const { user, calls, onOpenConversation } = renderPanel();
    const toggle = screen.getByRole("button", { name: "New conversation from…" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    await user.click(toggle);
    const list = screen.getByRole("list", { name: "New conversation from…" });
    const choices = within(list).getAllByTestId("start-from-account");
    expect(choices.map((c) => c.textContent)).toEqual(["Tienda Centro+34 611 222 333", "Soportesoporte@example.com"]);
    await user.click(within(list).getByRole("button", { name: /Soporte/ }));
    await waitFor(() => expect(onOpenConversation).toHaveBeenCalledWith(42));
    expect(calls.find((c) => c.cmd === "start_conversation")?.input).toEqual({ contact_id: 10, account_id: 2 });
    expect(screen.queryByRole("list", { name: "New conversation from…" })).toBeNull();
  });

  it("shows the core's refusal and stays put", async () => {
    const message = "this contact has no WhatsApp number or email address for this account's channel";
    const { user, onOpenConversation } = renderPanel({ start_conversation: () => fail({ code: "bad_input", message }) }, "es");
    await user.click(screen.getByRole("button", { name: "Nueva conversación desde…" }));
    await user.click(screen.getByRole("button", { name: /Tienda Centro/ }));
    expect((await screen.findByTestId("start-conversation-error")).textContent).toBe(message);
    expect(screen.getByRole("alert").textContent).toBe(message);
    expect(onOpenConversation).not.toHaveBeenCalled();
  });
});
