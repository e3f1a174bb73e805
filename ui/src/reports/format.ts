import type { TFunction } from "i18next";

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Seconds of business time in words: "45 s", "12 min", "3 h 20 min",
 * "1 d 2 h" (a day is 24 hours of it).
 */
export function formatBusinessTime(secs: number, t: TFunction): string {
  const s = Math.max(0, Math.round(secs));
  if (s === 0) return t("reports.duration.minutes", { count: 0 });
  if (s < MINUTE) return t("reports.duration.seconds", { count: s });
  if (s < HOUR) {
    const minutes = Math.round(s / MINUTE);
    return minutes < 60 ? t("reports.duration.minutes", { count: minutes }) : t("reports.duration.hours", { count: 1 });
  }
  if (s < DAY) {
    let h = Math.floor(s / HOUR);
    let m = Math.round((s % HOUR) / MINUTE);
    if (m === 60) {
      h += 1;
      m = 0;
    }
    if (h === 24) return t("reports.duration.days", { count: 1 });
    return m === 0 ? t("reports.duration.hours", { count: h }) : t("reports.duration.hoursMinutes", { h, m });
  }
  let d = Math.floor(s / DAY);
  let h = Math.round((s % DAY) / HOUR);
  if (h === 24) {
    d += 1;
    h = 0;
  }
  return h === 0 ? t("reports.duration.days", { count: d }) : t("reports.duration.daysHours", { d, h });
}

/** "67 %" in the locale's words. */
export function formatPercent(part: number, whole: number, locale: string): string {
  const share = whole === 0 ? 0 : part / whole;
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(share);
}
