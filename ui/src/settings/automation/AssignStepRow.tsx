import { useTranslation } from "react-i18next";
import type { AssignRule, AssignStep, MemberDto } from "../../bindings";
import { Icon } from "../../components/Icon";
import { RULE_TYPES, fallbackOf, fallbackValue, ruleOf } from "./assignModel";

/** One assignment step: its rule (and field), what happens when it finds nobody, and its place. */
export function AssignStepRow({
  index,
  count,
  step,
  members,
  problem,
  serverError,
  onChange,
  onMove,
  onRemove,
  buttonRef,
}: {
  index: number;
  count: number;
  step: AssignStep;
  members: Array<{ member: MemberDto; authorized: boolean }>;
  problem: "fieldMissing" | null;
  serverError: string | null;
  onChange: (step: AssignStep) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  buttonRef: (dir: "up" | "down", el: HTMLButtonElement | null) => void;
}) {
  const { t } = useTranslation();
  const n = index + 1;
  const id = `assign-step-${index}`;
  const ruleName = t(`automation.assignment.rules.${step.rule.type}`);
  const last = index === count - 1;
  return (
    <li className="assign-step" data-testid="assign-step" data-rule={step.rule.type}>
      <span className="assign-step-number" aria-hidden="true">
        {n}
      </span>
      <div className="assign-step-main">
        <div className="assign-step-fields">
          <label className="assign-step-field">
            <span className="assign-step-label">{t("automation.assignment.rule")}</span>
            <select
              id={`${id}-rule`}
              className="select"
              aria-label={t("automation.assignment.ruleOf", { n })}
              value={step.rule.type}
              onChange={(e) => onChange({ ...step, rule: ruleOf(e.target.value as AssignRule["type"], step.rule) })}
            >
              {RULE_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`automation.assignment.rules.${type}`)}
                </option>
              ))}
            </select>
          </label>
          {step.rule.type === "custom_field" ? (
            <label className="assign-step-field">
              <span className="assign-step-label">{t("automation.assignment.field")}</span>
              <input
                id={`${id}-field`}
                className="wa-input"
                aria-label={t("automation.assignment.fieldOf", { n })}
                placeholder={t("automation.assignment.fieldPlaceholder")}
                value={step.rule.field}
                aria-invalid={problem !== null || serverError !== null || undefined}
                aria-describedby={problem !== null || serverError !== null ? `${id}-problem` : undefined}
                onChange={(e) => onChange({ ...step, rule: { type: "custom_field", field: e.target.value } })}
              />
            </label>
          ) : null}
          <label className="assign-step-field fallback">
            <span className="assign-step-label">{t("automation.assignment.fallback")}</span>
            <select
              id={`${id}-fallback`}
              className="select"
              aria-label={t("automation.assignment.fallbackOf", { n })}
              value={fallbackValue(step.fallback)}
              onChange={(e) => onChange({ ...step, fallback: fallbackOf(e.target.value) })}
            >
              <option value="next">{last ? t("automation.assignment.fallbackNextLast") : t("automation.assignment.fallbackNext")}</option>
              <option value="unassigned">{t("automation.assignment.fallbackUnassigned")}</option>
              {members.map(({ member, authorized }) => (
                <option key={member.id} value={`member:${member.id}`}>
                  {authorized
                    ? t("automation.assignment.fallbackMember", { name: member.name })
                    : t("automation.assignment.fallbackMemberNotAuthorized", { name: member.name })}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="wa-help">{t(`automation.assignment.ruleHelp.${step.rule.type}`)}</p>
        {problem !== null || serverError !== null ? (
          <p id={`${id}-problem`} className="hours-problem" role="alert">
            <Icon name="alert" size={12} />
            {serverError ?? t(`automation.assignment.problems.${problem ?? "fieldMissing"}`)}
          </p>
        ) : null}
      </div>
      <div className="assign-step-tools">
        <button
          type="button"
          ref={(el) => buttonRef("up", el)}
          className="icon-button"
          aria-label={t("automation.assignment.moveUp", { n, rule: ruleName })}
          title={t("automation.assignment.moveUpShort")}
          data-testid="step-up"
          disabled={index === 0}
          onClick={() => onMove(-1)}
        >
          <Icon name="up" size={15} />
        </button>
        <button
          type="button"
          ref={(el) => buttonRef("down", el)}
          className="icon-button"
          aria-label={t("automation.assignment.moveDown", { n, rule: ruleName })}
          title={t("automation.assignment.moveDownShort")}
          data-testid="step-down"
          disabled={last}
          onClick={() => onMove(1)}
        >
          <Icon name="down" size={15} />
        </button>
        <button
          type="button"
          className="icon-button danger"
          aria-label={t("automation.assignment.remove", { n, rule: ruleName })}
          title={t("automation.assignment.removeShort")}
          data-testid="step-remove"
          onClick={onRemove}
        >
          <Icon name="trash" size={15} />
        </button>
      </div>
    </li>
  );
}
