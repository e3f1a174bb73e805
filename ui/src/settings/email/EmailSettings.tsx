import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AccountDto, EmailAccountDto, WorkspaceDto } from "../../bindings";
import { useEmailAccount, useEmailAccounts } from "../../backend/emailQueries";
import { Icon } from "../../components/Icon";
import { ApiErrorNotice, Notice } from "../whatsapp/fields";
import { AccountForm } from "./AccountForm";
import { AccountPage } from "./AccountPage";
import { ReconnectAction } from "./EmailReconnect";
import { AccountStatusPill, SyncStatePill } from "./pills";
import "../whatsapp/whatsapp.css";
import "./email.css";

/** `""` overview, `connect` the form, `<account id>` a mailbox's page. */
export function parseEmailSub(sub: string): { view: "overview" } | { view: "connect" } | { view: "account"; accountId: number } {
  const [first] = sub.split("/");
  if (first === "connect") return { view: "connect" };
  if (first !== undefined && /^\d+$/.test(first)) return { view: "account", accountId: Number(first) };
  return { view: "overview" };
}

/** Settings → Email: the mailboxes, adding one, and each one's page (sync, signature). */
export function EmailSettings({
  workspace,
  sub,
  onNavigate,
}: {
  workspace: WorkspaceDto;
  sub: string;
  onNavigate: (sub: string) => void;
}) {
  const { t } = useTranslation();
  const [justConnected, setJustConnected] = useState<number | null>(null);
  const route = parseEmailSub(sub);

  if (route.view === "connect") {
    return (
      <section className="wa-section wa-narrow">
        <Breadcrumb onNavigate={onNavigate} current={t("email.form.title")} />
        <AccountForm
          workspace={workspace}
          onCancel={() => onNavigate("")}
          onConnected={(account) => {
            setJustConnected(account.account_id);
            onNavigate(String(account.account_id));
          }}
        />
      </section>
    );
  }
  if (route.view === "account") {
    return <AccountView accountId={route.accountId} justConnected={justConnected === route.accountId} onNavigate={onNavigate} />;
  }
  return <Overview workspace={workspace} onNavigate={onNavigate} />;
}

function AccountView({ accountId, justConnected, onNavigate }: { accountId: number; justConnected: boolean; onNavigate: (sub: string) => void }) {
  const account = useEmailAccount(accountId, { live: false });
  return (
    <section className="wa-section wa-narrow" aria-labelledby="email-account-title">
      <Breadcrumb onNavigate={onNavigate} current={account.data?.address ?? "…"} />
      <AccountPage accountId={accountId} justConnected={justConnected} />
    </section>
  );
}

function Breadcrumb({ current, onNavigate }: { current: string; onNavigate: (sub: string) => void }) {
  const { t } = useTranslation();
  return (
    <nav className="wa-breadcrumb" aria-label={t("wa.breadcrumb")}>
      <button type="button" className="link-button" onClick={() => onNavigate("")}>
        {t("settings.sections.email")}
      </button>
      <span aria-hidden="true">›</span>
      <span aria-current="page">{current}</span>
    </nav>
  );
}

function Overview({ workspace, onNavigate }: { workspace: WorkspaceDto; onNavigate: (sub: string) => void }) {
  const { t, i18n } = useTranslation();
  const query = useEmailAccounts();
  const mailboxes: EmailAccountDto[] = query.data?.accounts ?? [];
  // Mailboxes of the workspace without IMAP settings (the demo's simulated ones).
  const simulated: AccountDto[] = workspace.accounts.filter(
    (a) => a.channel === "email" && !mailboxes.some((m) => m.account_id === a.id),
  );
  const count = (n: number) => new Intl.NumberFormat(i18n.language).format(n);
  return (
    <section className="wa-section wa-narrow" data-testid="email-overview">
      <div className="settings-title-row">
        <h2>{t("settings.sections.email")}</h2>
        <button type="button" className="button primary" data-testid="email-open-connect" onClick={() => onNavigate("connect")}>
          <Icon name="mail" size={14} />
          {t("email.overview.add")}
        </button>
      </div>
      <p className="settings-intro">{t("email.overview.intro")}</p>
      {query.isError ? <ApiErrorNotice error={query.error} testId="email-accounts-error" /> : null}
      {query.isPending ? <p className="muted">{t("common.loading")}</p> : null}
      {query.isSuccess && mailboxes.length === 0 && simulated.length === 0 ? (
        <div className="wa-empty">
          <Icon name="mail" size={28} />
          <p>{t("email.overview.none")}</p>
        </div>
      ) : null}
      {mailboxes.length > 0 ? (
        <ul className="settings-list" data-testid="email-accounts">
          {mailboxes.map((m) => (
            <li key={m.account_id} className="settings-item email-item" data-testid="email-account-item" data-status={m.status}>
              <span className="wa-account-icon small email-icon" aria-hidden="true">
                <Icon name="mail" size={16} />
              </span>
              <span className="settings-item-main">
                <span className="settings-item-title">{m.sender_name.length > 0 ? m.sender_name : m.address}</span>
                <span className="settings-item-sub">
                  {m.address} · {t("email.overview.messages", { count: m.messages, n: count(m.messages) })}
                </span>
                {m.status_reason !== null && m.status_reason.length > 0 ? (
                  // one line here, the whole of it on hover and on the mailbox's page
                  <span className="error-text email-item-reason" title={m.status_reason} data-testid="email-account-reason">
                    {m.status_reason}
                  </span>
                ) : null}
              </span>
              {/* a stopped mailbox does not sync: its status and the way back say it all */}
              {m.status === "error" ? null : <SyncStatePill state={m.sync_state} />}
              <AccountStatusPill status={m.status} />
              {m.status === "error" ? <ReconnectAction account={m} /> : null}
              <button type="button" className="button" data-testid="email-open-account" onClick={() => onNavigate(String(m.account_id))}>
                {t("settings.manage")}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {simulated.length > 0 ? (
        <>
          {workspace.is_demo ? <Notice testId="email-demo-note">{t("email.overview.demoNote")}</Notice> : null}
          <ul className="settings-list" data-testid="email-simulated">
            {simulated.map((a) => (
              <li key={a.id} className="settings-item email-item">
                <span className="wa-account-icon small email-icon" aria-hidden="true">
                  <Icon name="mail" size={16} />
                </span>
                <span className="settings-item-main">
                  <span className="settings-item-title">{a.name}</span>
                  <span className="settings-item-sub">
                    {t(`accountKind.${a.kind}`)} · {a.address}
                  </span>
                  {a.status.state === "error" ? <span className="error-text">{a.status.reason}</span> : null}
                </span>
                <AccountStatusPill status={a.status.state} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
