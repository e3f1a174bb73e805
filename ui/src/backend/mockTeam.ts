/**
 * DEV-ONLY: the team and automation side of the in-memory mock (`mock.ts`):
 * members and the accounts each may see, availability, and each account's
 * rules, checked the way the core checks them (crates/bandeja-core
 * team.rs, automation/settings.rs). Never part of the production bundle.
 */
import type {
  AccountDto,
  Api,
  AutomationDto,
  HoursDto,
  MemberDto,
  MemberInput,
  TeamDto,
  UiEvent,
  WaTemplateDto,
} from "../bindings";
import { isKnownZone, isOpenAt, nextOpening, parseHhmm } from "../lib/businessHours";
import { fail } from "./types";

export const MEMBERS: MemberDto[] = [
  { id: 1, name: "Lucía Romero", email: "lucia@ferreteriarios.es", role: "owner", availability: "online", capacity: null, color: "#4f46e5" },
  { id: 2, name: "Diego Fernández", email: "diego@ferreteriarios.es", role: "agent", availability: "online", capacity: 12, color: "#0891b2" },
  { id: 3, name: "Marta Gil", email: "marta@ferreteriarios.es", role: "admin", availability: "away", capacity: null, color: "#db2777" },
  { id: 4, name: "Sam Carter", email: "sam@ferreteriarios.es", role: "agent", availability: "offline", capacity: 8, color: "#65a30d" },
];

const COLORS = ["#0ea5e9", "#ea580c", "#16a34a", "#9333ea", "#e11d48", "#0d9488"];
const ME = 1;

export const NOT_TEAM = Symbol("not a team command");

type Rules = Omit<AutomationDto, "account_id" | "open_now" | "next_open">;

function defaultRules(): Rules {
  return {
    hours: null,
    assignment: [],
    auto_reply: { enabled: false, outside_hours: null, first_contact: null, always: null, period_hours: 24 },
    reminder: { enabled: false, template_id: null, params: [] },
    auto_close: false,
    sla: { enabled: false, first_response_minutes: null, next_response_minutes: null, warn_minutes: 15 },
  };
}

/** The demo's shop hours: split days on weekdays, Saturday mornings, closed on the next 6 January. */
function demoHours(now: number): HoursDto {
  const weekdays = [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, opens: "09:00", closes: "14:00" },
    { weekday, opens: "17:00", closes: "20:30" },
  ]);
  const year = new Date(now).getFullYear() + (new Date(now).getMonth() === 0 && new Date(now).getDate() <= 6 ? 0 : 1);
  return {
    timezone: "Europe/Madrid",
    openings: [...weekdays, { weekday: 6, opens: "10:00", closes: "14:00" }],
    holidays: [{ date: `${year}-01-06`, spans: [] }],
  };
}

function badInput(message: string): never {
  fail({ code: "bad_input", message });
}

export interface TeamHooks {
  isDemo: () => boolean;
  accounts: () => AccountDto[];
  template: (id: number) => WaTemplateDto | undefined;
  emit: (event: UiEvent) => void;
  /** A member left: their conversations become unassigned. */
  memberDeleted: (id: number) => void;
}

export class MockTeam {
  private members: MemberDto[] = [];
  /** Members authorized per account (absent: only the member using the app). */
  private authorized = new Map<number, Set<number>>();
  private rules = new Map<number, Rules>();
  private nextId = 100;

  constructor(private readonly hooks: TeamHooks) {}

  reset(demo: boolean, now: number): void {
    this.members = (demo ? MEMBERS : MEMBERS.slice(0, 1)).map((m) => ({ ...m }));
    this.authorized.clear();
    this.rules.clear();
    if (!demo) return;
    this.authorized.set(1, new Set([1, 2, 3]));
    this.authorized.set(2, new Set([1, 3, 4]));
    this.authorized.set(3, new Set([1, 2]));
    this.authorized.set(4, new Set([1]));
    this.rules.set(1, {
      ...defaultRules(),
      hours: demoHours(now),
      assignment: [
        { rule: { type: "last_handler" }, fallback: { type: "next" } },
        { rule: { type: "rotation" }, fallback: { type: "member", member_id: 1 } },
      ],
      auto_reply: {
        enabled: true,
        outside_hours: "Hola {{customer_name}}, ahora mismo {{company_name}} está cerrada. Te respondemos en cuanto abramos.",
        first_contact: "¡Hola {{customer_name}}! Gracias por escribir a {{company_name}}. Enseguida te atendemos.",
        always: null,
        period_hours: 24,
      },
      reminder: { enabled: true, template_id: 2, params: ["{{customer_name}}"] },
      auto_close: true,
      sla: { enabled: true, first_response_minutes: 30, next_response_minutes: 60, warn_minutes: 10 },
    });
  }

  me(): MemberDto {
    return this.members.find((m) => m.id === ME) ?? (MEMBERS[0] as MemberDto);
  }

  list(): MemberDto[] {
    return this.members;
  }

  find(id: number | null): MemberDto | undefined {
    return this.members.find((m) => m.id === id);
  }

  /** Whether a member may see an account's conversations. */
  maySee(memberId: number, accountId: number): boolean {
    return (this.authorized.get(accountId) ?? new Set([ME])).has(memberId);
  }

  /** An account's business hours (null: always open), for the reports. */
  hours(accountId: number): HoursDto | null {
    return this.rules.get(accountId)?.hours ?? null;
  }

  /** An account's SLA warning minutes, for the conversation list. */
  warnMinutes(accountId: number): number {
    return (this.rules.get(accountId) ?? defaultRules()).sla.warn_minutes;
  }

  handle(cmd: keyof Api, input: unknown): unknown {
    switch (cmd) {
      case "list_team":
        return this.team();
      case "save_member":
        return this.save(input as MemberInput);
      case "delete_member":
        return this.remove((input as Api["delete_member"]["input"]).member_id);
      case "set_availability": {
        this.me().availability = (input as Api["set_availability"]["input"]).availability;
        this.hooks.emit({ type: "workspace_changed" });
        return null;
      }
      case "get_automation":
        return this.automation((input as Api["get_automation"]["input"]).account_id);
      case "set_automation":
        return this.setAutomation(input as AutomationDto);
      default:
        return NOT_TEAM;
    }
  }

  private team(): TeamDto {
    const me = this.me();
    const accounts = this.hooks.accounts();
    return {
      can_manage: me.role === "owner" || me.role === "admin",
      members: this.members.map((member) => ({
        member,
        account_ids: accounts.filter((a) => this.maySee(member.id, a.id)).map((a) => a.id),
        is_me: member.id === ME,
      })),
    };
  }

  private requireAdmin(action: string): void {
    const role = this.me().role;
    if (role !== "owner" && role !== "admin") fail({ code: "forbidden", message: `only owners and admins may ${action}` });
  }

  private save(input: MemberInput): TeamDto {
    this.requireAdmin("manage the team");
    const name = input.name.trim();
    if (name === "") badInput("a member needs a name");
    const email = input.email.trim().toLowerCase();
    if (!email.includes("@") || email.startsWith("@") || email.endsWith("@")) badInput("this is not an email address");
    if (this.members.some((m) => m.email.toLowerCase() === email && m.id !== input.id)) badInput("another member has this email");
    const owners = this.members.filter((m) => m.role === "owner" && m.id !== input.id).length;
    if (owners === 0 && input.role !== "owner") badInput("the workspace needs at least one owner");
    const known = this.hooks.accounts();
    const unknown = input.account_ids.find((id) => !known.some((a) => a.id === id));
    if (unknown !== undefined) fail({ code: "not_found", message: `account ${unknown} not found` });
    const fields = { name, email, role: input.role, availability: input.availability, capacity: input.capacity };
    let id: number;
    if (input.id !== null) {
      const member = this.find(input.id);
      if (member === undefined) fail({ code: "not_found", message: `member ${input.id} not found` });
      Object.assign(member, fields);
      id = member.id;
    } else {
      id = this.nextId++;
      this.members.push({ id, ...fields, color: COLORS[id % COLORS.length] as string });
    }
    for (const account of known) {
      const set = this.authorized.get(account.id) ?? new Set([ME]);
      if (input.account_ids.includes(account.id)) set.add(id);
      else set.delete(id);
      this.authorized.set(account.id, set);
    }
    this.hooks.emit({ type: "workspace_changed" });
    return this.team();
  }

  private remove(id: number): TeamDto {
    this.requireAdmin("manage the team");
    if (id === ME) badInput("you cannot remove yourself");
    if (this.find(id) === undefined) fail({ code: "not_found", message: `member ${id} not found` });
    this.members = this.members.filter((m) => m.id !== id);
    for (const set of this.authorized.values()) set.delete(id);
    this.hooks.memberDeleted(id);
    this.hooks.emit({ type: "workspace_changed" });
    return this.team();
  }

  private account(id: number): AccountDto {
    const account = this.hooks.accounts().find((a) => a.id === id);
    if (account === undefined || !this.maySee(ME, id)) fail({ code: "not_found", message: `account ${id} not found` });
    return account;
  }

  private automation(accountId: number): AutomationDto {
    this.account(accountId);
    const rules = this.rules.get(accountId) ?? defaultRules();
    const now = Date.now();
    const next = rules.hours === null ? now : nextOpening(rules.hours, now);
    return {
      account_id: accountId,
      ...structuredClone(rules),
      open_now: rules.hours === null || isOpenAt(rules.hours, now),
      next_open: next === null ? null : new Date(next).toISOString(),
    };
  }

  private setAutomation(input: AutomationDto): AutomationDto {
    this.requireAdmin("change an account's rules");
    const account = this.account(input.account_id);
    if (input.hours !== null) checkHours(input.hours);
    for (const step of input.assignment) {
      if (step.rule.type === "custom_field" && step.rule.field.trim() === "") badInput("name the contact field");
      const fallback = step.fallback;
      if (fallback.type === "member" && this.find(fallback.member_id) === undefined) {
        badInput(`member ${fallback.member_id} does not exist`);
      }
    }
    if (input.auto_reply.enabled && input.auto_reply.period_hours === 0) badInput("the period must be at least one hour");
    if (input.reminder.enabled) {
      if (account.channel !== "whatsapp") badInput("reminders are for WhatsApp numbers");
      if (input.hours === null) badInput("set the business hours first: reminders follow the account's time zone");
      if (input.reminder.template_id === null) badInput("choose the reminder's template");
      const template = this.hooks.template(input.reminder.template_id);
      if (template === undefined) fail({ code: "not_found", message: `template ${input.reminder.template_id} not found` });
      if (template.account_id !== account.id || template.status !== "APPROVED") {
        badInput(`the template ${template.name} is not approved for this number`);
      }
    }
    if (input.sla.enabled && input.sla.first_response_minutes === null && input.sla.next_response_minutes === null) {
      badInput("set a first or next response target");
    }
    const { account_id: _id, open_now: _open, next_open: _next, ...rules } = input;
    this.rules.set(account.id, structuredClone(rules));
    this.hooks.emit({ type: "list_changed" });
    return this.automation(account.id);
  }
}

function checkHours(hours: HoursDto): void {
  if (!isKnownZone(hours.timezone)) badInput(`${hours.timezone} is not a known time zone`);
  const time = (value: string) => {
    const minutes = parseHhmm(value);
    if (minutes === null) badInput(`${JSON.stringify(value)} is not a time (HH:MM)`);
    return minutes;
  };
  const spans = [...hours.openings, ...hours.holidays.flatMap((h) => h.spans)];
  for (const opening of hours.openings) {
    if (!Number.isInteger(opening.weekday) || opening.weekday < 1 || opening.weekday > 7) {
      badInput(`${opening.weekday} is not a weekday (1 = Monday … 7 = Sunday)`);
    }
  }
  for (const holiday of hours.holidays) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday.date) || Number.isNaN(Date.parse(holiday.date))) {
      badInput(`${JSON.stringify(holiday.date)} is not a date (YYYY-MM-DD)`);
    }
  }
  for (const span of spans) {
    const opens = time(span.opens);
    const closes = time(span.closes);
    if (closes <= opens && closes !== 0) badInput(`an interval closes before it opens (${span.opens}–${span.closes})`);
  }
}
