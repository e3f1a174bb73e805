import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { SavedViewDto, WorkspaceDto } from "../bindings";
import type { ListFilters } from "../backend/keys";
import { useDeleteView, useSaveView } from "../backend/libraryQueries";
import { Icon } from "../components/Icon";
import { Modal } from "../components/Modal";
import { viewQuery } from "./savedViews";

/** "All open · WhatsApp · VIP · “factura”": what a view's filters keep. */
export function describeFilters(filters: ListFilters, workspace: WorkspaceDto, t: TFunction): string {
  const parts = [t(`views.${filters.view}`)];
  if (filters.channel !== null) parts.push(t(`channel.${filters.channel}`));
  const account = workspace.accounts.find((a) => a.id === filters.account_id);
  if (account !== undefined) parts.push(account.name);
  const tag = workspace.tags.find((x) => x.id === filters.tag_id);
  if (tag !== undefined) parts.push(tag.name);
  const member = workspace.members.find((m) => m.id === filters.assignee_id);
  if (member !== undefined) parts.push(member.name);
  if (filters.window !== null) parts.push(t(filters.window === "open" ? "filters.windowOpen" : "filters.windowClosed"));
  if (filters.text !== null && filters.text.trim() !== "") parts.push(t("savedViews.text", { text: filters.text }));
  return parts.join(" · ");
}

/** Names a new view of the list's filters, or renames `view`. */
export function ViewNameDialog({
  view,
  filters,
  workspace,
  onClose,
  onSaved,
}: {
  /** The view renamed; null saves a new one. */
  view: SavedViewDto | null;
  filters: ListFilters;
  workspace: WorkspaceDto;
  onClose: () => void;
  onSaved?: (views: SavedViewDto[]) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(view?.name ?? "");
  const [tried, setTried] = useState(false);
  const save = useSaveView();
  const input = useRef<HTMLInputElement>(null);
  const empty = name.trim() === "";
  const problem = tried && empty ? t("savedViews.nameRequired") : save.error?.message ?? null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (empty || save.isPending) return;
    const input = view === null ? { id: null, name: name.trim(), query: viewQuery(filters) } : { ...view, name: name.trim() };
    save.mutate(input, {
      onSuccess: (views) => {
        onSaved?.(views);
        onClose();
      },
    });
  };

  return (
    <Modal
      title={view === null ? t("savedViews.saveTitle") : t("savedViews.renameTitle")}
      onClose={onClose}
      testId="view-name-dialog"
      initialFocus={input}
    >
      <form onSubmit={submit} noValidate>
        <label htmlFor="view-name" className="field-label">
          {t("savedViews.name")}
        </label>
        <input
          ref={input}
          id="view-name"
          className="text-input"
          data-testid="view-name"
          autoComplete="off"
          placeholder={t("savedViews.namePlaceholder")}
          value={name}
          aria-invalid={problem !== null || undefined}
          aria-describedby={problem !== null ? "view-name-problem" : "view-name-help"}
          onChange={(e) => {
            setName(e.target.value);
            if (save.isError) save.reset();
          }}
        />
        {view === null ? (
          <p id="view-name-help" className="field-help">
            {t("savedViews.summary", { what: describeFilters(filters, workspace, t) })}
          </p>
        ) : null}
        {problem !== null ? (
          <p id="view-name-problem" className="error-text modal-error" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="button primary" data-testid="view-save" disabled={save.isPending}>
            <Icon name="bookmark" size={14} />
            {view === null ? t("savedViews.saveConfirm") : t("savedViews.rename")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function DeleteViewDialog({ view, onClose }: { view: SavedViewDto; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteView();
  return (
    <Modal title={t("savedViews.deleteTitle", { name: view.name })} onClose={onClose} testId="delete-view-dialog">
      <p className="modal-text">{t("savedViews.deleteText")}</p>
      {remove.isError ? (
        <p className="error-text" role="alert">
          {remove.error.message}
        </p>
      ) : null}
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          {t("common.cancel")}
        </button>
        <button
          type="button"
          className="button danger"
          data-testid="confirm-delete-view"
          disabled={remove.isPending}
          onClick={() => remove.mutate(view.id ?? -1, { onSuccess: onClose })}
        >
          {t("savedViews.deleteConfirm")}
        </button>
      </div>
    </Modal>
  );
}
