import { describe, expect, it } from "vitest";
import { createI18n } from ".";
import {
  formatDayLabel,
  formatDuration,
  formatFileSize,
  formatListTime,
  formatTimeLeft,
  formatWindowLabel,
  formatWindowShort,
  windowState,
} from "./format";

// Local-time instants, so the tests hold in any time zone.
const NOW = new Date(2026, 2, 11, 15, 30); // Wed 11 Mar 2026, 15:30
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const inFuture = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;

const en = createI18n("en");
const es = createI18n("es");

describe("formatListTime", () => {
  it("formats recent times in English", () => {
    const t = en.t;
    expect(formatListTime(ago(20_000), NOW, t, "en")).toBe("now");
    expect(formatListTime(ago(5 * MIN), NOW, t, "en")).toBe("5 min");
    expect(formatListTime(ago(3 * HOUR), NOW, t, "en")).toBe("3 h");
    expect(formatListTime(new Date(2026, 2, 10, 9, 0).toISOString(), NOW, t, "en")).toBe("Yesterday");
    expect(formatListTime(new Date(2026, 2, 8, 9, 0).toISOString(), NOW, t, "en")).toBe("Sun");
    expect(formatListTime(new Date(2026, 1, 2, 9, 0).toISOString(), NOW, t, "en")).toBe("Feb 2");
    expect(formatListTime(new Date(2025, 11, 24, 9, 0).toISOString(), NOW, t, "en")).toBe("Dec 24, 2025");
  });

  it("formats recent times in Spanish", () => {
    const t = es.t;
    expect(formatListTime(ago(20_000), NOW, t, "es")).toBe("ahora");
    expect(formatListTime(ago(1 * MIN), NOW, t, "es")).toBe("1 min");
    expect(formatListTime(ago(2 * HOUR), NOW, t, "es")).toBe("2 h");
    expect(formatListTime(new Date(2026, 2, 10, 9, 0).toISOString(), NOW, t, "es")).toBe("Ayer");
    expect(formatListTime(new Date(2026, 2, 8, 9, 0).toISOString(), NOW, t, "es")).toBe("dom");
    expect(formatListTime(new Date(2026, 1, 2, 9, 0).toISOString(), NOW, t, "es")).toBe("2 feb");
  });

  it("returns an empty string for invalid input", () => {
    expect(formatListTime("not a date", NOW, en.t, "en")).toBe("");
  });
});

describe("formatDayLabel", () => {
  it("says today / yesterday, then the full date", () => {
    expect(formatDayLabel(ago(HOUR), NOW, en.t, "en")).toBe("Today");
    expect(formatDayLabel(ago(HOUR), NOW, es.t, "es")).toBe("Hoy");
    expect(formatDayLabel(new Date(2026, 2, 10, 23, 0).toISOString(), NOW, es.t, "es")).toBe("Ayer");
    expect(formatDayLabel(new Date(2026, 2, 2, 9, 0).toISOString(), NOW, en.t, "en")).toBe("Monday, March 2");
    expect(formatDayLabel(new Date(2026, 2, 2, 9, 0).toISOString(), NOW, es.t, "es")).toBe("lunes, 2 de marzo");
  });
});

describe("WhatsApp window", () => {
  it("computes the state", () => {
    expect(windowState(null, NOW)).toEqual({ open: false, msLeft: 0 });
    expect(windowState(ago(MIN), NOW)).toEqual({ open: false, msLeft: 0 });
    expect(windowState(inFuture(5 * HOUR), NOW)).toEqual({ open: true, msLeft: 5 * HOUR });
  });

  it("formats the time left", () => {
    expect(formatTimeLeft(5 * HOUR + 59 * MIN, en.t)).toBe("5 h");
    expect(formatTimeLeft(42 * MIN + 10_000, en.t)).toBe("42 min");
    expect(formatTimeLeft(30_000, en.t)).toBe("< 1 min");
  });

  it("labels the composer in English and Spanish", () => {
    expect(formatWindowLabel(inFuture(5 * HOUR + 10 * MIN), NOW, en.t)).toBe("Window open · 5 h left");
    expect(formatWindowLabel(ago(HOUR), NOW, en.t)).toBe("Window closed — only templates");
    expect(formatWindowLabel(null, NOW, en.t)).toBe("Window closed — only templates");
    expect(formatWindowLabel(inFuture(5 * HOUR + 10 * MIN), NOW, es.t)).toBe("Ventana abierta · quedan 5 h");
    expect(formatWindowLabel(inFuture(12 * MIN), NOW, es.t)).toBe("Ventana abierta · quedan 12 min");
    expect(formatWindowLabel(ago(HOUR), NOW, es.t)).toBe("Ventana cerrada — solo plantillas");
  });

  it("labels list rows", () => {
    expect(formatWindowShort(inFuture(23 * HOUR), NOW, en.t)).toBe("23 h left");
    expect(formatWindowShort(ago(1), NOW, en.t)).toBe("Closed");
    expect(formatWindowShort(inFuture(23 * HOUR), NOW, es.t)).toBe("quedan 23 h");
    expect(formatWindowShort(null, NOW, es.t)).toBe("Cerrada");
  });
});

describe("sizes and durations", () => {
  it("formats file sizes with locale decimals", () => {
    expect(formatFileSize(512, "en")).toBe("512 B");
    expect(formatFileSize(1536, "en")).toBe("1.5 KB");
    expect(formatFileSize(1536, "es")).toBe("1,5 KB");
    expect(formatFileSize(245_678, "en")).toBe("240 KB");
    expect(formatFileSize(5_872_025, "en")).toBe("5.6 MB");
  });

  it("formats durations", () => {
    expect(formatDuration(14)).toBe("0:14");
    expect(formatDuration(65)).toBe("1:05");
    expect(formatDuration(3725)).toBe("1:02:05");
  });
});
