import { HttpBackend } from "./http";
import { TauriBackend } from "./tauri";
import type { Backend } from "./types";

export type BackendKind = "tauri" | "http" | "mock";

export interface BackendEnvironment {
  /** The window object (only the presence of `__TAURI_INTERNALS__` is read). */
  window: object;
  /** `location.origin` */
  origin: string;
  /** `location.search` */
  search: string;
  /** `import.meta.env.DEV` */
  dev: boolean;
  /** `import.meta.env.VITE_BRIDGE_URL` */
  bridgeUrl: string | undefined;
}

export interface BackendChoice {
  kind: BackendKind;
  /** Bridge origin, for `http`. */
  baseUrl?: string;
  /** Scenario name for the in-memory mock (`?mock=1`, `?mock=empty`). */
  scenario?: string;
}

/** Pure decision: Tauri window, dev-only mock, or the HTTP bridge. */
export function chooseBackend(env: BackendEnvironment): BackendChoice {
  if ("__TAURI_INTERNALS__" in env.window) return { kind: "tauri" };
  if (env.dev) {
    const mock = new URLSearchParams(env.search).get("mock");
    if (mock !== null && mock !== "0") return { kind: "mock", scenario: mock };
  }
  const bridge = env.bridgeUrl?.trim();
  return { kind: "http", baseUrl: bridge !== undefined && bridge.length > 0 ? bridge : env.origin };
}

export function currentEnvironment(): BackendEnvironment {
  return {
    window,
    origin: window.location.origin,
    search: window.location.search,
    dev: import.meta.env.DEV,
    bridgeUrl: import.meta.env.VITE_BRIDGE_URL as string | undefined,
  };
}

export async function createBackend(env: BackendEnvironment = currentEnvironment()): Promise<Backend> {
  const choice = chooseBackend(env);
  // `import.meta.env.DEV` is a compile-time constant: the mock module is not part of
  // the production bundle.
  if (import.meta.env.DEV && choice.kind === "mock") {
    const { MockBackend } = await import("./mock");
    return new MockBackend(choice.scenario ?? "1");
  }
  if (choice.kind === "tauri") return new TauriBackend();
  const http = new HttpBackend({ baseUrl: choice.baseUrl ?? env.origin });
  (globalThis as { __bandejaHttp?: HttpBackend }).__bandejaHttp = http;
  return http;
}
