import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AccountDto, ConversationDetail, Priority, WorkspaceDto } from "../../bindings";
import { useSetPriority } from "../../backend/teamQueries";
import { ChannelBadge } from "../../components/ChannelBadge";
import { Icon } from "../../components/Icon";
import { useNow } from "../../components/now";
import { TagChips } from "../../components/TagChip";
import { SlaBadge } from "../../inbox/SlaBadge";
import { AssigneeControl } from "./AssigneeControl";
import { StatusControl } from "./StatusControl";
import "./header.css";

const PRIORITIES: readonly Priority[] = ["low", "normal", "high", "urgent"];

/** The conversation's name and account, and what a member does to it: status, priority, assignee. */
export function ConversationHeader({
  detail,
  account,
  workspace,
}: {
  detail: ConversationDetail;
  account: AccountDto;
  workspace: WorkspaceDto;
}) {
  const { t } = useTranslation();
  const now = useNow();
  const { summary, contact } = detail;
  const [error, setError] = useState<string | null>(null);
  const setPriority = useSetPriority();
  const waiting = summary.sla !== null && (summary.status === "open" || summary.status === "pending");
  return (
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
        <StatusControl summary={summary} onError={setError} />
        <span className="header-control priority-control">
          <Icon name="flag" size={12} />
          <select
            className={`header-select priority-select priority-${summary.priority}`}
            aria-label={t("conversation.priority")}
            data-testid="priority-select"
            value={summary.priority}
            disabled={setPriority.isPending}
            onChange={(e) => {
              setError(null);
              setPriority.mutate(
                { conversation_id: summary.id, priority: e.target.value as Priority },
                { onError: (err) => setError(err.message) },
              );
            }}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
        </span>
        <AssigneeControl summary={summary} workspace={workspace} onError={setError} />
        {waiting && summary.sla !== null ? <SlaBadge sla={summary.sla} now={now} long /> : null}
        <TagChips ids={summary.tag_ids} tags={workspace.tags} />
      </div>
      {error !== null ? (
        <p className="header-error error-text" role="alert" data-testid="header-error">
          <Icon name="alert" size={13} />
          {error}
        </p>
      ) : null}
    </header>
  );
}
