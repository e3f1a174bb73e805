import { useId, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { ApiError, ConversationDetail } from "../bindings";
import { useSendMessage } from "../backend/queries";
import { toApiError } from "../backend/types";
import { Icon } from "../components/Icon";
import { useNow } from "../components/now";
import { formatWindowLabel, windowState } from "../i18n/format";

const KNOWN_ERRORS = new Set(["window_closed", "bad_input", "no_recipient", "not_found"]);

/** A friendly, translated line for a failed send_message. */
function sendErrorText(error: ApiError, t: TFunction): string {
  if (KNOWN_ERRORS.has(error.code)) return t(`composer.errors.${error.code}`);
  return t("composer.errors.other", { message: error.message });
}

/**
 * The reply box. Enter sends, Shift+Enter adds a line. WhatsApp replies need an
 * open 24-hour window (templates come later); email sending isn't built yet.
 * The sent message shows up through the core's conversation_changed event.
 */
export function Composer({ detail }: { detail: ConversationDetail }) {
  const { t } = useTranslation();
  const now = useNow();
  const hintId = useId();
  const errorId = useId();
  const [draft, setDraft] = useState("");
  const send = useSendMessage();
  const { summary, account } = detail;
  const isWhatsApp = summary.channel === "whatsapp";
  const win = isWhatsApp ? windowState(summary.window_expires_at, now) : null;

  // Why the composer can't be used at all, if it can't.
  const blocked: string | null = !isWhatsApp
    ? t("composer.emailNotYet")
    : win !== null && !win.open
      ? t("composer.windowClosed")
      : null;
  const text = draft.trim();
  const canSend = blocked === null && text.length > 0 && !send.isPending;
  const error = send.error === null ? null : toApiError(send.error);

  const submit = () => {
    if (!canSend) return;
    send.mutate(
      { conversation_id: summary.id, text, reply_to_message_id: null },
      { onSuccess: () => setDraft("") },
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key !== "Enter" || e.shiftKey || e.nativeEvent.isComposing) return;
    e.preventDefault();
    submit();
  };

  return (
    <div className="composer" data-testid="composer">
      <div className="composer-status">
        {win !== null ? (
          <span
            className={`window-state ${win.open ? "open" : "closed"}`}
            data-testid="window-state"
            title={t("window.tooltip")}
          >
            <span className="window-dot" aria-hidden="true" />
            {formatWindowLabel(summary.window_expires_at, now, t)}
          </span>
        ) : (
          <span className="window-state email" data-testid="window-state">
            <Icon name="mail" size={13} />
            {t("composer.emailFrom", { address: account.address })}
          </span>
        )}
      </div>
      <div className="composer-box">
        <textarea
          className="composer-input"
          rows={2}
          value={draft}
          disabled={blocked !== null}
          readOnly={send.isPending}
          onChange={(e) => {
            setDraft(e.target.value);
            if (send.isError) send.reset();
          }}
          onKeyDown={onKeyDown}
          aria-label={t("composer.label")}
          aria-describedby={error !== null ? `${hintId} ${errorId}` : hintId}
          placeholder={
            win !== null && !win.open ? t("composer.placeholderTemplate") : t("composer.placeholder", { name: detail.contact.name })
          }
        />
        <div className="composer-actions">
          <span id={hintId} className="composer-hint" data-testid="composer-hint">
            {blocked ?? t("composer.keysHint")}
          </span>
          <button
            type="button"
            className="button primary send-button"
            disabled={!canSend}
            aria-busy={send.isPending}
            title={blocked ?? undefined}
            data-testid="send-button"
            onClick={submit}
          >
            <Icon name="send" size={14} />
            {send.isPending ? t("composer.sending") : t("composer.send")}
          </button>
        </div>
      </div>
      {error !== null ? (
        <p id={errorId} className="error-text composer-error" role="alert" data-testid="send-error">
          {sendErrorText(error, t)}
        </p>
      ) : null}
    </div>
  );
}
