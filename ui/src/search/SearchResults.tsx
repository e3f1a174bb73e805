import type { KeyboardEvent, Ref } from "react";
import { useTranslation } from "react-i18next";
import { useSearch } from "../backend/queries";
import { ChannelBadge } from "../components/ChannelBadge";
import { Icon } from "../components/Icon";
import { useNow } from "../components/now";
import { formatDateTime, formatListTime } from "../i18n/format";
import { HighlightedSnippet } from "../lib/snippet";
import { useDebounced } from "./useDebounced";

export const SEARCH_DEBOUNCE_MS = 200;

export function SearchResults({
  text,
  onOpen,
  onEscape,
  listRef,
}: {
  text: string;
  onOpen: (conversationId: number) => void;
  onEscape: () => void;
  listRef?: Ref<HTMLUListElement>;
}) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const debounced = useDebounced(text, SEARCH_DEBOUNCE_MS);
  const query = useSearch(debounced);
  const hits = query.data?.hits ?? [];
  const settled = debounced.trim() === text.trim() && !query.isFetching;

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const target = e.target as HTMLElement;
    if (e.key === "Escape") {
      e.preventDefault();
      onEscape();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const item = target.closest("li");
      const next = e.key === "ArrowDown" ? item?.nextElementSibling : item?.previousElementSibling;
      next?.querySelector("button")?.focus();
    }
  };

  return (
    <div className="search-results" data-testid="search-results" aria-live="polite">
      <div className="search-results-header">
        {query.isError ? (
          <span className="error-text">{t("search.error")}</span>
        ) : settled ? (
          t("search.count", { count: hits.length })
        ) : (
          t("search.searching")
        )}
      </div>
      {settled && hits.length === 0 && !query.isError ? (
        <div className="conv-list-state empty">
          <Icon name="search" size={26} />
          <p>{t("search.noResults", { text: text.trim() })}</p>
        </div>
      ) : (
        <ul className="search-hits" ref={listRef} onKeyDown={onKeyDown}>
          {hits.map((hit) => (
            <li key={`${hit.conversation_id}-${hit.message_id ?? "c"}`}>
              <button
                type="button"
                className="search-hit"
                data-testid="search-hit"
                onClick={() => onOpen(hit.conversation_id)}
              >
                <span className="search-hit-top">
                  <span className="search-hit-name">{hit.contact_name}</span>
                  <ChannelBadge channel={hit.channel} compact />
                  <time className="conv-time" dateTime={hit.at} title={formatDateTime(hit.at, i18n.language)}>
                    {formatListTime(hit.at, now, t, i18n.language)}
                  </time>
                </span>
                <span className="search-hit-snippet">
                  <HighlightedSnippet snippet={hit.snippet} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
