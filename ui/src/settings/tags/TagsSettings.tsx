import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TagDto, WorkspaceDto } from "../../bindings";
import { useDeleteTag } from "../../backend/libraryQueries";
import { useCounts } from "../../backend/queries";
import { Icon } from "../../components/Icon";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Notice } from "../whatsapp/fields";
import { nextTagColor } from "./tagColors";
import { TagForm, type TagDraft } from "./TagForm";
import "../whatsapp/whatsapp.css";
import "../team/team.css";
import "./tags.css";

/** Settings → Tags (TAG-1, TAG-3): the workspace's tags with their colour and description; create, edit, delete. */
export function TagsSettings({ workspace }: { workspace: WorkspaceDto }) {
  const { t } = useTranslation();
  const counts = useCounts();
  const [editing, setEditing] = useState<TagDraft | null>(null);
  const [deleting, setDeleting] = useState<TagDto | null>(null);
  const canManage = workspace.me.role !== "agent";
  const tags = [...workspace.tags].sort((a, b) => a.name.localeCompare(b.name));
  const open = (id: number) => counts.data?.open_by_tag.find((c) => c.tag_id === id)?.count ?? 0;

  return (
    <section className="tags-section" data-testid="tags-settings">
      <div className="settings-title-row">
        <h2>{t("settings.sections.tags")}</h2>
        <button
          type="button"
          className="button primary"
          data-testid="add-tag"
          onClick={() => setEditing({ id: null, name: "", description: "", color: nextTagColor(workspace.tags.length) })}
        >
          <Icon name="plus" size={14} />
          {t("tags.add")}
        </button>
      </div>
      <p className="settings-intro">{t("tags.intro")}</p>
      {canManage ? null : <Notice testId="tags-read-only">{t("tags.readOnly")}</Notice>}
      {tags.length === 0 ? (
        <div className="library-empty" data-testid="tags-empty">
          <Icon name="tag" size={28} />
          <p>{t("tags.empty")}</p>
        </div>
      ) : (
        <ul className="settings-list tags-list" data-testid="tags-list">
          {tags.map((tag) => (
            <li key={tag.id} className="settings-item tag-row" data-testid="tag-row" data-id={tag.id}>
              <span className="tag-row-swatch" style={{ background: tag.color }} aria-hidden="true" />
              <span className="settings-item-main">
                <span className="settings-item-title">{tag.name}</span>
                {tag.description.length > 0 ? <span className="settings-item-sub">{tag.description}</span> : null}
              </span>
              <span className="tag-row-count">{open(tag.id) > 0 ? t("tags.openCount", { count: open(tag.id) }) : null}</span>
              {canManage ? (
                <span className="team-actions">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={t("tags.edit", { name: tag.name })}
                    title={t("tags.edit", { name: tag.name })}
                    data-testid="edit-tag"
                    onClick={() => setEditing({ id: tag.id, name: tag.name, description: tag.description, color: tag.color })}
                  >
                    <Icon name="pencil" size={15} />
                  </button>
                  <button
                    type="button"
                    className="icon-button danger"
                    aria-label={t("tags.delete", { name: tag.name })}
                    title={t("tags.delete", { name: tag.name })}
                    data-testid="delete-tag"
                    onClick={() => setDeleting(tag)}
                  >
                    <Icon name="trash" size={15} />
                  </button>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {editing !== null ? <TagForm initial={editing} tags={workspace.tags} onClose={() => setEditing(null)} /> : null}
      {deleting !== null ? <DeleteTagDialog tag={deleting} onClose={() => setDeleting(null)} /> : null}
    </section>
  );
}

function DeleteTagDialog({ tag, onClose }: { tag: TagDto; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteTag();
  return (
    <ConfirmDialog
      title={t("tags.deleteTitle", { name: tag.name })}
      text={t("tags.deleteText")}
      confirmLabel={t("tags.deleteConfirm")}
      testId="delete-tag-dialog"
      confirmTestId="confirm-delete-tag"
      pending={remove.isPending}
      error={remove.isError ? remove.error.message : null}
      onConfirm={() => remove.mutate(tag.id, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}
