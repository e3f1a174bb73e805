/** The reports page's periods, as `[from, to)` instants on this computer's calendar. */

export type PeriodKind = "week" | "month" | "last30" | "custom";
export const PERIODS: readonly PeriodKind[] = ["week", "month", "last30", "custom"];

export interface Period {
  kind: PeriodKind;
  /** Custom dates (YYYY-MM-DD), both included. */
  from: string;
  to: string;
}

function midnight(year: number, month: number, day: number): Date {
  return new Date(year, month, day);
}

/** "2026-03-11" of a local date. */
export function isoDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function parseDay(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m === null) return null;
  const d = midnight(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The last 30 days (today included) as custom dates: where "Custom dates" starts. */
export function defaultPeriod(now: Date): Period {
  const today = midnight(now.getFullYear(), now.getMonth(), now.getDate());
  const start = midnight(today.getFullYear(), today.getMonth(), today.getDate() - 29);
  return { kind: "last30", from: isoDay(start), to: isoDay(today) };
}

/**
 * The instants of a period (RFC 3339), or null when custom dates are missing
 * or backwards. Day boundaries only, so the answer stays the same all day
 * (the report's query key does not change while the clock ticks).
 */
export function periodRange(period: Period, now: Date): { from: string; to: string } | null {
  const y = now.getFullYear();
  const m = now.getMonth();
  const d = now.getDate();
  const tomorrow = midnight(y, m, d + 1);
  switch (period.kind) {
    case "week": {
      const sinceMonday = (now.getDay() + 6) % 7;
      return { from: midnight(y, m, d - sinceMonday).toISOString(), to: tomorrow.toISOString() };
    }
    case "month":
      return { from: midnight(y, m, 1).toISOString(), to: tomorrow.toISOString() };
    case "last30":
      return { from: midnight(y, m, d - 29).toISOString(), to: tomorrow.toISOString() };
    case "custom": {
      const from = parseDay(period.from);
      const to = parseDay(period.to);
      if (from === null || to === null || to < from) return null;
      return { from: from.toISOString(), to: midnight(to.getFullYear(), to.getMonth(), to.getDate() + 1).toISOString() };
    }
  }
}
