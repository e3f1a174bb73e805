/**
 * DEV-ONLY in-memory backend (`vite dev` + `?mock=1`). It is imported behind an
 * `import.meta.env.DEV` check, so it is never part of the production bundle.
 *
 * Scenarios: `?mock=1` opens the demo workspace, `?mock=empty` starts on the
 * welcome screen, `?mock=live` also simulates an incoming message every 20 s.
 */
import type {
  AccountDto,
  Api,
  ContactDto,
  ConversationSummary,
  Counts,
  MessageContent,
  MessageDto,
  MessageKind,
  Settings,
  UiEvent,
  WaTemplateDto,
  WorkspaceDto,
} from "../bindings";
import { MockActivity, NOT_ACTIVITY } from "./mockActivity";
import { MockBrands, NOT_BRANDS } from "./mockBrands";
import { MockEmail, NOT_EMAIL, mail } from "./mockEmail";
import { seedCarlos, seedInvoice, seedNewsletter, seedWarranty, type Seeder } from "./mockEmailSeed";
import { MockLibrary, NOT_LIBRARY } from "./mockLibrary";
import { MEMBERS, MockTeam, NOT_TEAM } from "./mockTeam";
import { EventHub, fail, type Backend } from "./types";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const ACCOUNTS: AccountDto[] = [
  { id: 1, name: "Tienda Centro", kind: "whatsapp_cloud", channel: "whatsapp", address: "+34 611 222 333", status: { state: "active" }, brand_id: 1 },
  { id: 2, name: "Taller", kind: "twilio_whatsapp", channel: "whatsapp", address: "+34 622 444 555", status: { state: "active" }, brand_id: 1 },
  { id: 3, name: "Ventas", kind: "email_gmail", channel: "email", address: "hola@ferreteriarios.es", status: { state: "active" }, brand_id: 1 },
  {
    id: 4,
    name: "Soporte",
    kind: "email_imap",
    channel: "email",
    address: "soporte@ferreteriarios.es",
    status: { state: "error", reason: "IMAP login rejected (AUTHENTICATIONFAILED)" },
    brand_id: null,
  },
];

const FIRST = ["Ana", "Pablo", "Carmen", "Javier", "Elena", "Raúl", "Sofía", "Andrés", "Nuria", "Tomás", "Irene", "Hugo", "Beatriz", "Óscar", "Lola", "Emma", "Noah", "Olivia"];
const LAST = ["García", "Martín", "López", "Sánchez", "Ruiz", "Navarro", "Torres", "Domínguez", "Vega", "Castro", "Ortega", "Molina", "Brown", "Wilson"];
const LINES = [
  "¿A qué hora abrís el sábado?",
  "Gracias, me ha llegado todo perfecto",
  "¿Tenéis tornillos de 6 mm en acero inoxidable?",
  "El pedido aún no ha llegado, ¿podéis revisarlo?",
  "Necesito un presupuesto para 20 m² de tarima",
  "Is the cordless drill still on sale?",
  "¿Hacéis envíos a Toledo?",
  "Vale, paso esta tarde a recogerlo",
  "La garantía cubre la batería?",
  "Perfecto, muchas gracias 🙏",
];

export type StoredConversation = ConversationSummary & { messages: MessageDto[] };

const MOCK_PICTURE = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200"><rect width="320" height="200" fill="#dfe3ee"/><circle cx="110" cy="80" r="26" fill="#f5b942"/><path d="M0 200 L120 110 L200 170 L250 130 L320 190 V200 Z" fill="#6b8fd6"/></svg>',
)}`;

const TEMPLATES: WaTemplateDto[] = [
  { id: 1, account_id: 1, name: "pedido_listo", language: "es", category: "UTILITY", status: "APPROVED", reason: null, quality: "GREEN", header: null, body: "Hola {{1}}, tu pedido {{2}} está listo para recoger en Tienda Centro.", footer: null, buttons: [], param_names: ["1", "2"], media_header: null, param_count: 2, updated_at: new Date().toISOString() },
  { id: 2, account_id: 1, name: "seguimiento_presupuesto", language: "es", category: "MARKETING", status: "APPROVED", reason: null, quality: null, header: null, body: "¿Pudiste revisar el presupuesto {{1}}? Respóndenos con cualquier duda.", footer: null, buttons: ["Sí", "Más tarde"], param_names: ["1"], media_header: null, param_count: 1, updated_at: new Date().toISOString() },
  { id: 3, account_id: 1, name: "order_ready", language: "en", category: "UTILITY", status: "APPROVED", reason: null, quality: null, header: null, body: "Hi {{1}}, your order is ready for pickup.", footer: null, buttons: [], param_names: ["1"], media_header: null, param_count: 1, updated_at: new Date().toISOString() },
  { id: 4, account_id: 1, name: "rebajas_verano", language: "es", category: "MARKETING", status: "REJECTED", reason: "PROMOTIONAL", quality: null, header: null, body: "¡Rebajas de verano!", footer: null, buttons: [], param_names: [], media_header: null, param_count: 0, updated_at: new Date().toISOString() },
];

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function delay<T>(value: T, ms = 120): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function contentPreview(content: MessageContent): string {
  switch (content.type) {
    case "text":
    case "note":
      return content.body;
    case "media":
      return content.caption ?? content.filename ?? "";
    case "location":
      return content.name ?? "";
    case "contacts":
      return content.contacts.map((c) => c.name).join(", ");
    case "interactive":
      return content.title;
    case "button":
      return content.text;
    case "template":
      return content.body;
    case "reaction":
      return content.emoji ?? "";
    case "unsupported":
      return "";
    case "email":
      return content.text.trim() || content.subject;
  }
}

export class MockBackend implements Backend {
  private readonly hub = new EventHub();
  private isDemo: boolean;
  private settings: Settings = { locale: null };
  private conversations: StoredConversation[] = [];
  private contacts = new Map<number, ContactDto>();
  private nextMessageId = 1;
  private readonly live: boolean;
  readonly opensSystemBrowser = false;
  private readonly email = new MockEmail({
    isDemo: () => this.isDemo,
    findMessage: (id) => {
      const { c, m } = this.findMessage(id);
      return { conversationId: c.id, subject: c.subject, m };
    },
    addOutbound: (conversationId, content) => this.sendEmail(conversationId, content),
    emit: (event) => this.emitSoon(event),
  });
  private readonly team = new MockTeam({
    isDemo: () => this.isDemo,
    accounts: () => this.accounts(),
    template: (id) => TEMPLATES.find((t) => t.id === id),
    emit: (event) => this.emitSoon(event),
    memberDeleted: (id) => {
      for (const c of this.conversations) if (c.assignee_id === id) c.assignee_id = null;
    },
  });
  private readonly library = new MockLibrary({
    conversations: () => this.conversations,
    find: (id) => this.find(id),
    contact: (id) => this.contacts.get(id),
    me: () => this.team.me(),
    accounts: () => this.accounts(),
    maySee: (member, account) => this.team.maySee(member, account),
    companyName: () => this.workspace().name,
    emit: (event) => this.emitSoon(event),
  });
  private readonly activity = new MockActivity({
    conversations: () => this.conversations,
    find: (id) => this.find(id),
    me: () => this.team.me(),
    members: () => this.team.list(),
    accounts: () => this.accounts(),
    maySee: (member, account) => this.team.maySee(member, account),
    hours: (account) => this.team.hours(account),
    addNote: (c, body) => {
      const note = this.push(c, this.message(c, Date.now(), "outbound", "note", { type: "note", body }, { author_member_id: this.team.me().id }));
      this.emitSoon({ type: "conversation_changed", conversation_id: c.id });
      this.emitSoon({ type: "list_changed" });
      return note;
    },
    emit: (event) => this.emitSoon(event),
  });

  private readonly brands = new MockBrands({
    me: () => this.team.me(),
    members: () => this.team.list(),
    accounts: () => this.seededAccounts(),
    maySee: (member, account) => this.team.maySee(member, account),
    emit: (event) => this.emitSoon(event),
  });

  constructor(scenario: string) {
    this.isDemo = scenario !== "empty";
    this.live = scenario === "live";
    if (this.isDemo) this.seed(Date.now());
    else {
      this.team.reset(false, Date.now());
      this.brands.reset(false);
      this.library.reset(false, Date.now());
    }
    if (this.live) setInterval(() => this.simulateIncoming(), 20_000);
  }

  subscribe(onEvent: (e: UiEvent) => void): () => void {
    return this.hub.add(onEvent);
  }

  /** A small picture for every attachment (the mock has no files). */
  mediaUrl(_messageId: number): string {
    return MOCK_PICTURE;
  }

  attachmentUrl(messageId: number, index: number): string {
    return this.email.attachmentUrl(messageId, index) ?? MOCK_PICTURE;
  }

  async call<K extends keyof Api>(cmd: K, input: Api[K]["input"]): Promise<Api[K]["output"]> {
    const out = this.handle(cmd, input);
    // a command that takes its time (the sign-in waiting for the browser) answers later
    const value: unknown = out instanceof Promise ? await out : out;
    return delay(clone(value)) as Promise<Api[K]["output"]>;
  }

  private handle(cmd: keyof Api, input: unknown): unknown {
    switch (cmd) {
      case "get_workspace":
        return this.workspace();
      case "open_demo_workspace":
        this.isDemo = true;
        this.seed(Date.now());
        return this.workspace();
      case "close_demo_workspace":
        this.isDemo = false;
        this.conversations = [];
        this.contacts.clear();
        this.email.reset(false, Date.now());
        this.team.reset(false, Date.now());
        this.brands.reset(false);
        this.library.reset(false, Date.now());
        this.activity.reset();
        return this.workspace();
      case "get_settings":
        return this.settings;
      case "set_locale":
        this.settings = { locale: (input as Api["set_locale"]["input"]).locale };
        return this.settings;
      case "counts":
        return this.counts();
      case "list_conversations":
        return this.list(input as Api["list_conversations"]["input"]);
      case "get_conversation":
        return this.detail((input as Api["get_conversation"]["input"]).id);
      case "list_messages":
        return this.messages(input as Api["list_messages"]["input"]);
      case "mark_read": {
        const id = (input as Api["mark_read"]["input"]).id;
        const conversation = this.find(id);
        conversation.unread = 0;
        this.emitSoon({ type: "conversation_changed", conversation_id: id });
        return null;
      }
      case "search":
        return this.search(input as Api["search"]["input"]);
      case "send_message":
        return this.send(input as Api["send_message"]["input"]);
      case "list_wa_templates":
      case "sync_wa_templates":
        return { items: TEMPLATES.filter((t) => t.account_id === (input as Api["list_wa_templates"]["input"]).account_id), synced_at: new Date().toISOString(), business_initiated_24h: 0, messaging_limit: 250 };
      case "send_template":
        return this.sendTemplate(input as Api["send_template"]["input"]);
      case "react":
        return this.react(input as Api["react"]["input"]);
      case "retry_message":
      case "retry_media":
        return this.retry(cmd, (input as Api["retry_message"]["input"]).message_id);
      case "assign_conversation":
      case "set_status":
      case "set_priority":
        return this.act(cmd, input);
      case "start_conversation":
        return this.start(input as Api["start_conversation"]["input"]);
      case "reconnect_whatsapp":
        fail({ code: "provider_error", message: "The mock can't reach Meta" });
      // falls through: fail() never returns
      default: {
        const out = this.email.handle(cmd, input);
        if (out !== NOT_EMAIL) return out;
        const team = this.team.handle(cmd, input);
        if (team !== NOT_TEAM) return team;
        const brands = this.brands.handle(cmd, input);
        if (brands !== NOT_BRANDS) return brands;
        const library = this.library.handle(cmd, input);
        if (library !== NOT_LIBRARY) return library;
        const activity = this.activity.handle(cmd, input);
        if (activity !== NOT_ACTIVITY) return activity;
        fail({ code: "not_available", message: `${cmd} isn't simulated by the mock` });
      }
    }
  }

  /** A member's hand on a conversation: assign it, change its status or priority. */
  private act(cmd: "assign_conversation" | "set_status" | "set_priority", input: unknown): null {
    const q = input as { conversation_id: number };
    const c = this.find(q.conversation_id);
    if (cmd === "assign_conversation") {
      const { member_id } = input as Api["assign_conversation"]["input"];
      if (member_id !== null && !this.team.maySee(member_id, c.account_id)) {
        fail({ code: "forbidden", message: "only owners and admins may assign a conversation to a member who cannot see its account" });
      }
      c.assignee_id = member_id;
    } else if (cmd === "set_status") {
      const { status, snoozed_until } = input as Api["set_status"]["input"];
      if (status === "snoozed" && (snoozed_until === null || Date.parse(snoozed_until) <= Date.now())) {
        fail({ code: "bad_input", message: "snooze until a time in the future" });
      }
      c.status = status;
      c.snoozed_until = status === "snoozed" ? snoozed_until : null;
      this.activity.statusChanged(c, Date.now());
      if (status === "resolved") {
        c.awaiting_since = null;
        c.sla = null;
      }
    } else {
      c.priority = (input as Api["set_priority"]["input"]).priority;
    }
    this.emitSoon({ type: "conversation_changed", conversation_id: c.id });
    this.emitSoon({ type: "list_changed" });
    return null;
  }

  /**
   * A conversation with a contact from one of my accounts, as the core starts
   * it: the open one there if any, else a new one assigned to me (within the
   * plan's quota).
   */
  private start(q: Api["start_conversation"]["input"]): Api["start_conversation"]["output"] {
    const me = this.team.me().id;
    const account = this.accounts().find((a) => a.id === q.account_id);
    if (account === undefined || !this.team.maySee(me, account.id)) fail({ code: "not_found", message: `account ${q.account_id} not found` });
    const contact = this.contacts.get(q.contact_id);
    if (contact === undefined) fail({ code: "not_found", message: `contact ${q.contact_id} not found` });
    const reachable = account.channel === "whatsapp" ? contact.wa_id !== null || contact.phone !== null : contact.email !== null;
    if (!reachable) {
      fail({ code: "bad_input", message: "this contact has no WhatsApp number or email address for this account's channel" });
    }
    const latest = this.conversations
      .filter((c) => c.account_id === account.id && c.contact_id === contact.id)
      .sort((a, b) => b.id - a.id)[0];
    if (latest !== undefined && latest.status !== "resolved") return { id: latest.id };
    const quota = this.activity.quotaReached();
    if (quota !== null) {
      fail({
        code: "plan_quota",
        message: `this workspace has started ${quota.used} conversations this month and its plan allows ${quota.limit}: an owner can raise the limit in Settings → Automation, or wait for next month`,
      });
    }
    const { other_conversations: _o, ...person } = contact;
    const c = this.addConversation(person, {
      account_id: account.id,
      id: Math.max(0, ...this.conversations.map((x) => x.id)) + 1,
      assignee_id: me,
      last_direction: "outbound",
      last_message_at: iso(Date.now()),
    });
    this.emitSoon({ type: "conversation_changed", conversation_id: c.id });
    this.emitSoon({ type: "list_changed" });
    return { id: c.id };
  }

  private findMessage(id: number): { c: StoredConversation; m: MessageDto } {
    for (const c of this.conversations) {
      const m = c.messages.find((x) => x.id === id);
      if (m !== undefined) return { c, m };
    }
    fail({ code: "not_found", message: `Message ${id} not found` });
  }

  private react(q: Api["react"]["input"]): null {
    const { c, m } = this.findMessage(q.message_id);
    m.reactions = m.reactions.filter((r) => r.from_contact || r.member_id !== 1);
    if (q.emoji !== null) m.reactions.push({ emoji: q.emoji, from_contact: false, member_id: 1 });
    this.emitSoon({ type: "conversation_changed", conversation_id: c.id });
    return null;
  }

  private retry(cmd: "retry_message" | "retry_media", id: number): null {
    const { c, m } = this.findMessage(id);
    if (cmd === "retry_message") m.delivery = { state: "pending" };
    else if (m.media !== null) m.media = { ...m.media, state: "pending", error: null };
    this.emitSoon({ type: "conversation_changed", conversation_id: c.id });
    setTimeout(() => {
      if (cmd === "retry_message") m.delivery = { state: "sent" };
      else if (m.media !== null) m.media = { ...m.media, state: "ready" };
      this.hub.emit({ type: "conversation_changed", conversation_id: c.id });
    }, 1200);
    return null;
  }

  private sendTemplate(q: Api["send_template"]["input"]): Api["send_template"]["output"] {
    const c = this.find(q.conversation_id);
    const template = TEMPLATES.find((t) => t.id === q.template_id);
    if (template === undefined) fail({ code: "not_found", message: "Template not found" });
    if (template.status !== "APPROVED") fail({ code: "template_not_approved", message: "Only approved templates can be sent" });
    const body = template.body.replace(/\{\{(\d+)\}\}/g, (_all, n: string) => q.params[Number(n) - 1] ?? "");
    const message = this.message(c, Date.now(), "outbound", "template", { type: "template", name: template.name, language: template.language, body }, { delivery: { state: "sent" } });
    this.push(c, message);
    this.emitSoon({ type: "conversation_changed", conversation_id: c.id });
    this.emitSoon({ type: "list_changed" });
    return { id: message.id };
  }

  /** Stores the reply as pending, then plays the customer's phone: sent → delivered → read. */
  private send(q: Api["send_message"]["input"]): Api["send_message"]["output"] {
    const c = this.find(q.conversation_id);
    const body = q.text.trim();
    if (body === "") fail({ code: "bad_input", message: "Empty message" });
    if (c.channel !== "whatsapp") fail({ code: "bad_input", message: "Email sending is not available" });
    if (c.window_expires_at === null || Date.parse(c.window_expires_at) <= Date.now()) {
      fail({ code: "window_closed", message: "The 24-hour window is closed" });
    }
    const message = this.message(c, Date.now(), "outbound", "text", { type: "text", body }, { delivery: { state: "pending" } });
    c.messages.push(message);
    this.touch(c, message);
    this.emitSoon({ type: "conversation_changed", conversation_id: c.id });
    this.emitSoon({ type: "list_changed" });
    (["sent", "delivered", "read"] as const).forEach((state, i) => {
      setTimeout(() => {
        message.delivery = { state };
        this.hub.emit({ type: "conversation_changed", conversation_id: c.id });
      }, 800 + i * 1500);
    });
    return { id: message.id };
  }

  /** An answer by email: stored as pending, then sent. */
  private sendEmail(conversationId: number, content: MessageContent): MessageDto {
    const c = this.find(conversationId);
    const message = this.push(c, this.message(c, Date.now(), "outbound", "email", content, { delivery: { state: "pending" } }));
    this.emitSoon({ type: "conversation_changed", conversation_id: c.id });
    this.emitSoon({ type: "list_changed" });
    setTimeout(() => {
      message.delivery = { state: "sent" };
      this.hub.emit({ type: "conversation_changed", conversation_id: c.id });
    }, 1200);
    return message;
  }

  private emitSoon(event: UiEvent): void {
    setTimeout(() => this.hub.emit(event), 50);
  }

  private find(id: number): StoredConversation {
    const conversation = this.conversations.find((c) => c.id === id);
    if (conversation === undefined) fail({ code: "not_found", message: `Conversation ${id} not found` });
    return conversation;
  }

  private workspace(): WorkspaceDto {
    return {
      id: 1,
      name: this.isDemo ? "Ferretería Ríos" : "Bandeja",
      is_demo: this.isDemo,
      now: new Date().toISOString(),
      me: this.team.me(),
      members: this.team.list(),
      accounts: this.accounts(),
      tags: this.library.tags(),
      brands: this.brands.list(),
    };
  }

  private accounts(): AccountDto[] {
    return this.seededAccounts().map((a) => this.brands.withBrand(a));
  }

  /** The accounts with the brands they were seeded with. */
  private seededAccounts(): AccountDto[] {
    return this.isDemo ? ACCOUNTS.map((a) => this.email.withStatus(a)) : this.email.accounts();
  }

  private inView(c: StoredConversation, view: Api["list_conversations"]["input"]["view"]): boolean {
    const open = c.status === "open" || c.status === "pending";
    switch (view) {
      case "all_open":
        return open;
      case "mine":
        return open && c.assignee_id === 1;
      case "unassigned":
        return open && c.assignee_id === null;
      case "snoozed":
        return c.status === "snoozed";
      case "resolved":
        return c.status === "resolved";
    }
  }

  private list(q: Api["list_conversations"]["input"]): Api["list_conversations"]["output"] {
    const now = Date.now();
    const text = q.text?.toLowerCase() ?? null;
    const matching = this.conversations
      .filter((c) => this.inView(c, q.view))
      .filter((c) => q.account_id === null || c.account_id === q.account_id)
      .filter((c) => q.channel === null || c.channel === q.channel)
      .filter((c) => q.tag_id === null || c.tag_ids.includes(q.tag_id))
      .filter((c) => q.assignee_id === null || c.assignee_id === q.assignee_id)
      .filter((c) => {
        if (q.window === null) return true;
        if (c.channel !== "whatsapp") return false;
        const open = c.window_expires_at !== null && Date.parse(c.window_expires_at) > now;
        return q.window === "open" ? open : !open;
      })
      .filter((c) => text === null || c.contact_name.toLowerCase().includes(text) || c.preview.toLowerCase().includes(text))
      .sort((a, b) => b.last_message_at.localeCompare(a.last_message_at));
    const start = q.cursor === null ? 0 : Number(q.cursor);
    const items = matching.slice(start, start + q.limit).map(({ messages: _m, ...summary }) => summary);
    const end = start + items.length;
    return { items, next_cursor: end < matching.length ? String(end) : null };
  }

  private counts(): Counts {
    const count = (view: Api["list_conversations"]["input"]["view"]) =>
      this.conversations.filter((c) => this.inView(c, view)).length;
    const open = this.conversations.filter((c) => this.inView(c, "all_open"));
    return {
      all_open: count("all_open"),
      mine: count("mine"),
      unassigned: count("unassigned"),
      snoozed: count("snoozed"),
      resolved: count("resolved"),
      unread_by_account: ACCOUNTS.map((a) => ({
        account_id: a.id,
        unread: open.filter((c) => c.account_id === a.id).reduce((n, c) => n + c.unread, 0),
      })),
      open_by_tag: this.library.tags().map((tag) => ({ tag_id: tag.id, count: open.filter((c) => c.tag_ids.includes(tag.id)).length })),
    };
  }

  private detail(id: number): Api["get_conversation"]["output"] {
    const c = this.find(id);
    const { messages: _m, ...summary } = c;
    const contact = this.contacts.get(c.contact_id);
    if (contact === undefined) fail({ code: "not_found", message: "Contact not found" });
    const account = (this.accounts().find((a) => a.id === c.account_id) ?? ACCOUNTS.find((a) => a.id === c.account_id)) as AccountDto;
    const others = this.conversations
      .filter((o) => o.contact_id === c.contact_id && o.id !== c.id)
      .map((o) => ({ id: o.id, subject: o.subject, status: o.status, last_message_at: o.last_message_at }));
    return { summary, contact: { ...contact, other_conversations: others }, account };
  }

  private messages(q: Api["list_messages"]["input"]): Api["list_messages"]["output"] {
    const all = this.find(q.conversation_id).messages;
    const end = q.before === null ? all.length : Number(q.before);
    const start = Math.max(0, end - q.limit);
    return { items: all.slice(start, end), next_before: start > 0 ? String(start) : null };
  }

  private search(q: Api["search"]["input"]): Api["search"]["output"] {
    const needle = q.text.trim().toLowerCase();
    if (needle.length === 0) return { hits: [] };
    const mark = (text: string): string | null => {
      const at = text.toLowerCase().indexOf(needle);
      if (at === -1) return null;
      const from = Math.max(0, at - 30);
      const to = Math.min(text.length, at + needle.length + 50);
      return `${from > 0 ? "…" : ""}${text.slice(from, at)}\uE000${text.slice(at, at + needle.length)}\uE001${text.slice(at + needle.length, to)}${to < text.length ? "…" : ""}`;
    };
    const hits: Api["search"]["output"]["hits"] = [];
    for (const c of [...this.conversations].sort((a, b) => b.last_message_at.localeCompare(a.last_message_at))) {
      const byName = mark(c.contact_name);
      if (byName !== null) {
        hits.push({ conversation_id: c.id, message_id: null, contact_name: c.contact_name, channel: c.channel, snippet: byName, at: c.last_message_at });
      }
      for (const m of [...c.messages].reverse()) {
        const snippet = mark(contentPreview(m.content));
        if (snippet !== null) {
          hits.push({ conversation_id: c.id, message_id: m.id, contact_name: c.contact_name, channel: c.channel, snippet, at: m.created_at });
        }
      }
      if (hits.length >= q.limit) break;
    }
    return { hits: hits.slice(0, q.limit) };
  }

  private simulateIncoming(): void {
    const open = this.conversations.filter((c) => c.status === "open" && c.channel === "whatsapp");
    const target = open[Math.floor(Math.random() * open.length)];
    if (target === undefined) return;
    const body = LINES[Math.floor(Math.random() * LINES.length)] ?? "Hola";
    const message = this.message(target, Date.now(), "inbound", "text", { type: "text", body });
    target.messages.push(message);
    this.touch(target, message);
    target.unread += 1;
    this.hub.emit({ type: "incoming_message", conversation_id: target.id, message_id: message.id, contact_name: target.contact_name, preview: body });
    this.hub.emit({ type: "conversation_changed", conversation_id: target.id });
  }

  private message(
    c: StoredConversation,
    at: number,
    direction: MessageDto["direction"],
    kind: MessageKind,
    content: MessageContent,
    extra: Partial<MessageDto> = {},
  ): MessageDto {
    const author = direction === "outbound" || kind === "note" ? (extra.author_member_id ?? 1) : null;
    const member = this.team.find(author) ?? MEMBERS.find((m) => m.id === author);
    return {
      id: this.nextMessageId++,
      conversation_id: c.id,
      direction,
      kind,
      author_member_id: author,
      automated: false,
      sender: member?.name ?? c.contact_name,
      text: content.type === "text" || content.type === "note" ? content.body : null,
      created_at: iso(at),
      delivery: direction === "outbound" && kind !== "note" ? { state: "read" } : null,
      content,
      reactions: [],
      reply_to: null,
      forwarded: false,
      media: null,
      ...extra,
    };
  }

  /** An answer the app sent on its own (an auto-reply), with no member as its author. */
  private automatic(c: StoredConversation, at: number, body: string): MessageDto {
    return this.message(c, at, "outbound", "text", { type: "text", body }, { author_member_id: null, automated: true, sender: this.workspace().name });
  }

  private touch(c: StoredConversation, m: MessageDto): void {
    c.last_message_at = m.created_at;
    c.last_kind = m.kind;
    c.last_direction = m.direction;
    c.preview = contentPreview(m.content);
    if (m.direction === "inbound" && c.channel === "whatsapp") c.window_expires_at = iso(Date.parse(m.created_at) + DAY);
  }

  private addConversation(
    contact: Omit<ContactDto, "other_conversations">,
    summary: Partial<ConversationSummary> & { account_id: number },
  ): StoredConversation {
    const account = (ACCOUNTS.find((a) => a.id === summary.account_id) ?? this.accounts().find((a) => a.id === summary.account_id)) as AccountDto;
    if (!this.contacts.has(contact.id)) this.contacts.set(contact.id, { ...contact, other_conversations: [] });
    const c: StoredConversation = {
      id: this.conversations.length + 1,
      channel: account.channel,
      contact_id: contact.id,
      contact_name: contact.name,
      subject: null,
      status: "open",
      priority: "normal",
      assignee_id: null,
      tag_ids: [],
      preview: "",
      last_kind: "text",
      last_direction: "inbound",
      last_message_at: iso(0),
      unread: 0,
      window_expires_at: null,
      snoozed_until: null,
      awaiting_since: null,
      sla: null,
      messages: [],
      ...summary,
    };
    this.conversations.push(c);
    return c;
  }

  /** The customer waits for an answer since `since`, due at `due` (the account's warning minutes before it). */
  private waiting(c: StoredConversation, since: number, due: number): void {
    c.awaiting_since = iso(since);
    const warn = due - this.team.warnMinutes(c.account_id) * MIN;
    c.sla = { due_at: iso(due), warn_at: iso(warn), breached: due <= Date.now() };
  }

  private push(c: StoredConversation, m: MessageDto): MessageDto {
    c.messages.push(m);
    this.touch(c, m);
    return m;
  }

  private seed(now: number): void {
    this.conversations = [];
    this.contacts.clear();
    this.nextMessageId = 1;
    this.email.reset(true, now);
    this.team.reset(true, now);
    this.brands.reset(true);
    this.activity.reset();
    const mails: Seeder<StoredConversation> = {
      conversation: (contact, summary) => this.addConversation(contact, summary),
      add: (c, when, direction, content, extra) => this.push(c, this.message(c, when, direction, "email", content, extra)),
      newsletter: (id) => this.email.registerNewsletter(id),
    };
    const today = new Date(now);
    const at = (daysAgo: number, h: number, m: number) =>
      Math.min(new Date(today.getFullYear(), today.getMonth(), today.getDate() - daysAgo, h, m).getTime(), now - (daysAgo === 0 ? 30 * MIN : 0));

    // 1. A WhatsApp conversation with every kind of message.
    const maria = this.addConversation(
      { id: 1, name: "María José Pérez", phone: "+34 600 123 456", email: "mariajose.perez@example.com", wa_id: "34600123456", tag_ids: [1, 2], custom_fields: [{ key: "Cliente desde", value: "2019" }, { key: "Nº cliente", value: "C-4821" }] },
      { account_id: 1, assignee_id: 1, tag_ids: [1, 2], priority: "high" },
    );
    const y = (h: number, m: number) => at(1, h, m);
    const t0 = Math.max(now - 3 * HOUR, at(0, 0, 5));
    const step = (n: number) => t0 + n * 9 * MIN;
    this.push(maria, this.message(maria, y(10, 2), "inbound", "text", { type: "text", body: "¡Hola! Quería saber si tenéis *taladros percutores* en stock 🙂" }));
    this.push(maria, this.automatic(maria, y(10, 2) + 20_000, "¡Hola María José! Gracias por escribir a Ferretería Ríos. Enseguida te atendemos."));
    this.push(maria, this.message(maria, y(10, 6), "outbound", "text", { type: "text", body: "¡Hola María José! Sí, tenemos el _Bosch PSB 500_ a 59 €.\nEl ~Makita HP457~ está agotado hasta la semana que viene." }));
    this.push(maria, this.message(maria, y(10, 7), "outbound", "document", { type: "media", caption: "Ficha técnica", mime: "application/pdf", filename: "ficha-bosch-psb500.pdf", size: 245_678, duration_secs: null }));
    const photo = this.push(
      maria,
      this.message(maria, y(10, 21), "inbound", "image", { type: "media", caption: "¿Es este el modelo?", mime: "image/jpeg", filename: null, size: 1_284_000, duration_secs: null }, { reactions: [{ emoji: "👍", from_contact: false, member_id: 1 }], media: { state: "ready", mime: "image/jpeg", size: 1_284_000, error: null } }),
    );
    this.push(maria, this.message(maria, y(10, 24), "outbound", "text", { type: "text", body: "Sí, ese mismo. En la caja pone ```PSB 500 RE```." }, { reply_to: { message_id: photo.id, preview: "¿Es este el modelo?" } }));
    this.push(maria, this.message(maria, y(10, 25), "inbound", "reaction", { type: "reaction", target_provider_id: "wamid.HBgL", emoji: "❤️" }));
    this.push(maria, this.message(maria, y(10, 40), "outbound", "note", { type: "note", body: "Clienta VIP: ofrecer un 10 % de descuento si se lleva también las brocas." }, { author_member_id: 2 }));
    this.push(maria, this.message(maria, y(11, 5), "outbound", "template", { type: "template", name: "pedido_listo", language: "es", body: "Hola María José, tu pedido *#4821* está listo para recoger en Tienda Centro." }, { delivery: { state: "delivered" } }));
    this.push(maria, this.message(maria, y(11, 9), "inbound", "button", { type: "button", payload: "CONFIRM_PICKUP", text: "Confirmar recogida" }));
    this.push(maria, this.message(maria, y(11, 10), "inbound", "interactive", { type: "interactive", reply_id: "slot_2", title: "Mañana 10:00–12:00", description: "Recogida en tienda" }));
    this.push(maria, this.message(maria, y(18, 2), "outbound", "text", { type: "text", body: "Te esperamos mañana. ¡Gracias!" }, { delivery: { state: "failed", code: 131047, title: "Re-engagement message" } }));
    this.push(maria, this.message(maria, step(0), "inbound", "voice", { type: "media", caption: null, mime: "audio/ogg; codecs=opus", filename: null, size: 23_400, duration_secs: 14 }));
    this.push(maria, this.message(maria, step(1), "inbound", "location", { type: "location", latitude: 40.41678, longitude: -3.70379, name: "Aparcamiento Plaza Mayor", address: "Calle Mayor 12, 28013 Madrid" }));
    this.push(maria, this.message(maria, step(2), "inbound", "contacts", { type: "contacts", contacts: [{ name: "Jorge Pérez", phones: ["+34 600 111 222"], emails: ["jorge.perez@example.com"] }] }));
    this.push(maria, this.message(maria, step(3), "inbound", "video", { type: "media", caption: null, mime: "video/mp4", filename: null, size: 5_872_025, duration_secs: 23 }, { forwarded: true, media: { state: "pending", mime: "video/mp4", size: 5_872_025, error: null } }));
    this.push(maria, this.message(maria, step(4), "inbound", "sticker", { type: "media", caption: null, mime: "image/webp", filename: null, size: 18_200, duration_secs: null }, { media: { state: "failed", mime: "image/webp", size: 18_200, error: "The media URL expired before it was downloaded" } }));
    this.push(maria, this.message(maria, step(5), "inbound", "audio", { type: "media", caption: null, mime: "audio/mpeg", filename: "instrucciones.mp3", size: 812_000, duration_secs: 95 }));
    this.push(maria, this.message(maria, step(6), "inbound", "unsupported", { type: "unsupported", reason: "Polls are not supported by the WhatsApp Cloud API yet" }));
    this.push(maria, this.message(maria, step(7), "outbound", "text", { type: "text", body: "Recibido, ¡gracias! Mi compañero Jorge te atenderá mañana." }, { delivery: { state: "delivered" } }));
    this.push(maria, this.message(maria, step(8), "outbound", "text", { type: "text", body: "¿Necesitas también brocas?" }, { delivery: { state: "sent" } }));
    this.push(maria, this.message(maria, step(9), "outbound", "text", { type: "text", body: "Te preparo un pack con descuento." }, { delivery: { state: "pending" } }));
    this.push(maria, this.message(maria, step(10), "inbound", "text", { type: "text", body: "¡Genial!\nSí, las de _6 y 8 mm_ por favor." }));
    maria.unread = 2;
    this.waiting(maria, step(10), now + 8 * MIN);

    // 2. An email thread (quoted history, a Cc, an attachment).
    seedCarlos(mails, at, now).unread = 1;

    // 3. WhatsApp with a closed window.
    const pedro = this.addConversation(
      { id: 3, name: "Pedro Salinas", phone: "+34 655 987 654", email: null, wa_id: "34655987654", tag_ids: [3], custom_fields: [] },
      { account_id: 2, tag_ids: [3, 5], priority: "urgent" },
    );
    this.push(pedro, this.message(pedro, at(2, 17, 45), "inbound", "text", { type: "text", body: "La sierra que compré no arranca. Tengo el ticket." }));
    this.push(pedro, this.message(pedro, at(2, 18, 3), "outbound", "text", { type: "text", body: "Lo sentimos, Pedro. Tráela cuando quieras y la revisamos en el taller." }));
    pedro.unread = 1;
    pedro.last_direction = "outbound";

    // 4. The same contact as 1, on email, resolved.
    seedInvoice(mails, at);

    // 5. Snoozed.
    const laura = this.addConversation(
      { id: 5, name: "Laura Vidal", phone: "+34 699 000 111", email: null, wa_id: "34699000111", tag_ids: [], custom_fields: [] },
      { account_id: 1, status: "snoozed", snoozed_until: iso(now + 20 * HOUR), assignee_id: 1 },
    );
    this.push(laura, this.message(laura, at(1, 13, 0), "inbound", "text", { type: "text", body: "Os confirmo la semana que viene si hago el pedido." }));
    this.push(laura, this.automatic(laura, at(1, 13, 0) + 30_000, "Hola Laura, ahora mismo Ferretería Ríos está cerrada. Te respondemos en cuanto abramos."));

    // 6. Email to the failing account; 7. an HTML newsletter.
    seedWarranty(mails, at);
    seedNewsletter(mails, at);

    // Many more, to exercise the virtualized list and infinite scroll.
    for (let i = 0; i < 64; i += 1) {
      const first = FIRST[i % FIRST.length] as string;
      const last = LAST[(i * 5 + 3) % LAST.length] as string;
      const account = ACCOUNTS[i % 3] as AccountDto;
      const contactId = 100 + i;
      const c = this.addConversation(
        {
          id: contactId,
          name: `${first} ${last}`,
          phone: account.channel === "whatsapp" ? `+34 6${String(10_000_000 + i * 7919).slice(0, 8)}` : null,
          email: account.channel === "email" ? `${first.toLowerCase()}.${last.toLowerCase()}@example.com`.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : null,
          wa_id: null,
          tag_ids: [],
          custom_fields: [],
        },
        {
          account_id: account.id,
          subject: account.channel === "email" ? `Consulta ${1000 + i}` : null,
          status: i % 11 === 5 ? "resolved" : i % 13 === 7 ? "pending" : "open",
          assignee_id: i % 3 === 0 ? null : (i % 4) + 1,
          tag_ids: i % 5 === 0 ? [2] : i % 7 === 0 ? [4, 1] : [],
          unread: i % 4 === 0 ? (i % 3) + 1 : 0,
        },
      );
      const when = now - (i + 1) * 3.1 * HOUR;
      const kinds: MessageKind[] = ["text", "text", "image", "text", "voice", "document", "text", "location"];
      const kind = kinds[i % kinds.length] as MessageKind;
      const direction = i % 3 === 1 ? "outbound" : "inbound";
      const content: MessageContent =
        kind === "text"
          ? { type: "text", body: LINES[i % LINES.length] as string }
          : kind === "location"
            ? { type: "location", latitude: 40.4 + i / 1000, longitude: -3.7, name: null, address: null }
            : { type: "media", caption: null, mime: kind === "voice" ? "audio/ogg" : kind === "image" ? "image/jpeg" : "application/pdf", filename: kind === "document" ? `pedido-${i}.pdf` : null, size: 40_000 + i * 1000, duration_secs: kind === "voice" ? 8 + i : null };
      if (account.channel === "email") {
        const person = { name: `${first} ${last}`, address: this.contacts.get(contactId)?.email ?? "" };
        const box = { name: account.name, address: account.address };
        const inbound = direction === "inbound";
        mails.add(c, when, direction, mail(c.subject ?? "", inbound ? person : box, [inbound ? box : person], `Hola,\n\n${LINES[i % LINES.length] as string}\n\nUn saludo,\n${first}`));
        continue;
      }
      this.push(c, this.message(c, when - 5 * MIN, "inbound", "text", { type: "text", body: "Hola" }));
      this.push(c, this.message(c, when, direction, kind, content));
      // account 1 has response targets: some waits are fine, some near, some late
      if (account.id === 1 && direction === "inbound" && c.status === "open") this.waiting(c, when, now + ((i % 3) - 1) * 25 * MIN + 5 * MIN);
    }
    this.library.reset(true, now);
  }
}
