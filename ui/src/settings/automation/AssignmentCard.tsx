import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { AutomationDto, MemberDto } from "../../bindings";
import { Icon } from "../../components/Icon";
import { AssignStepRow } from "./AssignStepRow";
import { cleanSteps, keyed, moveStep, newStep, stepProblems, type KeyedStep } from "./assignModel";
import { RuleCard } from "./RuleCard";
import { useRuleCard } from "./useRuleCard";
import "./assignment.css";

/**
 * Who gets a new conversation: an ordered list of steps; the first that
 * finds a valid member wins, and each says what to do when it finds nobody.
 */
export function AssignmentCard({
  automation,
  members,
  readOnly,
}: {
  automation: AutomationDto;
  /** Members of the team, with whether each may see this account. */
  members: Array<{ member: MemberDto; authorized: boolean }>;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const card = useRuleCard<KeyedStep[]>(automation, keyed(automation.assignment), (a, steps) => ({
    ...a,
    assignment: cleanSteps(steps),
  }));
  const steps = card.value;
  const problems = stepProblems(steps);
  // after a move, focus stays on the button that moved the step (or its twin at the ends)
  const focus = useRef<{ key: number; dir: "up" | "down" } | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  useEffect(() => {
    const want = focus.current;
    if (want === null) return;
    focus.current = null;
    const same = buttons.current.get(`${want.key}:${want.dir}`);
    const other = buttons.current.get(`${want.key}:${want.dir === "up" ? "down" : "up"}`);
    (same !== undefined && !same.disabled ? same : other)?.focus();
  });

  const move = (index: number, by: -1 | 1) => {
    const step = steps[index];
    if (step === undefined) return;
    card.set(moveStep(steps, index, by));
    focus.current = { key: step.key, dir: by < 0 ? "up" : "down" };
  };

  // a refusal naming a member of a fallback, or the missing field name, shows on its step
  const message = card.error?.message ?? null;
  const missingMember = message !== null ? /member (\d+)/.exec(message)?.[1] : undefined;
  const errorStep = (s: KeyedStep): string | null => {
    if (message === null) return null;
    if (missingMember !== undefined && s.step.fallback.type === "member" && String(s.step.fallback.member_id) === missingMember) return message;
    if (message.includes("contact field") && s.step.rule.type === "custom_field") return message;
    return null;
  };
  const shownOnStep = steps.some((s) => errorStep(s) !== null);

  return (
    <RuleCard
      id="assignment-card"
      icon="users"
      title={t("automation.assignment.title")}
      description={t("automation.assignment.description")}
      card={card}
      problems={problems.filter((p) => p !== null).length}
      generalError={message !== null && !shownOnStep ? message : null}
      readOnly={readOnly}
    >
      <div className="assign-explain" data-testid="assignment-explain">
        <Icon name="info" size={14} />
        <p>{t("automation.assignment.explain")}</p>
      </div>
      {steps.length === 0 ? (
        <p className="assign-empty" data-testid="assignment-empty">
          {t("automation.assignment.empty")}
        </p>
      ) : (
        <ol className="assign-steps" aria-label={t("automation.assignment.stepsLabel")}>
          {steps.map((s, index) => (
            <AssignStepRow
              key={s.key}
              index={index}
              count={steps.length}
              step={s.step}
              members={members}
              problem={problems[index] ?? null}
              serverError={errorStep(s)}
              onChange={(step) => card.set(steps.map((x) => (x.key === s.key ? { ...x, step } : x)))}
              onMove={(by) => move(index, by)}
              onRemove={() => card.set(steps.filter((x) => x.key !== s.key))}
              buttonRef={(dir, el) => {
                const id = `${s.key}:${dir}`;
                if (el === null) buttons.current.delete(id);
                else buttons.current.set(id, el);
              }}
            />
          ))}
        </ol>
      )}
      <button type="button" className="button assign-add" data-testid="add-step" onClick={() => card.set([...steps, newStep(steps)])}>
        <Icon name="plus" size={14} />
        {t("automation.assignment.add")}
      </button>
    </RuleCard>
  );
}
