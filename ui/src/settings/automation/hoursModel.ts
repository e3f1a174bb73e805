/**
 * The business hours editor's model: a week of intervals per weekday
 * (1 = Monday … 7 = Sunday) and holidays, with the checks the core makes
 * (a known zone; an interval closes after it opens, "00:00" = midnight)
 * plus the ones a person needs (no empty time, no overlap, one entry per date).
 */
import { TIME_ZONES, type HolidayDto, type HoursDto, type SpanDto } from "../../bindings";
import { isKnownZone, parseHhmm } from "../../lib/businessHours";

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Problems as i18n keys under `automation.hours.problems`. */
export type SpanProblem = "timeMissing" | "closesBeforeOpens" | "overlaps";
export type ZoneProblem = "zoneEmpty" | "zoneUnknown";
export type DateProblem = "dateMissing" | "dateDuplicate";

export interface HoursProblems {
  timezone: ZoneProblem | null;
  /** Per weekday, one entry per interval (null = fine). */
  days: Record<number, Array<SpanProblem | null>>;
  holidays: Array<{ date: DateProblem | null; spans: Array<SpanProblem | null> }>;
  count: number;
}

/** The browser's zone if the core offers it, else Madrid (the app's home). */
export function defaultZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (TIME_ZONES as readonly string[]).includes(zone) ? zone : "Europe/Madrid";
}

/** Monday to Friday, 09:00–18:00: what a business sets first. */
export function defaultHours(): HoursDto {
  return {
    timezone: defaultZone(),
    openings: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "09:00", closes: "18:00" })),
    holidays: [],
  };
}

/** The intervals of one weekday, in their order. */
export function daySpans(hours: HoursDto, weekday: number): SpanDto[] {
  return hours.openings.filter((o) => o.weekday === weekday).map(({ opens, closes }) => ({ opens, closes }));
}

/** Replaces one weekday's intervals (openings stay grouped by weekday). */
export function setDay(hours: HoursDto, weekday: number, spans: SpanDto[]): HoursDto {
  const openings = WEEKDAYS.flatMap((d) =>
    d === weekday ? spans.map((s) => ({ weekday: d, ...s })) : hours.openings.filter((o) => o.weekday === d),
  );
  return { ...hours, openings };
}

/** Tuesday to Friday get Monday's intervals. */
export function copyMondayToWeekdays(hours: HoursDto): HoursDto {
  const monday = daySpans(hours, 1);
  return [2, 3, 4, 5].reduce((h, d) => setDay(h, d, monday), hours);
}

function hhmm(minutes: number): string {
  const m = Math.max(0, Math.min(minutes, 23 * 60 + 59));
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** A new interval after the last one (an afternoon after a morning), or 09:00–18:00. */
export function nextSpan(spans: SpanDto[]): SpanDto {
  const last = spans[spans.length - 1];
  const end = last === undefined ? null : parseHhmm(last.closes);
  if (end === null || end === 0 || end >= 22 * 60) return { opens: "09:00", closes: "18:00" };
  const opens = end + 60;
  return { opens: hhmm(opens), closes: opens + 180 >= 24 * 60 ? "00:00" : hhmm(opens + 180) };
}

/** Closing minute, with "00:00" as midnight at the end of the day. */
function endOf(closes: number): number {
  return closes === 0 ? 24 * 60 : closes;
}

export function spanProblems(spans: SpanDto[]): Array<SpanProblem | null> {
  const parsed = spans.map((s) => ({ opens: parseHhmm(s.opens), closes: parseHhmm(s.closes) }));
  return parsed.map(({ opens, closes }, i) => {
    if (opens === null || closes === null) return "timeMissing";
    const end = endOf(closes);
    if (end <= opens) return "closesBeforeOpens";
    const overlaps = parsed.some(
      (o, j) => j < i && o.opens !== null && o.closes !== null && opens < endOf(o.closes) && o.opens < end,
    );
    return overlaps ? "overlaps" : null;
  });
}

function zoneProblem(zone: string): ZoneProblem | null {
  if (zone.trim() === "") return "zoneEmpty";
  return isKnownZone(zone) ? null : "zoneUnknown";
}

function holidayProblems(holidays: HolidayDto[]): HoursProblems["holidays"] {
  return holidays.map((h, i) => ({
    date: !/^\d{4}-\d{2}-\d{2}$/.test(h.date)
      ? "dateMissing"
      : holidays.some((o, j) => j < i && o.date === h.date)
        ? "dateDuplicate"
        : null,
    spans: spanProblems(h.spans),
  }));
}

export function hoursProblems(hours: HoursDto): HoursProblems {
  const timezone = zoneProblem(hours.timezone);
  const days: HoursProblems["days"] = {};
  for (const d of WEEKDAYS) days[d] = spanProblems(daySpans(hours, d));
  const holidays = holidayProblems(hours.holidays);
  const count =
    (timezone === null ? 0 : 1) +
    Object.values(days).flat().filter((p) => p !== null).length +
    holidays.reduce((n, h) => n + (h.date === null ? 0 : 1) + h.spans.filter((p) => p !== null).length, 0);
  return { timezone, days, holidays, count };
}

/** The hours as the core keeps them: zone trimmed, holidays by date. */
export function cleanHours(hours: HoursDto): HoursDto {
  return {
    timezone: hours.timezone.trim(),
    openings: hours.openings,
    holidays: [...hours.holidays].sort((a, b) => a.date.localeCompare(b.date)),
  };
}

/** Which part of the card a refusal of the core is about. */
export function hoursErrorPlace(message: string): "timezone" | "week" | "holidays" | null {
  const m = message.toLowerCase();
  if (m.includes("time zone")) return "timezone";
  if (m.includes("date")) return "holidays";
  if (m.includes("interval") || m.includes("time") || m.includes("weekday")) return "week";
  return null;
}
