import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { WorkspaceDto } from "./bindings";
import type { ListFilters } from "./backend/keys";
import { useSavedViews } from "./backend/libraryQueries";
import { useCounts, useSettings, useWorkspace } from "./backend/queries";
import { Icon } from "./components/Icon";
import { ConversationView } from "./conversation/ConversationView";
import { applyLocale } from "./i18n";
import { ConversationList, type ConversationListHandle } from "./inbox/ConversationList";
import { FilterBar } from "./inbox/FilterBar";
import { Sidebar } from "./inbox/Sidebar";
import { defaultFilters } from "./inbox/filters";
import { currentView } from "./inbox/savedViews";
import { NoticeToasts } from "./notices/NoticeToasts";
import { useRoute, type Route } from "./route";
import { SearchBox } from "./search/SearchBox";
import { SearchResults } from "./search/SearchResults";
import { SettingsScreen } from "./settings/SettingsScreen";
import { DemoBanner } from "./welcome/DemoBanner";
import { Welcome } from "./welcome/Welcome";

// Its own chunk: the reports page is opened now and then.
const ReportsScreen = lazy(() => import("./reports/ReportsScreen").then((m) => ({ default: m.ReportsScreen })));

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function App() {
  const { t, i18n } = useTranslation();
  const workspace = useWorkspace();
  const settings = useSettings();
  const [route, navigate] = useRoute();
  const savedLocale = settings.data?.locale;

  useEffect(() => {
    if (savedLocale !== undefined) void applyLocale(i18n, savedLocale);
  }, [savedLocale, i18n]);

  useEffect(() => {
    document.title = workspace.data !== undefined ? `${workspace.data.name} · Bandeja` : "Bandeja";
  }, [workspace.data]);

  if (workspace.isPending) {
    return (
      <div className="splash" aria-busy="true">
        <span className="logo large" aria-hidden="true">
          <Icon name="inbox" size={28} />
        </span>
        <p>{t("common.loading")}</p>
      </div>
    );
  }
  if (workspace.isError) {
    return (
      <div className="splash error" role="alert">
        <Icon name="alert" size={28} />
        <h1>{t("app.unreachable")}</h1>
        <p className="muted">{workspace.error.message}</p>
        <button type="button" className="button primary" onClick={() => void workspace.refetch()}>
          {t("common.retry")}
        </button>
      </div>
    );
  }
  const ws = workspace.data;
  // Settings stay reachable without accounts: connecting the first number happens there.
  if (!ws.is_demo && ws.accounts.length === 0 && route.screen !== "settings") return <Welcome />;
  return <Shell workspace={ws} route={route} navigate={navigate} />;
}

function Shell({
  workspace,
  route,
  navigate,
}: {
  workspace: WorkspaceDto;
  route: Route;
  navigate: (route: Route) => void;
}) {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<ListFilters>(() => defaultFilters());
  const [searchText, setSearchText] = useState("");
  const focusSearchPending = useRef(false);
  const counts = useCounts();
  const views = useSavedViews();
  const shownView = currentView(views.data, filters);
  const searchRef = useRef<HTMLInputElement>(null);
  const hitsRef = useRef<HTMLUListElement>(null);
  const listRef = useRef<ConversationListHandle>(null);

  const selectedId = route.screen === "inbox" ? route.conversationId : null;
  const searching = searchText.trim().length > 0;

  const openConversation = useCallback(
    (id: number) => navigate({ screen: "inbox", conversationId: id }),
    [navigate],
  );

  const focusSearch = useCallback(() => {
    if (route.screen !== "inbox") {
      focusSearchPending.current = true;
      navigate({ screen: "inbox", conversationId: null });
      return;
    }
    searchRef.current?.focus();
    searchRef.current?.select();
  }, [route.screen, navigate]);

  useEffect(() => {
    if (focusSearchPending.current && route.screen === "inbox") {
      focusSearchPending.current = false;
      searchRef.current?.focus();
    }
  }, [route.screen]);

  const closeSearch = useCallback(() => {
    setSearchText("");
    listRef.current?.focus();
  }, []);

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        focusSearch();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || isEditable(e.target)) return;
      if (e.key === "/") {
        e.preventDefault();
        focusSearch();
        return;
      }
      if (route.screen !== "inbox" || searching) return;
      const target = e.target instanceof HTMLElement ? e.target : null;
      if (target?.closest("[role=listbox]") != null) return; // the list handles its own keys
      const onBody = target === null || target === document.body;
      const step = e.key === "j" ? 1 : e.key === "k" ? -1 : onBody && e.key === "ArrowDown" ? 1 : onBody && e.key === "ArrowUp" ? -1 : 0;
      if (step !== 0) {
        e.preventDefault();
        listRef.current?.move(step);
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [focusSearch, route.screen, searching]);

  const changeFilters = (next: ListFilters) => {
    setFilters(next);
    setSearchText("");
    if (route.screen !== "inbox") navigate({ screen: "inbox", conversationId: null });
  };

  return (
    <div className={`app${workspace.is_demo ? " with-banner" : ""}`}>
      {workspace.is_demo ? <DemoBanner /> : null}
      <div className="app-body">
        <Sidebar
          workspace={workspace}
          counts={counts.data}
          filters={filters}
          screen={route.screen}
          onFilters={changeFilters}
          onOpenSettings={() => navigate({ screen: "settings", section: "general" })}
          onOpenReports={() => navigate({ screen: "reports" })}
        />
        {route.screen === "reports" ? (
          <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
            <ReportsScreen workspace={workspace} />
          </Suspense>
        ) : route.screen === "settings" ? (
          <SettingsScreen
            workspace={workspace}
            section={route.section}
            sub={route.sub}
            onSection={(section, sub) => navigate({ screen: "settings", section, sub })}
            onClose={() => navigate({ screen: "inbox", conversationId: null })}
          />
        ) : (
          <>
            <section className="list-pane" aria-label={t("list.paneLabel")}>
              <div className="list-header">
                <SearchBox
                  value={searchText}
                  onChange={setSearchText}
                  onEscape={closeSearch}
                  onArrowDown={() => hitsRef.current?.querySelector("button")?.focus()}
                  inputRef={searchRef}
                />
                {searching ? null : (
                  <>
                    <h2 className="list-title">
                      {shownView !== undefined
                        ? shownView.name
                        : filters.account_id !== null
                        ? (workspace.accounts.find((a) => a.id === filters.account_id)?.name ?? t(`views.${filters.view}`))
                        : filters.tag_id !== null
                          ? (workspace.tags.find((tag) => tag.id === filters.tag_id)?.name ?? t(`views.${filters.view}`))
                          : t(`views.${filters.view}`)}
                      {shownView === undefined && (filters.account_id !== null || filters.tag_id !== null) ? (
                        <span className="list-title-view"> · {t(`views.${filters.view}`)}</span>
                      ) : null}
                    </h2>
                    <FilterBar workspace={workspace} filters={filters} onChange={setFilters} />
                  </>
                )}
              </div>
              {searching ? (
                <SearchResults text={searchText} onOpen={openConversation} onEscape={closeSearch} listRef={hitsRef} />
              ) : (
                <ConversationList
                  ref={listRef}
                  workspace={workspace}
                  filters={filters}
                  selectedId={selectedId}
                  onOpen={openConversation}
                />
              )}
            </section>
            {selectedId !== null ? (
              <ConversationView
                key={selectedId}
                id={selectedId}
                workspace={workspace}
                onOpenConversation={openConversation}
              />
            ) : (
              <div className="conversation-pane empty-pane" data-testid="no-conversation">
                <Icon name="chat" size={40} />
                <h2>{t("conversation.noneSelected")}</h2>
                <p className="muted">{t("conversation.noneSelectedHint")}</p>
                <p className="shortcuts">
                  <kbd>/</kbd> {t("shortcuts.search")} <span className="dot-sep">·</span> <kbd>j</kbd> <kbd>k</kbd>{" "}
                  {t("shortcuts.move")} <span className="dot-sep">·</span> <kbd>Enter</kbd> {t("shortcuts.open")}
                </p>
              </div>
            )}
          </>
        )}
      </div>
      <NoticeToasts meId={workspace.me.id} onOpen={openConversation} />
    </div>
  );
}
