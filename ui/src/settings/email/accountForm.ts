import type { TFunction } from "i18next";
import type { ApiError, EmailAccountInput, EmailOAuthInput, MailSecurity, MailServerDto, OAuthProviderDto } from "../../bindings";
import { DEFAULT_PORTS, PRESETS, isLocalHost, type PresetId } from "./presets";

export type Protocol = "imap" | "smtp";

/** A server as the form edits it (the port as typed). */
export interface ServerValues {
  host: string;
  port: string;
  security: MailSecurity;
}

export interface AccountFormValues {
  preset: PresetId;
  address: string;
  senderName: string;
  /** Follows the address until edited. */
  username: string;
  usernameEdited: boolean;
  password: string;
  imap: ServerValues;
  smtp: ServerValues;
  syncDays: string;
}

export type FieldKey =
  | "address"
  | "username"
  | "password"
  | "imap.host"
  | "imap.port"
  | "imap.security"
  | "smtp.host"
  | "smtp.port"
  | "smtp.security"
  | "syncDays";

export const DEFAULT_SYNC_DAYS = 30;

function serverValues(preset: PresetId, protocol: Protocol): ServerValues {
  const s = PRESETS[preset][protocol];
  return { host: s.host, port: String(s.port), security: s.security };
}

export function initialValues(preset: PresetId = "gmail"): AccountFormValues {
  return {
    preset,
    address: "",
    senderName: "",
    username: "",
    usernameEdited: false,
    password: "",
    imap: serverValues(preset, "imap"),
    smtp: serverValues(preset, "smtp"),
    syncDays: String(DEFAULT_SYNC_DAYS),
  };
}

/** Another provider: its servers replace the ones in the form; what the member typed stays. */
export function withPreset(values: AccountFormValues, preset: PresetId): AccountFormValues {
  return { ...values, preset, imap: serverValues(preset, "imap"), smtp: serverValues(preset, "smtp") };
}

export function withAddress(values: AccountFormValues, address: string): AccountFormValues {
  return { ...values, address, username: values.usernameEdited ? values.username : address };
}

/** A new security suggests its usual port, unless the member chose another one. */
export function withSecurity(values: AccountFormValues, protocol: Protocol, security: MailSecurity): AccountFormValues {
  const server = values[protocol];
  const usual = DEFAULT_PORTS[protocol][server.security];
  const port = server.port.trim() === "" || Number(server.port) === usual ? String(DEFAULT_PORTS[protocol][security]) : server.port;
  return { ...values, [protocol]: { ...server, security, port } };
}

function validAddress(address: string): boolean {
  const v = address.trim();
  const at = v.indexOf("@");
  return at > 0 && at === v.lastIndexOf("@") && at < v.length - 1 && !/\s/.test(v);
}

function parsePort(port: string): number | null {
  const v = port.trim();
  if (!/^\d{1,5}$/.test(v)) return null;
  const n = Number(v);
  return n >= 1 && n <= 65_535 ? n : null;
}

function parseDays(days: string): number | null {
  const v = days.trim();
  if (!/^\d{1,4}$/.test(v)) return null;
  const n = Number(v);
  return n >= 1 && n <= 3650 ? n : null;
}

/**
 * What is wrong with each field. Empty required fields count as problems for
 * `complete`, but are only worded once the member has left the field.
 */
export function problemsOf(values: AccountFormValues, t: TFunction): Partial<Record<FieldKey, string>> {
  const out: Partial<Record<FieldKey, string>> = {};
  if (!validAddress(values.address)) out.address = t("email.form.problems.address");
  if (values.password.length === 0) out.password = t("email.form.problems.password");
  for (const protocol of ["imap", "smtp"] as const) {
    const server = values[protocol];
    if (server.host.trim().length === 0 || /\s/.test(server.host.trim())) out[`${protocol}.host`] = t("email.form.problems.host");
    if (parsePort(server.port) === null) out[`${protocol}.port`] = t("email.form.problems.port");
    if (server.security === "none" && !isLocalHost(server.host)) out[`${protocol}.security`] = t("email.form.problems.plainRemote");
  }
  if (parseDays(values.syncDays) === null) out.syncDays = t("email.form.problems.syncDays");
  return out;
}

export function toInput(values: AccountFormValues): EmailAccountInput {
  const address = values.address.trim();
  return {
    address,
    sender_name: values.senderName.trim(),
    imap: serverDto(values.imap),
    smtp: serverDto(values.smtp),
    username: values.username.trim() || address,
    password: values.password,
    sync_days: parseDays(values.syncDays) ?? DEFAULT_SYNC_DAYS,
  };
}

/** The provider a preset signs in with (Gmail → Google), if any. */
export function oauthProviderOf(preset: PresetId): OAuthProviderDto | null {
  return preset === "gmail" ? "google" : preset === "microsoft" ? "microsoft" : null;
}

function serverDto(s: ServerValues): MailServerDto {
  return { host: s.host.trim(), port: parsePort(s.port) ?? 0, security: s.security };
}

function sameServer(a: MailServerDto, b: MailServerDto): boolean {
  return a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port && a.security === b.security;
}

/**
 * The servers a sign-in will use: the provider's, unless edited in the app
 * password fields (a tenant's own host); `null` for the provider's own.
 */
export function oauthServers(values: AccountFormValues): { imap: MailServerDto | null; smtp: MailServerDto | null } {
  const own = (protocol: Protocol) => {
    const server = serverDto(values[protocol]);
    return sameServer(server, PRESETS[values.preset][protocol]) ? null : server;
  };
  return { imap: own("imap"), smtp: own("smtp") };
}

/**
 * What keeps "Sign in with …" from starting: `identity` (the address or the
 * sender name), `other` (the first sync, or servers edited wrongly), or nothing.
 */
export function oauthMissing(values: AccountFormValues, t: TFunction): "identity" | "other" | null {
  if (!validAddress(values.address) || values.senderName.trim().length === 0) return "identity";
  if (parseDays(values.syncDays) === null) return "other";
  const problems = problemsOf(values, t);
  const { imap, smtp } = oauthServers(values);
  const wrong = (protocol: Protocol) =>
    (["host", "port", "security"] as const).some((part) => problems[`${protocol}.${part}`] !== undefined);
  if ((imap !== null && wrong("imap")) || (smtp !== null && wrong("smtp"))) return "other";
  return null;
}

export function toOAuthInput(values: AccountFormValues, provider: OAuthProviderDto): Omit<EmailOAuthInput, "open_browser"> {
  return {
    provider,
    address: values.address.trim(),
    sender_name: values.senderName.trim(),
    sync_days: parseDays(values.syncDays) ?? DEFAULT_SYNC_DAYS,
    ...oauthServers(values),
  };
}

/**
 * The field a `bad_input` refusal is about. The core words it ("enter the
 * full email address", "IMAP: enter the server's host name", or names the
 * field), so this matches on those words.
 */
export function fieldOfError(error: ApiError): FieldKey | null {
  if (error.code !== "bad_input") return null;
  const m = error.message.toLowerCase();
  const protocol: Protocol | null = /\bimap\b/.test(m) ? "imap" : /\bsmtp\b/.test(m) ? "smtp" : null;
  if (protocol !== null && /port/.test(m)) return `${protocol}.port`;
  if (protocol !== null) return `${protocol}.host`;
  if (/address/.test(m)) return "address";
  if (/password/.test(m)) return "password";
  if (/days|sync_days/.test(m)) return "syncDays";
  if (/user/.test(m)) return "username";
  return null;
}
