import type { MessageDto, MessageKind } from "../../ui/src/bindings/index.ts";
import { expect, renderedMessageKinds, row, test, unreadBadge } from "./fixtures.ts";

test.use({ demo: true });

/** Every `MessageKind` of the API contract. */
const ALL_KINDS: MessageKind[] = [
  "text",
  "image",
  "video",
  "audio",
  "voice",
  "document",
  "sticker",
  "location",
  "contacts",
  "interactive",
  "button",
  "reaction",
  "template",
  "unsupported",
  "note",
  "email",
];

test("opening a conversation shows its messages, header and contact, and marks it read", async ({ page, api }) => {
  const allOpen = await api.conversations("all_open");
  const target = allOpen.slice(0, 6).find((c) => c.unread > 0); // near the top: rendered without scrolling
  expect(target, "an unread conversation near the top of All open").toBeDefined();
  if (target === undefined) return;
  const detail = await api.call("get_conversation", { id: target.id });
  const messages = await api.messages(target.id);
  expect(messages.length).toBeGreaterThan(0);

  await page.goto("/");
  await expect(page.getByTestId("no-conversation")).toBeVisible();
  const targetRow = row(page, target.id);
  await expect(targetRow).toContainText(target.contact_name);
  await expect(unreadBadge(targetRow)).toHaveText(String(target.unread));

  await targetRow.click();
  await expect(page).toHaveURL(new RegExp(`#/c/${target.id}$`));
  await expect(targetRow).toHaveAttribute("aria-selected", "true");

  // header
  const view = page.getByTestId("conversation-view");
  await expect(view).toBeVisible();
  await expect(page.getByTestId("conversation-name")).toHaveText(detail.contact.name);
  await expect(view.locator("header")).toContainText(detail.account.name);

  // contact panel
  const panel = page.getByTestId("contact-panel");
  await expect(panel.getByRole("heading", { name: detail.contact.name })).toBeVisible();
  for (const value of [detail.contact.phone, detail.contact.email, detail.contact.wa_id]) {
    if (value !== null) await expect(panel).toContainText(value);
  }

  // every message, in order, as a bubble of its kind
  await expect(page.getByTestId("message-bubble").first()).toBeVisible();
  expect(await renderedMessageKinds(page)).toEqual(messages.map((m) => m.kind));

  // read: the badge goes, in the UI and in the core
  await expect(unreadBadge(targetRow)).toHaveCount(0);
  await expect.poll(async () => (await api.call("get_conversation", { id: target.id })).summary.unread).toBe(0);
});

/** A string the bubble of `message` must show, taken from its content (null: nothing distinctive). */
function distinctiveText(message: MessageDto): string | null {
  const c = message.content;
  switch (c.type) {
    case "media":
      return c.filename;
    case "location":
      return c.name;
    case "contacts":
      return c.contacts[0]?.name ?? null;
    case "interactive":
      return c.title;
    case "button":
      return c.text;
    case "template":
      return c.name;
    case "reaction":
      return c.emoji !== null && c.emoji.length > 0 ? c.emoji : null;
    case "unsupported":
      return c.reason.length > 0 ? c.reason : null;
    default:
      return null; // text and notes go through WhatsApp formatting: checked as non-empty
  }
}

test("every message kind renders as a bubble somewhere in the demo", async ({ page, api }) => {
  test.slow(); // opens every demo conversation
  const names = new Map<number, string>();
  for (const view of ["all_open", "snoozed", "resolved"] as const) {
    for (const c of await api.conversations(view)) names.set(c.id, c.contact_name);
  }
  expect(names.size).toBeGreaterThanOrEqual(30);

  await page.goto("/");
  await expect(page.getByTestId("conversation-list")).toBeVisible();
  const firstOfKind = new Map<string, { conversation: number; message: MessageDto }>();
  const bubbles = page.getByTestId("message-bubble");
  for (const [id, name] of [...names.entries()].sort(([a], [b]) => a - b)) {
    const messages = await api.messages(id);
    await page.evaluate((cid) => {
      window.location.hash = `#/c/${cid}`;
    }, id);
    await expect(page.getByTestId("conversation-name")).toHaveText(name);
    await expect(async () => {
      expect(await renderedMessageKinds(page), `bubble kinds of conversation ${id}`).toEqual(messages.map((m) => m.kind));
    }).toPass();
    for (const message of messages) {
      if (firstOfKind.has(message.kind)) continue;
      firstOfKind.set(message.kind, { conversation: id, message });
      // the bubble shows something, and what is distinctive about its content
      const bubble = page.locator(`[data-kind="${message.kind}"]:is([data-testid="message-bubble"], [data-testid="email-card"])`).first();
      await bubble.scrollIntoViewIfNeeded();
      await expect(bubble).toBeVisible();
      await expect(bubble).not.toHaveText(/^\s*$/);
      const text = distinctiveText(message);
      if (text !== null) await expect(bubbles.filter({ hasText: text }).first()).toBeVisible();
    }
  }
  expect([...firstOfKind.keys()].sort()).toEqual([...ALL_KINDS].sort());
});
