import type { TFunction } from "i18next";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Whole calendar days between two instants in local time (b - a). */
export function calendarDaysBetween(a: Date, b: Date): number {
  return Math.round((startOfDay(b) - startOfDay(a)) / DAY);
}

/**
 * Compact time for list rows: "now", "5 min", "3 h", "Yesterday", weekday,
 * or a short date ("12 Mar", with the year when it is not this year).
 */
export function formatListTime(iso: string, now: Date, t: TFunction, locale: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  const diff = now.getTime() - at.getTime();
  const days = calendarDaysBetween(at, now);
  if (diff < MINUTE) return t("time.now");
  if (diff < HOUR) return t("time.minutes", { count: Math.floor(diff / MINUTE) });
  if (days === 0) return t("time.hours", { count: Math.floor(diff / HOUR) });
  if (days === 1) return t("time.yesterday");
  if (days > 1 && days < 7) return new Intl.DateTimeFormat(locale, { weekday: "short" }).format(at);
  const sameYear = at.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    ...(sameYear ? {} : { year: "numeric" }),
  }).format(at);
}

/** "14:05" (or "2:05 PM") in the user's locale. */
export function formatClock(iso: string, locale: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  return new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" }).format(at);
}

/** Full date and time, for tooltips. */
export function formatDateTime(iso: string, locale: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "short" }).format(at);
}

/** Day separator label: "Today", "Yesterday" or "Monday, 12 March[ 2025]". */
export function formatDayLabel(iso: string, now: Date, t: TFunction, locale: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  const days = calendarDaysBetween(at, now);
  if (days === 0) return t("time.today");
  if (days === 1) return t("time.yesterday");
  return new Intl.DateTimeFormat(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    ...(at.getFullYear() === now.getFullYear() ? {} : { year: "numeric" }),
  }).format(at);
}

export interface WindowState {
  open: boolean;
  /** Milliseconds left, 0 when closed. */
  msLeft: number;
}

/** WhatsApp's 24-hour customer service window. */
export function windowState(expiresAt: string | null, now: Date): WindowState {
  if (expiresAt === null) return { open: false, msLeft: 0 };
  const end = new Date(expiresAt).getTime();
  if (Number.isNaN(end)) return { open: false, msLeft: 0 };
  const left = end - now.getTime();
  return left > 0 ? { open: true, msLeft: left } : { open: false, msLeft: 0 };
}

/** "5 h" / "42 min" / "< 1 min" – the remaining time of an open window. */
export function formatTimeLeft(msLeft: number, t: TFunction): string {
  if (msLeft >= HOUR) return t("time.hours", { count: Math.floor(msLeft / HOUR) });
  if (msLeft >= MINUTE) return t("time.minutes", { count: Math.floor(msLeft / MINUTE) });
  return t("time.lessThanMinute");
}

/** "Window open · 5 h left" / "Window closed — only templates". */
export function formatWindowLabel(expiresAt: string | null, now: Date, t: TFunction): string {
  const state = windowState(expiresAt, now);
  if (!state.open) return t("window.closedLong");
  return t("window.openLong", { left: formatTimeLeft(state.msLeft, t) });
}

/** "5 h left" / "Closed", for list rows. */
export function formatWindowShort(expiresAt: string | null, now: Date, t: TFunction): string {
  const state = windowState(expiresAt, now);
  if (!state.open) return t("window.closed");
  return t("window.left", { left: formatTimeLeft(state.msLeft, t) });
}

/** 1536 -> "1.5 KB" (locale-aware decimals). */
export function formatFileSize(bytes: number, locale: string): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  return `${number} ${units[unit] ?? "B"}`;
}

/** 65 -> "1:05", 3725 -> "1:02:05". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/** "14:05" today, else "12 Mar, 14:05" – for future instants such as snooze ends. */
export function formatShortDateTime(iso: string, now: Date, locale: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  if (calendarDaysBetween(now, at) === 0) return formatClock(iso, locale);
  return new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
  }).format(at);
}
