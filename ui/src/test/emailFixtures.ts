import type { ConversationDetail, EmailAccountDto, EmailContent, EmailHtmlDto, MessageDto } from "../bindings";
import { NOW, workspace } from "./fixtures";

const at = (daysAgo: number, h: number, m: number) => new Date(NOW.getFullYear(), NOW.getMonth(), NOW.getDate() - daysAgo, h, m).toISOString();

/** The mailbox of account 2 ("Soporte"). */
export const mailbox: EmailAccountDto = {
  account_id: 2,
  kind: "email_imap",
  address: "soporte@example.com",
  sender_name: "Soporte Ferretería",
  imap: { host: "imap.example.com", port: 993, security: "tls" },
  smtp: { host: "smtp.example.com", port: 587, security: "start_tls" },
  username: "soporte@example.com",
  status: "active",
  status_reason: null,
  sync_state: "idle",
  messages: 128,
  last_sync_at: at(0, 15, 20),
  signature_html: "<p><b>Soporte Ferretería</b><br>Calle Mayor 12</p>",
};

export const emailDetail: ConversationDetail = {
  summary: {
    id: 7,
    account_id: 2,
    channel: "email",
    contact_id: 20,
    contact_name: "Carlos Méndez",
    subject: "Presupuesto reforma baño",
    status: "open",
    priority: "normal",
    assignee_id: null,
    tag_ids: [],
    preview: "¿Incluye el adhesivo?",
    last_kind: "email",
    last_direction: "inbound",
    last_message_at: at(0, 10, 0),
    unread: 0,
    window_expires_at: null,
    snoozed_until: null,
    awaiting_since: null,
    sla: null,
  },
  contact: {
    id: 20,
    name: "Carlos Méndez",
    phone: null,
    email: "carlos@example.com",
    wa_id: null,
    tag_ids: [],
    custom_fields: [],
    other_conversations: [],
  },
  account: workspace.accounts[1] as ConversationDetail["account"],
};

export function emailContent(extra: Partial<EmailContent> = {}): { type: "email" } & EmailContent {
  return {
    type: "email",
    subject: "Re: Presupuesto reforma baño",
    from: { name: "Carlos Méndez", address: "carlos@example.com" },
    to: [{ name: "Soporte", address: "soporte@example.com" }],
    cc: [{ name: null, address: "obra@example.com" }],
    text: "Buenos días,\n\n¿el presupuesto incluye el adhesivo?\n\nGracias",
    quoted: "El 10 mar 2026, Soporte escribió:\n> Te adjunto el presupuesto.",
    has_html: false,
    attachments: [],
    ...extra,
  };
}

export function emailMessage(id: number, content: { type: "email" } & EmailContent, extra: Partial<MessageDto> = {}): MessageDto {
  return {
    id,
    conversation_id: 7,
    direction: "inbound",
    kind: "email",
    author_member_id: null,
    automated: false,
    sender: content.from?.name ?? "",
    text: content.text,
    created_at: at(0, 9, id),
    delivery: null,
    content,
    reactions: [],
    reply_to: null,
    forwarded: false,
    media: null,
    ...extra,
  };
}

export const emailThread: MessageDto[] = [
  emailMessage(31, emailContent({ subject: "Presupuesto reforma baño", quoted: "", cc: [], text: "Necesito presupuesto para 20 m² de azulejo." })),
  emailMessage(
    32,
    emailContent({ from: { name: "Soporte", address: "soporte@example.com" }, to: [{ name: "Carlos Méndez", address: "carlos@example.com" }], cc: [], quoted: "", text: "Te adjunto el presupuesto." }),
    { direction: "outbound", author_member_id: 1, sender: "Lucía Romero", delivery: { state: "sent" } },
  ),
  emailMessage(33, emailContent()),
];

export const newsletterHtml: EmailHtmlDto = {
  html: '<table><tr><td><img src="cid:logo@news" alt="Logo"><h1>Ofertas</h1><p>Hasta un 30 %</p></td></tr></table>',
  blocked_remote_images: 3,
  sender: "news@proveedor.example",
  inline: [{ content_id: "logo@news", index: 1 }],
};
