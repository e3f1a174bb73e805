/**
 * DEV-ONLY: tags, saved views and the business's own templates of the
 * in-memory mock (`mock.ts`), checked the way the core checks them
 * (crates/bandeja-core/src/tags.rs): anyone tags and creates a tag while
 * tagging (a live tag of the same name is reused); editing and deleting tags
 * and templates is for owners and admins. Never part of the production bundle.
 */
import type {
  AccountDto,
  Api,
  ContactDto,
  MemberDto,
  SavedViewDto,
  TagDto,
  TagEventDto,
  TemplateDto,
  TemplateQuery,
  UiEvent,
} from "../bindings";
import { foldName } from "../lib/mentions";
import { renderVariables, templateVariables } from "../lib/templateVars";
import type { StoredConversation } from "./mock";
import { fail } from "./types";

export const NOT_LIBRARY = Symbol("not a library command");

/** What the library needs from the rest of the mock. */
export interface LibraryHost {
  conversations(): StoredConversation[];
  find(id: number): StoredConversation;
  contact(id: number): ContactDto | undefined;
  me(): MemberDto;
  accounts(): AccountDto[];
  maySee(memberId: number, accountId: number): boolean;
  companyName(): string;
  emit(event: UiEvent): void;
}

const DEMO_TAGS: TagDto[] = [
  { id: 1, name: "VIP", description: "Best customers", color: "#d97706" },
  { id: 2, name: "Pedido", description: "Order in progress", color: "#2563eb" },
  { id: 3, name: "Reclamación", description: "Complaint", color: "#dc2626" },
  { id: 4, name: "Presupuesto", description: "Quote requested", color: "#7c3aed" },
  { id: 5, name: "Garantía", description: "Warranty", color: "#059669" },
];

type Seed = Omit<TemplateDto, "id" | "variables">;
const DEMO_TEMPLATES: Seed[] = [
  { account_id: null, name: "Presupuesto listo", template_type: "reply", tag_ids: [4], content: "Hola {{customer_name}}, tu presupuesto {{quote_number}} ya está listo. Cualquier duda, aquí estamos.\n{{user_name}} · {{company_name}}" },
  { account_id: 1, name: "Horario de la tienda", template_type: "reply", tag_ids: [], content: "¡Hola {{customer_name}}! Abrimos de lunes a viernes de 9:00 a 14:00 y de 17:00 a 20:30, y los sábados de 10:00 a 14:00." },
  { account_id: 1, name: "Pedido listo para recoger", template_type: "reply", tag_ids: [2], content: "Hola {{customer_name}}, tu pedido ya está listo para recoger en {{company_name}}. ¡Te esperamos!" },
  { account_id: null, name: "Bienvenida", template_type: "start", tag_ids: [], content: "Hola {{customer_name}}, soy {{user_name}} de {{company_name}}. ¿En qué podemos ayudarte?" },
  { account_id: 2, name: "Seguimiento de garantía", template_type: "window", tag_ids: [5], content: "Hola {{customer_name}}, ¿pudiste traer la herramienta al taller? Tu número de cliente es {{Nº cliente}}." },
];

const COLOR = /^#[0-9a-fA-F]{6}$/;

function badInput(message: string): never {
  fail({ code: "bad_input", message });
}

function notFound(message: string): never {
  fail({ code: "not_found", message });
}

export class MockLibrary {
  private tagList: TagDto[] = [];
  private history = new Map<number, TagEventDto[]>();
  private views = new Map<number, SavedViewDto[]>();
  private templates: TemplateDto[] = [];
  private nextId = 100;

  constructor(private readonly host: LibraryHost) {}

  /** Fills the demo's tags, views and templates; `conversations` are already seeded. */
  reset(demo: boolean, now: number): void {
    this.tagList = demo ? DEMO_TAGS.map((t) => ({ ...t })) : [];
    this.history.clear();
    this.views.clear();
    this.templates = demo
      ? DEMO_TEMPLATES.map((t, i) => ({ ...t, id: i + 1, variables: templateVariables(t.content) }))
      : [];
    if (!demo) return;
    for (const c of this.host.conversations()) {
      const at = c.messages[0]?.created_at ?? new Date(now).toISOString();
      const member = c.assignee_id;
      this.history.set(
        c.id,
        c.tag_ids.map((id) => ({ tag_id: id, tag_name: this.tagName(id), added: true, member_id: member, at })),
      );
    }
    const base = { account_id: null, channel: null, tag_id: null, assignee_id: null, window: null, text: null, cursor: null, limit: 50 };
    this.views.set(this.host.me().id, [
      { id: 1, name: "VIP abiertas", query: { ...base, view: "all_open", tag_id: 1 } },
      { id: 2, name: "Mis WhatsApp", query: { ...base, view: "mine", channel: "whatsapp" } },
    ]);
  }

  tags(): TagDto[] {
    return this.tagList;
  }

  handle(cmd: keyof Api, input: unknown): unknown {
    switch (cmd) {
      case "create_tag":
        return this.createTag(input as Api["create_tag"]["input"]);
      case "update_tag":
        return this.updateTag(input as TagDto);
      case "delete_tag":
        return this.deleteTag((input as Api["delete_tag"]["input"]).tag_id);
      case "tag_conversation":
        return this.tag(input as Api["tag_conversation"]["input"]);
      case "tag_history":
        this.host.find((input as Api["tag_history"]["input"]).id);
        return this.history.get((input as Api["tag_history"]["input"]).id) ?? [];
      case "list_views":
        return this.myViews();
      case "save_view":
        return this.saveView(input as SavedViewDto);
      case "delete_view":
        return this.deleteView((input as Api["delete_view"]["input"]).view_id);
      case "list_templates":
        return this.listTemplates(input as TemplateQuery);
      case "save_template":
        return this.saveTemplate(input as TemplateDto);
      case "delete_template":
        return this.deleteTemplate((input as Api["delete_template"]["input"]).template_id);
      case "render_template":
        return this.render(input as Api["render_template"]["input"]);
      default:
        return NOT_LIBRARY;
    }
  }

  private requireAdmin(action: string): void {
    const role = this.host.me().role;
    if (role !== "owner" && role !== "admin") fail({ code: "forbidden", message: `only owners and admins may ${action}` });
  }

  private tagName(id: number): string {
    return this.tagList.find((t) => t.id === id)?.name ?? String(id);
  }

  private named(name: string): TagDto | undefined {
    return this.tagList.find((t) => foldName(t.name) === foldName(name));
  }

  private checkTag(name: string, color: string): string {
    const trimmed = name.trim();
    if (trimmed === "") badInput("a tag needs a name");
    if (!COLOR.test(color)) badInput(`"${color}" is not a colour like #16a34a`);
    return trimmed;
  }

  private createTag(input: Api["create_tag"]["input"]): TagDto {
    const name = this.checkTag(input.name, input.color);
    const existing = this.named(name);
    if (existing !== undefined) return existing;
    const tag = { id: this.nextId++, name, description: input.description.trim(), color: input.color };
    this.tagList.push(tag);
    this.host.emit({ type: "workspace_changed" });
    return tag;
  }

  private updateTag(input: TagDto): null {
    this.requireAdmin("edit tags");
    const name = this.checkTag(input.name, input.color);
    const tag = this.tagList.find((t) => t.id === input.id);
    if (tag === undefined) notFound(`tag ${input.id}`);
    const other = this.named(name);
    if (other !== undefined && other.id !== tag.id) badInput("another tag has this name");
    Object.assign(tag, { name, description: input.description, color: input.color });
    this.host.emit({ type: "workspace_changed" });
    return null;
  }

  /** Conversations, contacts and templates lose the tag; their history keeps it. */
  private deleteTag(id: number): null {
    this.requireAdmin("delete tags");
    if (!this.tagList.some((t) => t.id === id)) notFound(`tag ${id}`);
    this.tagList = this.tagList.filter((t) => t.id !== id);
    for (const c of this.host.conversations()) {
      c.tag_ids = c.tag_ids.filter((t) => t !== id);
      const contact = this.host.contact(c.contact_id);
      if (contact !== undefined) contact.tag_ids = contact.tag_ids.filter((t) => t !== id);
    }
    for (const t of this.templates) t.tag_ids = t.tag_ids.filter((x) => x !== id);
    this.host.emit({ type: "workspace_changed" });
    this.host.emit({ type: "list_changed" });
    return null;
  }

  private tag(input: Api["tag_conversation"]["input"]): null {
    const c = this.host.find(input.conversation_id);
    if (!this.tagList.some((t) => t.id === input.tag_id)) notFound(`tag ${input.tag_id}`);
    const has = c.tag_ids.includes(input.tag_id);
    if (has !== input.on) {
      c.tag_ids = input.on ? [...c.tag_ids, input.tag_id] : c.tag_ids.filter((t) => t !== input.tag_id);
      const events = this.history.get(c.id) ?? [];
      events.push({
        tag_id: input.tag_id,
        tag_name: this.tagName(input.tag_id),
        added: input.on,
        member_id: this.host.me().id,
        at: new Date().toISOString(),
      });
      this.history.set(c.id, events);
    }
    this.host.emit({ type: "conversation_changed", conversation_id: c.id });
    this.host.emit({ type: "list_changed" });
    return null;
  }

  private myViews(): SavedViewDto[] {
    return [...(this.views.get(this.host.me().id) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  }

  private saveView(input: SavedViewDto): SavedViewDto[] {
    const name = input.name.trim();
    if (name === "") badInput("a view needs a name");
    const mine = this.views.get(this.host.me().id) ?? [];
    const query = { ...input.query, cursor: null };
    if (input.id === null) {
      mine.push({ id: this.nextId++, name, query });
    } else {
      const view = mine.find((v) => v.id === input.id);
      if (view === undefined) notFound(`view ${input.id}`);
      Object.assign(view, { name, query });
    }
    this.views.set(this.host.me().id, mine);
    return this.myViews();
  }

  private deleteView(id: number): SavedViewDto[] {
    const mine = this.views.get(this.host.me().id) ?? [];
    if (!mine.some((v) => v.id === id)) notFound(`view ${id}`);
    this.views.set(
      this.host.me().id,
      mine.filter((v) => v.id !== id),
    );
    return this.myViews();
  }

  /** Shared templates and those of accounts the member may see, filtered, by name. */
  private listTemplates(q: TemplateQuery): TemplateDto[] {
    const me = this.host.me().id;
    const words = (q.text ?? "").toLowerCase().split(/\s+/).filter((w) => w !== "");
    return this.templates
      .filter((t) => t.account_id === null || this.host.maySee(me, t.account_id))
      .filter((t) => q.account_id === null || t.account_id === null || t.account_id === q.account_id)
      .filter((t) => q.template_type === null || t.template_type === q.template_type)
      .filter((t) => q.tag_id === null || t.tag_ids.includes(q.tag_id))
      .filter((t) => words.every((w) => t.name.toLowerCase().includes(w) || t.content.toLowerCase().includes(w)))
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id - b.id);
  }

  private saveTemplate(input: TemplateDto): TemplateDto {
    this.requireAdmin("manage templates");
    const name = input.name.trim();
    if (name === "") badInput("a template needs a name");
    if (input.content.trim() === "") badInput("a template needs a text");
    if (input.account_id !== null) {
      const known = this.host.accounts().some((a) => a.id === input.account_id);
      if (!known || !this.host.maySee(this.host.me().id, input.account_id)) notFound(`account ${input.account_id}`);
    }
    const bad = input.tag_ids.find((id) => !this.tagList.some((t) => t.id === id));
    if (bad !== undefined) notFound(`tag ${bad}`);
    const fields = {
      account_id: input.account_id,
      name,
      content: input.content,
      template_type: input.template_type,
      tag_ids: [...new Set(input.tag_ids)],
      variables: templateVariables(input.content),
    };
    if (input.id === 0) {
      const template = { id: this.nextId++, ...fields };
      this.templates.push(template);
      return template;
    }
    const template = this.templates.find((t) => t.id === input.id);
    if (template === undefined) notFound(`template ${input.id}`);
    Object.assign(template, fields);
    return template;
  }

  private deleteTemplate(id: number): null {
    this.requireAdmin("manage templates");
    if (!this.templates.some((t) => t.id === id)) notFound(`template ${id}`);
    this.templates = this.templates.filter((t) => t.id !== id);
    return null;
  }

  /** A template filled for a conversation, or `missing_variables` naming what has no value. */
  private render(input: Api["render_template"]["input"]): Api["render_template"]["output"] {
    const c = this.host.find(input.conversation_id);
    const template = this.listTemplates({ account_id: c.account_id, template_type: null, tag_id: null, text: null }).find(
      (t) => t.id === input.template_id,
    );
    if (template === undefined) notFound(`template ${input.template_id}`);
    const contact = this.host.contact(c.contact_id);
    const values = [
      { name: "customer_name", value: c.contact_name },
      { name: "company_name", value: this.host.companyName() },
      { name: "user_name", value: this.host.me().name },
      ...(contact?.custom_fields.map((f) => ({ name: f.key, value: f.value })) ?? []),
      ...input.values,
    ];
    // typed values win over what the app knows
    const out = renderVariables(template.content, [...values].reverse());
    if ("missing" in out) fail({ code: "missing_variables", message: `no value for ${out.missing.join(", ")}` });
    return out;
  }
}
