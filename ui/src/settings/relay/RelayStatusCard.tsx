import { useTranslation } from "react-i18next";
import type { RelayDto, RelayStateDto } from "../../bindings";
import { formatDateTime } from "../../i18n/format";

const TONE: Record<RelayStateDto, "ok" | "warn" | "error" | "idle"> = {
  not_enrolled: "idle",
  connecting: "warn",
  connected: "ok",
  waiting_for_numbers: "warn",
  paused: "idle",
  revoked: "error",
};

/** A pill with the relay connection's state in words. */
export function RelayStatePill({ state }: { state: RelayStateDto }) {
  const { t } = useTranslation();
  return (
    <span className={`relay-state relay-${TONE[state]}`} data-testid="relay-state" data-state={state}>
      <span className="relay-dot" aria-hidden="true" />
      {t(`relay.state.${state}`)}
    </span>
  );
}

/**
 * What a member needs to know about the relay: is it connected, when did
 * the last webhook come through it, and how much is still waiting there.
 */
export function RelayFacts({ relay }: { relay: RelayDto }) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="settings-card wa-facts relay-facts">
      <div className="wa-fact-wide">
        <dt>{t("relay.url")}</dt>
        <dd className="wa-mono" data-testid="relay-url">
          {relay.url ?? "—"}
        </dd>
      </div>
      <div>
        <dt>{t("relay.lastEvent")}</dt>
        <dd data-testid="relay-last-event">
          {relay.last_event_at !== null ? formatDateTime(relay.last_event_at, i18n.language) : t("relay.noEventYet")}
        </dd>
      </div>
      <div>
        <dt>{t("relay.backlog")}</dt>
        <dd data-testid="relay-backlog">
          {relay.backlog === null ? t("relay.backlogUnknown") : t("relay.backlogCount", { count: relay.backlog })}
        </dd>
      </div>
      <div>
        <dt>{t("relay.position")}</dt>
        <dd className="wa-mono" data-testid="relay-acked">
          {relay.last_acked_seq}
        </dd>
      </div>
      <div>
        <dt>{t("relay.device")}</dt>
        <dd className="wa-mono">{relay.device_id ?? "—"}</dd>
      </div>
      {relay.rejected > 0 ? (
        <div className="wa-fact-wide">
          <dt>{t("relay.rejected")}</dt>
          <dd data-testid="relay-rejected">{t("relay.rejectedCount", { count: relay.rejected })}</dd>
        </div>
      ) : null}
    </dl>
  );
}
