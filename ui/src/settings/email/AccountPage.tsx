import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { EmailAccountDto, MailServerDto } from "../../bindings";
import { useEmailAccount } from "../../backend/emailQueries";
import { Icon } from "../../components/Icon";
import { useNow } from "../../components/now";
import { formatDateTime, formatShortDateTime } from "../../i18n/format";
import { ApiErrorNotice, Notice } from "../whatsapp/fields";
import { ReconnectNotice } from "./EmailReconnect";
import { SignatureEditor } from "./SignatureEditor";
import { AccountStatusPill, SyncStatePill } from "./pills";

function Server({ server }: { server: MailServerDto }) {
  const { t } = useTranslation();
  return (
    <>
      <span className="wa-mono">
        {server.host}:{server.port}
      </span>
      <span className="email-fact-sub">{t(`email.security.${server.security}`)}</span>
    </>
  );
}

/** Whether the mailbox was stopped while this page was open and is active again. */
function useBackAfterError(status: string | undefined): boolean {
  const [stopped, setStopped] = useState(false);
  if (status === "error" && !stopped) setStopped(true);
  return stopped && status === "active";
}

/**
 * One mailbox after connecting: whether it syncs (refreshed every few
 * seconds while it does), how much mail is here, its servers, and its
 * signature. A stopped mailbox says why and how to reconnect it.
 */
export function AccountPage({ accountId, justConnected }: { accountId: number; justConnected: boolean }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const query = useEmailAccount(accountId);
  const reconnected = useBackAfterError(query.data?.status);
  if (query.isPending) return <p className="muted wa-loading">{t("common.loading")}</p>;
  if (query.isError) {
    return query.error.code === "not_found" ? (
      <Notice testId="email-account-missing">{t("email.account.missing")}</Notice>
    ) : (
      <ApiErrorNotice error={query.error} testId="email-account-error" />
    );
  }
  const account: EmailAccountDto = query.data;
  const locale = i18n.language;
  return (
    <div className="wa-page email-account" data-testid="email-account">
      <header className="wa-account-header">
        <span className="wa-account-icon email-icon" aria-hidden="true">
          <Icon name="mail" size={20} />
        </span>
        <div>
          <h2 id="email-account-title" className="wa-account-name">
            {account.sender_name.length > 0 ? account.sender_name : account.address}
          </h2>
          <span className="muted">{account.address}</span>
        </div>
      </header>
      {account.status === "error" ? <ReconnectNotice account={account} /> : null}
      {reconnected ? (
        <div role="status">
          <Notice tone="ok" testId="email-reconnected">
            {t("email.reconnect.done", { address: account.address })}
          </Notice>
        </div>
      ) : null}
      {justConnected ? (
        <Notice tone="ok" testId="email-connected">
          <strong>{t("email.account.connected", { address: account.address })}</strong>
          <p>{t("email.account.connectedNext")}</p>
        </Notice>
      ) : null}
      <div className="settings-card">
        <div className="setting-row">
          <span className="setting-label">
            <span>{t("email.account.status")}</span>
            <span className="setting-help">{t(`email.sync.help.${account.sync_state}`, { defaultValue: account.sync_state })}</span>
            {account.status !== "error" && account.status_reason !== null && account.status_reason.length > 0 ? (
              <span className="error-text" data-testid="email-status-reason">
                {account.status_reason}
              </span>
            ) : null}
          </span>
          <AccountStatusPill status={account.status} />
          <SyncStatePill state={account.sync_state} />
        </div>
      </div>
      <dl className="settings-card wa-facts email-facts" data-testid="email-facts">
        <div>
          <dt>{t("email.account.messages")}</dt>
          <dd data-testid="email-message-count">{new Intl.NumberFormat(locale).format(account.messages)}</dd>
        </div>
        <div>
          <dt>{t("email.account.lastSync")}</dt>
          <dd data-testid="email-last-sync" title={account.last_sync_at !== null ? formatDateTime(account.last_sync_at, locale) : undefined}>
            {account.last_sync_at !== null ? formatShortDateTime(account.last_sync_at, now, locale) : t("email.account.never")}
          </dd>
        </div>
        {account.kind === "email_gmail" || account.kind === "email_microsoft" ? (
          <div>
            <dt>{t("email.account.signIn")}</dt>
            <dd data-testid="email-sign-in">{t(account.kind === "email_gmail" ? "email.account.signedInGoogle" : "email.account.signedInMicrosoft")}</dd>
          </div>
        ) : (
          <div>
            <dt>{t("email.form.username")}</dt>
            <dd className="wa-mono">{account.username}</dd>
          </div>
        )}
        <div>
          <dt>{t("email.form.imapTitle")}</dt>
          <dd>
            <Server server={account.imap} />
          </dd>
        </div>
        <div>
          <dt>{t("email.form.smtpTitle")}</dt>
          <dd>
            <Server server={account.smtp} />
          </dd>
        </div>
      </dl>
      <h3 className="wa-subtitle">{t("email.signature.title")}</h3>
      <p className="wa-help email-signature-intro">{t("email.signature.intro")}</p>
      <SignatureEditor account={account} />
    </div>
  );
}
