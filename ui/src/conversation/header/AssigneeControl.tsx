import { useTranslation } from "react-i18next";
import type { ConversationSummary, MemberDto, WorkspaceDto } from "../../bindings";
import { useAssign, useTeam } from "../../backend/teamQueries";
import { Avatar } from "../../components/Avatar";
import { Icon } from "../../components/Icon";

/**
 * Who has the conversation, as a select: the members who may see its account
 * (with their availability). An agent may only take it or let it go.
 */
export function AssigneeControl({
  summary,
  workspace,
  onError,
}: {
  summary: ConversationSummary;
  workspace: WorkspaceDto;
  onError: (message: string | null) => void;
}) {
  const { t } = useTranslation();
  const team = useTeam();
  const assign = useAssign();
  const me = workspace.me.id;
  const canManage = team.data?.can_manage ?? workspace.me.role !== "agent";
  const assignee = workspace.members.find((m) => m.id === summary.assignee_id);
  const authorized = team.data?.members.filter((m) => m.account_ids.includes(summary.account_id)).map((m) => m.member);
  const members: MemberDto[] = [...(authorized ?? workspace.members)];
  if (assignee !== undefined && !members.some((m) => m.id === assignee.id)) members.push(assignee);
  const allowed = (id: number | null) => canManage || id === me || id === summary.assignee_id || (id === null && summary.assignee_id === me);

  const label = (m: MemberDto) => {
    const name = m.id === me ? t("filters.me", { name: m.name }) : m.name;
    return m.availability === "online" ? name : t("handling.memberAvailability", { name, availability: t(`availability.${m.availability}`) });
  };

  return (
    <span className={`header-control assignee-control${assignee === undefined ? " unassigned" : ""}`}>
      {assignee !== undefined ? (
        <Avatar name={assignee.name} color={assignee.color} size={20} />
      ) : (
        <span className="avatar placeholder" aria-hidden="true">
          <Icon name="unassigned" size={13} />
        </span>
      )}
      <select
        className="header-select assignee-select"
        aria-label={t("conversation.assignee")}
        data-testid="assignee-select"
        value={summary.assignee_id ?? ""}
        disabled={assign.isPending}
        onChange={(e) => {
          onError(null);
          const memberId = e.target.value === "" ? null : Number(e.target.value);
          assign.mutate({ conversation_id: summary.id, member_id: memberId }, { onError: (err) => onError(err.message) });
        }}
      >
        <option value="" disabled={!allowed(null)}>
          {t("conversation.unassigned")}
        </option>
        {members.map((m) => (
          <option key={m.id} value={m.id} disabled={!allowed(m.id)}>
            {label(m)}
          </option>
        ))}
      </select>
    </span>
  );
}
