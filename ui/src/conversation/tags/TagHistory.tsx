import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { MemberDto } from "../../bindings";
import { useTagHistory } from "../../backend/libraryQueries";
import { Icon } from "../../components/Icon";
import { useNow } from "../../components/now";
import { formatDateTime, formatListTime } from "../../i18n/format";

/** Who put each tag on or took it off, and when (deleted tags keep their name). */
export function TagHistory({ conversationId, members }: { conversationId: number; members: MemberDto[] }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const [open, setOpen] = useState(false);
  const history = useTagHistory(conversationId, open);
  const events = [...(history.data ?? [])].reverse();
  return (
    <div className="tag-history">
      <button
        type="button"
        className="link-button tag-history-toggle"
        aria-expanded={open}
        aria-controls={`tag-history-${conversationId}`}
        data-testid="tag-history-toggle"
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name={open ? "up" : "down"} size={12} />
        {t("tags.conversation.history")}
      </button>
      {open ? (
        <div id={`tag-history-${conversationId}`}>
          {history.isPending ? <p className="muted small">{t("common.loading")}</p> : null}
          {history.isError ? <p className="error-text small">{history.error.message}</p> : null}
          {history.isSuccess && events.length === 0 ? <p className="muted small">{t("tags.conversation.historyEmpty")}</p> : null}
          {events.length > 0 ? (
            <ol className="tag-history-list" data-testid="tag-history">
              {events.map((e, i) => {
                const who = members.find((m) => m.id === e.member_id)?.name ?? t("tags.conversation.someone");
                return (
                  <li key={`${e.at}-${e.tag_id}-${i}`} className={e.added ? "added" : "removed"}>
                    <Icon name={e.added ? "plus" : "x"} size={11} />
                    <span className="tag-history-text">{t(e.added ? "tags.conversation.added" : "tags.conversation.removed", { who, tag: e.tag_name })}</span>
                    <time dateTime={e.at} title={formatDateTime(e.at, i18n.language)}>
                      {formatListTime(e.at, now, t, i18n.language)}
                    </time>
                  </li>
                );
              })}
            </ol>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
