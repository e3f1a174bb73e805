/**
 * DEV-ONLY: the email side of the in-memory mock (`mock.ts`): mailboxes,
 * connection tests, signatures, formatted (HTML) bodies with inline and
 * remote images, drafts and sending. Never part of the production bundle.
 */
import type {
  AccountDto,
  AccountKind,
  Api,
  EmailAccountDto,
  EmailAttachment,
  EmailContent,
  EmailHtmlDto,
  EmailPerson,
  MailCheck,
  MailServerDto,
  MessageContent,
  MessageDto,
  UiEvent,
} from "../bindings";
import { cleanRichText } from "../lib/richText";
import { fail } from "./types";

export type EmailMessageContent = { type: "email" } & EmailContent;

/** An email's content, for the mock's seed. */
export function mail(
  subject: string,
  from: EmailPerson,
  to: EmailPerson[],
  text: string,
  extra: Partial<EmailContent> = {},
): EmailMessageContent {
  return { type: "email", subject, from, to, cc: [], text, quoted: "", has_html: false, attachments: [], ...extra };
}

function svgUrl(svg: string): string {
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

export const LOGO = svgUrl(
  '<svg xmlns="http://www.w3.org/2000/svg" width="180" height="44"><rect width="44" height="44" rx="10" fill="#ea580c"/><path d="M14 30 L26 18 M24 14 a6 6 0 1 0 6 6" stroke="#fff" stroke-width="4" fill="none" stroke-linecap="round"/><text x="54" y="20" font-family="Arial" font-size="15" font-weight="700" fill="#1d2433">Ferretería Ríos</text><text x="54" y="36" font-family="Arial" font-size="11" fill="#5d6679">Desde 1987</text></svg>',
);

const SUPPLIER_LOGO = svgUrl(
  '<svg xmlns="http://www.w3.org/2000/svg" width="260" height="40"><rect width="260" height="40" fill="#0f766e"/><text x="14" y="26" font-family="Arial" font-size="17" font-weight="700" fill="#fff">DISTRIBUCIONES LEVANTE</text></svg>',
);

/** What a "remote" product photo looks like once loaded (the mock has no network). */
function remotePhoto(label: string, hue: number): string {
  return svgUrl(
    `<svg xmlns="http://www.w3.org/2000/svg" width="260" height="150"><rect width="260" height="150" fill="hsl(${hue} 55% 88%)"/><circle cx="130" cy="62" r="30" fill="hsl(${hue} 50% 55%)"/><text x="130" y="128" text-anchor="middle" font-family="Arial" font-size="14" fill="hsl(${hue} 45% 25%)">${label}</text></svg>`,
  );
}

const SIGNATURE = `<p><b>Lucía Romero</b><br>Ferretería Ríos · Calle Mayor 12, Madrid<br><a href="https://ferreteriarios.example">ferreteriarios.example</a> · 911 234 567</p><p><img src="${LOGO}" alt="Ferretería Ríos"></p>`;

function newsletterHtml(remote: boolean): string {
  const product = (name: string, price: string, hue: number) =>
    `<td style="padding:8px;text-align:center;width:50%">${remote ? `<img src="${remotePhoto(name, hue)}" alt="${name}" width="260">` : ""}<p style="font-weight:bold;margin:6px 0 2px">${name}</p><p style="color:#0f766e;font-size:18px;margin:0">${price}</p></td>`;
  return `<table style="width:100%;max-width:600px;border-collapse:collapse;font-family:Arial,sans-serif"><tr><td style="padding:0"><img src="cid:logo-levante@dl" alt="Distribuciones Levante"></td></tr><tr><td style="padding:18px 0 6px"><h2 style="margin:0;color:#0f766e">Novedades de primavera</h2><p style="color:#5d6679">Hasta un <b>30 %</b> en herramienta eléctrica profesional para tu tienda, solo hasta el 31 de marzo.</p></td></tr><tr><td><table style="width:100%"><tr>${product("Taladro percutor 18 V", "89,90 €", 28)}${product("Amoladora 125 mm", "54,50 €", 200)}</tr></table></td></tr><tr><td style="padding:14px 0"><a href="https://levante.example/ofertas" style="display:inline-block;background:#0f766e;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">Ver todas las ofertas</a></td></tr><tr><td style="font-size:12px;color:#8a93a5;border-top:1px solid #e4e7ec;padding-top:10px">Recibes este correo como cliente profesional. <a href="https://levante.example/baja">Darse de baja</a></td></tr></table>`;
}

/** What the mock needs from the rest of the mock. */
export interface MockEmailHost {
  isDemo(): boolean;
  findMessage(id: number): { conversationId: number; subject: string | null; m: MessageDto };
  /** Stores an outgoing email in its conversation and announces it. */
  addOutbound(conversationId: number, content: MessageContent): MessageDto;
  emit(event: UiEvent): void;
}

export const NOT_EMAIL = Symbol("not an email command");

const OK: MailCheck = { ok: true, failed_step: null, message: null };

const PRESET_SERVERS = {
  google: { imap: { host: "imap.gmail.com", port: 993, security: "tls" }, smtp: { host: "smtp.gmail.com", port: 465, security: "tls" } },
  microsoft: { imap: { host: "outlook.office365.com", port: 993, security: "tls" }, smtp: { host: "smtp.office365.com", port: 587, security: "start_tls" } },
} as const satisfies Record<string, { imap: MailServerDto; smtp: MailServerDto }>;

export class MockEmail {
  private mailboxes: EmailAccountDto[] = [];
  private connected: AccountDto[] = [];
  private html = new Map<number, { sender: string; inline: EmailHtmlDto["inline"] }>();
  /** What the composer sent with formatting, by message. */
  private composed = new Map<number, string>();
  private allowed = new Set<string>();
  /** Sign-ins started and not finished yet. */
  private flows = new Map<string, Api["start_email_oauth"]["input"]>();
  private nextFlow = 1;

  constructor(private readonly host: MockEmailHost) {}

  reset(demo: boolean, now: number): void {
    this.html.clear();
    this.composed.clear();
    this.connected = [];
    this.mailboxes = demo
      ? [
          {
            account_id: 3, kind: "email_gmail", address: "hola@ferreteriarios.es", sender_name: "Ferretería Ríos",
            imap: { host: "imap.gmail.com", port: 993, security: "tls" }, smtp: { host: "smtp.gmail.com", port: 465, security: "tls" },
            username: "hola@ferreteriarios.es", status: "active", status_reason: null, sync_state: "idle", messages: 1284,
            last_sync_at: new Date(now - 2 * 60_000).toISOString(), signature_html: SIGNATURE,
          },
          {
            account_id: 4, kind: "email_imap", address: "soporte@ferreteriarios.es", sender_name: "Soporte Ferretería Ríos",
            imap: { host: "mail.ferreteriarios.es", port: 993, security: "tls" }, smtp: { host: "mail.ferreteriarios.es", port: 587, security: "start_tls" },
            username: "soporte", status: "error", status_reason: "IMAP login rejected (AUTHENTICATIONFAILED)", sync_state: "offline", messages: 312,
            last_sync_at: new Date(now - 26 * 3_600_000).toISOString(), signature_html: "",
          },
        ]
      : [];
  }

  /** Mailboxes connected outside the demo (the workspace's accounts). */
  accounts(): AccountDto[] {
    return this.connected;
  }

  /** The newsletter's formatted body, with its logo as inline part 1. */
  registerNewsletter(messageId: number): void {
    this.html.set(messageId, { sender: "boletin@levante.example", inline: [{ content_id: "logo-levante@dl", index: 1 }] });
  }

  attachmentUrl(messageId: number, index: number): string | null {
    return this.html.has(messageId) && index === 1 ? SUPPLIER_LOGO : null;
  }

  handle(cmd: keyof Api, input: unknown): unknown {
    switch (cmd) {
      case "list_email_accounts":
        return { accounts: this.mailboxes };
      case "get_email_account":
        return this.mailbox((input as Api["get_email_account"]["input"]).account_id);
      case "test_email_account":
        return this.test(input as Api["test_email_account"]["input"]);
      case "connect_email_account":
        return this.connect(input as Api["connect_email_account"]["input"]);
      case "start_email_oauth":
        return this.startOAuth(input as Api["start_email_oauth"]["input"]);
      case "finish_email_oauth":
        return this.finishOAuth(input as Api["finish_email_oauth"]["input"]);
      case "reconnect_email_account":
        return this.reconnect(input as Api["reconnect_email_account"]["input"]);
      case "set_email_signature": {
        const q = input as Api["set_email_signature"]["input"];
        const box = this.mailbox(q.account_id);
        box.signature_html = cleanRichText(q.html);
        return box;
      }
      case "get_email_html":
        return this.body(input as Api["get_email_html"]["input"]);
      case "allow_remote_images":
        this.allowed.add((input as Api["allow_remote_images"]["input"]).sender);
        return null;
      case "email_draft":
        return this.draft(input as Api["email_draft"]["input"]);
      case "send_email":
        return this.send(input as Api["send_email"]["input"]);
      default:
        return NOT_EMAIL;
    }
  }

  private mailbox(id: number): EmailAccountDto {
    const box = this.mailboxes.find((m) => m.account_id === id);
    if (box === undefined) fail({ code: "not_found", message: "no such email account" });
    return box;
  }

  /** Plays a few failures: a wrong password, an unknown host, TLS on the STARTTLS port. */
  private test(q: Api["test_email_account"]["input"]): Api["test_email_account"]["output"] {
    const check = (server: typeof q.imap, smtp: boolean): MailCheck => {
      if (/invalid|\.invalid$|^example\.com$/.test(server.host)) return { ok: false, failed_step: "dns", message: `failed to lookup address information: Name or service not known (${server.host})` };
      if (server.security === "tls" && (server.port === 587 || server.port === 143)) return { ok: false, failed_step: "tls", message: "received corrupt message of type InvalidContentType" };
      if (q.password === "wrong") {
        return smtp
          ? { ok: false, failed_step: "auth", message: "535-5.7.8 Username and Password not accepted. For more information, go to https://support.google.com/mail/?p=BadCredentials" }
          : { ok: false, failed_step: "auth", message: "[AUTHENTICATIONFAILED] Invalid credentials (Failure)" };
      }
      return OK;
    };
    const imap = check(q.imap, false);
    const smtp = check(q.smtp, true);
    return { ok: imap.ok && smtp.ok, imap, smtp };
  }

  private connect(q: Api["connect_email_account"]["input"]): Api["connect_email_account"]["output"] {
    if (this.host.isDemo()) fail({ code: "bad_input", message: "leave the demo to connect your own mailbox" });
    const probe = this.test(q);
    if (!probe.ok) fail({ code: "email_refused", message: probe.imap.ok ? `SMTP: ${probe.smtp.message ?? ""}` : `IMAP: ${probe.imap.message ?? ""}` });
    this.refuseDuplicate(q.address);
    return this.add("email_imap", q);
  }

  private refuseDuplicate(address: string): void {
    if (this.mailboxes.some((m) => m.address.toLowerCase() === address.toLowerCase())) {
      fail({ code: "email_duplicate", message: `${address} is already connected in this workspace` });
    }
  }

  /** A new mailbox that connects, fetches its first mail and then waits for more. */
  private add(kind: AccountKind, q: Pick<EmailAccountDto, "address" | "sender_name" | "imap" | "smtp" | "username">): EmailAccountDto {
    const id = 100 + this.mailboxes.length;
    const box: EmailAccountDto = {
      account_id: id, kind, address: q.address, sender_name: q.sender_name, imap: q.imap, smtp: q.smtp,
      username: q.username, status: "active", status_reason: null, sync_state: "connecting", messages: 0, last_sync_at: null, signature_html: "",
    };
    this.mailboxes.push(box);
    this.connected.push({ id, name: q.sender_name || q.address, kind, channel: "email", address: q.address, status: { state: "active" }, brand_id: null });
    return this.restart(box);
  }

  /** The mailbox active again and syncing: connecting → syncing (mail arriving) → idle. */
  private restart(box: EmailAccountDto): EmailAccountDto {
    box.status = "active";
    box.status_reason = null;
    box.sync_state = "connecting";
    const step = (ms: number, change: () => void) =>
      setTimeout(() => {
        change();
        this.host.emit({ type: "list_changed" });
      }, ms);
    step(2_000, () => (box.sync_state = "syncing"));
    for (let i = 1; i <= 4; i += 1) step(2_000 + i * 1_500, () => (box.messages += 37 * i));
    step(9_000, () => {
      box.sync_state = "idle";
      box.last_sync_at = new Date().toISOString();
    });
    this.host.emit({ type: "workspace_changed" });
    return { ...box };
  }

  /** A workspace account with its mailbox's current status (the demo's Soporte, once reconnected). */
  withStatus(account: AccountDto): AccountDto {
    const box = this.mailboxes.find((m) => m.account_id === account.id);
    if (box === undefined) return account;
    const status: AccountDto["status"] =
      box.status === "error" ? { state: "error", reason: box.status_reason ?? "" } : box.status === "paused" ? { state: "paused" } : { state: "active" };
    return { ...account, status };
  }

  /**
   * A new password for a mailbox whose login was refused, played like the
   * core: both servers must take it (`wrong` is refused), then it syncs again.
   */
  private reconnect(q: Api["reconnect_email_account"]["input"]): EmailAccountDto {
    const box = this.mailbox(q.account_id);
    if (box.kind !== "email_imap") fail({ code: "bad_input", message: "this mailbox signs in with its provider: sign in again" });
    if (q.password.length === 0) fail({ code: "bad_input", message: "enter the password" });
    const probe = this.test({ ...box, password: q.password, sync_days: null });
    if (!probe.ok) fail({ code: "email_refused", message: probe.imap.ok ? `SMTP: ${probe.smtp.message ?? ""}` : `IMAP: ${probe.imap.message ?? ""}` });
    return this.restart(box);
  }

  /**
   * Sign in with Google / Microsoft, played: an address starting with
   * `nooauth` gets `oauth_unavailable` (a build without a client id),
   * `denied` an `oauth_failed` after the "browser"; others connect after ~1 s.
   */
  private startOAuth(q: Api["start_email_oauth"]["input"]): Api["start_email_oauth"]["output"] {
    if (this.host.isDemo()) fail({ code: "bad_input", message: "leave the demo to connect your own mailbox" });
    const name = q.provider === "google" ? "Google" : "Microsoft";
    if (/^nooauth/i.test(q.address)) fail({ code: "oauth_unavailable", message: `${name} sign-in isn't configured in this build (no client id)` });
    const flowId = `mock-flow-${this.nextFlow++}`;
    this.flows.set(flowId, q);
    return { flow_id: flowId, url: `https://login.mock.invalid/${q.provider}/authorize?flow=${flowId}&login_hint=${encodeURIComponent(q.address)}` };
  }

  private async finishOAuth(q: Api["finish_email_oauth"]["input"]): Promise<EmailAccountDto> {
    const flow = this.flows.get(q.flow_id);
    if (flow === undefined) fail({ code: "oauth_failed", message: "this sign-in was not started or has expired" });
    this.flows.delete(q.flow_id);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    if (/^denied/i.test(flow.address)) fail({ code: "oauth_failed", message: "access_denied: the user declined the permissions" });
    // the same address again (signing in again after a refused refresh) updates that mailbox, as the core does
    const known = this.mailboxes.find((m) => m.address.toLowerCase() === flow.address.toLowerCase());
    if (known !== undefined) return this.restart(known);
    const servers = flow.provider === "google" ? PRESET_SERVERS.google : PRESET_SERVERS.microsoft;
    return this.add(flow.provider === "google" ? "email_gmail" : "email_microsoft", {
      address: flow.address,
      sender_name: flow.sender_name,
      imap: flow.imap ?? servers.imap,
      smtp: flow.smtp ?? servers.smtp,
      username: flow.address,
    });
  }

  private body(q: Api["get_email_html"]["input"]): EmailHtmlDto {
    const { m } = this.host.findMessage(q.message_id);
    const composed = this.composed.get(q.message_id);
    if (composed !== undefined) return { html: composed, blocked_remote_images: 0, sender: "", inline: [] };
    const known = this.html.get(q.message_id);
    if (known === undefined || m.content.type !== "email") {
      const text = m.content.type === "email" ? m.content.text : "";
      const html = `<div>${text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\n/g, "<br>")}</div>`;
      return { html, blocked_remote_images: 0, sender: "", inline: [] };
    }
    const remote = q.load_remote || this.allowed.has(known.sender);
    return { html: newsletterHtml(remote), blocked_remote_images: remote ? 0 : 2, sender: known.sender, inline: known.inline };
  }

  private draft(q: Api["email_draft"]["input"]): Api["email_draft"]["output"] {
    const { subject, m } = this.host.findMessage(q.message_id);
    if (m.content.type !== "email") fail({ code: "bad_input", message: "not an email" });
    const c = m.content;
    const base = (c.subject || subject || "").replace(/^((re|fwd?|rv)\s*:\s*)+/i, "");
    const ours = new Set(this.mailboxes.map((b) => b.address.toLowerCase()));
    const theirs = (people: EmailPerson[]) => people.map((p) => p.address).filter((a) => !ours.has(a.toLowerCase()));
    const from = c.from === null ? [] : [c.from.address];
    const to = m.direction === "outbound" ? c.to.map((p) => p.address) : from;
    if (q.answer === "forward") return { to: [], cc: [], subject: `Fwd: ${base}` };
    if (q.answer === "reply") return { to, cc: [], subject: `Re: ${base}` };
    const cc = [...theirs(c.to), ...theirs(c.cc)].filter((a) => !to.includes(a));
    return { to, cc, subject: `Re: ${base}` };
  }

  private send(q: Api["send_email"]["input"]): Api["send_email"]["output"] {
    if (q.to.length === 0) fail({ code: "bad_input", message: "add at least one recipient" });
    if (q.text.trim().length === 0 && q.attachments.length === 0) fail({ code: "bad_input", message: "write something or attach a file" });
    const parentId = q.message_id;
    if (parentId === null) fail({ code: "bad_input", message: "nothing to answer" });
    const { subject, m } = this.host.findMessage(parentId);
    const draft = this.draft({ message_id: parentId, answer: q.answer });
    const c = m.content.type === "email" ? m.content : null;
    const conversationAccount = this.mailboxes.find((b) => c?.to.some((p) => p.address === b.address) || c?.from?.address === b.address) ?? this.mailboxes[0];
    const person = (address: string): EmailPerson => ({ name: null, address });
    const quoted = c === null ? "" : `${c.from?.name ?? c.from?.address ?? ""} escribió:\n${c.text.split("\n").map((l) => `> ${l}`).join("\n")}`;
    const attachments: EmailAttachment[] = q.attachments.map((f, index) => ({
      index, name: f.filename, mime: f.mime, size: Math.floor((f.data_base64.length * 3) / 4), inline: false,
    }));
    const text = q.signature && conversationAccount !== undefined && conversationAccount.signature_html.length > 0 ? `${q.text}\n\n-- \n${conversationAccount.sender_name}` : q.text;
    const content = mail(draft.subject || subject || "", { name: conversationAccount?.sender_name ?? null, address: conversationAccount?.address ?? "" }, q.to.map(person), text, {
      cc: q.cc.map(person),
      quoted,
      attachments,
      has_html: q.html !== null,
    });
    const message = this.host.addOutbound(q.conversation_id, content);
    if (q.html !== null) {
      const signature = q.signature && conversationAccount !== undefined ? conversationAccount.signature_html : "";
      this.composed.set(message.id, `${cleanRichText(q.html)}${signature.length > 0 ? `<p>-- </p>${signature}` : ""}`);
    }
    return { id: message.id };
  }
}
