import { expect, row, test, unreadBadge, watchEventsSocket } from "./fixtures.ts";

declare global {
  interface Window {
    __sameDocument?: string;
  }
}

test.describe("with the demo open", () => {
  test.use({ demo: true });

  test("a conversation read elsewhere loses its unread badge without a reload", async ({ page, api }) => {
    const allOpen = await api.conversations("all_open");
    const target = allOpen.slice(0, 6).find((c) => c.unread > 0);
    expect(target, "an unread conversation near the top of All open").toBeDefined();
    if (target === undefined) return;
    const workspace = await api.call("get_workspace", null);
    const account = workspace.accounts.find((a) => a.id === target.account_id);
    const unreadBefore = (await api.call("counts", null)).unread_by_account.find((c) => c.account_id === target.account_id)?.unread ?? 0;
    expect(unreadBefore).toBeGreaterThanOrEqual(target.unread);

    const socket = await watchEventsSocket(page);
    const frames: string[] = [];
    page.on("websocket", (ws) => ws.on("framereceived", (f) => frames.push(String(f.payload))));
    await page.goto("/");
    await socket.opened();
    const targetRow = row(page, target.id);
    await expect(unreadBadge(targetRow)).toHaveText(String(target.unread));
    const accountItem = page.getByTestId("account-item").filter({ hasText: account?.name ?? "?" });
    await expect(accountItem).toContainText(String(unreadBefore));
    await page.evaluate(() => {
      window.__sameDocument = "yes";
    });

    // another client (here: the test) marks it read through the core
    await api.call("mark_read", { id: target.id });

    await expect(unreadBadge(targetRow)).toHaveCount(0);
    const unreadAfter = unreadBefore - target.unread;
    if (unreadAfter > 0) await expect(accountItem).toContainText(String(unreadAfter));
    else await expect(accountItem).not.toContainText(String(unreadBefore));
    expect(frames.map((f) => JSON.parse(f) as unknown)).toContainEqual({ type: "conversation_changed", conversation_id: target.id });
    // the same document all along, and the conversation was not opened
    expect(await page.evaluate(() => window.__sameDocument)).toBe("yes");
    await expect(page.getByTestId("no-conversation")).toBeVisible();
  });
});

test("the demo opened elsewhere replaces the welcome screen without a reload", async ({ page, api }) => {
  const socket = await watchEventsSocket(page);
  await page.goto("/");
  await socket.opened();
  await expect(page.getByTestId("welcome")).toBeVisible();
  await page.evaluate(() => {
    window.__sameDocument = "yes";
  });

  const workspace = await api.call("open_demo_workspace", null);

  await expect(page.getByTestId("demo-banner")).toBeVisible();
  await expect(page.getByTestId("welcome")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Inbox navigation" })).toContainText(workspace.name);
  const allOpen = await api.conversations("all_open");
  await expect(page.getByTestId("count-all_open")).toHaveText(String(allOpen.length));
  await expect(page.getByTestId("conversation-row").first()).toBeVisible();

  await api.call("close_demo_workspace", null);
  await expect(page.getByTestId("welcome")).toBeVisible();
  await expect(page.getByTestId("demo-banner")).toHaveCount(0);
  expect(await page.evaluate(() => window.__sameDocument)).toBe("yes");
});
