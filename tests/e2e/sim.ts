// Starts and stops the real `bandeja-sim` (Meta's Graph API simulator) and
// scripts it through its `/_sim` control API.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

export const SIM_BIN = process.env.BANDEJA_SIM_BIN ?? "/var/cache/bandeja/target/debug/bandeja-sim";
/** The simulator's defaults (crates/bandeja-sim/src/config.rs). */
export const SIM = {
  appId: "700000000000001",
  appSecret: "bandeja-test-app-secret",
  wabaId: "100000000000001",
  phoneNumberId: "200000000000002",
  token: "bandeja-sim-token",
};

export interface Sim {
  url: string;
  log(): string;
  /** POST to the control API; throws on a non-2xx answer. */
  control(path: string, body?: unknown): Promise<unknown>;
  get(path: string): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startSim(): Promise<Sim> {
  if (!existsSync(SIM_BIN)) {
    throw new Error(
      `simulator not found at ${SIM_BIN} (set BANDEJA_SIM_BIN, or build it: ` +
        "CARGO_TARGET_DIR=/var/cache/bandeja/target cargo build -p bandeja-sim)",
    );
  }
  const child = spawn(
    SIM_BIN,
    ["serve", "--port", "0", "--review-seconds", "5", "--auto-statuses", "sent,delivered,read"],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (c: string) => (stderr += c));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`simulator did not start\n${stderr}`)), 20_000);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (c: string) => {
      out += c;
      const m = /BANDEJA_SIM_URL=(\S+)/.exec(out);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ""));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited (code ${code})\n${stderr}`));
    });
  });
  const send = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`simulator ${method} ${path} → ${res.status}: ${text}`);
    return text === "" ? null : (JSON.parse(text) as unknown);
  };
  return {
    url,
    log: () => stderr,
    control: (path, body) => send("POST", path, body ?? {}),
    get: (path) => send("GET", path),
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => setTimeout(r, 100));
        if (child.exitCode === null) child.kill("SIGKILL");
      }
    },
  };
}
