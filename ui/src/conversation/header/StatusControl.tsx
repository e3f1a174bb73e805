import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ConversationStatus, ConversationSummary } from "../../bindings";
import { useSetStatus } from "../../backend/teamQueries";
import { SnoozePanel } from "./SnoozePanel";

const STATUSES: readonly ConversationStatus[] = ["open", "pending", "snoozed", "resolved"];
/** A second "snoozed" entry, to pick another time for a snoozed conversation. */
const RESNOOZE = "resnooze";

/** The conversation's status as a select; snoozing asks until when. */
export function StatusControl({ summary, onError }: { summary: ConversationSummary; onError: (message: string | null) => void }) {
  const { t, i18n } = useTranslation();
  const setStatus = useSetStatus();
  const [snoozing, setSnoozing] = useState(false);
  const selectRef = useRef<HTMLSelectElement>(null);
  const until =
    summary.status === "snoozed" && summary.snoozed_until !== null
      ? new Intl.DateTimeFormat(i18n.language, { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }).format(
          new Date(summary.snoozed_until),
        )
      : null;

  const change = (status: ConversationStatus, snoozedUntil: Date | null) => {
    onError(null);
    setStatus.mutate(
      { conversation_id: summary.id, status, snoozed_until: snoozedUntil === null ? null : snoozedUntil.toISOString() },
      { onError: (e) => onError(e.message) },
    );
  };
  const closePanel = () => {
    setSnoozing(false);
    selectRef.current?.focus();
  };

  return (
    <span className="header-control status-control">
      <select
        ref={selectRef}
        className={`header-select status-select status-${summary.status}`}
        aria-label={t("handling.status")}
        data-testid="status-select"
        value={summary.status}
        disabled={setStatus.isPending}
        onChange={(e) => {
          const value = e.target.value;
          if (value === "snoozed" || value === RESNOOZE) setSnoozing(true);
          else change(value as ConversationStatus, null);
        }}
      >
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {s === "snoozed" ? (until !== null ? t("handling.snoozedUntil", { when: until }) : t("handling.snoozeOption")) : t(`status.${s}`)}
          </option>
        ))}
        {summary.status === "snoozed" ? <option value={RESNOOZE}>{t("handling.resnooze")}</option> : null}
      </select>
      {snoozing ? (
        <SnoozePanel
          onClose={closePanel}
          onSnooze={(at) => {
            closePanel();
            change("snoozed", at);
          }}
        />
      ) : null}
    </span>
  );
}
