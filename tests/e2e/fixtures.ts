// Test fixtures: every test gets its own real bridge on a fresh data dir, so
// tests never depend on each other's state or on their order.

import { writeFileSync } from "node:fs";
import { test as base, expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import type {
  Api,
  ConversationPage,
  ConversationQuery,
  ConversationSummary,
  MessageDto,
  MessagePage,
  View,
} from "../../ui/src/bindings/index.ts";
import { startBridge, type Bridge } from "./bridge.ts";
import { startSim, type Sim } from "./sim.ts";

export { expect };

/** Typed client of `POST /api/<cmd>` (the contract generated from the Rust types). */
export interface ApiClient {
  call<K extends keyof Api>(cmd: K, input: Api[K]["input"]): Promise<Api[K]["output"]>;
  /** Every conversation of a view (follows the cursor). */
  conversations(view: View, patch?: Partial<ConversationQuery>): Promise<ConversationSummary[]>;
  /** Every message of a conversation, oldest first. */
  messages(conversationId: number): Promise<MessageDto[]>;
}

export function apiClient(request: APIRequestContext): ApiClient {
  const call: ApiClient["call"] = async (cmd, input) => {
    const response = await request.post(`/api/${cmd}`, { data: input ?? null });
    const body: unknown = await response.json();
    if (!response.ok()) throw new Error(`${cmd} failed with ${response.status()}: ${JSON.stringify(body)}`);
    return body as never;
  };
  return {
    call,
    async conversations(view, patch = {}) {
      const all: ConversationSummary[] = [];
      let cursor: string | null = null;
      do {
        const page: ConversationPage = await call("list_conversations", {
          view,
          account_id: null,
          channel: null,
          tag_id: null,
          assignee_id: null,
          window: null,
          text: null,
          limit: 100,
          ...patch,
          cursor,
        });
        all.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor !== null);
      return all;
    },
    async messages(conversationId) {
      const pages: MessageDto[][] = [];
      let before: string | null = null;
      do {
        const page: MessagePage = await call("list_messages", { conversation_id: conversationId, before, limit: 100 });
        pages.unshift(page.items);
        before = page.next_before;
      } while (before !== null);
      return pages.flat();
    },
  };
}

interface Fixtures {
  /** Start the bridge with `--demo` (the demo workspace already open). */
  demo: boolean;
  /** Start Meta's simulator and point the bridge's Graph API and webhooks at each other. */
  withSim: boolean;
  /** The simulator, when `withSim` (else `null`). */
  sim: Sim | null;
  bridge: Bridge;
  api: ApiClient;
  /** Uncaught exceptions and console errors of the page (a CSP violation is one); checked after each test. */
  pageErrors: string[];
}

export const test = base.extend<Fixtures>({
  demo: [false, { option: true }],
  withSim: [false, { option: true }],

  sim: async ({ withSim }, use, testInfo) => {
    if (!withSim) {
      await use(null);
      return;
    }
    const sim = await startSim();
    try {
      await use(sim);
    } finally {
      await sim.stop();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach("sim.log", { body: sim.log(), contentType: "text/plain" });
        writeFileSync(testInfo.outputPath("sim.log"), sim.log());
      }
    }
  },

  bridge: async ({ demo, sim }, use, testInfo) => {
    const bridge = await startBridge({ demo, graphUrl: sim?.url });
    if (sim !== null && bridge.webhookUrl !== null) {
      await sim.control("/_sim/webhook_url", { url: bridge.webhookUrl });
    }
    try {
      await use(bridge);
    } finally {
      await bridge.stop();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach("bridge.log", { body: bridge.log(), contentType: "text/plain" });
        writeFileSync(testInfo.outputPath("bridge.log"), bridge.log());
      }
    }
  },

  baseURL: async ({ bridge }, use) => {
    await use(bridge.url);
  },

  api: async ({ request }, use) => {
    await use(apiClient(request));
  },

  pageErrors: async ({}, use) => {
    await use([]);
  },

  page: async ({ page, pageErrors }, use) => {
    page.on("pageerror", (err) => pageErrors.push(`pageerror: ${err.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error") pageErrors.push(`console.error: ${msg.text()}`);
    });
    await use(page);
    expect(pageErrors, "the page logged no errors").toEqual([]);
  },
});

/**
 * Watches for the page's `/events` WebSocket to complete its handshake (HTTP
 * 101), i.e. for the bridge to forward core events to the page. Call before the
 * navigation that opens the socket; `await opened()` after it.
 */
export async function watchEventsSocket(page: Page): Promise<{ opened: (timeoutMs?: number) => Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const sockets = new Set<string>();
  let resolveOpened: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    resolveOpened = resolve;
  });
  cdp.on("Network.webSocketCreated", (e) => {
    if (new URL(e.url).pathname === "/events") sockets.add(e.requestId);
  });
  cdp.on("Network.webSocketHandshakeResponseReceived", (e) => {
    if (sockets.has(e.requestId) && e.response.status === 101) resolveOpened();
  });
  return {
    opened: async (timeoutMs = 10_000) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`/events WebSocket not open after ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([opened, timeout]);
      } finally {
        clearTimeout(timer);
        await cdp.detach().catch(() => undefined);
      }
    },
  };
}

/** The row of conversation `id` in the (virtualized) conversation list. */
export function row(page: Page, id: number): Locator {
  return page.locator(`[data-testid="conversation-row"][data-id="${id}"]`);
}

/** The unread badge of a row (its accessible name is "N unread message(s)" / "N mensaje(s) sin leer"). */
export function unreadBadge(rowLocator: Locator): Locator {
  return rowLocator.getByLabel(/unread message|sin leer/);
}

/** How to read one rendered item of a virtualized list: a unique key and a value. */
export interface ItemReader {
  /** Attribute holding the key, on the item or on its `closest` ancestor. */
  keyAttr: string;
  closest?: string;
  /** Attribute holding the value (empty string when omitted). */
  valueAttr?: string;
}

/**
 * Scrolls a virtualized list (`conversation-list`, `message-list`) from top to
 * bottom and returns `[key, value]` for every item it rendered on the way, in
 * order, without duplicates. At each step it waits until the rendered rows cover
 * the visible part of the list, so nothing is skipped however fast the list
 * re-renders; at the end it waits for any page still loading (infinite scroll).
 */
export async function collectVirtual(list: Locator, item: string, reader: ItemReader): Promise<Array<[string, string]>> {
  const seen = new Map<string, string>();
  const loading = list.getByText(/^(Loading|Cargando)…$/);
  await list.evaluate((el) => {
    el.scrollTop = 0;
  });
  for (let step = 0; step < 500; step++) {
    await expect
      .poll(
        () =>
          list.evaluate((el) => {
            // the part of the virtual spacer (first child) that is visible...
            const box = el.getBoundingClientRect();
            const spacer = el.firstElementChild?.getBoundingClientRect();
            if (spacer === undefined) return false;
            const visibleTop = Math.max(box.top, spacer.top);
            const visibleBottom = Math.min(box.bottom, spacer.bottom);
            // ...lies within the rows rendered in it
            const rows = Array.from(el.firstElementChild?.children ?? []).map((r) => r.getBoundingClientRect());
            if (rows.length === 0) return spacer.height === 0;
            const top = Math.min(...rows.map((r) => r.top));
            const bottom = Math.max(...rows.map((r) => r.bottom));
            return top <= visibleTop + 1 && bottom >= visibleBottom - 1;
          }),
        { message: "virtual rows cover the visible part of the list" },
      )
      .toBe(true);
    const pairs = await list.locator(item).evaluateAll(
      (els, r) =>
        els.map((el): [string, string] => {
          const holder = r.closest !== undefined ? el.closest(r.closest) : el;
          return [holder?.getAttribute(r.keyAttr) ?? "", r.valueAttr !== undefined ? (el.getAttribute(r.valueAttr) ?? "") : ""];
        }),
      reader,
    );
    for (const [key, value] of pairs) if (!seen.has(key)) seen.set(key, value);
    const atEnd = await list.evaluate((el) => {
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return true;
      el.scrollTop += Math.max(1, Math.floor(el.clientHeight * 0.75));
      return false;
    });
    if (atEnd) {
      if ((await loading.count()) === 0) break;
      await expect(loading).toHaveCount(0); // the next page arrives and the list grows: go on
    }
  }
  return [...seen.entries()];
}

/** Ids of every row of the conversation list, in order, scrolling through it. */
export async function listedConversationIds(page: Page): Promise<number[]> {
  const list = page.getByTestId("conversation-list");
  await expect(list).toBeVisible();
  const pairs = await collectVirtual(list, '[data-testid="conversation-row"]', { keyAttr: "data-id" });
  return pairs.map(([id]) => Number(id));
}

/** `data-kind` of every message bubble of the open conversation, in order, scrolling through it. */
export async function renderedMessageKinds(page: Page): Promise<string[]> {
  const list = page.getByTestId("message-list");
  await expect(list).toBeVisible();
  // chat bubbles, and email cards (mail is shown as a card, not a bubble)
  const pairs = await collectVirtual(list, '[data-testid="message-bubble"], [data-testid="email-card"]', {
    keyAttr: "data-index",
    closest: "[data-index]",
    valueAttr: "data-kind",
  });
  return pairs.map(([, kind]) => kind);
}
