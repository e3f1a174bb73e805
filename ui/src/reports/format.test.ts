import { describe, expect, it } from "vitest";
import { createI18n } from "../i18n";
import { formatBusinessTime, formatPercent } from "./format";
import { defaultPeriod, periodRange } from "./period";

describe("report formats", () => {
  it("writes business time in minutes, hours and days", () => {
    const { t } = createI18n("en");
    const cases: Array<[number, string]> = [
      [0, "0 min"],
      [45, "45 s"],
      [720, "12 min"],
      [3599, "1 h"],
      [3600, "1 h"],
      [12_000, "3 h 20 min"],
      [86_399, "1 d"],
      [93_600, "1 d 2 h"],
      [3 * 86_400, "3 d"],
    ];
    for (const [secs, words] of cases) expect(formatBusinessTime(secs, t)).toBe(words);
    expect(formatBusinessTime(12_000, createI18n("es").t)).toBe("3 h 20 min");
  });

  it("writes shares as percentages", () => {
    expect(formatPercent(2, 3, "en")).toBe("67%");
    expect(formatPercent(0, 0, "es")).toMatch(/^0\s%$/);
  });
});

describe("report periods", () => {
  // Wednesday 11 March 2026, 15:30 local
  const now = new Date(2026, 2, 11, 15, 30);
  const local = (y: number, m: number, d: number) => new Date(y, m, d).toISOString();

  it("starts this week on Monday and this month on the 1st, up to the end of today", () => {
    expect(periodRange({ ...defaultPeriod(now), kind: "week" }, now)).toEqual({ from: local(2026, 2, 9), to: local(2026, 2, 12) });
    expect(periodRange({ ...defaultPeriod(now), kind: "month" }, now)).toEqual({ from: local(2026, 2, 1), to: local(2026, 2, 12) });
    expect(periodRange({ ...defaultPeriod(now), kind: "last30" }, now)).toEqual({ from: local(2026, 1, 10), to: local(2026, 2, 12) });
  });

  it("takes custom dates with both days included, and refuses them backwards", () => {
    expect(defaultPeriod(now)).toEqual({ kind: "last30", from: "2026-02-10", to: "2026-03-11" });
    expect(periodRange({ kind: "custom", from: "2026-01-05", to: "2026-01-05" }, now)).toEqual({ from: local(2026, 0, 5), to: local(2026, 0, 6) });
    expect(periodRange({ kind: "custom", from: "2026-01-06", to: "2026-01-05" }, now)).toBeNull();
    expect(periodRange({ kind: "custom", from: "", to: "2026-01-05" }, now)).toBeNull();
  });
});
