import { useEffect, useLayoutEffect, useMemo, useRef } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useTranslation } from "react-i18next";
import type { ConversationDetail, MemberDto } from "../bindings";
import { useMessages } from "../backend/queries";
import { Icon } from "../components/Icon";
import { useNow } from "../components/now";
import { formatDayLabel } from "../i18n/format";
import { EmailCard } from "./email/EmailCard";
import { MessageBubble } from "./MessageBubble";
import { buildRows } from "./rows";

const NEAR_BOTTOM_PX = 120;

export function MessageList({ detail, members }: { detail: ConversationDetail; members: MemberDto[] }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const conversationId = detail.summary.id;
  const query = useMessages(conversationId);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  const messages = useMemo(
    () => (query.data === undefined ? [] : [...query.data.pages].reverse().flatMap((page) => page.items)),
    [query.data],
  );
  const rows = useMemo(() => buildRows(messages, hasNextPage), [messages, hasNextPage]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const anchorKey = useRef<string | null>(null);
  const lastKey = useRef<string | null>(null);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => {
      const row = rows[index];
      if (row === undefined) return 76;
      if (row.type === "message") return row.message.content.type === "email" ? 260 : 76;
      return 44;
    },
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 10,
  });

  // Keep the view pinned: to the bottom on open and on new messages (when the user
  // was already at the bottom), and to the previous first message after loading older ones.
  useLayoutEffect(() => {
    if (rows.length === 0) return;
    const newLast = rows[rows.length - 1]?.key ?? null;
    if (anchorKey.current !== null) {
      const index = rows.findIndex((row) => row.key === anchorKey.current);
      anchorKey.current = null;
      if (index >= 0) virtualizer.scrollToIndex(index, { align: "start" });
    } else if (lastKey.current === null || (newLast !== lastKey.current && atBottom.current)) {
      virtualizer.scrollToIndex(rows.length - 1, { align: "end" });
    }
    lastKey.current = newLast;
  }, [rows, virtualizer]);

  const loadOlder = () => {
    const firstMessage = rows.find((row) => row.type === "message");
    anchorKey.current = firstMessage?.key ?? null;
    void fetchNextPage();
  };

  const onScroll = () => {
    const el = scrollRef.current;
    if (el === null) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
  };

  useEffect(() => {
    atBottom.current = true;
  }, [conversationId]);

  if (query.isPending) {
    return (
      <div className="message-list-state" aria-busy="true">
        {t("common.loading")}
      </div>
    );
  }
  if (query.isError) {
    return (
      <div className="message-list-state error" role="alert">
        <Icon name="alert" size={20} />
        <p>{t("conversation.messagesError")}</p>
        <button type="button" className="button" onClick={() => void query.refetch()}>
          {t("common.retry")}
        </button>
      </div>
    );
  }
  if (messages.length === 0) {
    return <div className="message-list-state">{t("conversation.noMessages")}</div>;
  }

  return (
    <div
      ref={scrollRef}
      className="message-list"
      onScroll={onScroll}
      data-testid="message-list"
      role="log"
      aria-label={t("conversation.messages")}
      tabIndex={0}
    >
      <div className="virtual-spacer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (row === undefined) return null;
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className="virtual-row message-virtual-row"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {row.type === "older" ? (
                <div className="load-older">
                  <button type="button" className="button subtle" onClick={loadOlder} disabled={isFetchingNextPage}>
                    {isFetchingNextPage ? t("common.loading") : t("conversation.loadOlder")}
                  </button>
                </div>
              ) : row.type === "day" ? (
                <div className="day-separator" role="separator">
                  <span>{formatDayLabel(row.at, now, t, i18n.language)}</span>
                </div>
              ) : row.message.content.type === "email" ? (
                <EmailCard
                  message={row.message}
                  content={row.message.content}
                  conversationSubject={detail.summary.subject}
                  members={members}
                />
              ) : (
                <MessageBubble
                  message={row.message}
                  channel={detail.summary.channel}
                  members={members}
                  contactName={detail.contact.name}
                  showSender={row.showSender}
                />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
