import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { SavedViewDto, WorkspaceDto } from "../bindings";
import type { ListFilters } from "../backend/keys";
import { useSavedViews } from "../backend/libraryQueries";
import { Icon } from "../components/Icon";
import { currentView, viewFilters } from "./savedViews";
import { DeleteViewDialog, ViewNameDialog } from "./ViewDialogs";

/** The sidebar's "Views": the member's saved filters; each opens the list with them, or is renamed or deleted. */
export function SavedViewsNav({
  workspace,
  filters,
  active,
  onFilters,
}: {
  workspace: WorkspaceDto;
  filters: ListFilters;
  /** The inbox is shown (a view can be the current one). */
  active: boolean;
  onFilters: (filters: ListFilters) => void;
}) {
  const { t } = useTranslation();
  const views = useSavedViews();
  const [renaming, setRenaming] = useState<SavedViewDto | null>(null);
  const [deleting, setDeleting] = useState<SavedViewDto | null>(null);
  const current = active ? currentView(views.data, filters) : undefined;

  return (
    <>
      <h2 className="sidebar-heading" id="saved-views-heading">
        {t("savedViews.title")}
      </h2>
      {views.isSuccess && views.data.length === 0 ? <p className="sidebar-empty">{t("savedViews.empty")}</p> : null}
      {views.isError ? <p className="sidebar-empty error-text">{views.error.message}</p> : null}
      <ul className="nav-list" aria-labelledby="saved-views-heading" data-testid="saved-views">
        {(views.data ?? []).map((view) => {
          const isCurrent = current?.id === view.id;
          return (
            <li key={view.id} className="saved-view">
              <button
                type="button"
                className={`nav-item${isCurrent ? " active" : ""}`}
                aria-current={isCurrent ? "page" : undefined}
                data-testid="saved-view"
                data-id={view.id}
                onClick={() => onFilters(viewFilters(view.query))}
              >
                <Icon name="bookmark" />
                <span className="nav-label">{view.name}</span>
              </button>
              <ViewMenu view={view} onRename={() => setRenaming(view)} onDelete={() => setDeleting(view)} />
            </li>
          );
        })}
      </ul>
      {renaming !== null ? (
        <ViewNameDialog view={renaming} filters={viewFilters(renaming.query)} workspace={workspace} onClose={() => setRenaming(null)} />
      ) : null}
      {deleting !== null ? <DeleteViewDialog view={deleting} onClose={() => setDeleting(null)} /> : null}
    </>
  );
}

function ViewMenu({ view, onRename, onDelete }: { view: SavedViewDto; onRename: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>("button")?.focus();
    const onDown = (e: MouseEvent) => {
      const root = menu.current?.parentElement;
      if (root != null && e.target instanceof Node && !root.contains(e.target)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  const choose = (action: () => void) => {
    setOpen(false);
    action();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>("button") ?? [])];
    const at = items.findIndex((el) => el === document.activeElement);
    if (e.key === "Escape" || e.key === "Tab") {
      if (e.key === "Escape") e.preventDefault();
      setOpen(false);
      button.current?.focus();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      items[(at + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length]?.focus();
    }
  };

  return (
    <span className="saved-view-menu">
      <button
        ref={button}
        type="button"
        className={`icon-button saved-view-more${open ? " open" : ""}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t("savedViews.menu", { name: view.name })}
        title={t("savedViews.menu", { name: view.name })}
        data-testid="saved-view-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="more" size={16} />
      </button>
      {open ? (
        <ul ref={menu} className="me-menu-list saved-view-menu-list" role="menu" aria-label={t("savedViews.menu", { name: view.name })} onKeyDown={onKeyDown}>
          <li role="none">
            <button type="button" role="menuitem" className="me-menu-item" data-testid="rename-view" onClick={() => choose(onRename)}>
              <Icon name="pencil" size={14} />
              {t("savedViews.rename")}
            </button>
          </li>
          <li role="none">
            <button type="button" role="menuitem" className="me-menu-item danger" data-testid="delete-view" onClick={() => choose(onDelete)}>
              <Icon name="trash" size={14} />
              {t("savedViews.delete")}
            </button>
          </li>
        </ul>
      ) : null}
    </span>
  );
}
