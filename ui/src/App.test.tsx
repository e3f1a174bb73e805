import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { App } from "./App";
import type { ConversationSummary } from "./bindings";
import { NOW, detail, fakeBackend, workspace } from "./test/fixtures";
import { renderWithBackend } from "./test/render";

function summaries(n: number): ConversationSummary[] {
  return Array.from({ length: n }, (_, i) => ({
    ...detail.summary,
    id: i + 1,
    contact_name: `Contact ${i + 1}`,
    preview: `preview ${i + 1}`,
    last_direction: i % 2 === 0 ? "inbound" : "outbound",
    unread: i === 0 ? 3 : 0,
  }));
}

beforeEach(() => {
  window.history.replaceState(null, "", "#/");
});
afterEach(() => {
  window.history.replaceState(null, "", "#/");
});

describe("App", () => {
  it("welcomes an empty workspace and opens the demo", async () => {
    const empty = { ...workspace, is_demo: false, accounts: [] };
    const fake = fakeBackend({ get_workspace: () => empty });
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    const open = await screen.findByTestId("open-demo");
    expect(screen.getByTestId("connect-whatsapp").getAttribute("href")).toBe("#/settings/whatsapp/connect");
    expect(screen.getByRole("link", { name: "Connect email" }).getAttribute("href")).toBe("#/settings/email/connect");
    fireEvent.click(open);
    await screen.findByTestId("demo-banner");
    expect(fake.calls.some((c) => c.cmd === "open_demo_workspace")).toBe(true);
    expect(await screen.findAllByTestId("conversation-row")).toHaveLength(1);
  });

  it("the welcome screen's Connect email opens the add-mailbox form", async () => {
    const empty = { ...workspace, is_demo: false, accounts: [] };
    const fake = fakeBackend({ get_workspace: () => empty });
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    fireEvent.click(await screen.findByTestId("connect-email"));
    await screen.findByTestId("email-connect");
    expect(window.location.hash).toBe("#/settings/email/connect");
  });

  it("shows the demo banner and leaves the demo", async () => {
    const fake = fakeBackend();
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    fireEvent.click(await screen.findByTestId("leave-demo"));
    await screen.findByTestId("welcome");
    expect(fake.calls.some((c) => c.cmd === "close_demo_workspace")).toBe(true);
  });

  it("shows views with counts, accounts with status and tags", async () => {
    const fake = fakeBackend();
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    await waitFor(() => expect(screen.getByTestId("count-all_open").textContent).toBe("1"));
    const accounts = screen.getAllByTestId("account-item");
    expect(accounts[1]?.textContent).toContain("IMAP login rejected");
    expect(accounts[0]?.textContent).toContain("2");
    fireEvent.click(screen.getByTestId("view-resolved"));
    await waitFor(() =>
      expect(fake.calls.filter((c) => c.cmd === "list_conversations").map((c) => (c.input as { view: string }).view)).toContain(
        "resolved",
      ),
    );
  });

  it("renders list rows with preview prefix, unread badge and window indicator", async () => {
    const fake = fakeBackend({ list_conversations: () => ({ items: summaries(2), next_cursor: null }) });
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    const rows = await screen.findAllByTestId("conversation-row");
    expect(rows[0]?.textContent).toContain("Contact 1");
    expect(rows[0]?.querySelector(".unread-badge")?.textContent).toBe("3");
    expect(rows[1]?.textContent).toContain("You: preview 2");
    expect(within(rows[0] as HTMLElement).getByTestId("window-indicator").textContent).toBe("5 h left");
  });

  it("opens the reports from the sidebar and goes back to the inbox from a view", async () => {
    const fake = fakeBackend();
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    fireEvent.click(await screen.findByTestId("open-reports"));
    expect(await screen.findByTestId("reports-screen")).toBeTruthy();
    expect(window.location.hash).toBe("#/reports");
    expect(screen.getByTestId("open-reports").getAttribute("aria-current")).toBe("page");
    // no inbox view is current on the reports page
    expect(screen.getByTestId("view-all_open").getAttribute("aria-current")).toBeNull();
    fireEvent.click(screen.getByTestId("view-mine"));
    expect(await screen.findByTestId("conversation-list")).toBeTruthy();
    expect(window.location.hash).toBe("#/");
  });

  it("applies the tag filter", async () => {
    const fake = fakeBackend();
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    const select = await screen.findByTestId("tag-filter");
    fireEvent.change(select, { target: { value: "2" } });
    await waitFor(() =>
      expect(fake.calls.some((c) => c.cmd === "list_conversations" && (c.input as { tag_id: number | null }).tag_id === 2)).toBe(true),
    );
  });

  it("pages the list with the cursor", async () => {
    const fake = fakeBackend({
      list_conversations: (q) =>
        q.cursor === null
          ? { items: summaries(3), next_cursor: "page2" }
          : { items: summaries(5).slice(3), next_cursor: null },
    });
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    await waitFor(() => expect(screen.getAllByTestId("conversation-row")).toHaveLength(5));
    const cursors = fake.calls.filter((c) => c.cmd === "list_conversations").map((c) => (c.input as { cursor: string | null }).cursor);
    expect(cursors).toEqual([null, "page2"]);
  });

  it("moves with j/k and opens with Enter", async () => {
    const fake = fakeBackend({ list_conversations: () => ({ items: summaries(3), next_cursor: null }) });
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    await screen.findAllByTestId("conversation-row");
    fireEvent.keyDown(document.body, { key: "j" });
    const list = screen.getByTestId("conversation-list");
    expect(document.activeElement).toBe(list);
    fireEvent.keyDown(list, { key: "j" });
    fireEvent.keyDown(list, { key: "ArrowDown" });
    fireEvent.keyDown(list, { key: "k" });
    expect(list.getAttribute("aria-activedescendant")).toBe("conv-2");
    fireEvent.keyDown(list, { key: "Enter" });
    await screen.findByTestId("conversation-view");
    expect(window.location.hash).toBe("#/c/2");
    expect(fake.calls.some((c) => c.cmd === "get_conversation" && (c.input as { id: number }).id === 2)).toBe(true);
  });

  it("focuses search with / and Ctrl-K, shows highlighted hits, Esc closes", async () => {
    const fake = fakeBackend({
      search: (q) => ({
        hits: [
          { conversation_id: 1, message_id: 7, contact_name: "María José Pérez", channel: "whatsapp", snippet: `el \uE000${q.text}\uE001 llegó`, at: NOW.toISOString() },
        ],
      }),
    });
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    await screen.findAllByTestId("conversation-row");
    const input = screen.getByTestId("search-input");
    fireEvent.keyDown(document.body, { key: "/" });
    expect(document.activeElement).toBe(input);
    (input as HTMLInputElement).blur();
    fireEvent.keyDown(document.body, { key: "k", ctrlKey: true });
    expect(document.activeElement).toBe(input);

    fireEvent.change(input, { target: { value: "pedido" } });
    const hit = await screen.findByTestId("search-hit");
    expect(hit.querySelector("mark")?.textContent).toBe("pedido");
    expect(fake.calls.filter((c) => c.cmd === "search")).toEqual([{ cmd: "search", input: { text: "pedido", limit: 30 } }]);
    fireEvent.click(hit);
    await screen.findByTestId("conversation-view");
    expect(window.location.hash).toBe("#/c/1");

    fireEvent.keyDown(input, { key: "Escape" });
    expect((input as HTMLInputElement).value).toBe("");
    expect(screen.queryByTestId("search-hit")).toBeNull();
  });

  it("refetches when the core reports a change", async () => {
    const fake = fakeBackend();
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    await screen.findAllByTestId("conversation-row");
    const before = fake.calls.filter((c) => c.cmd === "list_conversations").length;
    act(() => fake.emit({ type: "list_changed" }));
    await waitFor(() => expect(fake.calls.filter((c) => c.cmd === "list_conversations").length).toBe(before + 1));
  });

  it("switches language from Settings at once", async () => {
    const fake = fakeBackend();
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    fireEvent.click(await screen.findByTestId("open-settings"));
    const select = await screen.findByTestId("language-select");
    await waitFor(() => expect((select as HTMLSelectElement).disabled).toBe(false));
    fireEvent.change(select, { target: { value: "es" } });
    await waitFor(() => expect(screen.getByTestId("view-all_open").textContent).toContain("Abiertas"));
    expect(fake.calls.find((c) => c.cmd === "set_locale")?.input).toEqual({ locale: "es" });
    fireEvent.click(screen.getByTestId("settings-team"));
    expect(screen.getByTestId("settings-team").textContent).toBe("Equipo");
    expect(await screen.findAllByText("Propietario")).toHaveLength(1);
  });

  it("applies the saved language on start", async () => {
    const fake = fakeBackend({ get_settings: () => ({ locale: "es" }) });
    renderWithBackend(<App />, { backend: fake.backend, now: NOW });
    await waitFor(() => expect(screen.getByTestId("view-mine").textContent).toContain("Mías"));
  });
});
