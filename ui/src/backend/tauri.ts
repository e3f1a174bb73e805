import { Channel, invoke } from "@tauri-apps/api/core";
import type { Api, UiEvent } from "../bindings";
import { EventHub, fail, isUiEvent, toApiError, type Backend } from "./types";

/**
 * The window's URL of a message's attachment, served by the shell's
 * `bandeja-media` scheme. WebView2 (Windows) reaches custom schemes as
 * `http://<scheme>.localhost/`; WebKit (Linux, macOS) as `<scheme>://localhost/`.
 */
export function tauriMediaUrl(messageId: number, userAgent: string): string {
  return /Windows/i.test(userAgent)
    ? `http://bandeja-media.localhost/${messageId}`
    : `bandeja-media://localhost/${messageId}`;
}

/** Part `index` of an email, from the same scheme: `<scheme>/<message id>/<index>`. */
export function tauriAttachmentUrl(messageId: number, index: number, userAgent: string): string {
  return `${tauriMediaUrl(messageId, userAgent)}/${index}`;
}

/**
 * Backend inside the Tauri window: every command goes through the single
 * `api_call` command; events arrive on one IPC channel registered with
 * `subscribe_events` the first time someone subscribes.
 */
export class TauriBackend implements Backend {
  private readonly hub = new EventHub();
  private channel: Channel<UiEvent> | null = null;
  /** The core runs on this computer and can open the system browser. */
  readonly opensSystemBrowser = true;

  async call<K extends keyof Api>(cmd: K, input: Api[K]["input"]): Promise<Api[K]["output"]> {
    try {
      return await invoke<Api[K]["output"]>("api_call", { cmd, input });
    } catch (err) {
      fail(toApiError(err, "ipc"));
    }
  }

  mediaUrl(messageId: number): string {
    return tauriMediaUrl(messageId, typeof navigator === "undefined" ? "" : navigator.userAgent);
  }

  attachmentUrl(messageId: number, index: number): string {
    return tauriAttachmentUrl(messageId, index, typeof navigator === "undefined" ? "" : navigator.userAgent);
  }

  subscribe(onEvent: (e: UiEvent) => void): () => void {
    const remove = this.hub.add(onEvent);
    if (this.channel === null) {
      // The handler is given to the constructor so no early message is lost.
      const channel = new Channel<UiEvent>((event) => {
        if (isUiEvent(event)) this.hub.emit(event);
      });
      this.channel = channel;
      invoke("subscribe_events", { channel })
        // what changed between the first fetches and the subscription is fetched again
        .then(() => this.hub.emit({ type: "workspace_changed" }))
        .catch((err: unknown) => {
          console.error("subscribe_events failed", err);
          this.channel = null;
        });
    }
    return remove;
  }
}
