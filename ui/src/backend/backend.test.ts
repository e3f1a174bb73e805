import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import type { UiEvent } from "../bindings";
import { HttpBackend, attachmentUrlFor, commandUrl, eventsUrl, mediaUrlFor } from "./http";
import { applyEvent, keys } from "./keys";
import { isUiEvent } from "./types";
import { chooseBackend, createBackend, type BackendEnvironment } from "./select";
import { TauriBackend, tauriAttachmentUrl, tauriMediaUrl } from "./tauri";

const baseEnv: BackendEnvironment = {
  window: {},
  origin: "http://127.0.0.1:7878",
  search: "",
  dev: false,
  bridgeUrl: undefined,
};

describe("chooseBackend", () => {
  it("picks Tauri inside the Tauri window", () => {
    expect(chooseBackend({ ...baseEnv, window: { __TAURI_INTERNALS__: {} } })).toEqual({ kind: "tauri" });
    expect(chooseBackend({ ...baseEnv, window: { __TAURI_INTERNALS__: {} }, dev: true, search: "?mock=1" })).toEqual({
      kind: "tauri",
    });
  });

  it("uses the bridge at location.origin by default", () => {
    expect(chooseBackend(baseEnv)).toEqual({ kind: "http", baseUrl: "http://127.0.0.1:7878" });
  });

  it("lets VITE_BRIDGE_URL override the origin", () => {
    expect(chooseBackend({ ...baseEnv, bridgeUrl: "http://127.0.0.1:9999" })).toEqual({
      kind: "http",
      baseUrl: "http://127.0.0.1:9999",
    });
    expect(chooseBackend({ ...baseEnv, bridgeUrl: "  " })).toEqual({ kind: "http", baseUrl: baseEnv.origin });
  });

  it("uses the in-memory mock only in dev mode with ?mock", () => {
    expect(chooseBackend({ ...baseEnv, dev: true, search: "?mock=1" })).toEqual({ kind: "mock", scenario: "1" });
    expect(chooseBackend({ ...baseEnv, dev: true, search: "?mock=empty" })).toEqual({ kind: "mock", scenario: "empty" });
    expect(chooseBackend({ ...baseEnv, dev: true, search: "?mock=0" }).kind).toBe("http");
    expect(chooseBackend({ ...baseEnv, dev: false, search: "?mock=1" }).kind).toBe("http");
  });

  it("creates the matching implementation", async () => {
    expect(await createBackend({ ...baseEnv, window: { __TAURI_INTERNALS__: {} } })).toBeInstanceOf(TauriBackend);
    expect(await createBackend(baseEnv)).toBeInstanceOf(HttpBackend);
  });

  it("only the desktop window has the core open the system browser", async () => {
    expect((await createBackend({ ...baseEnv, window: { __TAURI_INTERNALS__: {} } })).opensSystemBrowser).toBe(true);
    expect((await createBackend(baseEnv)).opensSystemBrowser).toBe(false);
  });
});

describe("URLs", () => {
  it("builds command and event URLs", () => {
    expect(commandUrl("http://127.0.0.1:7878", "get_workspace")).toBe("http://127.0.0.1:7878/api/get_workspace");
    expect(commandUrl("http://127.0.0.1:7878/", "counts")).toBe("http://127.0.0.1:7878/api/counts");
    expect(eventsUrl("http://127.0.0.1:7878")).toBe("ws://127.0.0.1:7878/events");
    expect(eventsUrl("https://example.test/app/")).toBe("wss://example.test/app/events");
  });

  it("builds attachment URLs for the bridge and the desktop window", () => {
    expect(mediaUrlFor("http://127.0.0.1:7878", 42)).toBe("http://127.0.0.1:7878/media/42");
    expect(new HttpBackend({ baseUrl: "http://127.0.0.1:7878/" }).mediaUrl(7)).toBe("http://127.0.0.1:7878/media/7");
    const linux = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko)";
    const mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko)";
    const windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0";
    expect(tauriMediaUrl(42, linux)).toBe("bandeja-media://localhost/42");
    expect(tauriMediaUrl(42, mac)).toBe("bandeja-media://localhost/42");
    expect(tauriMediaUrl(42, windows)).toBe("http://bandeja-media.localhost/42");
  });

  it("builds the URLs of an email's parts (attachments, inline images)", () => {
    expect(attachmentUrlFor("http://127.0.0.1:7878", 42, 0)).toBe("http://127.0.0.1:7878/media/42/0");
    expect(new HttpBackend({ baseUrl: "http://127.0.0.1:7878/" }).attachmentUrl(7, 3)).toBe("http://127.0.0.1:7878/media/7/3");
    const linux = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko)";
    const windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0";
    expect(tauriAttachmentUrl(42, 2, linux)).toBe("bandeja-media://localhost/42/2");
    expect(tauriAttachmentUrl(42, 2, windows)).toBe("http://bandeja-media.localhost/42/2");
  });
});

function jsonResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? "" : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

describe("HttpBackend.call", () => {
  it("POSTs the input as JSON and returns the output", async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(jsonResponse(200, { all_open: 3 }));
    const backend = new HttpBackend({ baseUrl: "http://127.0.0.1:7878", fetch: fetchMock });
    await expect(backend.call("counts", null)).resolves.toEqual({ all_open: 3 });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe("http://127.0.0.1:7878/api/counts");
    expect(init?.method).toBe("POST");
    expect(init?.body).toBe("null");
    expect(new Headers(init?.headers).get("Content-Type")).toBe("application/json");
  });

  it("sends structured inputs", async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(jsonResponse(200, null));
    const backend = new HttpBackend({ baseUrl: "http://127.0.0.1:7878", fetch: fetchMock });
    await expect(backend.call("mark_read", { id: 42 })).resolves.toBeNull();
    expect(fetchMock.mock.calls[0]?.[1]?.body).toBe('{"id":42}');
  });

  it("rejects with the bridge's ApiError", async () => {
    const fetchMock = vi
      .fn<typeof fetch>()
      .mockResolvedValue(jsonResponse(404, { code: "not_found", message: "no such conversation" }));
    const backend = new HttpBackend({ baseUrl: "http://127.0.0.1:7878", fetch: fetchMock });
    await expect(backend.call("get_conversation", { id: 9 })).rejects.toEqual({
      code: "not_found",
      message: "no such conversation",
    });
  });

  it("turns a non-JSON error into an http_<status> ApiError", async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(new Response("boom", { status: 502 }));
    const backend = new HttpBackend({ baseUrl: "http://127.0.0.1:7878", fetch: fetchMock });
    await expect(backend.call("counts", null)).rejects.toEqual({ code: "http_502", message: "boom" });
  });

  it("turns a network failure into a network ApiError", async () => {
    const fetchMock = vi.fn<typeof fetch>().mockRejectedValue(new TypeError("Failed to fetch"));
    const backend = new HttpBackend({ baseUrl: "http://127.0.0.1:7878", fetch: fetchMock });
    await expect(backend.call("counts", null)).rejects.toEqual({ code: "network", message: "Failed to fetch" });
  });

  it("rejects an invalid JSON success body", async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(new Response("{oops", { status: 200 }));
    const backend = new HttpBackend({ baseUrl: "http://127.0.0.1:7878", fetch: fetchMock });
    await expect(backend.call("counts", null)).rejects.toMatchObject({ code: "bad_response" });
  });
});

/** A controllable stand-in for the browser WebSocket. */
class FakeSocket {
  static instances: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((msg: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.();
  }
  receive(data: unknown) {
    this.onmessage?.({ data });
  }
  drop() {
    this.onclose?.();
  }
}

describe("HttpBackend.subscribe", () => {
  beforeEach(() => {
    FakeSocket.instances = [];
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function backend() {
    return new HttpBackend({
      baseUrl: "http://127.0.0.1:7878",
      fetch: vi.fn<typeof fetch>(),
      WebSocket: FakeSocket as unknown as typeof WebSocket,
      minBackoffMs: 100,
      maxBackoffMs: 1000,
    });
  }

  it("delivers JSON events from /events and ignores garbage", () => {
    const events: UiEvent[] = [];
    const unsubscribe = backend().subscribe((e) => events.push(e));
    const socket = FakeSocket.instances[0];
    expect(socket?.url).toBe("ws://127.0.0.1:7878/events");
    socket?.open();
    socket?.receive(JSON.stringify({ type: "conversation_changed", conversation_id: 7 }));
    socket?.receive("not json");
    socket?.receive(JSON.stringify({ type: "unknown_thing" }));
    socket?.receive(JSON.stringify({ type: "list_changed" }));
    socket?.receive(JSON.stringify({ type: "templates_changed" }));
    expect(events).toEqual([
      // what happened before the socket opened is fetched again
      { type: "workspace_changed" },
      { type: "conversation_changed", conversation_id: 7 },
      { type: "list_changed" },
      { type: "templates_changed" },
    ]);
    unsubscribe();
    expect(socket?.closed).toBe(true);
  });

  it("reconnects with backoff and asks for a full refresh after reconnecting", () => {
    const events: UiEvent[] = [];
    const b = backend();
    b.subscribe((e) => events.push(e));
    FakeSocket.instances[0]?.open();
    expect(events).toEqual([{ type: "workspace_changed" }]);
    FakeSocket.instances[0]?.drop();
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.instances[1]?.open();
    expect(events).toEqual([{ type: "workspace_changed" }, { type: "workspace_changed" }]);
  });

  it("refreshes by polling while the event socket is not open, and stops once it is", () => {
    const events: UiEvent[] = [];
    backend().subscribe((e) => events.push(e));
    vi.advanceTimersByTime(5_000);
    expect(events).toEqual([{ type: "workspace_changed" }]);
    FakeSocket.instances[0]?.open();
    events.length = 0;
    vi.advanceTimersByTime(15_000);
    expect(events).toEqual([]);
  });

  it("backs off exponentially up to the cap", () => {
    const b = backend();
    const mid = () => 0.5;
    expect(b.backoffDelay(0, mid)).toBe(75);
    expect(b.backoffDelay(1, mid)).toBe(150);
    expect(b.backoffDelay(2, mid)).toBe(300);
    expect(b.backoffDelay(10, mid)).toBe(750);
    expect(b.backoffDelay(10, () => 0)).toBe(500);
    expect(b.backoffDelay(10, () => 1)).toBe(1000);
  });

  it("shares one socket between listeners", () => {
    const b = backend();
    const stopA = b.subscribe(() => {});
    const stopB = b.subscribe(() => {});
    expect(FakeSocket.instances).toHaveLength(1);
    stopA();
    expect(FakeSocket.instances[0]?.closed).toBe(false);
    stopB();
    expect(FakeSocket.instances[0]?.closed).toBe(true);
  });
});

describe("applyEvent", () => {
  function seeded() {
    const client = new QueryClient();
    const all = [
      keys.workspace,
      keys.counts,
      keys.list({ view: "all_open", account_id: null, channel: null, tag_id: null, assignee_id: null, window: null, text: null }),
      keys.conversation(1),
      keys.messages(1),
      keys.conversation(2),
      keys.messages(2),
      keys.accountTemplates(1),
    ];
    for (const key of all) client.setQueryData(key, { seeded: true });
    const stale = () =>
      client
        .getQueryCache()
        .getAll()
        .filter((q) => q.state.isInvalidated)
        .map((q) => JSON.stringify(q.queryKey))
        .sort();
    return { client, stale };
  }

  it("conversation_changed invalidates that conversation, its messages, lists and counts", () => {
    const { client, stale } = seeded();
    applyEvent(client, { type: "conversation_changed", conversation_id: 1 });
    expect(stale()).toEqual(
      [
        '["conversation",1]',
        '["messages",1]',
        '["counts"]',
        JSON.stringify(["conversations", { view: "all_open", account_id: null, channel: null, tag_id: null, assignee_id: null, window: null, text: null }]),
      ].sort(),
    );
  });

  it("list_changed invalidates lists and counts", () => {
    const { client, stale } = seeded();
    applyEvent(client, { type: "list_changed" });
    expect(stale()).toHaveLength(2);
    expect(stale()).toContain('["counts"]');
  });

  it("mail events refresh the mailboxes' counts and sync state", () => {
    const { client, stale } = seeded();
    client.setQueryData(keys.emailAccount(3), { seeded: true });
    applyEvent(client, { type: "list_changed" });
    expect(stale()).toContain('["email_accounts",3]');
  });

  it("workspace_changed invalidates everything", () => {
    const { client, stale } = seeded();
    applyEvent(client, { type: "workspace_changed" });
    expect(stale()).toHaveLength(8);
  });

  it("an event during a first load is not folded into that load's older answer", async () => {
    const client = new QueryClient();
    const answers = ["before the message", "after the message"];
    let calls = 0;
    let release: (v: string) => void = () => undefined;
    const observer = new QueryObserver(client, {
      queryKey: keys.counts,
      queryFn: () => {
        calls += 1;
        if (calls === 1) return new Promise<string>((resolve) => (release = resolve));
        return Promise.resolve(answers[1]);
      },
    });
    const unsubscribe = observer.subscribe(() => undefined);
    await vi.waitFor(() => expect(calls).toBe(1));
    // the core commits a message and says so while the first answer is on its way
    applyEvent(client, { type: "list_changed" });
    release(answers[0] ?? "");
    await vi.waitFor(() => expect(client.getQueryData(keys.counts)).toBe("after the message"));
    expect(calls).toBe(2);
    unsubscribe();
  });

  it("a notice refreshes the conversation it is about, the lists and counts", () => {
    const { client, stale } = seeded();
    applyEvent(client, { type: "notice", member_id: 1, conversation_id: 2, kind: "mentioned", text: "Diego" });
    expect(stale()).toEqual(
      [
        '["conversation",2]',
        '["messages",2]',
        '["counts"]',
        JSON.stringify(["conversations", { view: "all_open", account_id: null, channel: null, tag_id: null, assignee_id: null, window: null, text: null }]),
      ].sort(),
    );
  });

  it("list_changed also refreshes reports and usage; a tag change refreshes the conversation's tag history", () => {
    const { client, stale } = seeded();
    client.setQueryData(keys.report({ from: "a", to: "b", hours: "all" }), { seeded: true });
    client.setQueryData(keys.usage, { seeded: true });
    client.setQueryData(keys.tagHistory(1), { seeded: true });
    applyEvent(client, { type: "list_changed" });
    expect(stale()).toContain('["usage"]');
    expect(stale()).toContain('["report",{"from":"a","to":"b","hours":"all"}]');
    expect(stale()).not.toContain('["tag_history",1]');
    applyEvent(client, { type: "conversation_changed", conversation_id: 1 });
    expect(stale()).toContain('["tag_history",1]');
  });

  it("the transports accept notices as events", () => {
    expect(isUiEvent({ type: "notice", member_id: 1, conversation_id: 2, kind: "assigned", text: "Ana" })).toBe(true);
    expect(isUiEvent({ type: "nonsense" })).toBe(false);
  });

  it("templates_changed invalidates the template lists only", () => {
    const { client, stale } = seeded();
    applyEvent(client, { type: "templates_changed" });
    expect(stale()).toEqual(['["wa_templates",1]']);
  });
});

describe("HttpBackend with the global fetch", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("uses window.fetch when none is injected", async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(jsonResponse(200, { locale: "es" }));
    vi.stubGlobal("fetch", fetchMock);
    const backend = await createBackend({ ...baseEnv, bridgeUrl: "http://127.0.0.1:5555" });
    await expect(backend.call("get_settings", null)).resolves.toEqual({ locale: "es" });
    expect(fetchMock.mock.calls[0]?.[0]).toBe("http://127.0.0.1:5555/api/get_settings");
  });
});

describe("TauriBackend", () => {
  type Internals = {
    invoke: ReturnType<typeof vi.fn>;
    transformCallback: (cb: (raw: unknown) => void) => number;
    unregisterCallback: () => void;
  };
  let callbacks: ((raw: unknown) => void)[];
  let internals: Internals;

  beforeEach(() => {
    callbacks = [];
    internals = {
      invoke: vi.fn(),
      transformCallback: (cb) => callbacks.push(cb),
      unregisterCallback: () => {},
    };
    (window as unknown as { __TAURI_INTERNALS__: Internals }).__TAURI_INTERNALS__ = internals;
  });
  afterEach(() => {
    delete (window as unknown as { __TAURI_INTERNALS__?: Internals }).__TAURI_INTERNALS__;
  });

  it("routes every command through api_call", async () => {
    internals.invoke.mockResolvedValue({ locale: null });
    await expect(new TauriBackend().call("get_settings", null)).resolves.toEqual({ locale: null });
    expect(internals.invoke).toHaveBeenCalledWith("api_call", { cmd: "get_settings", input: null }, undefined);
  });

  it("rejects with the ApiError thrown by the command", async () => {
    internals.invoke.mockRejectedValue({ code: "not_found", message: "gone" });
    await expect(new TauriBackend().call("get_conversation", { id: 1 })).rejects.toEqual({
      code: "not_found",
      message: "gone",
    });
    internals.invoke.mockRejectedValue("plain string");
    await expect(new TauriBackend().call("counts", null)).rejects.toEqual({ code: "ipc", message: "plain string" });
  });

  it("registers one channel with subscribe_events and fans events out", () => {
    internals.invoke.mockResolvedValue(null);
    const backend = new TauriBackend();
    const a: UiEvent[] = [];
    const b: UiEvent[] = [];
    const stopA = backend.subscribe((e) => a.push(e));
    backend.subscribe((e) => b.push(e));
    expect(internals.invoke).toHaveBeenCalledTimes(1);
    expect(internals.invoke.mock.calls[0]?.[0]).toBe("subscribe_events");
    const deliver = callbacks[0];
    deliver?.({ index: 0, message: { type: "list_changed" } });
    stopA();
    deliver?.({ index: 1, message: { type: "conversation_changed", conversation_id: 3 } });
    expect(a).toEqual([{ type: "list_changed" }]);
    expect(b).toEqual([{ type: "list_changed" }, { type: "conversation_changed", conversation_id: 3 }]);
  });
});
