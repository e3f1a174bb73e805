import { memo, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { EmailAnswer, EmailAttachment, EmailContent, EmailPerson, MemberDto, MessageDto } from "../../bindings";
import { useBackend } from "../../backend/context";
import { Avatar } from "../../components/Avatar";
import { Icon } from "../../components/Icon";
import { useNow } from "../../components/now";
import { formatDateTime, formatFileSize, formatShortDateTime } from "../../i18n/format";
import { useConversationActions } from "../actions";
import { attachmentKind } from "../attachment";
import { isRiskyFile } from "../MediaContent";
import { DeliveryTicks } from "../MessageBubble";
import { EmailHtmlBody } from "./EmailHtmlBody";
import { QuotedText } from "./QuotedText";
import "./email.css";

/** "Re: Fwd: RV: Hello" -> "hello": answers don't repeat the conversation's subject. */
export function baseSubject(subject: string): string {
  return subject
    .trim()
    .replace(/^((re|fwd?|rv|aw|wg|tr|sv|vs|r)\s*(\[\d+\])?\s*:\s*)+/i, "")
    .trim()
    .toLowerCase();
}

function personText(p: EmailPerson): string {
  return p.name !== null && p.name.length > 0 ? `${p.name} <${p.address}>` : p.address;
}

function People({ label, people }: { label: string; people: EmailPerson[] }) {
  if (people.length === 0) return null;
  return (
    <div className="email-people-line">
      <span className="email-people-label">{label}</span>
      <span className="email-people-list">
        {people.map((p, i) => (
          <span key={`${p.address}-${i}`} className="email-person" title={personText(p)}>
            {p.name !== null && p.name.length > 0 ? p.name : p.address}
            {i < people.length - 1 ? ", " : ""}
          </span>
        ))}
      </span>
    </div>
  );
}

function Attachments({ messageId, files }: { messageId: number; files: EmailAttachment[] }) {
  const { t, i18n } = useTranslation();
  const backend = useBackend();
  if (files.length === 0) return null;
  return (
    <ul className="email-attachments" aria-label={t("email.card.attachments", { count: files.length })}>
      {files.map((file) => {
        const kind = attachmentKind(file.mime);
        const risky = isRiskyFile(file.name, file.mime);
        const size = formatFileSize(file.size, i18n.language);
        return (
          <li key={file.index}>
            <a
              className={`email-attachment${risky ? " risky" : ""}`}
              href={backend.attachmentUrl(messageId, file.index)}
              download={file.name}
              target="_blank"
              rel="noopener noreferrer"
              title={risky ? t("message.media.dangerous") : file.mime}
              aria-label={t("message.media.downloadNamed", { name: file.name, size })}
              data-testid="email-attachment"
            >
              <span className={`attachment-icon media-${kind}`} aria-hidden="true">
                <Icon name={risky ? "shield" : kind} size={15} />
              </span>
              <span className="email-attachment-name">{file.name}</span>
              <span className="email-attachment-size">{size}</span>
              <Icon name="download" size={13} className="email-attachment-download" />
            </a>
          </li>
        );
      })}
    </ul>
  );
}

export interface EmailCardProps {
  message: MessageDto;
  content: EmailContent;
  /** The conversation's subject: the card shows its own only when it differs. */
  conversationSubject: string | null;
  members: MemberDto[];
}

/**
 * An email in the conversation: a card (not a bubble) with its people, date
 * and subject, the fresh text with the quoted history folded, the sanitized
 * HTML when it has one, its attachments, and Reply / Reply all / Forward.
 */
export const EmailCard = memo(function EmailCard({ message, content, conversationSubject, members }: EmailCardProps) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const actions = useConversationActions();
  const quotedId = useId();
  const [view, setView] = useState<"html" | "text">(content.has_html ? "html" : "text");
  const [quotedOpen, setQuotedOpen] = useState(false);
  const locale = i18n.language;
  const author = message.author_member_id !== null ? members.find((m) => m.id === message.author_member_id) : undefined;
  const fromName = content.from?.name ?? author?.name ?? message.sender;
  const fromAddress = content.from?.address ?? "";
  const showSubject = content.subject.trim().length > 0 && baseSubject(content.subject) !== baseSubject(conversationSubject ?? "");
  const delivery = message.direction === "outbound" ? message.delivery : null;
  const files = content.attachments.filter((a) => !a.inline);
  const answer = actions?.answerEmail;
  const answerButton = (kind: EmailAnswer, icon: "reply" | "users" | "forward") =>
    answer !== undefined ? (
      <button
        type="button"
        className="email-action"
        data-testid={`email-${kind.replace("_", "-")}`}
        onClick={() => answer(message, kind)}
        title={t(`email.answer.${kind}`)}
      >
        <Icon name={icon} size={14} />
        <span>{t(`email.answer.${kind}`)}</span>
      </button>
    ) : null;

  return (
    <article
      className={`email-card ${message.direction}`}
      data-testid="email-card"
      data-kind={message.kind}
      data-message-id={message.id}
      data-direction={message.direction}
      aria-label={t("email.card.label", { name: fromName })}
    >
      <header className="email-card-head">
        <Avatar name={author?.name ?? (fromName.length > 0 ? fromName : fromAddress)} size={34} color={author?.color} />
        <div className="email-card-people">
          <div className="email-from">
            <span className="email-from-name">{fromName}</span>
            {fromAddress.length > 0 && fromAddress !== fromName ? <span className="email-from-address">{`<${fromAddress}>`}</span> : null}
            {message.automated ? (
              <span className="auto-label" data-testid="automated-label" title={t("automated.title")}>
                <Icon name="zap" size={11} />
                {t("automated.label")}
              </span>
            ) : author !== undefined && author.name !== fromName ? (
              <span className="email-from-author">{t("email.card.sentBy", { name: author.name })}</span>
            ) : null}
          </div>
          <People label={t("email.card.to")} people={content.to} />
          <People label={t("email.card.cc")} people={content.cc} />
        </div>
        <div className="email-card-meta">
          <time dateTime={message.created_at} title={formatDateTime(message.created_at, locale)}>
            {formatShortDateTime(message.created_at, now, locale)}
          </time>
          {delivery !== null ? <DeliveryTicks delivery={delivery} /> : null}
        </div>
      </header>
      {showSubject ? (
        <div className="email-subject" data-testid="email-subject">
          {content.subject}
        </div>
      ) : null}
      {content.has_html ? (
        <div className="email-view-switch" role="group" aria-label={t("email.card.viewLabel")}>
          <button type="button" aria-pressed={view === "html"} data-testid="email-view-html" onClick={() => setView("html")}>
            {t("email.card.formatted")}
          </button>
          <button type="button" aria-pressed={view === "text"} data-testid="email-view-text" onClick={() => setView("text")}>
            {t("email.card.plain")}
          </button>
        </div>
      ) : null}
      <div className="email-body">
        {view === "html" ? (
          <EmailHtmlBody messageId={message.id} onShowText={() => setView("text")} />
        ) : (
          <>
            {content.text.trim().length > 0 ? (
              <div className="email-text" data-testid="email-text">
                {content.text.replace(/\s+$/, "")}
              </div>
            ) : (
              <p className="email-text empty muted">{t("email.card.noText")}</p>
            )}
            {content.quoted.trim().length > 0 ? (
              <>
                <button
                  type="button"
                  className="email-quoted-toggle"
                  aria-expanded={quotedOpen}
                  aria-controls={quotedOpen ? quotedId : undefined}
                  data-testid="email-quoted-toggle"
                  onClick={() => setQuotedOpen((o) => !o)}
                >
                  <span className="email-quoted-dots" aria-hidden="true">
                    •••
                  </span>
                  {quotedOpen ? t("email.card.hideQuoted") : t("email.card.showQuoted")}
                </button>
                {quotedOpen ? <QuotedText id={quotedId} text={content.quoted} /> : null}
              </>
            ) : null}
          </>
        )}
      </div>
      <Attachments messageId={message.id} files={files} />
      {delivery?.state === "failed" ? (
        <p className="error-text email-failed" data-testid="delivery-failure">
          {t("email.card.failed", { reason: delivery.title })}
        </p>
      ) : null}
      {answer !== undefined ? (
        <footer className="email-card-actions">
          {answerButton("reply", "reply")}
          {answerButton("reply_all", "users")}
          {answerButton("forward", "forward")}
        </footer>
      ) : null}
    </article>
  );
});
