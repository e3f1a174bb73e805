import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Icon } from "./Icon";

/**
 * The end of a dialog's form, the same in every settings dialog: the
 * core's refusal that names no field, then Cancel and the submit button
 * (a spinner while saving). `before` goes on the left of the buttons.
 */
export function FormFooter({
  error,
  errorTestId,
  saveTestId,
  saving,
  saveLabel,
  onCancel,
  before,
}: {
  error: string | null;
  errorTestId: string;
  saveTestId: string;
  saving: boolean;
  saveLabel: string;
  onCancel: () => void;
  before?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      {error !== null ? (
        <p className="wa-notice error" role="alert" data-testid={errorTestId}>
          <Icon name="alert" size={16} />
          <span>{error}</span>
        </p>
      ) : null}
      <div className="wa-actions">
        {before}
        <span className="wa-actions-spacer" />
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="button primary" data-testid={saveTestId} disabled={saving}>
          {saving ? <span className="wa-spinner" aria-hidden="true" /> : <Icon name="check" size={14} />}
          {saveLabel}
        </button>
      </div>
    </>
  );
}
