import type { MailSecurity, MailServerDto } from "../../bindings";

export type PresetId = "gmail" | "microsoft" | "other";
export const PRESET_IDS: readonly PresetId[] = ["gmail", "microsoft", "other"];

/** The servers each provider uses (IMAP to read, SMTP to send). */
export const PRESETS: Record<PresetId, { imap: MailServerDto; smtp: MailServerDto }> = {
  gmail: {
    imap: { host: "imap.gmail.com", port: 993, security: "tls" },
    smtp: { host: "smtp.gmail.com", port: 465, security: "tls" },
  },
  microsoft: {
    imap: { host: "outlook.office365.com", port: 993, security: "tls" },
    smtp: { host: "smtp.office365.com", port: 587, security: "start_tls" },
  },
  other: {
    imap: { host: "", port: 993, security: "tls" },
    smtp: { host: "", port: 587, security: "start_tls" },
  },
};

/** The usual port of each protocol and security (changing the security suggests it). */
export const DEFAULT_PORTS: Record<"imap" | "smtp", Record<MailSecurity, number>> = {
  imap: { tls: 993, start_tls: 143, none: 143 },
  smtp: { tls: 465, start_tls: 587, none: 25 },
};

/** Plain-text connections are offered only to a server on this computer. */
export function isLocalHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  return h === "localhost" || h === "127.0.0.1" || h === "::1" || h === "[::1]";
}
