import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ChannelKind, WindowFilter, WorkspaceDto } from "../bindings";
import type { ListFilters } from "../backend/keys";
import { Icon } from "../components/Icon";
import { activeFilterCount } from "./filters";
import { ViewNameDialog } from "./ViewDialogs";

function toId(value: string): number | null {
  if (value === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export function FilterBar({
  workspace,
  filters,
  onChange,
}: {
  workspace: WorkspaceDto;
  filters: ListFilters;
  onChange: (filters: ListFilters) => void;
}) {
  const { t } = useTranslation();
  const [saving, setSaving] = useState(false);
  const active = activeFilterCount(filters);
  const set = (patch: Partial<ListFilters>) => onChange({ ...filters, ...patch });

  return (
    <div className="filter-bar" role="group" aria-label={t("filters.label")}>
      <select
        className={`filter-select${filters.channel !== null ? " set" : ""}`}
        aria-label={t("filters.channel")}
        data-testid="channel-filter"
        value={filters.channel ?? ""}
        onChange={(e) => set({ channel: e.target.value === "" ? null : (e.target.value as ChannelKind) })}
      >
        <option value="">{t("filters.anyChannel")}</option>
        <option value="whatsapp">{t("channel.whatsapp")}</option>
        <option value="email">{t("channel.email")}</option>
      </select>
      <select
        className={`filter-select${filters.account_id !== null ? " set" : ""}`}
        aria-label={t("filters.account")}
        data-testid="account-filter"
        value={filters.account_id ?? ""}
        onChange={(e) => set({ account_id: toId(e.target.value) })}
      >
        <option value="">{t("filters.anyAccount")}</option>
        {workspace.accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <select
        className={`filter-select${filters.tag_id !== null ? " set" : ""}`}
        aria-label={t("filters.tag")}
        data-testid="tag-filter"
        value={filters.tag_id ?? ""}
        onChange={(e) => set({ tag_id: toId(e.target.value) })}
      >
        <option value="">{t("filters.anyTag")}</option>
        {workspace.tags.map((tag) => (
          <option key={tag.id} value={tag.id}>
            {tag.name}
          </option>
        ))}
      </select>
      <select
        className={`filter-select${filters.assignee_id !== null ? " set" : ""}`}
        aria-label={t("filters.assignee")}
        data-testid="assignee-filter"
        value={filters.assignee_id ?? ""}
        onChange={(e) => set({ assignee_id: toId(e.target.value) })}
      >
        <option value="">{t("filters.anyAssignee")}</option>
        {workspace.members.map((m) => (
          <option key={m.id} value={m.id}>
            {m.id === workspace.me.id ? t("filters.me", { name: m.name }) : m.name}
          </option>
        ))}
      </select>
      <select
        className={`filter-select${filters.window !== null ? " set" : ""}`}
        aria-label={t("filters.window")}
        data-testid="window-filter"
        value={filters.window ?? ""}
        onChange={(e) => set({ window: e.target.value === "" ? null : (e.target.value as WindowFilter) })}
      >
        <option value="">{t("filters.anyWindow")}</option>
        <option value="open">{t("filters.windowOpen")}</option>
        <option value="closed">{t("filters.windowClosed")}</option>
      </select>
      {active > 0 ? (
        <button
          type="button"
          className="link-button"
          data-testid="clear-filters"
          onClick={() =>
            onChange({ ...filters, account_id: null, channel: null, tag_id: null, assignee_id: null, window: null, text: null })
          }
        >
          {t("filters.clear")}
        </button>
      ) : null}
      {filters.text !== null && filters.text.trim() !== "" ? (
        <span className="filter-text-chip" data-testid="text-filter">
          {t("savedViews.text", { text: filters.text })}
          <button
            type="button"
            className="icon-button small"
            aria-label={t("savedViews.clearText")}
            title={t("savedViews.clearText")}
            onClick={() => set({ text: null })}
          >
            <Icon name="x" size={12} />
          </button>
        </span>
      ) : null}
      <button
        type="button"
        className="link-button filter-save-view"
        data-testid="save-view"
        title={t("savedViews.saveTitle")}
        onClick={() => setSaving(true)}
      >
        <Icon name="bookmark" size={13} />
        {t("savedViews.save")}
      </button>
      {saving ? <ViewNameDialog view={null} filters={filters} workspace={workspace} onClose={() => setSaving(false)} /> : null}
    </div>
  );
}
