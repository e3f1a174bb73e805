import type { Api, ApiError, UiEvent } from "../bindings";

/** The only way the UI talks to the Rust core. */
export interface Backend {
  /** Runs one API command. Rejects with an {@link ApiError} `{ code, message }`. */
  call<K extends keyof Api>(cmd: K, input: Api[K]["input"]): Promise<Api[K]["output"]>;
  /** Listens to core change events; returns the function that stops listening. */
  subscribe(onEvent: (e: UiEvent) => void): () => void;
  /**
   * Where the window loads a message's attachment from (`<img src>`, `<video src>`,
   * download links). The core checks access and that the file is complete.
   */
  mediaUrl(messageId: number): string;
  /**
   * Where the window loads part `index` of an email (an attachment, or an
   * inline `cid:` image of its HTML). Same origin as {@link mediaUrl}.
   */
  attachmentUrl(messageId: number, index: number): string;
  /**
   * Whether the core opens web pages (a provider's sign-in page) in the system
   * browser itself: true in the desktop window, false in a browser tab (the dev
   * bridge, the mock), where the UI opens them with `window.open`.
   */
  readonly opensSystemBrowser: boolean;
}

export function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

/** Normalises anything thrown by a transport into an ApiError. */
export function toApiError(value: unknown, fallbackCode = "unknown"): ApiError {
  if (isApiError(value)) return { code: value.code, message: value.message };
  if (value instanceof Error) return { code: fallbackCode, message: value.message };
  if (typeof value === "string") return { code: fallbackCode, message: value };
  return { code: fallbackCode, message: "Unknown error" };
}

/**
 * Throws an ApiError. The contract is a plain `{ code, message }` object (what
 * Tauri rejects with), not an Error instance.
 */
export function fail(error: ApiError): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw error;
}

/** A set of listeners fed by one upstream event source. */
export class EventHub {
  private readonly listeners = new Set<(e: UiEvent) => void>();

  get size(): number {
    return this.listeners.size;
  }

  add(listener: (e: UiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: UiEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        console.error("UiEvent listener failed", err);
      }
    }
  }
}

const EVENT_TYPES = new Set<UiEvent["type"]>([
  "conversation_changed",
  "list_changed",
  "incoming_message",
  "workspace_changed",
  "templates_changed",
  "notice",
]);

export function isUiEvent(value: unknown): value is UiEvent {
  return (
    typeof value === "object" &&
    value !== null &&
    EVENT_TYPES.has((value as { type?: unknown }).type as UiEvent["type"])
  );
}
