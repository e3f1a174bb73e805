import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { WorkspaceDto } from "../bindings";
import { useConversation, useMarkRead } from "../backend/queries";
import { Avatar } from "../components/Avatar";
import { ChannelBadge } from "../components/ChannelBadge";
import { Icon } from "../components/Icon";
import { PriorityPill, StatusPill } from "../components/StatusPill";
import { TagChips } from "../components/TagChip";
import { Composer } from "./Composer";
import { ContactPanel } from "./ContactPanel";
import { MessageList } from "./MessageList";

export function ConversationView({
  id,
  workspace,
  onOpenConversation,
}: {
  id: number;
  workspace: WorkspaceDto;
  onOpenConversation: (id: number) => void;
}) {
  const { t } = useTranslation();
  const query = useConversation(id);
  const markRead = useMarkRead();
  const detail = query.data;
  const unread = detail?.summary.unread ?? 0;
  const { mutate: markReadMutate } = markRead;

  // Opening a conversation marks it read; so does a new message arriving while it is open.
  useEffect(() => {
    if (detail !== undefined && unread > 0) markReadMutate(id);
  }, [id, detail, unread, markReadMutate]);

  if (query.isPending) {
    return <div className="conversation-pane state" aria-busy="true">{t("common.loading")}</div>;
  }
  if (query.isError || detail === undefined) {
    return (
      <div className="conversation-pane state error" role="alert">
        <Icon name="alert" size={22} />
        <p>{t("conversation.error")}</p>
        {query.error !== null ? <p className="muted small">{query.error.message}</p> : null}
        <button type="button" className="button" onClick={() => void query.refetch()}>
          {t("common.retry")}
        </button>
      </div>
    );
  }

  const { summary, account, contact } = detail;
  const assignee = workspace.members.find((m) => m.id === summary.assignee_id);

  return (
    <>
      <section className="conversation-pane" aria-label={t("conversation.label", { name: contact.name })} data-testid="conversation-view">
        <header className="conversation-header">
          <div className="conversation-title">
            <h1 className="conversation-name" data-testid="conversation-name">
              {contact.name}
            </h1>
            <div className="conversation-subtitle">
              <ChannelBadge channel={account.channel} accountKind={account.kind} compact />
              <span className="account-ref">{account.name}</span>
              <span className="dot-sep">·</span>
              <span className="muted">{account.address}</span>
              {summary.subject !== null && summary.subject.length > 0 ? (
                <>
                  <span className="dot-sep">·</span>
                  <span className="conversation-subject">{summary.subject}</span>
                </>
              ) : null}
            </div>
          </div>
          <div className="conversation-meta">
            <StatusPill status={summary.status} />
            {summary.priority !== "normal" ? <PriorityPill priority={summary.priority} /> : null}
            <span className="assignee" title={t("conversation.assignee")}>
              {assignee !== undefined ? (
                <>
                  <Avatar name={assignee.name} color={assignee.color} size={22} />
                  <span>{assignee.name}</span>
                </>
              ) : (
                <>
                  <span className="avatar placeholder" aria-hidden="true">
                    <Icon name="unassigned" size={14} />
                  </span>
                  <span className="muted">{t("conversation.unassigned")}</span>
                </>
              )}
            </span>
            <TagChips ids={summary.tag_ids} tags={workspace.tags} />
          </div>
        </header>
        <MessageList key={id} detail={detail} members={workspace.members} />
        <Composer key={`composer-${id}`} detail={detail} />
      </section>
      <ContactPanel detail={detail} tags={workspace.tags} onOpenConversation={onOpenConversation} />
    </>
  );
}
