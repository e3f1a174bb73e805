import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AccountDto, Availability, TeamMemberDto, WorkspaceDto } from "../../bindings";
import { useDeleteMember, useSetAvailability, useTeam } from "../../backend/teamQueries";
import { Avatar } from "../../components/Avatar";
import { ChannelIcon } from "../../components/ChannelBadge";
import { Icon } from "../../components/Icon";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ApiErrorNotice, Notice } from "../whatsapp/fields";
import { BrandsSection } from "./BrandsSection";
import { MemberForm } from "./MemberForm";
import { AVAILABILITIES, emptyMember, memberToForm, type MemberForm as Form } from "./memberForm";
import "../whatsapp/whatsapp.css";
import "./team.css";

/** Settings → Team: who answers, their role, availability and load, and the accounts each may see. */
export function TeamSettings({ workspace }: { workspace: WorkspaceDto }) {
  const { t } = useTranslation();
  const team = useTeam();
  const [editing, setEditing] = useState<Form | null>(null);
  const [removing, setRemoving] = useState<TeamMemberDto | null>(null);

  if (team.isPending) return <p className="muted">{t("common.loading")}</p>;
  if (team.isError) {
    return (
      <section className="team-section">
        <h2>{t("settings.sections.team")}</h2>
        <ApiErrorNotice error={team.error} testId="team-load-error" />
        <button type="button" className="button" onClick={() => void team.refetch()}>
          {t("common.retry")}
        </button>
      </section>
    );
  }
  const { members, can_manage: canManage } = team.data;
  const accounts = workspace.accounts;

  return (
    <section className="team-section" data-testid="team-settings">
      <div className="settings-title-row">
        <h2>{t("settings.sections.team")}</h2>
        {canManage ? (
          <button
            type="button"
            className="button primary"
            data-testid="add-member"
            onClick={() => setEditing(emptyMember(accounts.map((a) => a.id)))}
          >
            <Icon name="user" size={14} />
            {t("team.add")}
          </button>
        ) : null}
      </div>
      <p className="settings-intro">{t("team.intro")}</p>
      {canManage ? null : (
        <Notice testId="team-read-only">{t("team.readOnly")}</Notice>
      )}
      <div className="settings-card team-card">
        <table className="team-table" data-testid="team-table">
          <thead>
            <tr>
              <th scope="col">{t("team.columns.member")}</th>
              <th scope="col">{t("team.columns.role")}</th>
              <th scope="col">{t("team.columns.availability")}</th>
              <th scope="col">{t("team.columns.capacity")}</th>
              <th scope="col">{t("team.columns.accounts")}</th>
              {canManage ? (
                <th scope="col">
                  <span className="visually-hidden">{t("team.columns.actions")}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <MemberRow
                key={m.member.id}
                entry={m}
                accounts={accounts}
                canManage={canManage}
                onEdit={() => setEditing(memberToForm(m))}
                onRemove={() => setRemoving(m)}
              />
            ))}
          </tbody>
        </table>
      </div>
      <BrandsSection members={members.map((m) => m.member)} accounts={accounts} canManage={canManage} />
      {editing !== null ? <MemberForm initial={editing} accounts={accounts} onClose={() => setEditing(null)} /> : null}
      {removing !== null ? <RemoveDialog entry={removing} onClose={() => setRemoving(null)} /> : null}
    </section>
  );
}

function MemberRow({
  entry,
  accounts,
  canManage,
  onEdit,
  onRemove,
}: {
  entry: TeamMemberDto;
  accounts: AccountDto[];
  canManage: boolean;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const { member } = entry;
  const seen = accounts.filter((a) => entry.account_ids.includes(a.id));
  return (
    <tr data-testid="team-member" data-id={member.id}>
      <td>
        <span className="team-member">
          <Avatar name={member.name} color={member.color} size={32} />
          <span className="team-member-text">
            <span className="team-member-name">
              {member.name}
              {entry.is_me ? <span className="you-badge">{t("settings.you")}</span> : null}
            </span>
            <span className="team-member-email">{member.email}</span>
          </span>
        </span>
      </td>
      <td>
        <span className="role-badge">{t(`role.${member.role}`)}</span>
      </td>
      <td>
        {entry.is_me ? (
          <MyAvailability value={member.availability} />
        ) : (
          <span className="availability" data-testid="member-availability">
            <span className={`presence-dot presence-${member.availability}`} aria-hidden="true" />
            {t(`availability.${member.availability}`)}
          </span>
        )}
      </td>
      <td className="team-capacity">
        {member.capacity === null ? <span className="muted">{t("team.noLimit")}</span> : t("team.capacity", { count: member.capacity })}
      </td>
      <td>
        {seen.length === 0 ? (
          <span className="muted">{t("team.noAccounts")}</span>
        ) : (
          <ul className="team-accounts" aria-label={t("team.columns.accounts")}>
            {seen.map((a) => (
              <li key={a.id} className="team-account" title={a.address}>
                <ChannelIcon channel={a.channel} size={12} />
                {a.name}
              </li>
            ))}
          </ul>
        )}
      </td>
      {canManage ? (
        <td className="team-actions">
          <button
            type="button"
            className="icon-button"
            aria-label={t("team.edit", { name: member.name })}
            title={t("team.edit", { name: member.name })}
            data-testid="edit-member"
            onClick={onEdit}
          >
            <Icon name="pencil" size={15} />
          </button>
          {entry.is_me ? null : (
            <button
              type="button"
              className="icon-button danger"
              aria-label={t("team.remove", { name: member.name })}
              title={t("team.remove", { name: member.name })}
              data-testid="remove-member"
              onClick={onRemove}
            >
              <Icon name="trash" size={15} />
            </button>
          )}
        </td>
      ) : null}
    </tr>
  );
}

/** The member using the app sets their own availability (any role may). */
function MyAvailability({ value }: { value: Availability }) {
  const { t } = useTranslation();
  const set = useSetAvailability();
  return (
    <span className="team-my-availability">
      <span className={`presence-dot presence-${value}`} aria-hidden="true" />
      <select
        className="select team-availability-select"
        aria-label={t("team.myAvailability")}
        data-testid="my-availability"
        value={value}
        disabled={set.isPending}
        onChange={(e) => set.mutate(e.target.value as Availability)}
      >
        {AVAILABILITIES.map((a) => (
          <option key={a} value={a}>
            {t(`availability.${a}`)}
          </option>
        ))}
      </select>
      {set.isError ? (
        <span className="error-text" role="alert">
          {set.error.message}
        </span>
      ) : null}
    </span>
  );
}

function RemoveDialog({ entry, onClose }: { entry: TeamMemberDto; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteMember();
  return (
    <ConfirmDialog
      title={t("team.removeTitle", { name: entry.member.name })}
      text={t("team.removeText")}
      confirmLabel={t("team.removeConfirm")}
      testId="remove-member-dialog"
      confirmTestId="confirm-remove"
      pending={remove.isPending}
      error={remove.isError ? remove.error.message : null}
      onConfirm={() => remove.mutate(entry.member.id, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}
