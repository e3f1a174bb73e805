import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TemplateDto, TemplateType, WorkspaceDto } from "../../bindings";
import { useDeleteTemplate, useReplyTemplates } from "../../backend/libraryQueries";
import { ChannelIcon } from "../../components/ChannelBadge";
import { Icon } from "../../components/Icon";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { TagChips } from "../../components/TagChip";
import { useDebounced } from "../../search/useDebounced";
import { ApiErrorNotice, Notice } from "../whatsapp/fields";
import { TemplateContent } from "./TemplateContent";
import { TemplateForm } from "./TemplateForm";
import { NO_FILTERS, TEMPLATE_TYPES, emptyTemplate, narrow, templateQuery, type TemplateFilters } from "./templateDraft";
import "../whatsapp/whatsapp.css";
import "../team/team.css";
import "../tags/tags.css";
import "./templates.css";

/**
 * Settings → Templates (TPL-1, TPL-2, TPL-5): the business's own saved
 * replies and openers, per account or shared, typed and tagged; filtered by
 * account, type, tag and words. Meta's WhatsApp templates stay under
 * Settings → WhatsApp.
 */
export function TemplatesSettings({ workspace }: { workspace: WorkspaceDto }) {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<TemplateFilters>(NO_FILTERS);
  const text = useDebounced(filters.text, 200);
  const list = useReplyTemplates(templateQuery(filters, text));
  const [editing, setEditing] = useState<TemplateDto | null>(null);
  const [deleting, setDeleting] = useState<TemplateDto | null>(null);
  const canManage = workspace.me.role !== "agent";
  const filtered = filters.account !== "any" || filters.type !== null || filters.tagId !== null || filters.text.trim() !== "";
  const templates = list.data === undefined ? [] : narrow(list.data, filters);
  const set = (patch: Partial<TemplateFilters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <section className="templates-section" data-testid="templates-settings">
      <div className="settings-title-row">
        <h2>{t("settings.sections.templates")}</h2>
        {canManage ? (
          <button type="button" className="button primary" data-testid="add-template" onClick={() => setEditing(emptyTemplate())}>
            <Icon name="plus" size={14} />
            {t("templates.add")}
          </button>
        ) : null}
      </div>
      <p className="settings-intro">{t("templates.intro")}</p>
      <p className="templates-wa-note muted small">
        <Icon name="whatsapp" size={13} />
        {t("templates.waNote")}
      </p>
      {canManage ? null : <Notice testId="templates-read-only">{t("templates.readOnly")}</Notice>}
      <div className="templates-filters" role="search" aria-label={t("templates.filters.label")}>
        <span className="templates-search">
          <Icon name="search" size={14} />
          <input
            type="search"
            className="wa-input"
            data-testid="templates-search"
            aria-label={t("templates.filters.search")}
            placeholder={t("templates.filters.searchPlaceholder")}
            value={filters.text}
            onChange={(e) => set({ text: e.target.value })}
          />
        </span>
        <select
          className="select"
          aria-label={t("templates.filters.account")}
          data-testid="templates-account"
          value={String(filters.account)}
          onChange={(e) => {
            const v = e.target.value;
            set({ account: v === "any" || v === "shared" ? v : (Number(v)) });
          }}
        >
          <option value="any">{t("templates.filters.anyAccount")}</option>
          <option value="shared">{t("templates.filters.sharedOnly")}</option>
          {workspace.accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
        <select
          className="select"
          aria-label={t("templates.filters.type")}
          data-testid="templates-type"
          value={filters.type ?? ""}
          onChange={(e) => set({ type: e.target.value === "" ? null : (e.target.value as TemplateType) })}
        >
          <option value="">{t("templates.filters.anyType")}</option>
          {TEMPLATE_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`templates.type.${type}`)}
            </option>
          ))}
        </select>
        <select
          className="select"
          aria-label={t("templates.filters.tag")}
          data-testid="templates-tag"
          value={filters.tagId ?? ""}
          onChange={(e) => set({ tagId: e.target.value === "" ? null : Number(e.target.value) })}
        >
          <option value="">{t("templates.filters.anyTag")}</option>
          {workspace.tags.map((tag) => (
            <option key={tag.id} value={tag.id}>
              {tag.name}
            </option>
          ))}
        </select>
        {filtered ? (
          <button type="button" className="link-button" data-testid="templates-clear" onClick={() => setFilters(NO_FILTERS)}>
            {t("templates.filters.clear")}
          </button>
        ) : null}
      </div>
      {list.isError ? <ApiErrorNotice error={list.error} testId="templates-error" /> : null}
      {list.isPending ? <p className="muted">{t("common.loading")}</p> : null}
      {list.isSuccess && templates.length === 0 ? (
        <div className="library-empty" data-testid="templates-empty">
          <Icon name="template" size={28} />
          <p>{filtered ? t("templates.noMatch") : t("templates.empty")}</p>
        </div>
      ) : null}
      {templates.length > 0 ? (
        <ul className="settings-list templates-list" data-testid="templates-list" aria-busy={list.isPlaceholderData || undefined}>
          {templates.map((template) => {
            const account = workspace.accounts.find((a) => a.id === template.account_id);
            return (
              <li key={template.id} className="template-row" data-testid="template-row" data-id={template.id}>
                <div className="template-row-head">
                  <span className="template-row-name">{template.name}</span>
                  <span className={`template-type type-${template.template_type}`}>{t(`templates.type.${template.template_type}`)}</span>
                  {account !== undefined ? (
                    <span className="team-account" title={account.address}>
                      <ChannelIcon channel={account.channel} size={12} />
                      {account.name}
                    </span>
                  ) : (
                    <span className="team-account shared" title={t("templates.sharedLong")}>
                      <Icon name="users" size={12} />
                      {t("templates.shared")}
                    </span>
                  )}
                  <TagChips ids={template.tag_ids} tags={workspace.tags} />
                  {canManage ? (
                    <span className="team-actions template-row-actions">
                      <button
                        type="button"
                        className="icon-button"
                        aria-label={t("templates.edit", { name: template.name })}
                        title={t("templates.edit", { name: template.name })}
                        data-testid="edit-template"
                        onClick={() => setEditing(template)}
                      >
                        <Icon name="pencil" size={15} />
                      </button>
                      <button
                        type="button"
                        className="icon-button danger"
                        aria-label={t("templates.delete", { name: template.name })}
                        title={t("templates.delete", { name: template.name })}
                        data-testid="delete-template"
                        onClick={() => setDeleting(template)}
                      >
                        <Icon name="trash" size={15} />
                      </button>
                    </span>
                  ) : null}
                </div>
                <TemplateContent content={template.content} />
              </li>
            );
          })}
        </ul>
      ) : null}
      {editing !== null ? <TemplateForm initial={editing} workspace={workspace} onClose={() => setEditing(null)} /> : null}
      {deleting !== null ? <DeleteTemplateDialog template={deleting} onClose={() => setDeleting(null)} /> : null}
    </section>
  );
}

function DeleteTemplateDialog({ template, onClose }: { template: TemplateDto; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteTemplate();
  return (
    <ConfirmDialog
      title={t("templates.deleteTitle", { name: template.name })}
      text={t("templates.deleteText")}
      confirmLabel={t("templates.deleteConfirm")}
      testId="delete-template-dialog"
      confirmTestId="confirm-delete-template"
      pending={remove.isPending}
      error={remove.isError ? remove.error.message : null}
      onConfirm={() => remove.mutate(template.id, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}
