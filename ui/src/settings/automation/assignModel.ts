import type { AssignRule, AssignStep, Fallback } from "../../bindings";

export const RULE_TYPES: readonly AssignRule["type"][] = ["rotation", "last_handler", "salesperson", "custom_field", "brand", "random"];

/** A step with a key that follows it when it moves (for React and for focus). */
export interface KeyedStep {
  key: number;
  step: AssignStep;
}

export function keyed(steps: AssignStep[]): KeyedStep[] {
  return steps.map((step, key) => ({ key, step }));
}

export function unkeyed(steps: KeyedStep[]): AssignStep[] {
  return steps.map((s) => s.step);
}

/** A new step: rotation (the one that needs nothing else), trying the next step when it finds nobody. */
export function newStep(steps: KeyedStep[]): KeyedStep {
  const key = steps.reduce((max, s) => Math.max(max, s.key), -1) + 1;
  return { key, step: { rule: { type: "rotation" }, fallback: { type: "next" } } };
}

/** The list with the step at `from` moved by `by` places (unchanged at the ends). */
export function moveStep<T>(steps: T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (from < 0 || from >= steps.length || to < 0 || to >= steps.length) return steps;
  const next = [...steps];
  const [moved] = next.splice(from, 1);
  if (moved !== undefined) next.splice(to, 0, moved);
  return next;
}

/** A rule from its select value (the custom field keeps the name typed so far). */
export function ruleOf(type: AssignRule["type"], previous: AssignRule): AssignRule {
  if (type === "custom_field") return { type, field: previous.type === "custom_field" ? previous.field : "" };
  return { type };
}

/** `next`, `unassigned` or `member:<id>`, for a select. */
export function fallbackValue(f: Fallback): string {
  return f.type === "member" ? `member:${f.member_id}` : f.type;
}

export function fallbackOf(value: string): Fallback {
  if (value.startsWith("member:")) return { type: "member", member_id: Number(value.slice(7)) };
  return value === "unassigned" ? { type: "unassigned" } : { type: "next" };
}

/** Problems per step, as i18n keys under `automation.assignment.problems`. */
export function stepProblems(steps: KeyedStep[]): Array<"fieldMissing" | null> {
  return steps.map(({ step }) => (step.rule.type === "custom_field" && step.rule.field.trim() === "" ? "fieldMissing" : null));
}

/** The steps as the core keeps them (field names trimmed). */
export function cleanSteps(steps: KeyedStep[]): AssignStep[] {
  return unkeyed(steps).map((s) => (s.rule.type === "custom_field" ? { ...s, rule: { ...s.rule, field: s.rule.field.trim() } } : s));
}
