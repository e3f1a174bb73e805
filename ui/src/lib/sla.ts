import type { SlaDto } from "../bindings";

export type SlaState = "ok" | "warning" | "breached";

export interface SlaStatus {
  state: SlaState;
  /** Milliseconds to the deadline (negative once late). */
  msLeft: number;
}

/** Where a waiting conversation stands against its response target at `now`. */
export function slaStatus(sla: SlaDto, now: Date): SlaStatus | null {
  const due = Date.parse(sla.due_at);
  const warn = Date.parse(sla.warn_at);
  if (Number.isNaN(due)) return null;
  const msLeft = due - now.getTime();
  if (sla.breached || msLeft <= 0) return { state: "breached", msLeft };
  if (!Number.isNaN(warn) && now.getTime() >= warn) return { state: "warning", msLeft };
  return { state: "ok", msLeft };
}
