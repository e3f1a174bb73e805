/**
 * DEV-ONLY: private notes with @mentions, the plan's usage and the reports
 * of the in-memory mock (`mock.ts`), as the core does them
 * (crates/bandeja-core/src/notes.rs, plan.rs, reports.rs). Never part of the
 * production bundle.
 */
import type { AccountDto, Api, HoursDto, MemberDto, MessageDto, UiEvent, UsageDto } from "../bindings";
import { mentionedIds } from "../lib/mentions";
import type { StoredConversation } from "./mock";
import { buildReport, type ReportRow } from "./mockReports";
import { fail } from "./types";

export const NOT_ACTIVITY = Symbol("not an activity command");

const DAY = 24 * 3600_000;

/** What notes, usage and reports need from the rest of the mock. */
export interface ActivityHost {
  conversations(): StoredConversation[];
  find(id: number): StoredConversation;
  me(): MemberDto;
  members(): MemberDto[];
  accounts(): AccountDto[];
  maySee(memberId: number, accountId: number): boolean;
  hours(accountId: number): HoursDto | null;
  /** Stores a note by the member using the app and announces the change. */
  addNote(c: StoredConversation, body: string): MessageDto;
  emit(event: UiEvent): void;
}

/** Each WhatsApp number's messaging tier in the demo (Twilio's is unknown). */
const TIERS: Record<number, number> = { 1: 1000 };

export class MockActivity {
  private planLimit: number | null = null;
  /** When each conversation was resolved (ms). */
  private resolvedAt = new Map<number, number>();

  constructor(private readonly host: ActivityHost) {}

  reset(): void {
    this.planLimit = null;
    this.resolvedAt.clear();
  }

  /** A conversation's status changed by hand. */
  statusChanged(c: StoredConversation, at: number): void {
    if (c.status === "resolved") this.resolvedAt.set(c.id, at);
    else this.resolvedAt.delete(c.id);
  }

  handle(cmd: keyof Api, input: unknown): unknown {
    switch (cmd) {
      case "add_note":
        return this.addNote(input as Api["add_note"]["input"]);
      case "get_usage":
        return this.usage();
      case "set_plan_limit":
        return this.setPlanLimit((input as Api["set_plan_limit"]["input"]).limit);
      case "get_report":
        return this.report(input as Api["get_report"]["input"]);
      default:
        return NOT_ACTIVITY;
    }
  }

  /** A note for the team; each member it mentions who may see the conversation gets a notice. */
  private addNote(input: Api["add_note"]["input"]): Api["add_note"]["output"] {
    const body = input.body.trim();
    if (body === "") fail({ code: "bad_input", message: "the message is empty" });
    const c = this.host.find(input.conversation_id);
    const note = this.host.addNote(c, body);
    const me = this.host.me();
    for (const id of mentionedIds(body, this.host.members())) {
      if (id === me.id || !this.host.maySee(id, c.account_id)) continue;
      this.host.emit({ type: "notice", member_id: id, conversation_id: c.id, kind: "mentioned", text: me.name });
    }
    return { id: note.id };
  }

  private requireAdmin(action: string): void {
    const role = this.host.me().role;
    if (role !== "owner" && role !== "admin") fail({ code: "forbidden", message: `only owners and admins may ${action}` });
  }

  private usage(): UsageDto {
    const now = new Date();
    const monthStart = new Date(now.getFullYear(), now.getMonth(), 1).getTime();
    const me = this.host.me().id;
    const seen = this.host.conversations().filter((c) => this.host.maySee(me, c.account_id));
    const started = seen.filter((c) => Date.parse(c.messages[0]?.created_at ?? "") >= monthStart).length;
    const numbers = this.host
      .accounts()
      .filter((a) => a.channel === "whatsapp" && this.host.maySee(me, a.id))
      .map((a) => ({
        account_id: a.id,
        business_initiated_24h: seen.filter(
          (c) =>
            c.account_id === a.id &&
            c.messages.some((m) => m.kind === "template" && m.direction === "outbound" && Date.parse(m.created_at) > now.getTime() - DAY),
        ).length,
        tier_limit: TIERS[a.id] ?? null,
      }));
    return { conversations_this_month: started, plan_limit: this.planLimit, numbers };
  }

  /** The plan's quota when this month's conversations reached it (a new one is refused), else null. */
  quotaReached(): { used: number; limit: number } | null {
    const { conversations_this_month: used, plan_limit: limit } = this.usage();
    return limit !== null && used >= limit ? { used, limit } : null;
  }

  private setPlanLimit(limit: number | null): UsageDto {
    this.requireAdmin("set the plan's limit");
    if (limit === 0) fail({ code: "bad_input", message: "a plan allows at least one conversation a month" });
    this.planLimit = limit;
    return this.usage();
  }

  private rows(from: number, to: number): ReportRow[] {
    const me = this.host.me().id;
    const rows: ReportRow[] = [];
    for (const c of this.host.conversations()) {
      const first = c.messages[0];
      if (first === undefined || !this.host.maySee(me, c.account_id)) continue;
      const createdAt = Date.parse(first.created_at);
      if (createdAt < from || createdAt >= to) continue;
      // the first answer a member wrote after the customer's first message (not a note, not automatic)
      const inbound = c.messages.find((m) => m.direction === "inbound");
      const answer =
        inbound === undefined
          ? undefined
          : c.messages.find(
              (m) => m.direction === "outbound" && m.kind !== "note" && !m.automated && m.created_at >= inbound.created_at,
            );
      const last = c.messages[c.messages.length - 1];
      const resolvedAt =
        c.status !== "resolved" ? null : (this.resolvedAt.get(c.id) ?? (last === undefined ? null : Date.parse(last.created_at) + 3600_000));
      rows.push({
        accountId: c.account_id,
        channel: c.channel,
        assignee: c.assignee_id,
        tags: c.tag_ids,
        createdAt,
        firstResponseAt: answer === undefined ? null : Date.parse(answer.created_at),
        resolvedAt,
      });
    }
    return rows;
  }

  private report(q: Api["get_report"]["input"]): Api["get_report"]["output"] {
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (Number.isNaN(from)) fail({ code: "bad_input", message: `"${q.from}" is not a time` });
    if (Number.isNaN(to)) fail({ code: "bad_input", message: `"${q.to}" is not a time` });
    if (to <= from) fail({ code: "bad_input", message: "the report's end must come after its start" });
    return buildReport(this.rows(from, to), (id) => this.host.hours(id), q.hours);
  }
}
