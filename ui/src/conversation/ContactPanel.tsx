import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AccountDto, ConversationDetail, WorkspaceDto } from "../bindings";
import { useStartConversation } from "../backend/teamQueries";
import { Avatar } from "../components/Avatar";
import { ChannelBadge, ChannelIcon } from "../components/ChannelBadge";
import { Icon, type IconName } from "../components/Icon";
import { StatusPill } from "../components/StatusPill";
import { TagChips } from "../components/TagChip";
import { useNow } from "../components/now";
import { formatDateTime, formatListTime } from "../i18n/format";
import { ConversationTags } from "./tags/ConversationTags";

function Field({ icon, label, value }: { icon: IconName; label: string; value: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <dt>
        <Icon name={icon} size={13} />
        {label}
      </dt>
      <dd className={value === null ? "muted" : undefined}>{value ?? t("contact.none")}</dd>
    </div>
  );
}

/**
 * "New conversation from…": the member's accounts; choosing one opens the
 * contact's conversation there (the open one, else a new one assigned to the
 * member). The core's refusal shows below.
 */
function StartConversation({
  contactId,
  accounts,
  onOpenConversation,
}: {
  contactId: number;
  accounts: AccountDto[];
  onOpenConversation: (id: number) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const start = useStartConversation();
  const choose = (account: AccountDto) =>
    start.mutate(
      { contact_id: contactId, account_id: account.id },
      {
        onSuccess: (started) => {
          setOpen(false);
          onOpenConversation(started.id);
        },
      },
    );
  return (
    <div className="start-conversation">
      <button
        type="button"
        className="button start-conversation-toggle"
        aria-expanded={open}
        aria-controls="start-conversation-accounts"
        data-testid="start-conversation"
        onClick={() => {
          setOpen((o) => !o);
          start.reset();
        }}
      >
        <Icon name="plus" size={14} />
        {t("contact.startFrom")}
      </button>
      {open ? (
        accounts.length === 0 ? (
          <p className="muted small">{t("contact.startNoAccounts")}</p>
        ) : (
          <ul id="start-conversation-accounts" className="start-accounts" aria-label={t("contact.startFrom")}>
            {accounts.map((account) => (
              <li key={account.id}>
                <button
                  type="button"
                  className="other-conversation start-account"
                  data-testid="start-from-account"
                  disabled={start.isPending}
                  onClick={() => choose(account)}
                >
                  <span className="start-account-name">
                    <ChannelIcon channel={account.channel} size={13} />
                    {account.name}
                  </span>
                  <span className="muted small">{account.address}</span>
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {start.isPending ? <p className="muted small">{t("contact.starting")}</p> : null}
      {start.isError ? (
        <p className="error-text small" role="alert" data-testid="start-conversation-error">
          {start.error.message}
        </p>
      ) : null}
    </div>
  );
}

export function ContactPanel({
  detail,
  workspace,
  onOpenConversation,
}: {
  detail: ConversationDetail;
  workspace: WorkspaceDto;
  onOpenConversation: (id: number) => void;
}) {
  const tags = workspace.tags;
  const { t, i18n } = useTranslation();
  const now = useNow();
  const { contact, account } = detail;
  const others = contact.other_conversations.filter((c) => c.id !== detail.summary.id);

  return (
    <aside className="contact-panel" data-testid="contact-panel" aria-label={t("contact.title")}>
      <div className="contact-hero">
        <Avatar name={contact.name} size={56} />
        <h2 className="contact-name">{contact.name}</h2>
        <ChannelBadge channel={account.channel} accountKind={account.kind} />
      </div>

      <section className="panel-section">
        <h3>{t("contact.details")}</h3>
        <dl className="fields">
          <Field icon="phone" label={t("contact.phone")} value={contact.phone} />
          <Field icon="mail" label={t("contact.email")} value={contact.email} />
          <Field icon="whatsapp" label={t("contact.waId")} value={contact.wa_id} />
        </dl>
      </section>

      <section className="panel-section" aria-labelledby="conversation-tags-title">
        <h3 id="conversation-tags-title">{t("tags.conversation.title")}</h3>
        <ConversationTags detail={detail} tags={tags} members={workspace.members} />
        {contact.tag_ids.length > 0 ? (
          <div className="contact-tags">
            <span className="muted small">{t("tags.conversation.contactTags")}</span>
            <TagChips ids={contact.tag_ids} tags={tags} />
          </div>
        ) : null}
      </section>

      {contact.custom_fields.length > 0 ? (
        <section className="panel-section">
          <h3>{t("contact.customFields")}</h3>
          <dl className="fields">
            {contact.custom_fields.map((field) => (
              <div className="field" key={field.key}>
                <dt>{field.key}</dt>
                <dd>{field.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}

      <section className="panel-section">
        <h3>{t("contact.otherConversations")}</h3>
        {others.length === 0 ? (
          <p className="muted small">{t("contact.noOtherConversations")}</p>
        ) : (
          <ul className="other-conversations">
            {others.map((ref) => (
              <li key={ref.id}>
                <button
                  type="button"
                  className="other-conversation"
                  onClick={() => onOpenConversation(ref.id)}
                  data-testid="other-conversation"
                >
                  <span className="other-subject">
                    {ref.subject !== null && ref.subject.length > 0 ? ref.subject : t("contact.conversationNumber", { id: ref.id })}
                  </span>
                  <span className="other-meta">
                    <StatusPill status={ref.status} />
                    <time dateTime={ref.last_message_at} title={formatDateTime(ref.last_message_at, i18n.language)}>
                      {formatListTime(ref.last_message_at, now, t, i18n.language)}
                    </time>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <StartConversation contactId={contact.id} accounts={workspace.accounts} onOpenConversation={onOpenConversation} />
      </section>
    </aside>
  );
}
