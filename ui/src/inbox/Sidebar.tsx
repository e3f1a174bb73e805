import { useTranslation } from "react-i18next";
import type { AccountDto, Counts, View, WorkspaceDto } from "../bindings";
import type { ListFilters } from "../backend/keys";
import { MeMenu } from "./MeMenu";
import { SavedViewsNav } from "./SavedViewsNav";
import { ChannelIcon } from "../components/ChannelBadge";
import { Icon, type IconName } from "../components/Icon";
import { VIEWS, defaultFilters } from "./filters";
import "./savedViews.css";

const VIEW_ICON: Record<View, IconName> = {
  all_open: "inbox",
  mine: "user",
  unassigned: "unassigned",
  snoozed: "clock",
  resolved: "resolved",
};

function formatCount(n: number | undefined): string {
  if (n === undefined || n === 0) return "";
  return n > 999 ? "999+" : String(n);
}

export interface SidebarProps {
  workspace: WorkspaceDto;
  counts: Counts | undefined;
  filters: ListFilters;
  /** The screen shown: a view, account or tag is only current in the inbox. */
  screen: "inbox" | "settings" | "reports";
  onFilters: (filters: ListFilters) => void;
  onOpenSettings: () => void;
  onOpenReports: () => void;
}

export function Sidebar({ workspace, counts, filters, screen, onFilters, onOpenSettings, onOpenReports }: SidebarProps) {
  const inSettings = screen === "settings";
  const elsewhere = screen !== "inbox";
  const { t } = useTranslation();
  const unreadFor = (account: AccountDto) =>
    counts?.unread_by_account.find((c) => c.account_id === account.id)?.unread ?? 0;
  const openForTag = (tagId: number) => counts?.open_by_tag.find((c) => c.tag_id === tagId)?.count ?? 0;
  const onlyView = (f: ListFilters) =>
    f.account_id === null && f.tag_id === null && f.channel === null && f.assignee_id === null && f.window === null;

  return (
    <nav className="sidebar" aria-label={t("sidebar.label")}>
      <div className="sidebar-header">
        <span className="logo" aria-hidden="true">
          <Icon name="inbox" size={16} />
        </span>
        <div className="sidebar-title">
          <span className="workspace-name" title={workspace.name}>
            {workspace.name}
          </span>
          <span className="app-name">Bandeja</span>
        </div>
      </div>

      <div className="sidebar-scroll">
        <ul className="nav-list" aria-label={t("sidebar.views")}>
          {VIEWS.map((view) => {
            const current = !elsewhere && filters.view === view && onlyView(filters);
            return (
              <li key={view}>
                <button
                  type="button"
                  className={`nav-item${current ? " active" : ""}`}
                  aria-current={current ? "page" : undefined}
                  data-testid={`view-${view}`}
                  onClick={() => onFilters(defaultFilters(view))}
                >
                  <Icon name={VIEW_ICON[view]} />
                  <span className="nav-label">{t(`views.${view}`)}</span>
                  <span className="nav-count" data-testid={`count-${view}`}>
                    {formatCount(counts?.[view])}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>

        <ul className="nav-list nav-reports">
          <li>
            <button
              type="button"
              className={`nav-item${screen === "reports" ? " active" : ""}`}
              aria-current={screen === "reports" ? "page" : undefined}
              data-testid="open-reports"
              onClick={onOpenReports}
            >
              <Icon name="chart" />
              <span className="nav-label">{t("reports.nav")}</span>
            </button>
          </li>
        </ul>

        <SavedViewsNav workspace={workspace} filters={filters} active={!elsewhere} onFilters={onFilters} />

        <h2 className="sidebar-heading">{t("sidebar.accounts")}</h2>
        {workspace.accounts.length === 0 ? (
          <p className="sidebar-empty">{t("sidebar.noAccounts")}</p>
        ) : (
          <ul className="nav-list">
            {workspace.accounts.map((account) => {
              const unread = unreadFor(account);
              const current = !elsewhere && filters.account_id === account.id;
              const statusLabel =
                account.status.state === "error"
                  ? t("account.statusError", { reason: account.status.reason })
                  : t(`account.status.${account.status.state}`);
              return (
                <li key={account.id}>
                  <button
                    type="button"
                    className={`nav-item account-item${current ? " active" : ""}`}
                    aria-current={current ? "page" : undefined}
                    data-testid="account-item"
                    title={`${account.name} · ${account.address} · ${statusLabel}`}
                    onClick={() => onFilters({ ...defaultFilters(filters.view), account_id: account.id })}
                  >
                    <ChannelIcon channel={account.channel} />
                    <span className="nav-label account-label">
                      <span className="account-name">{account.name}</span>
                      {account.status.state === "error" ? (
                        <span className="account-error">{account.status.reason}</span>
                      ) : null}
                    </span>
                    <span
                      className={`status-dot status-${account.status.state}`}
                      role="img"
                      aria-label={statusLabel}
                    />
                    {account.kind === "whatsapp_cloud" && account.status.state === "error" ? (
                      <span className="reconnect-badge" data-testid="account-reconnect-badge">
                        {t("reconnect.badge")}
                      </span>
                    ) : null}
                    {unread > 0 ? <span className="unread-badge">{formatCount(unread)}</span> : null}
                  </button>
                </li>
              );
            })}
          </ul>
        )}

        <h2 className="sidebar-heading">{t("sidebar.tags")}</h2>
        {workspace.tags.length === 0 ? <p className="sidebar-empty">{t("sidebar.noTags")}</p> : null}
        <ul className="nav-list">
          {workspace.tags.map((tag) => {
            const current = !elsewhere && filters.tag_id === tag.id;
            return (
              <li key={tag.id}>
                <button
                  type="button"
                  className={`nav-item${current ? " active" : ""}`}
                  aria-current={current ? "page" : undefined}
                  data-testid="tag-item"
                  title={tag.description || tag.name}
                  onClick={() => onFilters({ ...defaultFilters(filters.view), tag_id: tag.id })}
                >
                  <span className="tag-dot nav-dot" style={{ background: tag.color }} aria-hidden="true" />
                  <span className="nav-label">{tag.name}</span>
                  <span className="nav-count">{formatCount(openForTag(tag.id))}</span>
                </button>
              </li>
            );
          })}
        </ul>
      </div>

      <div className="sidebar-footer">
        <MeMenu me={workspace.me} />
        <button
          type="button"
          className={`icon-button${inSettings ? " active" : ""}`}
          onClick={onOpenSettings}
          aria-label={t("settings.title")}
          title={t("settings.title")}
          data-testid="open-settings"
        >
          <Icon name="gear" size={18} />
        </button>
      </div>
    </nav>
  );
}
