/** Snooze choices from `now` (the app's clock), in the browser's time zone. */
export interface SnoozeChoice {
  key: "hour" | "threeHours" | "tomorrow" | "monday";
  at: Date;
}

function atNine(base: Date, addDays: number): Date {
  return new Date(base.getFullYear(), base.getMonth(), base.getDate() + addDays, 9, 0, 0, 0);
}

export function snoozeChoices(now: Date): SnoozeChoice[] {
  const untilMonday = ((8 - now.getDay()) % 7) || 7;
  return [
    { key: "hour", at: new Date(now.getTime() + 3600_000) },
    { key: "threeHours", at: new Date(now.getTime() + 3 * 3600_000) },
    { key: "tomorrow", at: atNine(now, 1) },
    { key: "monday", at: atNine(now, untilMonday) },
  ];
}

/** `<input type="datetime-local">` value of a date (local time, minutes). */
export function localInputValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
