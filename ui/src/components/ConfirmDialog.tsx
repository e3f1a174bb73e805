import { useTranslation } from "react-i18next";
import { Modal } from "./Modal";

/**
 * "Remove this?" asked once, the same way everywhere (members, brands,
 * tags, templates): what happens, Cancel, and a danger button that stays
 * disabled while the core works; the core's refusal is shown in place.
 */
export function ConfirmDialog({
  title,
  text,
  confirmLabel,
  testId,
  confirmTestId,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  text: string;
  confirmLabel: string;
  testId: string;
  confirmTestId: string;
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal title={title} onClose={onClose} testId={testId}>
      <p className="modal-text">{text}</p>
      {error !== null ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <div className="wa-actions">
        <span className="wa-actions-spacer" />
        <button type="button" className="button" onClick={onClose}>
          {t("common.cancel")}
        </button>
        <button type="button" className="button danger" data-testid={confirmTestId} disabled={pending} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
