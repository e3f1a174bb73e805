/**
 * DEV-ONLY: the reports of the in-memory mock, computed from its
 * conversations the way the core does (crates/bandeja-domain/src/report.rs):
 * conversations started in [from, to), first-response and resolution times
 * in each account's business hours, split by whether they started in or
 * out of hours. Never part of the production bundle.
 */
import type { ChannelKind, Figures, HoursDto, HoursFilter, ReportDto, Times } from "../bindings";
import { isOpenAt, openTimeBetween } from "../lib/businessHours";

/** One conversation as the report sees it (instants in ms). */
export interface ReportRow {
  accountId: number;
  channel: ChannelKind;
  assignee: number | null;
  tags: number[];
  createdAt: number;
  firstResponseAt: number | null;
  resolvedAt: number | null;
}

function times(secs: number[]): Times {
  const sorted = [...secs].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { count: 0, median_secs: null, mean_secs: null };
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? (sorted[mid] ?? 0) : Math.floor(((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2);
  return { count: n, median_secs: median, mean_secs: Math.floor(sorted.reduce((a, b) => a + b, 0) / n) };
}

class Acc {
  conversations = 0;
  resolved = 0;
  first: number[] = [];
  resolution: number[] = [];

  add(first: number | null, resolution: number | null): void {
    this.conversations += 1;
    if (first !== null) this.first.push(first);
    if (resolution !== null) {
      this.resolved += 1;
      this.resolution.push(resolution);
    }
  }

  done(): Figures {
    return {
      conversations: this.conversations,
      resolved: this.resolved,
      first_response: times(this.first),
      resolution: times(this.resolution),
    };
  }
}

function entry<K>(map: Map<K, Acc>, key: K): Acc {
  let acc = map.get(key);
  if (acc === undefined) {
    acc = new Acc();
    map.set(key, acc);
  }
  return acc;
}

/** Aggregates `rows`; `hoursOf` gives an account's business hours (null: always open). */
export function buildReport(rows: readonly ReportRow[], hoursOf: (accountId: number) => HoursDto | null, filter: HoursFilter): ReportDto {
  const total = new Acc();
  const channel = new Map<ChannelKind, Acc>();
  const member = new Map<number | null, Acc>();
  const tag = new Map<number, Acc>();
  for (const r of rows) {
    const hours = hoursOf(r.accountId);
    const startedOpen = hours === null || isOpenAt(hours, r.createdAt);
    if ((filter === "in_hours" && !startedOpen) || (filter === "out_of_hours" && startedOpen)) continue;
    const busy = (to: number | null) => (to === null ? null : Math.floor(openTimeBetween(hours, r.createdAt, to) / 1000));
    const first = busy(r.firstResponseAt);
    const resolution = busy(r.resolvedAt);
    total.add(first, resolution);
    entry(channel, r.channel).add(first, resolution);
    entry(member, r.assignee).add(first, resolution);
    for (const t of r.tags) entry(tag, t).add(first, resolution);
  }
  return {
    total: total.done(),
    by_channel: [...channel.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, acc]) => ({ channel: k, figures: acc.done() })),
    by_member: [...member.entries()]
      .sort(([a], [b]) => (a ?? -Infinity) - (b ?? -Infinity))
      .map(([k, acc]) => ({ member_id: k, figures: acc.done() })),
    by_tag: [...tag.entries()].sort(([a], [b]) => a - b).map(([k, acc]) => ({ tag_id: k, figures: acc.done() })),
  };
}
