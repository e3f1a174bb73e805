import type {
  Api,
  BrandDetail,
  AutomationDto,
  ReportDto,
  SavedViewDto,
  TagEventDto,
  TemplateDto,
  UsageDto,
  ConnectionDto,
  TeamDto,
  RelayDto,
  ConversationDetail,
  MessageContent,
  MessageDto,
  MessageKind,
  UiEvent,
  WaTemplateDto,
  WorkspaceDto,
} from "../bindings";
import { fail, type Backend } from "../backend/types";

export const NOW = new Date(2026, 2, 11, 15, 30);
const at = (daysAgo: number, h: number, m: number) => new Date(2026, 2, 11 - daysAgo, h, m).toISOString();

export const workspace: WorkspaceDto = {
  id: 1,
  name: "Ferretería Ríos",
  is_demo: true,
  now: "2026-03-11T12:00:00.000Z",
  me: { id: 1, name: "Lucía Romero", email: "lucia@example.com", role: "owner", availability: "online", capacity: null, color: "#4f46e5" },
  members: [
    { id: 1, name: "Lucía Romero", email: "lucia@example.com", role: "owner", availability: "online", capacity: null, color: "#4f46e5" },
    { id: 2, name: "Diego Fernández", email: "diego@example.com", role: "agent", availability: "away", capacity: 10, color: "#0891b2" },
  ],
  accounts: [
    { id: 1, name: "Tienda Centro", kind: "whatsapp_cloud", channel: "whatsapp", address: "+34 611 222 333", status: { state: "active" }, brand_id: null },
    { id: 2, name: "Soporte", kind: "email_imap", channel: "email", address: "soporte@example.com", status: { state: "error", reason: "IMAP login rejected" }, brand_id: null },
  ],
  tags: [
    { id: 1, name: "VIP", description: "Best customers", color: "#d97706" },
    { id: 2, name: "Pedido", description: "Order", color: "#2563eb" },
  ],
  brands: [],
};

export const detail: ConversationDetail = {
  summary: {
    id: 1,
    account_id: 1,
    channel: "whatsapp",
    contact_id: 10,
    contact_name: "María José Pérez",
    subject: null,
    status: "open",
    priority: "high",
    assignee_id: 2,
    tag_ids: [1, 2],
    preview: "¡Genial!",
    last_kind: "text",
    last_direction: "inbound",
    last_message_at: at(0, 15, 0),
    unread: 2,
    window_expires_at: new Date(NOW.getTime() + 5 * 3600_000 + 10 * 60_000).toISOString(),
    snoozed_until: null,
    awaiting_since: null,
    sla: null,
  },
  contact: {
    id: 10,
    name: "María José Pérez",
    phone: "+34 600 123 456",
    email: "mj@example.com",
    wa_id: "34600123456",
    tag_ids: [1],
    custom_fields: [{ key: "Nº cliente", value: "C-4821" }],
    other_conversations: [{ id: 4, subject: "Factura de marzo", status: "resolved", last_message_at: at(12, 11, 0) }],
  },
  account: workspace.accounts[0] as ConversationDetail["account"],
};

let nextId = 1;
function msg(
  kind: MessageKind,
  content: MessageContent,
  extra: Partial<MessageDto> = {},
  when: string = at(0, 9, nextId),
): MessageDto {
  const direction = extra.direction ?? "inbound";
  return {
    id: nextId++,
    conversation_id: 1,
    direction,
    kind,
    author_member_id: direction === "outbound" ? 1 : null,
    automated: false,
    sender: direction === "outbound" ? "Lucía Romero" : "María José Pérez",
    text: content.type === "text" ? content.body : null,
    created_at: when,
    delivery: null,
    content,
    reactions: [],
    reply_to: null,
    forwarded: false,
    media: null,
    ...extra,
  };
}

/** One message of every kind, across two days, oldest first. */
export const everyKind: MessageDto[] = [
  msg("text", { type: "text", body: "Hola *taladro* _rápido_ ~caro~ ```PSB 500```\nsegunda línea <b>no html</b>" }, { reactions: [{ emoji: "👍", from_contact: false, member_id: 1 }, { emoji: "👍", from_contact: true, member_id: null }] }, at(1, 10, 0)),
  msg("image", { type: "media", caption: "¿Es *este*?", mime: "image/jpeg", filename: null, size: 1_284_000, duration_secs: null }, {}, at(1, 10, 5)),
  msg("video", { type: "media", caption: null, mime: "video/mp4", filename: null, size: 5_872_025, duration_secs: 23 }, { forwarded: true }, at(1, 10, 6)),
  msg("audio", { type: "media", caption: null, mime: "audio/mpeg", filename: "instrucciones.mp3", size: 812_000, duration_secs: 95 }),
  msg("voice", { type: "media", caption: null, mime: "audio/ogg", filename: null, size: 23_400, duration_secs: 14 }),
  msg("document", { type: "media", caption: null, mime: "application/pdf", filename: "ficha.pdf", size: 245_678, duration_secs: null }, { direction: "outbound", delivery: { state: "read" } }),
  msg("sticker", { type: "media", caption: null, mime: "image/webp", filename: null, size: 18_200, duration_secs: null }),
  msg("location", { type: "location", latitude: 40.41678, longitude: -3.70379, name: "Plaza Mayor", address: "Calle Mayor 12, Madrid" }),
  msg("contacts", { type: "contacts", contacts: [{ name: "Jorge Pérez", phones: ["+34 600 111 222"], emails: ["jorge@example.com"] }] }),
  msg("interactive", { type: "interactive", reply_id: "slot_2", title: "Mañana 10:00–12:00", description: "Recogida en tienda" }),
  msg("button", { type: "button", payload: "CONFIRM", text: "Confirmar recogida" }),
  msg("reaction", { type: "reaction", target_provider_id: "wamid.X", emoji: "❤️" }),
  msg("template", { type: "template", name: "pedido_listo", language: "es", body: "Tu pedido *#4821* está listo" }, { direction: "outbound", delivery: { state: "delivered" } }),
  msg("unsupported", { type: "unsupported", reason: "poll messages are not supported" }),
  msg("note", { type: "note", body: "Clienta VIP: ofrecer 10 %" }, { direction: "outbound", author_member_id: 2, sender: "Diego Fernández" }),
  msg("text", { type: "text", body: "Sí, ese mismo" }, { direction: "outbound", delivery: { state: "sent" }, reply_to: { message_id: 2, preview: "¿Es este?" } }),
  msg("text", { type: "text", body: "Mensaje en cola" }, { direction: "outbound", delivery: { state: "pending" } }),
  msg("text", { type: "text", body: "Fuera de ventana" }, { direction: "outbound", delivery: { state: "failed", code: 131047, title: "Re-engagement message" } }),
];

/** WhatsApp templates of account 1: two approved, one in review, one approved but needing an image header. */
export const waTemplates: WaTemplateDto[] = [
  {
    id: 11, account_id: 1, name: "pedido_listo", language: "es", category: "UTILITY", status: "APPROVED", reason: null, quality: "GREEN",
    header: null, body: "Hola {{1}}, tu pedido {{2}} está listo para recoger.", footer: null, buttons: [], param_names: ["1", "2"], media_header: null, param_count: 2, updated_at: at(3, 9, 0),
  },
  {
    id: 12, account_id: 1, name: "seguimiento", language: "es", category: "MARKETING", status: "APPROVED", reason: null, quality: null,
    header: null, body: "¿Pudiste revisar el presupuesto {{1}}?", footer: null, buttons: ["Sí", "No"], param_names: ["1"], media_header: null, param_count: 1, updated_at: at(3, 9, 0),
  },
  {
    id: 13, account_id: 1, name: "oferta_verano", language: "es", category: "MARKETING", status: "PENDING", reason: null, quality: null,
    header: null, body: "¡Rebajas de verano!", footer: null, buttons: [], param_names: [], media_header: null, param_count: 0, updated_at: at(1, 9, 0),
  },
  {
    id: 14, account_id: 1, name: "catalogo_foto", language: "es", category: "MARKETING", status: "APPROVED", reason: null, quality: null,
    header: "image", body: "Mira nuestro catálogo", footer: null, buttons: [], param_names: [], media_header: "IMAGE", param_count: 0, updated_at: at(1, 9, 0),
  },
];

/** The workspace's members with their accounts: Lucía (owner, me) sees both, Diego only WhatsApp. */
export const team: TeamDto = {
  can_manage: true,
  members: [
    { member: workspace.members[0] as TeamDto["members"][number]["member"], account_ids: [1, 2], is_me: true },
    { member: workspace.members[1] as TeamDto["members"][number]["member"], account_ids: [1], is_me: false },
  ],
};

/** One brand, "Ferretería Ríos" (Spain): Lucía and Diego, the WhatsApp number. */
export const brands: BrandDetail[] = [
  { brand: { id: 1, name: "Ferretería Ríos", country: "ES" }, member_ids: [1, 2], account_ids: [1] },
];

/** Account 1's rules: weekdays 09:00–18:00 in Madrid, closed on 6 January, a rotation step. */
export const automation: AutomationDto = {
  account_id: 1,
  hours: {
    timezone: "Europe/Madrid",
    openings: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "09:00", closes: "18:00" })),
    holidays: [{ date: "2027-01-06", spans: [] }],
  },
  assignment: [{ rule: { type: "rotation" }, fallback: { type: "next" } }],
  auto_reply: { enabled: false, outside_hours: null, first_contact: null, always: null, period_hours: 24 },
  reminder: { enabled: false, template_id: null, params: [] },
  auto_close: false,
  sla: { enabled: false, first_response_minutes: null, next_response_minutes: null, warn_minutes: 15 },
  open_now: true,
  next_open: "2026-03-11T12:00:00.000Z",
};

/** The business's own templates: one shared reply with a quote number, one of account 1, one opener. */
export const replyTemplates: TemplateDto[] = [
  { id: 21, account_id: null, name: "Presupuesto listo", content: "Hola {{customer_name}}, tu presupuesto {{quote_number}} está listo.", template_type: "reply", tag_ids: [2], variables: ["customer_name", "quote_number"] },
  { id: 22, account_id: 1, name: "Horario", content: "Abrimos de 9:00 a 14:00, {{customer_name}}.", template_type: "reply", tag_ids: [], variables: ["customer_name"] },
  { id: 23, account_id: 1, name: "Bienvenida", content: "Hola {{customer_name}}, soy {{user_name}}.", template_type: "start", tag_ids: [1], variables: ["customer_name", "user_name"] },
];

/** The member's saved views. */
export const savedViews: SavedViewDto[] = [
  { id: 1, name: "VIP de WhatsApp", query: { view: "all_open", account_id: null, channel: "whatsapp", tag_id: 1, assignee_id: null, window: null, text: null, cursor: null, limit: 50 } },
];

export const tagHistory: TagEventDto[] = [
  { tag_id: 1, tag_name: "VIP", added: true, member_id: 2, at: at(2, 10, 0) },
  { tag_id: 9, tag_name: "Antigua", added: false, member_id: 1, at: at(1, 11, 0) },
];

const figures = (conversations: number, resolved: number, first: number | null, resolution: number | null) => ({
  conversations,
  resolved,
  first_response: { count: first === null ? 0 : conversations, median_secs: first, mean_secs: first },
  resolution: { count: resolution === null ? 0 : resolved, median_secs: resolution, mean_secs: resolution },
});

/** A month of figures: 12 conversations, 8 resolved, medians of 12 min and 3 h 20 min. */
export const report: ReportDto = {
  total: figures(12, 8, 720, 12_000),
  by_channel: [
    { channel: "email", figures: figures(4, 2, 3600, 90_000) },
    { channel: "whatsapp", figures: figures(8, 6, 300, 7200) },
  ],
  by_member: [
    { member_id: null, figures: figures(3, 0, null, null) },
    { member_id: 1, figures: figures(6, 5, 600, 10_000) },
    { member_id: 2, figures: figures(3, 3, 1500, 93_600) },
  ],
  by_tag: [
    { tag_id: 1, figures: figures(5, 4, 240, 4000) },
    { tag_id: 2, figures: figures(2, 1, 900, null) },
  ],
};

export const usage: UsageDto = {
  conversations_this_month: 420,
  plan_limit: 500,
  numbers: [{ account_id: 1, business_initiated_24h: 180, tier_limit: 250 }],
};

export type Calls = { cmd: keyof Api; input: unknown }[];

const connection: ConnectionDto = {
  account_id: 1,
  app_id: "app-1",
  waba_id: "waba-1",
  phone_number_id: "pn-1",
  verify_token: "verify",
  callback_url: null,
  connected_here: true,
  secrets_backend: "the system keychain", last_event_at: null,
};

export const noRelay: RelayDto = {
  state: "not_enrolled",
  url: null,
  device_id: null,
  last_error: null,
  long_polling: false,
  last_event_at: null,
  last_acked_seq: 0,
  meta_callback_url: null,
  meta_verify_token: null,
  backlog: null,
  rejected: 0,
  secrets_backend: "the system keychain",
};

/** A fake Backend answering from fixtures; records every call. */
export function fakeBackend(overrides: Partial<{ [K in keyof Api]: (input: Api[K]["input"]) => Api[K]["output"] }> = {}) {
  const calls: Calls = [];
  const listeners = new Set<(e: UiEvent) => void>();
  // Partial: a command the core gained since (bindings regenerated) answers not_available
  const defaults: Partial<{ [K in keyof Api]: (input: Api[K]["input"]) => Api[K]["output"] }> = {
    get_workspace: () => workspace,
    open_demo_workspace: () => workspace,
    close_demo_workspace: () => ({ ...workspace, is_demo: false, accounts: [] }),
    list_conversations: () => ({ items: [detail.summary], next_cursor: null }),
    get_conversation: () => detail,
    list_messages: () => ({ items: everyKind, next_before: null }),
    mark_read: () => null,
    counts: () => ({ all_open: 1, mine: 0, unassigned: 0, snoozed: 0, resolved: 0, unread_by_account: [{ account_id: 1, unread: 2 }], open_by_tag: [{ tag_id: 1, count: 1 }] }),
    search: () => ({ hits: [] }),
    get_settings: () => ({ locale: null }),
    set_locale: (input) => ({ locale: input.locale }),
    send_message: () => ({ id: 999 }),
    send_template: () => ({ id: 1000 }),
    send_media: () => ({ id: 1001 }),
    react: () => null,
    retry_message: () => null,
    retry_media: () => null,
    list_wa_templates: () => ({ items: waTemplates, synced_at: at(0, 8, 0), business_initiated_24h: 0, messaging_limit: null }),
    sync_wa_templates: () => ({ items: waTemplates, synced_at: at(0, 8, 0), business_initiated_24h: 0, messaging_limit: null }),
    check_wa_template: () => ({ problems: [], preview: "" }),
    submit_wa_template: () => ({ items: waTemplates, synced_at: at(0, 8, 0), business_initiated_24h: 0, messaging_limit: null }),
    test_whatsapp: () => ({ id: "1234", display_phone_number: "+34 611 222 333", verified_name: "Tienda Centro", quality_rating: "GREEN", messaging_limit_tier: "TIER_1K", code_verification_status: "VERIFIED", name_status: "APPROVED", status: "CONNECTED" }),
    connect_whatsapp: () => connection,
    reconnect_whatsapp: () => connection,
    get_connection: () => connection,
    get_business_profile: () => ({ about: null, address: null, description: null, email: null, websites: [], vertical: null, profile_picture_url: null }),
    update_business_profile: (input) => input.profile,
    list_phone_numbers: () => ({ items: [] }),
    get_relay: () => noRelay,
    enroll_relay: (input) => ({ ...noRelay, state: "connecting", url: input.url, device_id: "dev_1" }),
    reconnect_relay: () => ({ ...noRelay, state: "connecting", url: "https://relay.example", device_id: "dev_1" }),
    forget_relay: () => noRelay,
    test_email_account: () => ({ ok: true, imap: { ok: true, failed_step: null, message: null }, smtp: { ok: true, failed_step: null, message: null } }),
    connect_email_account: () => fail({ code: "not_available", message: "no email in this test" }),
    start_email_oauth: () => fail({ code: "oauth_unavailable", message: "no sign-in in this test" }),
    finish_email_oauth: () => fail({ code: "oauth_unavailable", message: "no sign-in in this test" }),
    list_email_accounts: () => ({ accounts: [] }),
    get_email_account: () => fail({ code: "not_found", message: "no such email account" }),
    set_email_signature: () => fail({ code: "not_available", message: "no email in this test" }),
    reconnect_email_account: () => fail({ code: "not_available", message: "no email in this test" }),
    get_email_html: () => ({ html: "", blocked_remote_images: 0, sender: "", inline: [] }),
    allow_remote_images: () => null,
    email_draft: () => ({ to: [], cc: [], subject: "" }),
    send_email: () => ({ id: 1002 }),
    list_team: () => team,
    save_member: () => team,
    delete_member: () => team,
    set_availability: () => null,
    get_automation: (input) => ({ ...automation, account_id: input.account_id }),
    set_automation: (input) => input,
    assign_conversation: () => null,
    set_status: () => null,
    set_priority: () => null,
    get_report: () => report,
    create_tag: (input) => ({ id: 50, ...input }),
    update_tag: () => null,
    delete_tag: () => null,
    tag_conversation: () => null,
    tag_history: () => tagHistory,
    list_views: () => savedViews,
    save_view: (input) => [...savedViews.filter((v) => v.id !== input.id), { ...input, id: input.id ?? 2 }],
    delete_view: (input) => savedViews.filter((v) => v.id !== input.view_id),
    list_templates: () => replyTemplates,
    save_template: (input) => ({ ...input, id: input.id === 0 ? 30 : input.id }),
    delete_template: () => null,
    render_template: (input) => ({ text: `rendered ${input.template_id}` }),
    add_note: () => ({ id: 1003 }),
    get_usage: () => usage,
    set_plan_limit: (input) => ({ ...usage, plan_limit: input.limit }),
    start_conversation: () => ({ id: 42 }),
    list_brands: () => brands,
    save_brand: (input) => [
      ...brands.filter((b) => b.brand.id !== input.id),
      { brand: { id: input.id ?? 9, name: input.name, country: input.country }, member_ids: input.member_ids, account_ids: [] },
    ],
    delete_brand: (input) => brands.filter((b) => b.brand.id !== input.brand_id),
  };
  const handlers = { ...defaults, ...overrides };
  const backend: Backend = {
    call(cmd, input) {
      calls.push({ cmd, input });
      const handler = handlers[cmd] as ((input: unknown) => unknown) | undefined;
      try {
        if (handler === undefined) fail({ code: "not_available", message: `${cmd} isn't in the fixtures` });
        return Promise.resolve(handler(input)) as never;
      } catch (err) {
        // The contract rejects with plain ApiError objects, like Tauri does.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        return Promise.reject(err);
      }
    },
    subscribe(onEvent) {
      listeners.add(onEvent);
      return () => listeners.delete(onEvent);
    },
    mediaUrl: (messageId) => `media://test/${messageId}`,
    attachmentUrl: (messageId, index) => `http://bridge.test/media/${messageId}/${index}`,
    opensSystemBrowser: false,
  };
  const emit = (event: UiEvent) => {
    for (const listener of listeners) listener(event);
  };
  return { backend, calls, emit };
}
