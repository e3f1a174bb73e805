// Real mail servers for the email flow: `tests/mail/mailserver.sh` starts
// Dovecot + Postfix on loopback (stopped when this process ends), and curl
// plays the customer's mail client (SMTP submission, IMAPS search).

import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO_ROOT } from "./bridge.ts";

const SCRIPT = path.join(REPO_ROOT, "tests", "mail", "mailserver.sh");

export interface MailServers {
  dir: string;
  base: number;
  imapsPort: number;
  submissionPort: number;
  ca: string;
  /** `user`@example.test sends `raw` (CRLF added) to `to` over submission. */
  send(user: string, to: string, raw: string): void;
  /** UIDs in `user`'s INBOX matching an IMAP SEARCH query. */
  search(user: string, query: string): number[];
  /** The raw message `uid` of `user`'s INBOX. */
  fetch(user: string, uid: number): string;
  stop(): void;
}

export function startMailServers(base: number): MailServers {
  const dir = path.join(tmpdir(), `bandeja-mail-e2e-${process.pid}-${base}`);
  const env = { ...process.env, BANDEJA_MAIL_BASE: String(base), BANDEJA_MAIL_DIR: dir, BANDEJA_MAIL_WATCH_PID: String(process.pid) };
  execFileSync("bash", [SCRIPT, "up"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const vars = Object.fromEntries(
    readFileSync(path.join(dir, "env"), "utf8")
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  ) as Record<string, string>;
  const port = (k: string) => Number((vars[k] ?? "").split(":").pop());
  const ca = vars.BANDEJA_MAIL_CA ?? "";
  const submissionPort = port("BANDEJA_MAIL_SUBMISSION");
  const imapsPort = port("BANDEJA_MAIL_IMAPS");
  const curl = (args: string[], input?: string) =>
    execFileSync("curl", ["-sS", "--cacert", ca, ...args], { input, encoding: "utf8" });
  return {
    dir,
    base,
    imapsPort,
    submissionPort,
    ca,
    send(user, to, raw) {
      curl(
        ["--url", `smtp://localhost:${submissionPort}`, "--ssl-reqd", "--user", `${user}@example.test:${user}-pw`,
          "--mail-from", `${user}@example.test`, "--mail-rcpt", to, "--upload-file", "-"],
        raw.replace(/\r?\n/g, "\r\n"),
      );
    },
    search(user, query) {
      const out = curl(["--url", `imaps://localhost:${imapsPort}/INBOX`, "--user", `${user}@example.test:${user}-pw`, "--request", `UID SEARCH ${query}`]);
      const m = /SEARCH([\d ]*)/.exec(out);
      return (m?.[1] ?? "").trim().split(/\s+/).filter(Boolean).map(Number);
    },
    fetch(user, uid) {
      return curl(["--url", `imaps://localhost:${imapsPort}/INBOX;UID=${uid}`, "--user", `${user}@example.test:${user}-pw`]);
    },
    stop() {
      execFileSync("bash", [SCRIPT, "down"], { env, stdio: "ignore" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
