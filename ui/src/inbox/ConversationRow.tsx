import { memo } from "react";
import { useTranslation } from "react-i18next";
import type { AccountDto, ConversationSummary, MemberDto, TagDto } from "../bindings";
import { Avatar } from "../components/Avatar";
import { ChannelBadge } from "../components/ChannelBadge";
import { Icon } from "../components/Icon";
import { TagChips } from "../components/TagChip";
import { formatDateTime, formatListTime, formatShortDateTime, formatWindowShort, windowState } from "../i18n/format";
import { ConversationPreview } from "./preview";
import { SlaBadge } from "./SlaBadge";

export interface ConversationRowProps {
  summary: ConversationSummary;
  account: AccountDto | undefined;
  assignee: MemberDto | undefined;
  tags: TagDto[];
  now: Date;
  selected: boolean;
  active: boolean;
  onOpen: (id: number) => void;
}

export const ConversationRow = memo(function ConversationRow({
  summary,
  account,
  assignee,
  tags,
  now,
  selected,
  active,
  onOpen,
}: ConversationRowProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const unread = summary.unread > 0;
  const win = summary.channel === "whatsapp" ? windowState(summary.window_expires_at, now) : null;
  const urgentWindow = win !== null && win.open && win.msLeft < 2 * 3600_000;

  return (
    <div
      id={`conv-${summary.id}`}
      role="option"
      aria-selected={selected}
      className={`conv-row${selected ? " selected" : ""}${active ? " active" : ""}${unread ? " unread" : ""}`}
      data-testid="conversation-row"
      data-id={summary.id}
      data-assignee-id={summary.assignee_id ?? undefined}
      onClick={() => onOpen(summary.id)}
    >
      <Avatar name={summary.contact_name} size={38} />
      <div className="conv-main">
        <div className="conv-top">
          <span className="conv-name">{summary.contact_name}</span>
          <ChannelBadge channel={summary.channel} accountKind={account?.kind} compact />
          {summary.priority === "urgent" || summary.priority === "high" ? (
            <span className={`priority-flag priority-${summary.priority}`} title={t(`priority.${summary.priority}`)}>
              <Icon name="flag" size={12} />
            </span>
          ) : null}
          <time className="conv-time" dateTime={summary.last_message_at} title={formatDateTime(summary.last_message_at, locale)}>
            {formatListTime(summary.last_message_at, now, t, locale)}
          </time>
        </div>
        <div className="conv-middle">
          <span className="conv-preview">
            {summary.subject !== null && summary.subject.length > 0 ? (
              <span className="conv-subject">{summary.subject} · </span>
            ) : null}
            <ConversationPreview summary={summary} t={t} />
          </span>
          {unread ? (
            <span className="unread-badge" aria-label={t("list.unread", { count: summary.unread })}>
              {summary.unread > 99 ? "99+" : summary.unread}
            </span>
          ) : null}
        </div>
        <div className="conv-bottom">
          <TagChips ids={summary.tag_ids} tags={tags} max={2} />
          <span className="conv-bottom-right">
            {summary.sla !== null && (summary.status === "open" || summary.status === "pending") ? (
              <SlaBadge sla={summary.sla} now={now} />
            ) : null}
            {summary.status === "snoozed" && summary.snoozed_until !== null ? (
              <span className="snooze-indicator" title={formatDateTime(summary.snoozed_until, locale)}>
                <Icon name="clock" size={12} />
                {formatShortDateTime(summary.snoozed_until, now, locale)}
              </span>
            ) : null}
            {win !== null ? (
              <span
                className={`window-indicator${win.open ? (urgentWindow ? " closing" : " open") : " closed"}`}
                title={t("window.tooltip")}
                data-testid="window-indicator"
              >
                <Icon name="clock" size={12} />
                {formatWindowShort(summary.window_expires_at, now, t)}
              </span>
            ) : null}
            {assignee !== undefined ? (
              <span
                role="img"
                aria-label={t("conversation.assignedTo", { name: assignee.name })}
                title={t("conversation.assignedTo", { name: assignee.name })}
                data-testid="row-assignee"
              >
                <Avatar name={assignee.name} color={assignee.color} size={18} className="assignee-avatar" />
              </span>
            ) : null}
          </span>
        </div>
      </div>
    </div>
  );
});
