/**
 * Business hours in an IANA time zone, as the core reads them
 * (crates/bandeja-domain/src/hours.rs): a date's intervals are its holiday's
 * when it has one, else its weekday's; "00:00" as a closing time is midnight
 * at the end of the day. Used by the in-memory mock (open now, next opening)
 * and by the editor (the local time in the account's zone).
 */
import type { HoursDto, SpanDto } from "../bindings";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The core looks this far ahead for the next opening. */
const LOOKAHEAD_DAYS = 31;

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether the browser knows this IANA zone. */
export function isKnownZone(zone: string): boolean {
  if (zone.trim() === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone.trim() });
    return true;
  } catch {
    return false;
  }
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
    });
    formatters.set(zone, f);
  }
  return f;
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** The wall-clock date and time at `at` (ms) in `zone`. */
export function localParts(at: number, zone: string): LocalParts {
  const parts = formatter(zone).formatToParts(new Date(at));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    year: Number(get("year")),
    month: Number(get("month")),
    day: Number(get("day")),
    weekday: WEEKDAYS.indexOf(get("weekday")) + 1,
    minutes: (Number(get("hour")) % 24) * 60 + Number(get("minute")),
  };
}

/** "09:30" -> 570; null when it is not HH:MM. */
export function parseHhmm(value: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (m === null) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

/** The instant of a local date (as a UTC day number) and minute in `zone`. */
function instantOf(dayNumber: number, minutes: number, zone: string): number {
  const wall = dayNumber * DAY + minutes * MINUTE;
  // the offset at a guess, then again at the result (a DST change in between)
  let at = wall;
  for (let i = 0; i < 2; i += 1) {
    const p = localParts(at, zone);
    const seen = Date.UTC(p.year, p.month - 1, p.day) + p.minutes * MINUTE;
    at -= seen - wall;
  }
  return at;
}

function dayNumberOf(p: LocalParts): number {
  return Math.round(Date.UTC(p.year, p.month - 1, p.day) / DAY);
}

function isoDate(dayNumber: number): string {
  return new Date(dayNumber * DAY).toISOString().slice(0, 10);
}

/** The intervals of one local date: its holiday's, else its weekday's. */
function spansOn(hours: HoursDto, dayNumber: number): SpanDto[] {
  const holiday = hours.holidays.find((h) => h.date === isoDate(dayNumber));
  if (holiday !== undefined) return holiday.spans;
  const weekday = ((new Date(dayNumber * DAY).getUTCDay() + 6) % 7) + 1;
  return hours.openings.filter((o) => o.weekday === weekday);
}

/** [start, end) instants of the intervals of a local date. */
function instantsOn(hours: HoursDto, dayNumber: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const span of spansOn(hours, dayNumber)) {
    const opens = parseHhmm(span.opens);
    const closes = parseHhmm(span.closes);
    if (opens === null || closes === null) continue;
    const start = instantOf(dayNumber, opens, hours.timezone);
    const end = closes === 0 ? instantOf(dayNumber + 1, 0, hours.timezone) : instantOf(dayNumber, closes, hours.timezone);
    if (end > start) out.push([start, end]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Whether the account is open at `at`. */
export function isOpenAt(hours: HoursDto, at: number): boolean {
  if (!isKnownZone(hours.timezone)) return false;
  const today = dayNumberOf(localParts(at, hours.timezone));
  return instantsOn(hours, today).some(([start, end]) => start <= at && at < end);
}

/** The next instant at or after `at` when the account is open, or null within a month. */
export function nextOpening(hours: HoursDto, at: number): number | null {
  if (!isKnownZone(hours.timezone)) return null;
  if (isOpenAt(hours, at)) return at;
  const today = dayNumberOf(localParts(at, hours.timezone));
  for (let d = 0; d < LOOKAHEAD_DAYS; d += 1) {
    const start = instantsOn(hours, today + d).find(([s]) => s > at);
    if (start !== undefined) return start[0];
  }
  return null;
}

/**
 * How long the account is open between two instants (ms): the business time
 * the reports count (a message on Friday evening answered Monday at 09:05
 * took five minutes). `null` hours: always open.
 */
export function openTimeBetween(hours: HoursDto | null, from: number, to: number): number {
  if (to <= from) return 0;
  if (hours === null) return to - from;
  if (!isKnownZone(hours.timezone)) return 0;
  const first = dayNumberOf(localParts(from, hours.timezone));
  const last = dayNumberOf(localParts(to, hours.timezone));
  let total = 0;
  for (let d = first; d <= last && d - first <= 400; d += 1) {
    for (const [start, end] of instantsOn(hours, d)) {
      total += Math.max(0, Math.min(end, to) - Math.max(start, from));
    }
  }
  return total;
}
