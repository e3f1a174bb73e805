import { useTranslation } from "react-i18next";
import type { AutomationDto, SlaTargets } from "../../bindings";
import { Field, describedBy } from "../whatsapp/fields";
import { RuleCard } from "./RuleCard";
import { Switch } from "./Switch";
import { useRuleCard } from "./useRuleCard";

interface SlaForm {
  auto_close: boolean;
  enabled: boolean;
  first: string;
  next: string;
  warn: string;
}

type Minutes = "first" | "next" | "warn";
type Problem = "number" | "setTarget";

function toForm(a: AutomationDto): SlaForm {
  const n = (v: number | null) => (v === null ? "" : String(v));
  return { auto_close: a.auto_close, enabled: a.sla.enabled, first: n(a.sla.first_response_minutes), next: n(a.sla.next_response_minutes), warn: String(a.sla.warn_minutes) };
}

function minutes(v: string): number | null {
  return v.trim() === "" ? null : Number(v.trim());
}

function toTargets(f: SlaForm): SlaTargets {
  return { enabled: f.enabled, first_response_minutes: minutes(f.first), next_response_minutes: minutes(f.next), warn_minutes: minutes(f.warn) ?? 0 };
}

function slaProblems(f: SlaForm): Partial<Record<Minutes, Problem>> {
  const out: Partial<Record<Minutes, Problem>> = {};
  const whole = (v: string, min: number) => /^\d+$/.test(v.trim()) && Number(v.trim()) >= min;
  if (f.first.trim() !== "" && !whole(f.first, 1)) out.first = "number";
  if (f.next.trim() !== "" && !whole(f.next, 1)) out.next = "number";
  if (!whole(f.warn, 0)) out.warn = "number";
  if (f.enabled && f.first.trim() === "" && f.next.trim() === "") out.first = "setTarget";
  return out;
}

/** Response targets (SLA) counted in business hours, and closing WhatsApp conversations nobody answered. */
export function SlaCard({ automation, whatsapp, readOnly }: { automation: AutomationDto; whatsapp: boolean; readOnly: boolean }) {
  const { t } = useTranslation();
  const card = useRuleCard<SlaForm>(automation, toForm(automation), (a, f) => ({ ...a, auto_close: f.auto_close, sla: toTargets(f) }));
  const form = card.value;
  const set = (patch: Partial<SlaForm>) => card.set({ ...form, ...patch });
  const problems = slaProblems(form);
  const message = card.error?.message ?? null;
  const aboutTarget = message !== null && message.includes("target");

  const minutesField = (key: Minutes) => {
    const id = `sla-${key}`;
    const list = [
      ...(problems[key] !== undefined ? [t(`automation.sla.problems.${problems[key]}`)] : []),
      ...(key === "first" && aboutTarget && message !== null ? [message] : []),
    ];
    return (
      <Field id={id} label={t(`automation.sla.${key}`)} help={t(`automation.sla.${key}Help`)} problems={list} className="sla-field">
        <span className="rule-number">
          <input
            id={id}
            className="wa-input"
            inputMode="numeric"
            placeholder={key === "warn" ? undefined : t("automation.sla.none")}
            value={form[key]}
            aria-invalid={list.length > 0 || undefined}
            aria-describedby={describedBy(id, true, list)}
            onChange={(e) => set({ [key]: e.target.value })}
          />
          <span className="muted">{t("automation.units.minutes")}</span>
        </span>
      </Field>
    );
  };

  return (
    <RuleCard
      id="sla-card"
      icon="flag"
      title={whatsapp ? t("automation.sla.titleWithClose") : t("automation.sla.title")}
      description={t("automation.sla.description")}
      card={card}
      problems={Object.keys(problems).length}
      generalError={message !== null && !aboutTarget ? message : null}
      readOnly={readOnly}
    >
      <Switch id="sla-enabled" testId="sla-enabled" checked={form.enabled} label={t("automation.sla.enabled")} help={t("automation.sla.enabledHelp")} onChange={(enabled) => set({ enabled })} />
      <div className="sla-fields">
        {minutesField("first")}
        {minutesField("next")}
        {minutesField("warn")}
      </div>
      {whatsapp ? (
        <Switch
          id="auto-close"
          testId="auto-close"
          checked={form.auto_close}
          label={t("automation.autoClose.label")}
          help={t("automation.autoClose.help")}
          onChange={(auto_close) => set({ auto_close })}
        />
      ) : null}
    </RuleCard>
  );
}
