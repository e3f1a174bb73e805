import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { AccountDto } from "../bindings";
import { fail } from "../backend/types";
import { fakeBackend, workspace } from "../test/fixtures";
import { renderWithBackend } from "../test/render";
import { ReconnectDialog } from "./ReconnectDialog";

const account: AccountDto = {
  ...(workspace.accounts[0] as AccountDto),
  status: { state: "error", reason: "Error validating access token: The session has been invalidated" },
};

function renderDialog(overrides: Parameters<typeof fakeBackend>[0] = {}) {
  const fake = fakeBackend(overrides);
  const events: string[] = [];
  const view = renderWithBackend(
    <ReconnectDialog account={account} onClose={() => events.push("close")} onReconnected={(c) => events.push(`ok:${c.account_id}`)} />,
    { backend: fake.backend },
  );
  return { ...view, ...fake, events, user: userEvent.setup(), dialog: screen.getByRole("dialog", { name: "Reconnect Tienda Centro" }) };
}

describe("ReconnectDialog", () => {
  it("asks for a new token (hidden as typed) and calls reconnect_whatsapp", async () => {
    const { calls, events, user, dialog } = renderDialog();
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(dialog.textContent).toContain("The session has been invalidated");
    const token = within(dialog).getByLabelText<HTMLInputElement>("New access token");
    expect(token.type).toBe("password");
    const submit = within(dialog).getByRole<HTMLButtonElement>("button", { name: "Reconnect" });
    expect(submit.disabled).toBe(true);
    await user.type(token, "  EAAG123  {Enter}");
    await waitFor(() => expect(events).toEqual(["ok:1", "close"]));
    expect(calls.filter((c) => c.cmd === "reconnect_whatsapp")).toEqual([
      { cmd: "reconnect_whatsapp", input: { account_id: 1, access_token: "EAAG123" } },
    ]);
  });

  it("keeps the dialog open with the core's message when the token is refused", async () => {
    const { events, user, dialog } = renderDialog({
      reconnect_whatsapp: () => fail({ code: "reconnect_needed", message: "Meta refused the token (190)" }),
    });
    await user.type(within(dialog).getByLabelText("New access token"), "bad");
    await user.click(within(dialog).getByRole("button", { name: "Reconnect" }));
    expect((await within(dialog).findByRole("alert")).textContent).toBe("Couldn't reconnect: Meta refused the token (190)");
    expect(events).toEqual([]);
    expect(within(dialog).getByLabelText("New access token").getAttribute("aria-invalid")).toBe("true");
    // typing again clears the error
    await user.type(within(dialog).getByLabelText("New access token"), "2");
    expect(within(dialog).queryByRole("alert")).toBeNull();
  });

  it("closes with Cancel and with Esc", async () => {
    const { events, user, dialog } = renderDialog();
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await user.keyboard("{Escape}");
    expect(events).toEqual(["close", "close"]);
  });
});
