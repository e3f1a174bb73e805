import type { Api, UiEvent } from "../bindings";
import { EventHub, fail, isApiError, isUiEvent, type Backend } from "./types";

export interface HttpBackendOptions {
  /** Origin of the dev bridge, e.g. `http://127.0.0.1:7878`. */
  baseUrl: string;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
  /** First reconnect delay in ms; doubles up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** `http://host:port/` -> `ws://host:port/events` (https -> wss). */
export function eventsUrl(baseUrl: string): string {
  const url = new URL("events", baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

export function commandUrl(baseUrl: string, cmd: string): string {
  return new URL(`api/${cmd}`, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).toString();
}

/** `http://host:port/` + 12 -> `http://host:port/media/12` (the bridge serves attachments itself). */
export function mediaUrlFor(baseUrl: string, messageId: number): string {
  return new URL(`media/${messageId}`, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).toString();
}

/** `http://host:port/` + 12, 3 -> `http://host:port/media/12/3` (an email's part). */
export function attachmentUrlFor(baseUrl: string, messageId: number, index: number): string {
  return new URL(`media/${messageId}/${index}`, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).toString();
}

/**
 * Backend for the loopback dev bridge: `POST /api/<cmd>` with the input as JSON
 * body, events as JSON text frames on the `/events` WebSocket.
 */
/** How often the UI refreshes while it has no live event socket. */
export const POLL_WHILE_OFFLINE_MS = 5_000;

export class HttpBackend implements Backend {
  private readonly hub = new EventHub();
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly WebSocketImpl: typeof WebSocket | undefined;
  private readonly minBackoff: number;
  private readonly maxBackoff: number;
  private socket: WebSocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  /** While the event socket is not open, a full refresh every few seconds. */
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private open = false;
  /** This UI is a browser tab: it opens pages itself. */
  readonly opensSystemBrowser = false;
  /** What the event socket did, for the e2e tests' failure reports (`window.__bandejaHttp`). */
  readonly stats = { connects: 0, opens: 0, closes: 0, messages: 0, emitted: 0, polls: 0 };

  constructor(options: HttpBackendOptions) {
    this.baseUrl = options.baseUrl;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
    this.minBackoff = options.minBackoffMs ?? 500;
    this.maxBackoff = options.maxBackoffMs ?? 30_000;
  }

  async call<K extends keyof Api>(cmd: K, input: Api[K]["input"]): Promise<Api[K]["output"]> {
    let response: Response;
    try {
      response = await this.fetchImpl(commandUrl(this.baseUrl, cmd), {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(input ?? null),
      });
    } catch (err) {
      fail({ code: "network", message: err instanceof Error ? err.message : String(err) });
    }
    const text = await response.text();
    let body: unknown = null;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        if (response.ok) fail({ code: "bad_response", message: `Invalid JSON from ${cmd}` });
      }
    }
    if (!response.ok) {
      if (isApiError(body)) fail({ code: body.code, message: body.message });
      fail({
        code: `http_${response.status}`,
        message: text.length > 0 && text.length < 500 ? text : response.statusText || `HTTP ${response.status}`,
      });
    }
    return body as Api[K]["output"];
  }

  mediaUrl(messageId: number): string {
    return mediaUrlFor(this.baseUrl, messageId);
  }

  attachmentUrl(messageId: number, index: number): string {
    return attachmentUrlFor(this.baseUrl, messageId, index);
  }

  subscribe(onEvent: (e: UiEvent) => void): () => void {
    const remove = this.hub.add(onEvent);
    if (this.socket === null && this.retryTimer === null) this.connect();
    // without live events (socket still connecting, or down), refresh by polling
    this.pollTimer ??= setInterval(() => {
      if (!this.open) {
        this.stats.polls += 1;
        this.hub.emit({ type: "workspace_changed" });
      }
    }, POLL_WHILE_OFFLINE_MS);
    return () => {
      remove();
      if (this.hub.size === 0) this.close();
    };
  }

  /** Delay before reconnect attempt `n` (0-based): exponential, capped, with jitter. */
  backoffDelay(n: number, random: () => number = Math.random): number {
    const base = Math.min(this.maxBackoff, this.minBackoff * 2 ** n);
    return Math.round(base / 2 + (random() * base) / 2);
  }

  private connect(): void {
    const Impl = this.WebSocketImpl;
    if (Impl === undefined) return;
    let socket: WebSocket;
    try {
      socket = new Impl(eventsUrl(this.baseUrl));
      this.stats.connects += 1;
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.stats.opens += 1;
      this.attempt = 0;
      this.open = true;
      // Events may have been missed before the socket opened (between the
      // first fetches and now) or while disconnected: refetch everything.
      this.hub.emit({ type: "workspace_changed" });
    };
    socket.onmessage = (msg: MessageEvent) => {
      this.stats.messages += 1;
      if (typeof msg.data !== "string") return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(msg.data);
      } catch {
        return;
      }
      if (isUiEvent(parsed)) {
        this.stats.emitted += 1;
        this.hub.emit(parsed);
      }
    };
    socket.onclose = () => {
      this.stats.closes += 1;
      if (this.socket !== socket) return;
      this.socket = null;
      this.open = false;
      if (this.hub.size > 0) this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.retryTimer !== null) return;
    const delay = this.backoffDelay(this.attempt);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.hub.size > 0) this.connect();
    }, delay);
  }

  private close(): void {
    if (this.pollTimer !== null) {
      clearInterval(this.pollTimer);
      this.pollTimer = null;
    }
    this.open = false;
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close();
    }
  }
}
