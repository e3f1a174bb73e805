import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import type { WorkspaceDto } from "../bindings";
import { ChannelIcon } from "../components/ChannelBadge";
import { Icon, type IconName } from "../components/Icon";
import { LanguageSelect } from "./LanguageSelect";
import "./settings.css";

// Its own chunk: most sessions never open the WhatsApp settings.
const RelaySettings = lazy(() => import("./relay/RelaySettings").then((m) => ({ default: m.RelaySettings })));
const EmailSettings = lazy(() => import("./email/EmailSettings").then((m) => ({ default: m.EmailSettings })));
const WhatsappSettings = lazy(() => import("./whatsapp/WhatsappSettings").then((m) => ({ default: m.WhatsappSettings })));
const TeamSettings = lazy(() => import("./team/TeamSettings").then((m) => ({ default: m.TeamSettings })));
const AutomationSettings = lazy(() => import("./automation/AutomationSettings").then((m) => ({ default: m.AutomationSettings })));
const TagsSettings = lazy(() => import("./tags/TagsSettings").then((m) => ({ default: m.TagsSettings })));
const TemplatesSettings = lazy(() => import("./templates/TemplatesSettings").then((m) => ({ default: m.TemplatesSettings })));
const UsageCard = lazy(() => import("./usage/UsageCard").then((m) => ({ default: m.UsageCard })));

export type SettingsSection = "general" | "accounts" | "whatsapp" | "email" | "relay" | "team" | "automation" | "tags" | "templates";
export const SETTINGS_SECTIONS: readonly SettingsSection[] = ["general", "accounts", "whatsapp", "email", "relay", "team", "automation", "tags", "templates"];

const SECTION_ICON: Record<SettingsSection, IconName> = {
  general: "gear",
  accounts: "at",
  whatsapp: "whatsapp",
  email: "mail",
  relay: "cloud",
  team: "users",
  automation: "zap",
  tags: "tag",
  templates: "template",
};

export function SettingsScreen({
  workspace,
  section,
  sub,
  onSection,
  onClose,
}: {
  workspace: WorkspaceDto;
  section: SettingsSection;
  /** The sub-page inside the section (the rest of the `#/settings/<section>/…` route). */
  sub?: string;
  onSection: (section: SettingsSection, sub?: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="settings" data-testid="settings">
      <nav className="settings-nav" aria-label={t("settings.title")}>
        <button type="button" className="back-button" onClick={onClose} data-testid="close-settings">
          <Icon name="back" size={16} />
          {t("settings.back")}
        </button>
        <h1 className="settings-title">{t("settings.title")}</h1>
        <ul>
          {SETTINGS_SECTIONS.map((s) => (
            <li key={s}>
              <button
                type="button"
                className={`nav-item${s === section ? " active" : ""}`}
                aria-current={s === section ? "page" : undefined}
                data-testid={`settings-${s}`}
                onClick={() => onSection(s)}
              >
                <Icon name={SECTION_ICON[s]} />
                <span className="nav-label">{t(`settings.sections.${s}`)}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="settings-content">
        {section === "general" ? (
          <section>
            <h2>{t("settings.sections.general")}</h2>
            <div className="settings-card">
              <div className="setting-row">
                <label htmlFor="settings-language" className="setting-label">
                  <span>{t("settings.language")}</span>
                  <span className="setting-help">{t("settings.languageHelp")}</span>
                </label>
                <LanguageSelect id="settings-language" />
              </div>
              <div className="setting-row">
                <span className="setting-label">
                  <span>{t("settings.workspace")}</span>
                  <span className="setting-help">
                    {workspace.is_demo ? t("settings.workspaceDemo") : workspace.name}
                  </span>
                </span>
              </div>
            </div>
            <Suspense fallback={null}>
              <UsageCard workspace={workspace} />
            </Suspense>
          </section>
        ) : null}
        {section === "accounts" ? (
          <section>
            <div className="settings-title-row">
              <h2>{t("settings.sections.accounts")}</h2>
              <span className="settings-title-actions">
                <button
                  type="button"
                  className="button"
                  data-testid="connect-whatsapp"
                  onClick={() => onSection("whatsapp", "connect")}
                >
                  <Icon name="whatsapp" size={14} />
                  {t("settings.connectWhatsapp")}
                </button>
                <button type="button" className="button" data-testid="connect-email" onClick={() => onSection("email", "connect")}>
                  <Icon name="mail" size={14} />
                  {t("settings.connectEmail")}
                </button>
              </span>
            </div>
            <p className="settings-intro">{t("settings.accountsIntro")}</p>
            {workspace.accounts.length === 0 ? (
              <p className="muted">{t("settings.noAccounts")}</p>
            ) : (
              <ul className="settings-list" data-testid="accounts-list">
                {workspace.accounts.map((account) => (
                  <li key={account.id} className="settings-item">
                    <ChannelIcon channel={account.channel} size={18} />
                    <span className="settings-item-main">
                      <span className="settings-item-title">{account.name}</span>
                      <span className="settings-item-sub">
                        {t(`accountKind.${account.kind}`)} · {account.address}
                      </span>
                      {account.status.state === "error" ? (
                        <span className="error-text">{account.status.reason}</span>
                      ) : null}
                    </span>
                    <span className={`account-status status-${account.status.state}`}>
                      <span className={`status-dot status-${account.status.state}`} aria-hidden="true" />
                      {t(`account.status.${account.status.state}`)}
                    </span>
                    {account.kind === "whatsapp_cloud" ? (
                      <button
                        type="button"
                        className="button subtle"
                        data-testid="manage-whatsapp"
                        onClick={() => onSection("whatsapp", `${account.id}/connection`)}
                      >
                        {t("settings.manage")}
                      </button>
                    ) : account.channel === "email" ? (
                      <button
                        type="button"
                        className="button subtle"
                        data-testid="manage-email"
                        onClick={() => onSection("email", String(account.id))}
                      >
                        {t("settings.manage")}
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        ) : null}
        {section === "whatsapp" ? (
          <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
            <WhatsappSettings workspace={workspace} sub={sub ?? ""} onNavigate={(next) => onSection("whatsapp", next)} />
          </Suspense>
        ) : null}
        {section === "email" ? (
          <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
            <EmailSettings workspace={workspace} sub={sub ?? ""} onNavigate={(next) => onSection("email", next)} />
          </Suspense>
        ) : null}
        {section === "relay" ? (
          <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
            <RelaySettings demo={workspace.is_demo} />
          </Suspense>
        ) : null}
        {section === "team" ? (
          <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
            <TeamSettings workspace={workspace} />
          </Suspense>
        ) : null}
        {section === "automation" ? (
          <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
            <AutomationSettings workspace={workspace} sub={sub ?? ""} onNavigate={(next) => onSection("automation", next)} />
          </Suspense>
        ) : null}
        {section === "tags" ? (
          <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
            <TagsSettings workspace={workspace} />
          </Suspense>
        ) : null}
        {section === "templates" ? (
          <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
            <TemplatesSettings workspace={workspace} />
          </Suspense>
        ) : null}
      </main>
    </div>
  );
}
