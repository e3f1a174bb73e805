import { useTranslation } from "react-i18next";
import type { AccountDto, AutomationDto, WorkspaceDto } from "../../bindings";
import { useAutomation, useTeam } from "../../backend/teamQueries";
import { ChannelIcon } from "../../components/ChannelBadge";
import { Icon } from "../../components/Icon";
import { useNow } from "../../components/now";
import { ApiErrorNotice, Notice } from "../whatsapp/fields";
import { AssignmentCard } from "./AssignmentCard";
import { AutoReplyCard } from "./AutoReplyCard";
import { HoursCard } from "./HoursCard";
import { ReminderCard } from "./ReminderCard";
import { SlaCard } from "./SlaCard";
import "../whatsapp/whatsapp.css";
import "./automation.css";

/** Settings → Automation: an account's business hours, assignment, auto-reply, reminder, closing and SLA. */
export function AutomationSettings({
  workspace,
  sub,
  onNavigate,
}: {
  workspace: WorkspaceDto;
  /** The account's id (the first account when empty). */
  sub: string;
  onNavigate: (sub: string) => void;
}) {
  const { t } = useTranslation();
  const accounts = workspace.accounts;
  const account = accounts.find((a) => String(a.id) === sub) ?? accounts[0];
  const team = useTeam();
  const automation = useAutomation(account?.id ?? null);

  if (account === undefined) {
    return (
      <section className="automation-section">
        <h2>{t("settings.sections.automation")}</h2>
        <p className="settings-intro">{t("automation.intro")}</p>
        <p className="muted">{t("settings.noAccounts")}</p>
      </section>
    );
  }
  const canManage = team.data?.can_manage ?? false;

  return (
    <section className="automation-section" data-testid="automation-settings">
      <h2>{t("settings.sections.automation")}</h2>
      <p className="settings-intro">{t("automation.intro")}</p>
      <div className="automation-picker">
        <label htmlFor="automation-account" className="wa-label">
          {t("automation.account")}
        </label>
        <span className="automation-picker-control">
          <ChannelIcon channel={account.channel} size={16} />
          <select
            id="automation-account"
            className="select"
            data-testid="automation-account"
            value={account.id}
            onChange={(e) => onNavigate(e.target.value)}
          >
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} · {a.address}
              </option>
            ))}
          </select>
        </span>
        {automation.data !== undefined ? <OpenState automation={automation.data} /> : null}
      </div>
      {team.isSuccess && !canManage ? <Notice testId="automation-read-only">{t("automation.readOnly")}</Notice> : null}
      {automation.isPending ? <p className="muted">{t("common.loading")}</p> : null}
      {automation.isError ? (
        <>
          <ApiErrorNotice error={automation.error} testId="automation-load-error" />
          <button type="button" className="button" onClick={() => void automation.refetch()}>
            {t("common.retry")}
          </button>
        </>
      ) : null}
      {automation.data !== undefined ? (
        <Cards
          // fresh cards (no edits carried over) for another account
          key={account.id}
          account={account}
          automation={automation.data}
          workspace={workspace}
          team={team.data}
          readOnly={!canManage}
        />
      ) : null}
    </section>
  );
}

function Cards({
  account,
  automation,
  workspace,
  team,
  readOnly,
}: {
  account: AccountDto;
  automation: AutomationDto;
  workspace: WorkspaceDto;
  team: ReturnType<typeof useTeam>["data"];
  readOnly: boolean;
}) {
  const members =
    team?.members.map((m) => ({ member: m.member, authorized: m.account_ids.includes(account.id) })) ??
    workspace.members.map((member) => ({ member, authorized: true }));
  const whatsapp = account.channel === "whatsapp";
  return (
    <div className="automation-cards">
      <HoursCard automation={automation} readOnly={readOnly} />
      <AssignmentCard automation={automation} members={members} readOnly={readOnly} />
      <AutoReplyCard automation={automation} readOnly={readOnly} />
      {whatsapp ? <ReminderCard automation={automation} readOnly={readOnly} /> : null}
      <SlaCard automation={automation} whatsapp={whatsapp} readOnly={readOnly} />
    </div>
  );
}

/** "Mon 09:00" within the week, else "6 Jan, 09:00", on the account's clock. */
function openingWords(iso: string, zone: string, now: Date, locale: string): string {
  const at = new Date(iso);
  const soon = at.getTime() - now.getTime() < 6 * 24 * 3600_000;
  const options: Intl.DateTimeFormatOptions = soon
    ? { weekday: "short", hour: "numeric", minute: "2-digit" }
    : { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" };
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: zone }).format(at);
  } catch {
    return new Intl.DateTimeFormat(locale, options).format(at);
  }
}

/** "Open now", "Always open", or "Closed · opens Mon 9:00" on the account's clock. */
function OpenState({ automation }: { automation: AutomationDto }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  if (automation.hours === null) {
    return (
      <span className="open-state open" data-testid="open-state" data-open="true">
        <Icon name="clock" size={13} />
        {t("automation.alwaysOpen")}
      </span>
    );
  }
  if (automation.open_now) {
    return (
      <span className="open-state open" data-testid="open-state" data-open="true">
        <span className="open-dot" aria-hidden="true" />
        {t("automation.openNow")}
      </span>
    );
  }
  const zone = automation.hours.timezone;
  const when = automation.next_open === null ? null : openingWords(automation.next_open, zone, now, i18n.language);
  const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <span className="open-state closed" data-testid="open-state" data-open="false">
      <span className="open-dot" aria-hidden="true" />
      {when === null
        ? t("automation.closedNoOpening")
        : zone === here
          ? t("automation.closedOpensAt", { when })
          : t("automation.closedOpensAtZone", { when, zone })}
    </span>
  );
}
