import { describe, expect, it } from "vitest";
import { slaStatus } from "./sla";

const sla = { due_at: "2026-03-11T12:30:00Z", warn_at: "2026-03-11T12:15:00Z", breached: false };

describe("slaStatus", () => {
  it("is ok before the warning, a warning until the deadline, then breached", () => {
    expect(slaStatus(sla, new Date("2026-03-11T12:00:00Z"))).toEqual({ state: "ok", msLeft: 30 * 60_000 });
    expect(slaStatus(sla, new Date("2026-03-11T12:15:00Z"))?.state).toBe("warning");
    expect(slaStatus(sla, new Date("2026-03-11T12:30:00Z"))?.state).toBe("breached");
    expect(slaStatus(sla, new Date("2026-03-11T12:40:00Z"))?.msLeft).toBe(-10 * 60_000);
  });

  it("trusts the core's breach flag", () => {
    expect(slaStatus({ ...sla, breached: true }, new Date("2026-03-11T12:00:00Z"))?.state).toBe("breached");
  });
});
