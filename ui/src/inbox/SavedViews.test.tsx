import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import type { ConversationQuery } from "../bindings";
import { fail } from "../backend/types";
import { NOW, fakeBackend, savedViews } from "../test/fixtures";
import { renderWithBackend } from "../test/render";

beforeEach(() => window.history.replaceState(null, "", "#/"));
afterEach(() => window.history.replaceState(null, "", "#/"));

type Overrides = Parameters<typeof fakeBackend>[0];

function renderApp(overrides: Overrides = {}) {
  const fake = fakeBackend(overrides);
  const view = renderWithBackend(<App />, { backend: fake.backend, now: NOW });
  return { ...view, ...fake, user: userEvent.setup() };
}

const lastList = (calls: { cmd: string; input: unknown }[]) => calls.filter((c) => c.cmd === "list_conversations").at(-1)?.input as ConversationQuery;

describe("saved views", () => {
  it("lists the member's views; one applies its filters and names the list", async () => {
    const { user, calls } = renderApp();
    const view = await screen.findByRole("button", { name: "VIP de WhatsApp" });
    await user.click(view);
    await waitFor(() => expect(lastList(calls)).toMatchObject({ view: "all_open", channel: "whatsapp", tag_id: 1, account_id: null }));
    expect(view.getAttribute("aria-current")).toBe("page");
    expect(screen.getByRole("heading", { level: 2, name: "VIP de WhatsApp" })).toBeTruthy();
    expect(screen.getByTestId<HTMLSelectElement>("channel-filter").value).toBe("whatsapp");
    // another filter: no longer that view
    await user.selectOptions(screen.getByTestId("assignee-filter"), "2");
    expect(view.getAttribute("aria-current")).toBeNull();
  });

  it("saves the list's current filters as a named view", async () => {
    const { user, calls } = renderApp();
    await screen.findByTestId("conversation-list");
    await user.click(screen.getByTestId("view-mine"));
    await user.selectOptions(screen.getByTestId("window-filter"), "open");
    await user.click(screen.getByTestId("save-view"));
    const dialog = screen.getByRole("dialog", { name: "Save these filters as a view" });
    expect(dialog.textContent).toContain("Saves: Mine · Window open");
    await user.click(within(dialog).getByTestId("view-save"));
    expect(within(dialog).getByText("Write a name for the view.")).toBeTruthy();
    await user.type(within(dialog).getByLabelText("Name"), "Mías con ventana{Enter}");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(calls.find((c) => c.cmd === "save_view")?.input).toEqual({
      id: null,
      name: "Mías con ventana",
      query: { view: "mine", account_id: null, channel: null, tag_id: null, assignee_id: null, window: "open", text: null, cursor: null, limit: 50 },
    });
    // the answer replaces the list: the new view is the current one
    expect((await screen.findByRole("button", { name: "Mías con ventana" })).getAttribute("aria-current")).toBe("page");
  });

  it("renames and deletes a view from its menu, with the keyboard", async () => {
    const { user, calls } = renderApp({ delete_view: () => fail({ code: "not_found", message: "view 1 not found" }) });
    const menu = await screen.findByRole("button", { name: "Options of VIP de WhatsApp" });
    await user.click(menu);
    expect(document.activeElement).toBe(screen.getByRole("menuitem", { name: "Rename" }));
    await user.keyboard("{Enter}");
    const dialog = screen.getByRole("dialog", { name: "Rename the view" });
    const name = within(dialog).getByLabelText<HTMLInputElement>("Name");
    expect(name.value).toBe("VIP de WhatsApp");
    await user.clear(name);
    await user.type(name, "VIP{Enter}");
    await waitFor(() => expect(calls.find((c) => c.cmd === "save_view")?.input).toEqual({ ...savedViews[0], name: "VIP" }));

    await user.click(screen.getByRole("button", { name: /^Options of/ }));
    await user.keyboard("{ArrowDown}{Enter}");
    const confirm = screen.getByRole("dialog", { name: /^Delete the view/ });
    await user.click(within(confirm).getByTestId("confirm-delete-view"));
    expect((await within(confirm).findByRole("alert")).textContent).toBe("view 1 not found");
    expect(calls.find((c) => c.cmd === "delete_view")?.input).toEqual({ view_id: 1 });
  });
});
