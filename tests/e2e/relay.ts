// Starts and stops the real `bandeja-relay` binary (Meta → relay → desktops)
// and runs its admin commands, as an operator would on the relay's host.

import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const RELAY_BIN = process.env.BANDEJA_RELAY_BIN ?? "/var/cache/bandeja/target/debug/bandeja-relay";

export interface Relay {
  /** `http://127.0.0.1:PORT`: what a desktop is told to enroll with. */
  url: string;
  /** Where Meta (the simulator) must post this tenant's webhooks. */
  callbackUrl: string;
  verifyToken: string;
  /** A fresh one-time enrollment code (`bandeja-relay enroll`). */
  code(): string;
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function field(out: string, key: string): string {
  const line = out.split("\n").find((l) => l.startsWith(`${key}: `));
  if (line === undefined) throw new Error(`bandeja-relay printed no ${key}:\n${out}`);
  return line.slice(key.length + 2).trim();
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`relay exited (code ${child.exitCode})\n${log()}`);
    const open = await fetch(`http://127.0.0.1:${port}/v1/stream`).then(
      () => true,
      () => false,
    );
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`relay did not listen on ${port}\n${log()}`);
}

/** A relay with one tenant whose app secret is `appSecret`, on a free port. */
export async function startRelay(appSecret: string): Promise<Relay> {
  if (!existsSync(RELAY_BIN)) {
    throw new Error(
      `relay not found at ${RELAY_BIN} (set BANDEJA_RELAY_BIN, or build it: ` +
        "CARGO_TARGET_DIR=/var/cache/bandeja/target cargo build -p bandeja-relay)",
    );
  }
  const dir = mkdtempSync(path.join(tmpdir(), "bandeja-relay-"));
  const db = path.join(dir, "relay.db");
  const admin = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    execFileSync(RELAY_BIN, [...args, "--db", db], { encoding: "utf8", env: { ...process.env, ...env } });
  // the secret through the environment, as the README advises (not in argv)
  const created = admin(["tenant", "create", "--name", "Taller Ruiz"], { BANDEJA_RELAY_APP_SECRET: appSecret });
  const tenant = field(created, "tenant_id");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(RELAY_BIN, ["serve", "--db", db, "--addr", `127.0.0.1:${port}`], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, RUST_LOG: "info", NO_COLOR: "1" },
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (c: string) => (stderr += c));
  child.stdout.resume();
  await waitForPort(port, child, () => stderr);
  return {
    url,
    callbackUrl: `${url}${field(created, "callback_path")}`,
    verifyToken: field(created, "verify_token"),
    code: () => field(admin(["enroll", "--tenant", tenant]), "enrollment_code"),
    log: () => stderr,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => setTimeout(r, 200));
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
