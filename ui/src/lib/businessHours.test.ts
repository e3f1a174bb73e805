import { describe, expect, it } from "vitest";
import type { HoursDto } from "../bindings";
import { isKnownZone, isOpenAt, localParts, nextOpening, openTimeBetween, parseHhmm } from "./businessHours";

const office: HoursDto = {
  timezone: "Europe/Madrid",
  openings: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "09:00", closes: "18:00" })),
  holidays: [{ date: "2026-03-04", spans: [] }, { date: "2026-03-05", spans: [{ opens: "10:00", closes: "12:00" }] }],
};
const at = (iso: string) => Date.parse(iso);

describe("business hours", () => {
  it("reads HH:MM and knows zones", () => {
    expect(parseHhmm("09:30")).toBe(570);
    expect(parseHhmm("24:00")).toBeNull();
    expect(parseHhmm("9h")).toBeNull();
    expect(isKnownZone("America/Mexico_City")).toBe(true);
    expect(isKnownZone("Mars/Olympus")).toBe(false);
  });

  it("gives the wall clock in a zone, Monday = 1", () => {
    // Monday 2 March 2026, 21:00 UTC = 22:00 in Madrid
    expect(localParts(at("2026-03-02T21:00:00Z"), "Europe/Madrid")).toEqual({ year: 2026, month: 3, day: 2, weekday: 1, minutes: 22 * 60 });
    expect(localParts(at("2026-03-02T21:00:00Z"), "Asia/Tokyo").weekday).toBe(2);
  });

  it("is open within an interval, in the account's zone", () => {
    expect(isOpenAt(office, at("2026-03-02T08:00:00Z"))).toBe(true); // 09:00 Madrid
    expect(isOpenAt(office, at("2026-03-02T07:59:00Z"))).toBe(false);
    expect(isOpenAt(office, at("2026-03-02T17:00:00Z"))).toBe(false); // 18:00: closed
    expect(isOpenAt(office, at("2026-03-07T10:00:00Z"))).toBe(false); // Saturday
  });

  it("finds the next opening, skipping a holiday and using a special day's hours", () => {
    // Tuesday 22:00 → Wednesday is a holiday → Thursday opens at 10:00 (special hours)
    expect(new Date(nextOpening(office, at("2026-03-03T21:00:00Z")) ?? 0).toISOString()).toBe("2026-03-05T09:00:00.000Z");
    // open now: now
    expect(nextOpening(office, at("2026-03-02T10:00:00Z"))).toBe(at("2026-03-02T10:00:00Z"));
    // Friday night → Monday 09:00
    expect(new Date(nextOpening(office, at("2026-03-06T20:00:00Z")) ?? 0).toISOString()).toBe("2026-03-09T08:00:00.000Z");
  });

  it("follows the clock change (Madrid goes to UTC+2 on 29 March 2026)", () => {
    expect(new Date(nextOpening(office, at("2026-03-28T12:00:00Z")) ?? 0).toISOString()).toBe("2026-03-30T07:00:00.000Z");
  });

  it("closes at midnight with 00:00", () => {
    const late: HoursDto = { timezone: "UTC", openings: [{ weekday: 1, opens: "20:00", closes: "00:00" }], holidays: [] };
    expect(isOpenAt(late, at("2026-03-02T23:59:00Z"))).toBe(true);
    expect(isOpenAt(late, at("2026-03-03T00:00:00Z"))).toBe(false);
  });

  it("counts business time between two instants: Friday evening to Monday 09:05 is five minutes", () => {
    const MIN = 60_000;
    expect(openTimeBetween(office, at("2026-03-06T19:00:00Z"), at("2026-03-09T08:05:00Z"))).toBe(5 * MIN);
    // across the holiday (none) and the special day (10:00–12:00)
    expect(openTimeBetween(office, at("2026-03-03T16:00:00Z"), at("2026-03-05T12:00:00Z"))).toBe(60 * MIN + 120 * MIN);
    expect(openTimeBetween(null, 0, 90 * MIN)).toBe(90 * MIN);
    expect(openTimeBetween(office, at("2026-03-09T10:00:00Z"), at("2026-03-09T09:00:00Z"))).toBe(0);
  });
});
