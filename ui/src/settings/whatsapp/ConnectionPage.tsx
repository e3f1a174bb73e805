import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { AccountDto } from "../../bindings";
import { Icon } from "../../components/Icon";
import { ReconnectDialog } from "../../components/ReconnectDialog";
import { formatDateTime } from "../../i18n/format";
import { ApiErrorNotice, CopyField, Notice } from "./fields";
import { useConnection, waKeys } from "./waQueries";
import { secretsWhere } from "../secrets";
import { RelayFacts, RelayStatePill } from "../relay/RelayStatusCard";
import { useRelay } from "../relay/relayQueries";

/**
 * ACC-11 after connecting: the ids of a WhatsApp Cloud number, where its
 * secrets are kept, and what to paste into Meta's webhook settings.
 */
export function ConnectionPage({
  account,
  justConnected = false,
  demo = false,
}: {
  account: AccountDto;
  justConnected?: boolean;
  /** The demo's numbers are simulated: there is nothing to reconnect. */
  demo?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const connection = useConnection(account.id);
  const relay = useRelay();
  const viaRelay = relay.data !== undefined && relay.data.state !== "not_enrolled" ? relay.data : null;
  const client = useQueryClient();
  const [reconnecting, setReconnecting] = useState(false);
  const [reconnected, setReconnected] = useState(false);
  const status = account.status;
  const needsReconnect =
    !demo &&
    (status.state === "error" ||
      (connection.data !== undefined && !connection.data.connected_here) ||
      connection.error?.code === "reconnect_needed");

  return (
    <div className="wa-page" data-testid="wa-connection">
      {justConnected ? (
        <Notice tone="ok" testId="wa-connected">
          <strong>{t("wa.connection.connected", { name: account.name })}</strong>
          <p>{t("wa.connection.connectedNext")}</p>
        </Notice>
      ) : null}

      <div className="settings-card">
        <div className="setting-row">
          <span className="setting-label">
            <span>{t("wa.connection.status")}</span>
            <span className="setting-help">
              {account.name} · {account.address}
            </span>
            {status.state === "error" ? <span className="error-text">{status.reason}</span> : null}
          </span>
          <span className={`account-status status-${status.state}`} data-testid="wa-account-status">
            <span className={`status-dot status-${status.state}`} aria-hidden="true" />
            {t(`account.status.${status.state}`)}
          </span>
          {needsReconnect ? (
            <button
              type="button"
              className="button primary"
              data-testid="wa-reconnect"
              onClick={() => {
                setReconnected(false);
                setReconnecting(true);
              }}
            >
              <Icon name="lock" size={14} />
              {t("wa.reconnect.button")}
            </button>
          ) : null}
        </div>
        {reconnected ? (
          <div className="setting-row">
            <Notice tone="ok" testId="wa-reconnected">
              {t("wa.reconnect.done")}
            </Notice>
          </div>
        ) : null}
      </div>

      {reconnecting ? (
        <ReconnectDialog
          account={account}
          onClose={() => setReconnecting(false)}
          onReconnected={(fresh) => {
            client.setQueryData(waKeys.connection(account.id), fresh);
            setReconnected(true);
          }}
        />
      ) : null}

      {connection.isPending ? <p className="muted wa-loading">{t("common.loading")}</p> : null}
      {connection.isError ? <ApiErrorNotice error={connection.error} testId="wa-connection-error" /> : null}
      {connection.data !== undefined ? (
        <>
          {!connection.data.connected_here && !demo ? (
            <Notice tone="warn" testId="wa-not-here">
              {t("wa.connection.notHere")}
            </Notice>
          ) : null}
          <h3 className="wa-subtitle">{t("wa.connection.idsTitle")}</h3>
          <dl className="settings-card wa-facts">
            <div>
              <dt>{t("wa.connect.fields.app_id")}</dt>
              <dd className="wa-mono">{connection.data.app_id || "—"}</dd>
            </div>
            <div>
              <dt>{t("wa.connect.fields.waba_id")}</dt>
              <dd className="wa-mono">{connection.data.waba_id || "—"}</dd>
            </div>
            <div>
              <dt>{t("wa.connect.fields.phone_number_id")}</dt>
              <dd className="wa-mono">{connection.data.phone_number_id || "—"}</dd>
            </div>
            <div className="wa-fact-wide">
              <dt>{t("wa.connection.secrets")}</dt>
              <dd data-testid="wa-secrets-backend">
                <Icon name="lock" size={13} /> {t("wa.connection.secretsIn", { where: secretsWhere(connection.data.secrets_backend, t) })}
              </dd>
            </div>
          </dl>

          <h3 className="wa-subtitle">{t("wa.connection.webhookTitle")}</h3>
          {viaRelay !== null ? (
            <div className="settings-card wa-webhook" data-testid="wa-via-relay">
              <div className="setting-row">
                <span className="setting-label">
                  <span>{t("relay.viaRelayTitle")}</span>
                  <span className="setting-help">{t("relay.viaRelay", { url: viaRelay.url ?? "" })}</span>
                </span>
                <RelayStatePill state={viaRelay.state} />
                <a className="button subtle" href="#/settings/relay">
                  {t("relay.manage")}
                </a>
              </div>
              <RelayFacts relay={viaRelay} />
            </div>
          ) : null}
          <div className="settings-card wa-webhook">
            <p className="wa-help">{t("wa.connection.webhookIntro")}</p>
            {viaRelay !== null ? (
              viaRelay.meta_callback_url !== null ? (
                <>
                  <CopyField label={t("wa.connection.callbackUrl")} value={viaRelay.meta_callback_url} testId="wa-callback-url" />
                  {viaRelay.meta_verify_token !== null ? (
                    <CopyField label={t("wa.connection.verifyToken")} value={viaRelay.meta_verify_token} testId="wa-verify-token" />
                  ) : null}
                </>
              ) : (
                <Notice tone="info" testId="wa-relay-no-callback">
                  {t("relay.noCallback")}
                </Notice>
              )
            ) : (
              <>
                {connection.data.callback_url !== null ? (
                  <CopyField label={t("wa.connection.callbackUrl")} value={connection.data.callback_url} testId="wa-callback-url" />
                ) : (
                  <Notice tone="warn" testId="wa-no-callback">
                    <strong>{t("wa.connection.noReceiverTitle")}</strong>
                    <p>{t("wa.connection.noReceiver")}</p>
                  </Notice>
                )}
                <CopyField label={t("wa.connection.verifyToken")} value={connection.data.verify_token} testId="wa-verify-token" />
              </>
            )}
            {connection.data.last_event_at !== null ? (
              <Notice tone="ok" testId="wa-last-event">
                <strong>{t("wa.connection.receivingTitle")}</strong>
                <p>{t("wa.connection.receiving", { time: formatDateTime(connection.data.last_event_at, i18n.language) })}</p>
              </Notice>
            ) : (
              <Notice tone="info" testId="wa-no-event">
                <strong>{t("wa.connection.waitingTitle")}</strong>
                <p>{t("wa.connection.waiting")}</p>
              </Notice>
            )}
            <ol className="wa-checklist" aria-label={t("wa.connection.checklist")}>
              <li>{t("wa.connection.step1")}</li>
              <li>{t("wa.connection.step2")}</li>
              <li>
                {t("wa.connection.step3")} <code>messages</code>
              </li>
              <li>
                {t("wa.connection.step4")} <code>message_template_status_update</code>
              </li>
            </ol>
          </div>
        </>
      ) : null}
    </div>
  );
}
