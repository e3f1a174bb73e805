import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ConversationDetail } from "../bindings";
import { Icon } from "../components/Icon";
import { useNow } from "../components/now";
import { formatWindowLabel, windowState } from "../i18n/format";

/**
 * The reply box. Sending is wired by a later issue: the send button stays
 * disabled and explains why; the WhatsApp 24-hour window state is shown.
 */
export function Composer({ detail }: { detail: ConversationDetail }) {
  const { t } = useTranslation();
  const now = useNow();
  const hintId = useId();
  const [draft, setDraft] = useState("");
  const { summary, account } = detail;
  const isWhatsApp = summary.channel === "whatsapp";
  const win = isWhatsApp ? windowState(summary.window_expires_at, now) : null;

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
          onChange={(e) => setDraft(e.target.value)}
          aria-label={t("composer.label")}
          aria-describedby={hintId}
          placeholder={
            win !== null && !win.open ? t("composer.placeholderTemplate") : t("composer.placeholder", { name: detail.contact.name })
          }
        />
        <div className="composer-actions">
          <span id={hintId} className="composer-hint">
            {t("composer.sendDisabled")}
          </span>
          <button
            type="button"
            className="button primary send-button"
            aria-disabled="true"
            title={t("composer.sendDisabled")}
            data-testid="send-button"
            onClick={(e) => e.preventDefault()}
          >
            <Icon name="send" size={14} />
            {t("composer.send")}
          </button>
        </div>
      </div>
    </div>
  );
}
