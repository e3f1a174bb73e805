import { useEffect, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent, type Ref } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useTranslation } from "react-i18next";
import type { WorkspaceDto } from "../bindings";
import type { ListFilters } from "../backend/keys";
import { useConversationList } from "../backend/queries";
import { Icon } from "../components/Icon";
import { useNow } from "../components/now";
import { ConversationRow } from "./ConversationRow";

export const ROW_HEIGHT = 84;

export interface ConversationListHandle {
  /** Moves the keyboard highlight by `delta` rows and focuses the list. */
  move(delta: number): void;
  focus(): void;
}

export interface ConversationListProps {
  workspace: WorkspaceDto;
  filters: ListFilters;
  selectedId: number | null;
  onOpen: (id: number) => void;
  ref?: Ref<ConversationListHandle>;
}

export function ConversationList({ workspace, filters, selectedId, onOpen, ref }: ConversationListProps) {
  const { t } = useTranslation();
  const now = useNow();
  const query = useConversationList(filters);
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const [activeId, setActiveId] = useState<number | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => items[index]?.id ?? index,
    overscan: 6,
  });
  const virtualItems = virtualizer.getVirtualItems();

  // Infinite scroll: fetch the next page when the end comes into view.
  const lastIndex = virtualItems[virtualItems.length - 1]?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= items.length - 8) void fetchNextPage();
  }, [lastIndex, items.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const highlightedId = activeId !== null && items.some((c) => c.id === activeId) ? activeId : selectedId;
  const highlightedIndex = items.findIndex((c) => c.id === highlightedId);

  const moveTo = (index: number) => {
    if (items.length === 0) return;
    const clamped = Math.max(0, Math.min(items.length - 1, index));
    const item = items[clamped];
    if (item === undefined) return;
    setActiveId(item.id);
    virtualizer.scrollToIndex(clamped, { align: "auto" });
  };

  useImperativeHandle(ref, () => ({
    move(delta: number) {
      scrollRef.current?.focus();
      moveTo(highlightedIndex === -1 ? (delta > 0 ? 0 : items.length - 1) : highlightedIndex + delta);
    },
    focus() {
      scrollRef.current?.focus();
    },
  }));

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const step = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1 }[e.key];
    if (step !== undefined) {
      e.preventDefault();
      moveTo(highlightedIndex === -1 ? 0 : highlightedIndex + step);
    } else if (e.key === "Home") {
      e.preventDefault();
      moveTo(0);
    } else if (e.key === "End") {
      e.preventDefault();
      moveTo(items.length - 1);
    } else if (e.key === "Enter" || e.key === " ") {
      const item = items[highlightedIndex];
      if (item !== undefined) {
        e.preventDefault();
        onOpen(item.id);
      }
    }
  };

  const open = (id: number) => {
    setActiveId(id);
    onOpen(id);
  };

  const accounts = workspace.accounts;
  const members = workspace.members;

  if (query.isPending) {
    return (
      <div className="conv-list-state" aria-busy="true">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="conv-skeleton" />
        ))}
      </div>
    );
  }
  if (query.isError) {
    return (
      <div className="conv-list-state error" role="alert">
        <Icon name="alert" size={20} />
        <p>{t("list.error")}</p>
        <p className="muted small">{query.error.message}</p>
        <button type="button" className="button" onClick={() => void query.refetch()}>
          {t("common.retry")}
        </button>
      </div>
    );
  }
  if (items.length === 0) {
    return (
      <div className="conv-list-state empty" data-testid="conversation-list-empty">
        <Icon name="inbox" size={28} />
        <p>{t("list.empty")}</p>
      </div>
    );
  }

  return (
    <div
      ref={scrollRef}
      className="conv-list"
      role="listbox"
      tabIndex={0}
      aria-label={t("list.label")}
      aria-activedescendant={highlightedId !== null ? `conv-${highlightedId}` : undefined}
      onKeyDown={onKeyDown}
      data-testid="conversation-list"
    >
      <div className="virtual-spacer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualItems.map((row) => {
          const summary = items[row.index];
          if (summary === undefined) return null;
          return (
            <div
              key={row.key}
              className="virtual-row"
              style={{ height: row.size, transform: `translateY(${row.start}px)` }}
            >
              <ConversationRow
                summary={summary}
                account={accounts.find((a) => a.id === summary.account_id)}
                assignee={members.find((m) => m.id === summary.assignee_id)}
                tags={workspace.tags}
                now={now}
                selected={summary.id === selectedId}
                active={summary.id === highlightedId}
                onOpen={open}
              />
            </div>
          );
        })}
      </div>
      {isFetchingNextPage ? <div className="list-footer">{t("common.loading")}</div> : null}
    </div>
  );
}
