import type { FormEvent, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Icon, type IconName } from "../../components/Icon";
import type { RuleCardState } from "./useRuleCard";

/**
 * A card of an account's rules: title and what it does, the controls, and a
 * footer with its state (unsaved, saved, the core's refusal when it concerns
 * no single field) and Discard / Save.
 */
export function RuleCard<T>({
  id,
  icon,
  title,
  description,
  card,
  problems = 0,
  generalError = null,
  readOnly,
  children,
}: {
  id: string;
  icon: IconName;
  title: string;
  description: ReactNode;
  card: RuleCardState<T>;
  /** Problems found in the form: saving waits until they are fixed. */
  problems?: number;
  /** The core's refusal when no field of the card shows it. */
  generalError?: string | null;
  readOnly: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (card.dirty && problems === 0 && !card.saving) card.save();
  };
  return (
    <form className="settings-card rule-card" aria-labelledby={`${id}-title`} data-testid={id} onSubmit={submit} noValidate>
      <header className="rule-card-header">
        <span className="rule-card-icon" aria-hidden="true">
          <Icon name={icon} size={16} />
        </span>
        <div>
          <h3 id={`${id}-title`} className="rule-card-title">
            {title}
          </h3>
          <p className="rule-card-description">{description}</p>
        </div>
      </header>
      <fieldset className="wa-fieldset rule-card-body" disabled={readOnly}>
        {children}
      </fieldset>
      {readOnly ? null : (
        <footer className="rule-card-footer">
          <span className="rule-card-state" aria-live="polite">
            {generalError !== null ? (
              <span className="error-text rule-card-error" role="alert" data-testid={`${id}-error`}>
                <Icon name="alert" size={13} />
                {generalError}
              </span>
            ) : card.dirty && problems > 0 ? (
              <span className="error-text">{t("automation.fixProblems", { count: problems })}</span>
            ) : card.dirty ? (
              <span className="muted">{t("automation.unsaved")}</span>
            ) : card.saved ? (
              <span className="rule-card-saved" data-testid={`${id}-saved`}>
                <Icon name="check" size={13} />
                {t("automation.saved")}
              </span>
            ) : null}
          </span>
          <button type="button" className="button" disabled={!card.dirty || card.saving} onClick={card.discard}>
            {t("automation.discard")}
          </button>
          <button
            type="submit"
            className="button primary"
            data-testid={`${id}-save`}
            disabled={!card.dirty || problems > 0 || card.saving}
          >
            {card.saving ? <span className="wa-spinner" aria-hidden="true" /> : <Icon name="check" size={14} />}
            {card.saving ? t("automation.saving") : t("automation.save")}
          </button>
        </footer>
      )}
    </form>
  );
}
