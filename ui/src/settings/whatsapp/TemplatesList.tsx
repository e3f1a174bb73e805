import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { WaTemplateDto } from "../../bindings";
import { Icon } from "../../components/Icon";
import { useNow } from "../../components/now";
import { formatDateTime, formatShortDateTime } from "../../i18n/format";
import { FormattedText } from "../../lib/waFormat";
import { ApiErrorNotice } from "./fields";
import { KNOWN_STATUSES, TemplateStatusPill, categoryWords, rejectionWords, templateStatusWords } from "./pills";
import { useWaTemplateList } from "../../backend/queries";
import { useSyncWaTemplates } from "./waQueries";

const CATEGORIES = ["MARKETING", "UTILITY", "AUTHENTICATION"] as const;

interface Filters {
  text: string;
  status: string;
  category: string;
  language: string;
}

const NO_FILTERS: Filters = { text: "", status: "", category: "", language: "" };

function normalize(s: string): string {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

export function matches(tpl: WaTemplateDto, f: Filters): boolean {
  const needle = normalize(f.text.trim());
  return (
    (needle.length === 0 || normalize(`${tpl.name} ${tpl.body}`).includes(needle)) &&
    (f.status === "" || tpl.status === f.status) &&
    (f.category === "" || tpl.category.toUpperCase() === f.category) &&
    (f.language === "" || tpl.language === f.language)
  );
}

/** TPL-4/TPL-5: the account's WhatsApp templates, searchable, with their review status. */
export function TemplatesList({ accountId, onNew }: { accountId: number; onNew: () => void }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const list = useWaTemplateList(accountId);
  const sync = useSyncWaTemplates(accountId);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const statuses = useMemo(
    () => [...new Set([...KNOWN_STATUSES, ...items.map((i) => i.status)])],
    [items],
  );
  const languages = useMemo(() => [...new Set(items.map((i) => i.language))].sort(), [items]);
  const shown = items.filter((i) => matches(i, filters)).sort((a, b) => a.name.localeCompare(b.name));
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  const syncedAt = list.data?.synced_at ?? null;
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <div className="wa-page" data-testid="wa-templates">
      <div className="wa-toolbar">
        <span className="wa-sync-time" data-testid="wa-synced-at" title={syncedAt !== null ? formatDateTime(syncedAt, i18n.language) : undefined}>
          {syncedAt !== null
            ? t("wa.templates.syncedAt", { when: formatShortDateTime(syncedAt, now, i18n.language) })
            : t("wa.templates.neverSynced")}
        </span>
        <span className="wa-actions-spacer" />
        <button
          type="button"
          className="button"
          data-testid="wa-sync"
          disabled={sync.isPending}
          aria-busy={sync.isPending}
          onClick={() => sync.mutate()}
        >
          {sync.isPending ? <span className="wa-spinner" aria-hidden="true" /> : <Icon name="refresh" size={14} />}
          {sync.isPending ? t("wa.templates.syncing") : t("wa.templates.sync")}
        </button>
        <button type="button" className="button primary" data-testid="wa-new-template" onClick={onNew}>
          <Icon name="template" size={14} />
          {t("wa.templates.new")}
        </button>
      </div>
      {sync.isError ? <ApiErrorNotice error={sync.error} testId="wa-sync-error" /> : null}

      <div className="wa-filters" role="search" aria-label={t("wa.templates.filters")}>
        <span className="search-box wa-search">
          <Icon name="search" size={14} className="search-icon" />
          <input
            type="search"
            className="search-input"
            data-testid="wa-template-search"
            aria-label={t("wa.templates.search")}
            placeholder={t("wa.templates.searchPlaceholder")}
            value={filters.text}
            onChange={(e) => set({ text: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === "Escape" && filters.text.length > 0) {
                e.stopPropagation();
                set({ text: "" });
              }
            }}
          />
        </span>
        <select
          className={`filter-select${filters.status !== "" ? " set" : ""}`}
          data-testid="wa-filter-status"
          aria-label={t("wa.templates.status")}
          value={filters.status}
          onChange={(e) => set({ status: e.target.value })}
        >
          <option value="">{t("wa.templates.anyStatus")}</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {templateStatusWords(s, t)}
            </option>
          ))}
        </select>
        <select
          className={`filter-select${filters.category !== "" ? " set" : ""}`}
          data-testid="wa-filter-category"
          aria-label={t("wa.templates.category")}
          value={filters.category}
          onChange={(e) => set({ category: e.target.value })}
        >
          <option value="">{t("wa.templates.anyCategory")}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {categoryWords(c, t)}
            </option>
          ))}
        </select>
        <select
          className={`filter-select${filters.language !== "" ? " set" : ""}`}
          data-testid="wa-filter-language"
          aria-label={t("wa.templates.language")}
          value={filters.language}
          onChange={(e) => set({ language: e.target.value })}
        >
          <option value="">{t("wa.templates.anyLanguage")}</option>
          {languages.map((l) => (
            <option key={l} value={l}>
              {t(`wa.languages.${l}`, { defaultValue: l })}
            </option>
          ))}
        </select>
        {filtered ? (
          <button type="button" className="link-button" onClick={() => setFilters(NO_FILTERS)}>
            {t("filters.clear")}
          </button>
        ) : null}
      </div>

      {list.isPending ? <p className="muted wa-loading">{t("common.loading")}</p> : null}
      {list.isError ? <ApiErrorNotice error={list.error} testId="wa-templates-error" /> : null}
      {list.data !== undefined && items.length === 0 ? (
        <div className="wa-empty" data-testid="wa-templates-empty">
          <Icon name="template" size={28} />
          <p>{t("wa.templates.none")}</p>
        </div>
      ) : null}
      {items.length > 0 && shown.length === 0 ? <p className="muted wa-empty">{t("wa.templates.noMatch")}</p> : null}
      {shown.length > 0 ? (
        <>
          <p className="wa-count" aria-live="polite">
            {t("wa.templates.count", { count: shown.length })}
          </p>
          <ul className="settings-list wa-template-list" aria-label={t("wa.templates.title")}>
            {shown.map((tpl) => (
              <TemplateRow key={tpl.id} tpl={tpl} />
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

function TemplateRow({ tpl }: { tpl: WaTemplateDto }) {
  const { t } = useTranslation();
  return (
    <li className="settings-item wa-template" data-testid="wa-template-row" data-status={tpl.status}>
      <div className="settings-item-main">
        <div className="wa-template-top">
          <span className="settings-item-title wa-mono">{tpl.name}</span>
          <TemplateStatusPill status={tpl.status} />
        </div>
        <span className="settings-item-sub">
          {t(`wa.languages.${tpl.language}`, { defaultValue: tpl.language })} ({tpl.language}) · {categoryWords(tpl.category, t)}
          {tpl.buttons.length > 0 ? ` · ${t("wa.templates.buttonCount", { count: tpl.buttons.length })}` : null}
        </span>
        {tpl.status === "REJECTED" ? (
          <span className="wa-rejection" data-testid="wa-rejection">
            <Icon name="alert" size={13} />
            {tpl.reason !== null && tpl.reason.length > 0
              ? t("wa.templates.rejectedBecause", { reason: rejectionWords(tpl.reason, t) })
              : t("wa.templates.rejectedNoReason")}
          </span>
        ) : null}
        <p className="wa-template-body">
          {tpl.header !== null ? <strong className="wa-template-header">{tpl.header} · </strong> : null}
          <FormattedText text={tpl.body} />
        </p>
      </div>
    </li>
  );
}
