import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AccountDto, WorkspaceDto } from "../../bindings";
import { Icon, type IconName } from "../../components/Icon";
import { ConnectForm } from "./ConnectForm";
import { ConnectionPage } from "./ConnectionPage";
import { Notice } from "./fields";
import { NumbersPage } from "./NumbersPage";
import { ProfileEditor } from "./ProfileEditor";
import { TemplateEditor } from "./TemplateEditor";
import { TemplatesList } from "./TemplatesList";
import "./whatsapp.css";

export type WaPage = "connection" | "profile" | "numbers" | "templates";
const PAGES: readonly WaPage[] = ["connection", "profile", "numbers", "templates"];
const PAGE_ICON: Record<WaPage, IconName> = { connection: "lock", profile: "user", numbers: "phone", templates: "template" };

/** `""` overview, `connect`, `<account>/<page>`, `<account>/templates/new`. */
export function parseWaSub(sub: string): { view: "overview" } | { view: "connect" } | { view: "account"; accountId: number; page: WaPage; editor: boolean } {
  const [first, second, third] = sub.split("/");
  if (first === "connect") return { view: "connect" };
  if (first !== undefined && /^\d+$/.test(first)) {
    const page = PAGES.find((p) => p === second) ?? "connection";
    return { view: "account", accountId: Number(first), page, editor: page === "templates" && third === "new" };
  }
  return { view: "overview" };
}

/** Settings → WhatsApp: connect a number, then per number its connection, profile, numbers and templates. */
export function WhatsappSettings({
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
  const accounts = workspace.accounts.filter((a) => a.kind === "whatsapp_cloud");
  const route = parseWaSub(sub);

  if (route.view === "connect") {
    return (
      <section className="wa-section wa-narrow">
        <Breadcrumb onNavigate={onNavigate} current={t("wa.connect.title")} />
        <ConnectForm
          workspace={workspace}
          onCancel={() => onNavigate("")}
          onConnected={(connection) => {
            setJustConnected(connection.account_id);
            onNavigate(`${connection.account_id}/connection`);
          }}
        />
      </section>
    );
  }

  if (route.view === "account") {
    const account = accounts.find((a) => a.id === route.accountId);
    if (account === undefined) {
      return (
        <section className="wa-section">
          <Breadcrumb onNavigate={onNavigate} current="…" />
          <p className="muted">{justConnected === route.accountId ? t("common.loading") : t("wa.accountMissing")}</p>
        </section>
      );
    }
    return (
      <section className="wa-section" aria-labelledby="wa-account-title">
        <Breadcrumb onNavigate={onNavigate} current={account.name} />
        <header className="wa-account-header">
          <span className="wa-account-icon" aria-hidden="true">
            <Icon name="whatsapp" size={20} />
          </span>
          <div>
            <h2 id="wa-account-title" className="wa-account-name">
              {account.name}
            </h2>
            <span className="muted">{account.address}</span>
          </div>
        </header>
        <nav className="wa-tabs" aria-label={t("wa.pagesLabel")}>
          {PAGES.map((page) => (
            <button
              key={page}
              type="button"
              className={`wa-tab${page === route.page ? " active" : ""}`}
              aria-current={page === route.page ? "page" : undefined}
              data-testid={`wa-tab-${page}`}
              onClick={() => onNavigate(`${account.id}/${page}`)}
            >
              <Icon name={PAGE_ICON[page]} size={14} />
              {t(`wa.pages.${page}`)}
            </button>
          ))}
        </nav>
        {workspace.is_demo ? (
          <Notice tone="info" testId="wa-demo-note">
            {t("wa.demoNote")}
          </Notice>
        ) : null}
        {route.page === "connection" ? (
          <ConnectionPage account={account} justConnected={justConnected === account.id} demo={workspace.is_demo} />
        ) : null}
        {route.page === "profile" ? <ProfileEditor accountId={account.id} /> : null}
        {route.page === "numbers" ? <NumbersPage accountId={account.id} /> : null}
        {route.page === "templates" && !route.editor ? (
          <TemplatesList accountId={account.id} onNew={() => onNavigate(`${account.id}/templates/new`)} />
        ) : null}
        {route.page === "templates" && route.editor ? <h3 className="wa-subtitle wa-editor-title">{t("wa.templates.new")}</h3> : null}
        {route.page === "templates" && route.editor ? (
          <TemplateEditor
            accountId={account.id}
            onDone={() => onNavigate(`${account.id}/templates`)}
            onCancel={() => onNavigate(`${account.id}/templates`)}
          />
        ) : null}
      </section>
    );
  }

  return <Overview workspace={workspace} accounts={accounts} onNavigate={onNavigate} />;
}

function Breadcrumb({ current, onNavigate }: { current: string; onNavigate: (sub: string) => void }) {
  const { t } = useTranslation();
  return (
    <nav className="wa-breadcrumb" aria-label={t("wa.breadcrumb")}>
      <button type="button" className="link-button" onClick={() => onNavigate("")}>
        {t("settings.sections.whatsapp")}
      </button>
      <span aria-hidden="true">›</span>
      <span aria-current="page">{current}</span>
    </nav>
  );
}

function Overview({
  workspace,
  accounts,
  onNavigate,
}: {
  workspace: WorkspaceDto;
  accounts: AccountDto[];
  onNavigate: (sub: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="wa-section wa-narrow" data-testid="wa-overview">
      <div className="settings-title-row">
        <h2>{t("settings.sections.whatsapp")}</h2>
        <button type="button" className="button primary" data-testid="wa-open-connect" onClick={() => onNavigate("connect")}>
          <Icon name="whatsapp" size={14} />
          {t("wa.connect.title")}
        </button>
      </div>
      <p className="settings-intro">{t("wa.intro")}</p>
      {workspace.is_demo ? <Notice testId="wa-demo-note">{t("wa.demoNote")}</Notice> : null}
      {accounts.length === 0 ? (
        <div className="wa-empty">
          <Icon name="whatsapp" size={28} />
          <p>{t("wa.noNumbers")}</p>
        </div>
      ) : (
        <ul className="settings-list" data-testid="wa-accounts">
          {accounts.map((account) => (
            <li key={account.id} className="settings-item">
              <span className="wa-account-icon small" aria-hidden="true">
                <Icon name="whatsapp" size={16} />
              </span>
              <span className="settings-item-main">
                <span className="settings-item-title">{account.name}</span>
                <span className="settings-item-sub">{account.address}</span>
                {account.status.state === "error" ? <span className="error-text">{account.status.reason}</span> : null}
              </span>
              <span className={`account-status status-${account.status.state}`}>
                <span className={`status-dot status-${account.status.state}`} aria-hidden="true" />
                {t(`account.status.${account.status.state}`)}
              </span>
              <button type="button" className="button" data-testid="wa-open-account" onClick={() => onNavigate(`${account.id}/connection`)}>
                {t("settings.manage")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
