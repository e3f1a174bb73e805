import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { AccountDto, ConnectionDto } from "../bindings";
import { useReconnectAccount } from "../backend/queries";
import { toApiError } from "../backend/types";
import { Icon } from "./Icon";
import { Modal } from "./Modal";

/**
 * Asks for a new access token for a WhatsApp Cloud account and calls
 * `reconnect_whatsapp`. Errors stay in the dialog; on success it closes and the
 * workspace is refetched (the core's workspace_changed does the same), so
 * banners about the account go away. Used by the conversation view and Settings.
 */
export function ReconnectDialog({
  account,
  onClose,
  onReconnected,
}: {
  account: Pick<AccountDto, "id" | "name" | "address" | "status">;
  onClose: () => void;
  onReconnected?: (connection: ConnectionDto) => void;
}) {
  const { t } = useTranslation();
  const tokenId = useId();
  const helpId = useId();
  const errorId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [token, setToken] = useState("");
  const reconnect = useReconnectAccount();
  const error = reconnect.error === null ? null : toApiError(reconnect.error);
  const trimmed = token.trim();
  const reason = account.status.state === "error" ? account.status.reason : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (trimmed.length === 0 || reconnect.isPending) return;
    reconnect.mutate(
      { account_id: account.id, access_token: trimmed },
      {
        onSuccess: (connection) => {
          onReconnected?.(connection);
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      title={t("reconnect.dialogTitle", { name: account.name })}
      onClose={onClose}
      className="reconnect-dialog"
      testId="reconnect-dialog"
      initialFocus={inputRef}
    >
      <form onSubmit={submit} noValidate>
        <p className="modal-text">{t("reconnect.dialogText", { address: account.address })}</p>
        {reason !== null ? (
          <p className="modal-reason">
            <Icon name="alert" size={14} />
            <span>{reason}</span>
          </p>
        ) : null}
        <label className="field-label" htmlFor={tokenId}>
          {t("reconnect.tokenLabel")}
        </label>
        <input
          ref={inputRef}
          id={tokenId}
          className="text-input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => {
            setToken(e.target.value);
            if (reconnect.isError) reconnect.reset();
          }}
          aria-describedby={error !== null ? `${helpId} ${errorId}` : helpId}
          aria-invalid={error !== null}
          data-testid="reconnect-token"
        />
        <p id={helpId} className="field-help">
          {t("reconnect.tokenHelp")}
        </p>
        {error !== null ? (
          <p id={errorId} className="error-text modal-error" role="alert" data-testid="reconnect-error">
            {t("reconnect.failed", { message: error.message })}
          </p>
        ) : null}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            {t("reconnect.cancel")}
          </button>
          <button
            type="submit"
            className="button primary"
            disabled={trimmed.length === 0 || reconnect.isPending}
            aria-busy={reconnect.isPending}
            data-testid="reconnect-submit"
          >
            {reconnect.isPending ? t("reconnect.reconnecting") : t("reconnect.submit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
