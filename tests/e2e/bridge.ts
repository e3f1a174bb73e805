// Starts and stops the real `bandeja-dev-bridge` (real core + built UI on loopback).

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, "..", "..");

export const BRIDGE_BIN = process.env.BANDEJA_BRIDGE_BIN ?? "/var/cache/bandeja/target/debug/bandeja-dev-bridge";
export const UI_DIST = process.env.BANDEJA_UI_DIST ?? path.join(REPO_ROOT, "ui", "dist");

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

export interface BridgeOptions {
  /** Start with the demo workspace already open (`--demo`). */
  demo: boolean;
  /** Run the local webhook receiver, talk to this Graph API (the simulator), and allow `/_test/advance`. */
  graphUrl?: string;
  /** Reuse this data dir (a restart of the same desktop); it is then kept on stop. */
  dataDir?: string;
  /** Trust this CA for mail servers (the loopback test servers' CA). */
  mailCa?: string;
}

export interface Bridge {
  /** `http://127.0.0.1:PORT`, as the bridge printed it. */
  url: string;
  /** The local webhook receiver's URL, when started with `graphUrl`. */
  webhookUrl: string | null;
  dataDir: string;
  /** Everything the bridge wrote to stderr so far (its log). */
  log(): string;
  stop(): Promise<void>;
  /** `kill -9`: no shutdown at all, the data dir is kept. */
  kill(): Promise<void>;
}

/** A clear message when the binary or the built UI is missing. */
export function checkPrerequisites(): void {
  const problems: string[] = [];
  if (!existsSync(BRIDGE_BIN)) {
    problems.push(
      `bridge binary not found at ${BRIDGE_BIN} (set BANDEJA_BRIDGE_BIN, or build it: ` +
        "CARGO_TARGET_DIR=/var/cache/bandeja/target cargo build -p bandeja-api --bin bandeja-dev-bridge)",
    );
  }
  if (!existsSync(path.join(UI_DIST, "index.html"))) {
    problems.push(`built UI not found at ${UI_DIST} (set BANDEJA_UI_DIST, or build it: cd ui && npm ci && npm run build)`);
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off("exit", onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once("exit", onExit);
  });
}

/** Spawns a bridge on a fresh data dir and a free port; resolves once it listens. */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  checkPrerequisites();
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "bandeja-e2e-"));
  const args = ["--data-dir", dataDir, "--port", "0", "--ui", UI_DIST];
  if (options.demo) args.push("--demo");
  const env: NodeJS.ProcessEnv = { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "info", NO_COLOR: "1" };
  if (options.graphUrl !== undefined) {
    args.push("--webhooks-port", "0", "--test-clock");
    env.BANDEJA_GRAPH_URL = options.graphUrl;
    // secrets in the encrypted file of the test's data dir, never the machine's keychain
    env.BANDEJA_SECRETS = "file";
  }
  if (options.mailCa !== undefined) {
    env.BANDEJA_MAIL_CA = options.mailCa;
    env.BANDEJA_SECRETS = "file";
  }
  const child = spawn(BRIDGE_BIN, args, { stdio: ["ignore", "pipe", "pipe"], env });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr += chunk;
  });

  const cleanup = () => {
    if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
  };

  let url: string;
  let webhookUrl: string | null = null;
  try {
    url = await new Promise<string>((resolve, reject) => {
      let stdout = "";
      const timer = setTimeout(
        () => reject(new Error(`bridge did not print its URL within ${START_TIMEOUT_MS} ms\nstderr:\n${stderr}`)),
        START_TIMEOUT_MS,
      );
      child.stdout?.setEncoding("utf8");
      child.stdout?.on("data", (chunk: string) => {
        stdout += chunk;
        const hook = /webhooks on (http:\/\/\S+)/.exec(stdout);
        if (hook?.[1] !== undefined) webhookUrl = hook[1];
        const match = /listening on (http:\/\/\S+)/.exec(stdout);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1].replace(/\/$/, ""));
        }
      });
      child.once("error", (err) => {
        clearTimeout(timer);
        reject(new Error(`could not start ${BRIDGE_BIN}: ${err.message}`));
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`bridge exited early (code ${code}, signal ${signal})\nstderr:\n${stderr}`));
      });
    });
  } catch (err) {
    child.kill("SIGKILL");
    await waitForExit(child, STOP_TIMEOUT_MS);
    cleanup();
    throw err;
  }

  return {
    url,
    webhookUrl,
    dataDir,
    log: () => stderr,
    async stop() {
      // SIGINT is the bridge's clean shutdown (ctrl-c); SIGKILL if it hangs.
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGINT");
        if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
          child.kill("SIGKILL");
          await waitForExit(child, STOP_TIMEOUT_MS);
        }
      }
      cleanup();
    },
    async kill() {
      child.kill("SIGKILL");
      await waitForExit(child, STOP_TIMEOUT_MS);
    },
  };
}
