import { useTranslation } from "react-i18next";

const STATUS_TONE: Record<string, string> = { active: "green", paused: "grey", error: "red" };
const SYNC_TONE: Record<string, string> = { connecting: "amber", syncing: "amber", idle: "green", offline: "red", stopped: "grey" };

/** The mailbox's account status: active, paused or error. */
export function AccountStatusPill({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`wa-pill tone-${STATUS_TONE[status] ?? "grey"}`} data-testid="email-account-status" data-status={status}>
      <span className="wa-pill-dot" aria-hidden="true" />
      {t(`email.status.${status}`, { defaultValue: status })}
    </span>
  );
}

/** What the sync task is doing; a spinner while it connects or syncs. */
export function SyncStatePill({ state }: { state: string }) {
  const { t } = useTranslation();
  const working = state === "connecting" || state === "syncing";
  return (
    <span className={`wa-pill tone-${SYNC_TONE[state] ?? "grey"}`} data-testid="email-sync-state" data-state={state}>
      {working ? <span className="wa-spinner email-pill-spinner" aria-hidden="true" /> : <span className="wa-pill-dot" aria-hidden="true" />}
      {t(`email.sync.state.${state}`, { defaultValue: state })}
    </span>
  );
}
