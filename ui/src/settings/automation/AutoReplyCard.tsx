import { useTranslation } from "react-i18next";
import type { AutoReplySettings, AutomationDto } from "../../bindings";
import { Field, Notice, describedBy } from "../whatsapp/fields";
import { RuleCard } from "./RuleCard";
import { Switch } from "./Switch";
import { useRuleCard } from "./useRuleCard";

const TRIGGERS = ["outside_hours", "first_contact", "always"] as const;
type Trigger = (typeof TRIGGERS)[number];

interface AutoReplyForm {
  enabled: boolean;
  outside_hours: string;
  first_contact: string;
  always: string;
  period: string;
}

function toForm(s: AutoReplySettings): AutoReplyForm {
  return {
    enabled: s.enabled,
    outside_hours: s.outside_hours ?? "",
    first_contact: s.first_contact ?? "",
    always: s.always ?? "",
    period: String(s.period_hours),
  };
}

function toSettings(f: AutoReplyForm): AutoReplySettings {
  const text = (v: string) => (v.trim() === "" ? null : v.trim());
  return {
    enabled: f.enabled,
    outside_hours: text(f.outside_hours),
    first_contact: text(f.first_contact),
    always: text(f.always),
    period_hours: /^\d+$/.test(f.period.trim()) ? Number(f.period.trim()) : 0,
  };
}

/** The period must be a whole number of hours, at least one. */
function periodProblem(f: AutoReplyForm): "periodNumber" | null {
  const v = f.period.trim();
  return /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 24 * 365 ? null : "periodNumber";
}

/** Automatic answers by trigger (out of hours, a new contact, always), at most one per contact per period. */
export function AutoReplyCard({ automation, readOnly }: { automation: AutomationDto; readOnly: boolean }) {
  const { t } = useTranslation();
  const card = useRuleCard<AutoReplyForm>(automation, toForm(automation.auto_reply), (a, f) => ({
    ...a,
    auto_reply: toSettings(f),
  }));
  const form = card.value;
  const set = (patch: Partial<AutoReplyForm>) => card.set({ ...form, ...patch });
  const period = periodProblem(form);
  const periodProblems = [
    ...(period !== null ? [t(`automation.autoReply.problems.${period}`)] : []),
    ...(card.error !== null && card.error.message.includes("period") ? [card.error.message] : []),
  ];
  const noText = form.enabled && TRIGGERS.every((k) => form[k].trim() === "");

  return (
    <RuleCard
      id="auto-reply-card"
      icon="send"
      title={t("automation.autoReply.title")}
      description={t("automation.autoReply.description")}
      card={card}
      problems={period !== null ? 1 : 0}
      generalError={card.error !== null && !card.error.message.includes("period") ? card.error.message : null}
      readOnly={readOnly}
    >
      <Switch
        id="auto-reply-enabled"
        testId="auto-reply-enabled"
        checked={form.enabled}
        label={t("automation.autoReply.enabled")}
        help={t("automation.autoReply.enabledHelp")}
        onChange={(enabled) => set({ enabled })}
      />
      {TRIGGERS.map((trigger: Trigger) => {
        const id = `auto-reply-${trigger}`;
        return (
          <Field key={trigger} id={id} label={t(`automation.autoReply.triggers.${trigger}`)} help={t(`automation.autoReply.triggerHelp.${trigger}`)}>
            <textarea
              id={id}
              className="wa-input wa-textarea"
              rows={2}
              value={form[trigger]}
              placeholder={t("automation.autoReply.placeholder")}
              aria-describedby={describedBy(id, true, [])}
              onChange={(e) => set({ [trigger]: e.target.value })}
            />
          </Field>
        );
      })}
      {noText ? <Notice tone="warn">{t("automation.autoReply.noText")}</Notice> : null}
      <div className="auto-reply-variables" data-testid="auto-reply-variables">
        <span className="wa-label">{t("automation.autoReply.variables")}</span>
        <ul className="variable-list">
          {["{{customer_name}}", "{{company_name}}"].map((v) => (
            <li key={v}>
              <code>{v}</code>
            </li>
          ))}
          <li>
            <code>{`{{${t("automation.autoReply.customField")}}}`}</code>
          </li>
        </ul>
        <p className="wa-help">{t("automation.autoReply.variablesHelp")}</p>
      </div>
      <Field id="auto-reply-period" label={t("automation.autoReply.period")} help={t("automation.autoReply.periodHelp")} problems={periodProblems}>
        <span className="rule-number">
          <input
            id="auto-reply-period"
            className="wa-input"
            inputMode="numeric"
            value={form.period}
            aria-invalid={periodProblems.length > 0 || undefined}
            aria-describedby={describedBy("auto-reply-period", true, periodProblems)}
            onChange={(e) => set({ period: e.target.value })}
          />
          <span className="muted">{t("automation.units.hours")}</span>
        </span>
      </Field>
    </RuleCard>
  );
}
