import { useTranslation } from "react-i18next";
import type { AutomationDto, ReminderSettings, WaTemplateDto } from "../../bindings";
import { useWaTemplateList } from "../../backend/queries";
import { Field, Notice, describedBy } from "../whatsapp/fields";
import { RuleCard } from "./RuleCard";
import { Switch } from "./Switch";
import { useRuleCard } from "./useRuleCard";

/** The template's body with the values typed so far (blank ones stay as {{n}}). */
function preview(template: WaTemplateDto, params: string[]): string {
  let i = 0;
  return template.body.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (all) => {
    const value = params[i++]?.trim() ?? "";
    return value === "" ? all : value;
  });
}

/** Values for a template: one per placeholder, keeping those typed for the same places. */
function resize(params: string[], count: number): string[] {
  return Array.from({ length: count }, (_, i) => params[i] ?? "");
}

/** WhatsApp: a template sent before the 24-hour window closes, so the customer can answer for free. */
export function ReminderCard({ automation, readOnly }: { automation: AutomationDto; readOnly: boolean }) {
  const { t } = useTranslation();
  const templates = useWaTemplateList(automation.account_id);
  const card = useRuleCard<ReminderSettings>(automation, automation.reminder, (a, reminder) => ({ ...a, reminder }));
  const value = card.value;
  const approved = (templates.data?.items ?? []).filter((x) => x.status === "APPROVED" && x.media_header === null);
  const template = approved.find((x) => x.id === value.template_id) ?? null;
  const set = (patch: Partial<ReminderSettings>) => card.set({ ...value, ...patch });
  const message = card.error?.message ?? null;
  const aboutTemplate = message !== null && message.includes("template");
  const templateProblems = [
    ...(value.enabled && value.template_id === null ? [t("automation.reminder.problems.chooseTemplate")] : []),
    ...(aboutTemplate && message !== null ? [message] : []),
  ];
  const missing = value.enabled ? value.params.map((p) => p.trim() === "") : [];
  const problems = (value.enabled && value.template_id === null ? 1 : 0) + missing.filter(Boolean).length;

  return (
    <RuleCard
      id="reminder-card"
      icon="bell"
      title={t("automation.reminder.title")}
      description={t("automation.reminder.description")}
      card={card}
      problems={problems}
      generalError={message !== null && !aboutTemplate ? message : null}
      readOnly={readOnly}
    >
      <Switch
        id="reminder-enabled"
        testId="reminder-enabled"
        checked={value.enabled}
        label={t("automation.reminder.enabled")}
        onChange={(enabled) => set({ enabled })}
      />
      <div className="rule-explain">
        <p>{t("automation.reminder.when")}</p>
        <p>{t("automation.reminder.hoursRule")}</p>
      </div>
      {automation.hours === null ? (
        <Notice tone="warn" testId="reminder-needs-hours">
          {t("automation.reminder.needsHours")}
        </Notice>
      ) : null}
      <Field
        id="reminder-template"
        label={t("automation.reminder.template")}
        help={templates.isError ? templates.error.message : t("automation.reminder.templateHelp")}
        problems={templateProblems}
      >
        <select
          id="reminder-template"
          className="select"
          value={value.template_id ?? ""}
          aria-invalid={templateProblems.length > 0 || undefined}
          aria-describedby={describedBy("reminder-template", true, templateProblems)}
          onChange={(e) => {
            const id = e.target.value === "" ? null : Number(e.target.value);
            const next = approved.find((x) => x.id === id);
            set({ template_id: id, params: resize(value.params, next?.param_count ?? 0) });
          }}
        >
          <option value="">{templates.isPending ? t("common.loading") : t("automation.reminder.noTemplate")}</option>
          {value.template_id !== null && template === null && !templates.isPending ? (
            <option value={value.template_id}>{t("automation.reminder.unknownTemplate", { id: value.template_id })}</option>
          ) : null}
          {approved.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name} · {x.language}
            </option>
          ))}
        </select>
      </Field>
      {template !== null ? (
        <>
          <blockquote className="reminder-preview" data-testid="reminder-preview">
            {preview(template, value.params)}
          </blockquote>
          {value.params.map((param, i) => {
            const id = `reminder-param-${i}`;
            const name = template.param_names[i] ?? String(i + 1);
            const problems = missing[i] === true ? [t("automation.reminder.problems.paramMissing")] : [];
            return (
              <Field key={id} id={id} label={t("automation.reminder.param", { name: /^\d+$/.test(name) ? `{{${name}}}` : name })} problems={problems}>
                <input
                  id={id}
                  className="wa-input"
                  value={param}
                  placeholder="{{customer_name}}"
                  aria-invalid={problems.length > 0 || undefined}
                  aria-describedby={describedBy(id, false, problems)}
                  onChange={(e) => set({ params: value.params.map((p, j) => (j === i ? e.target.value : p)) })}
                />
              </Field>
            );
          })}
          {value.params.length > 0 ? <p className="wa-help">{t("automation.reminder.paramsHelp")}</p> : null}
        </>
      ) : null}
    </RuleCard>
  );
}
