import { memo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { ChannelKind, DeliveryState, MemberDto, MessageDto, Reaction } from "../bindings";
import { Icon } from "../components/Icon";
import { formatClock, formatDateTime } from "../i18n/format";
import { FormattedText } from "../lib/waFormat";
import { useConversationActions } from "./actions";
import { MediaContent } from "./MediaContent";
import { DeliveryFailure, MessageActions } from "./MessageActions";

/**
 * A message the customer deleted arrives as an unsupported placeholder whose
 * reason says so (the core has no separate "revoked" kind).
 */
export function isRevoked(reason: string): boolean {
  return /\b(deleted|revoked)\b|eliminad|borrad/i.test(reason);
}

export function osmUrl(latitude: number, longitude: number): string {
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}`;
}

function formatCoord(value: number): string {
  return value.toFixed(5);
}

/** Icon of each non-failed state (read = the same double tick, coloured by CSS). */
const TICK_ICON = {
  pending: { name: "clock", size: 13 },
  sent: { name: "check", size: 14 },
  delivered: { name: "checks", size: 16 },
  read: { name: "checks", size: 16 },
} as const;

export function DeliveryTicks({ delivery }: { delivery: DeliveryState }) {
  const { t } = useTranslation();
  if (delivery.state === "failed") {
    const detail = t("delivery.failedDetail", { code: delivery.code, title: delivery.title });
    return (
      <span className="ticks failed" data-testid="delivery" data-state="failed" title={detail}>
        <Icon name="alert" size={14} />
        <span>{t("delivery.failed")}</span>
        <span className="visually-hidden">{detail}</span>
      </span>
    );
  }
  const icon = TICK_ICON[delivery.state];
  const label = t(`delivery.${delivery.state}`);
  return (
    <span className={`ticks ${delivery.state}`} data-testid="delivery" data-state={delivery.state} title={label}>
      <Icon name={icon.name} size={icon.size} title={label} />
    </span>
  );
}

function groupReactions(reactions: Reaction[]): { emoji: string; items: Reaction[] }[] {
  const groups: { emoji: string; items: Reaction[] }[] = [];
  for (const reaction of reactions) {
    const group = groups.find((g) => g.emoji === reaction.emoji);
    if (group === undefined) groups.push({ emoji: reaction.emoji, items: [reaction] });
    else group.items.push(reaction);
  }
  return groups;
}

function Reactions({
  reactions,
  members,
  contactName,
}: {
  reactions: Reaction[];
  members: MemberDto[];
  contactName: string;
}) {
  const { t } = useTranslation();
  if (reactions.length === 0) return null;
  return (
    <div className="reactions" data-testid="reactions">
      {groupReactions(reactions).map((group) => {
        const who = group.items
          .map((r) =>
            r.from_contact
              ? contactName
              : (members.find((m) => m.id === r.member_id)?.name ?? t("message.teamMember")),
          )
          .join(", ");
        return (
          <span key={group.emoji} className="reaction" title={t("message.reactedBy", { who })}>
            <span className="reaction-emoji">{group.emoji}</span>
            {group.items.length > 1 ? <span className="reaction-count">{group.items.length}</span> : null}
          </span>
        );
      })}
    </div>
  );
}

function Content({
  message,
  formatted,
  t,
}: {
  message: MessageDto;
  formatted: boolean;
  t: TFunction;
}): ReactNode {
  const content = message.content;
  switch (content.type) {
    case "text":
      return (
        <div className="message-text">
          <FormattedText text={content.body} plain={!formatted} />
        </div>
      );
    case "note":
      return (
        <div className="message-text">
          <FormattedText text={content.body} plain={!formatted} />
        </div>
      );
    case "media":
      return <MediaContent message={message} content={content} formatted={formatted} />;
    case "location":
      return (
        <div className="location-card">
          <div className="location-map" aria-hidden="true">
            <Icon name="pin" size={22} />
          </div>
          <div className="location-body">
            <div className="location-name">{content.name ?? t("message.sharedLocation")}</div>
            {content.address !== null ? <div className="location-address">{content.address}</div> : null}
            <div className="location-coords">
              {formatCoord(content.latitude)}, {formatCoord(content.longitude)}
            </div>
            <a
              className="location-link"
              href={osmUrl(content.latitude, content.longitude)}
              target="_blank"
              rel="noopener noreferrer"
            >
              {t("message.openMap")}
              <Icon name="external" size={12} />
            </a>
          </div>
        </div>
      );
    case "contacts":
      return (
        <div className="contacts-card">
          {content.contacts.map((contact, index) => (
            <div className="shared-contact" key={index}>
              <span className="shared-contact-icon">
                <Icon name="user" size={16} />
              </span>
              <span className="shared-contact-body">
                <span className="shared-contact-name">{contact.name}</span>
                {contact.phones.map((phone) => (
                  <span key={phone} className="shared-contact-line">
                    <Icon name="phone" size={11} /> {phone}
                  </span>
                ))}
                {contact.emails.map((email) => (
                  <span key={email} className="shared-contact-line">
                    <Icon name="mail" size={11} /> {email}
                  </span>
                ))}
              </span>
            </div>
          ))}
        </div>
      );
    case "interactive":
      return (
        <div className="reply-choice">
          <span className="choice-label">{t("message.selectedOption")}</span>
          <span className="choice-chip">
            <Icon name="reply" size={13} />
            {content.title}
          </span>
          {content.description !== null ? <span className="choice-description">{content.description}</span> : null}
        </div>
      );
    case "button":
      return (
        <div className="reply-choice">
          <span className="choice-label">{t("message.tappedButton")}</span>
          <span className="choice-chip">
            <Icon name="button" size={13} />
            {content.text}
          </span>
        </div>
      );
    case "template":
      return (
        <div className="template-block">
          <div className="template-header">
            <Icon name="template" size={13} />
            <span>{t("message.template")}</span>
            <span className="template-name">
              {content.name} · {content.language}
            </span>
          </div>
          <div className="message-text">
            <FormattedText text={content.body} plain={!formatted} />
          </div>
        </div>
      );
    case "unsupported": {
      const revoked = isRevoked(content.reason);
      return (
        <div className={`unsupported-block${revoked ? " revoked" : ""}`} data-testid={revoked ? "message-revoked" : "message-unsupported"}>
          <Icon name={revoked ? "x" : "info"} size={16} />
          <span>
            <span className="unsupported-title">{revoked ? t("message.revoked") : t("message.unsupported")}</span>
            {content.reason.length > 0 ? <span className="unsupported-reason">{content.reason}</span> : null}
            {revoked ? null : <span className="unsupported-hint">{t("message.unsupportedHint")}</span>}
          </span>
        </div>
      );
    }
    case "reaction":
      return null;
  }
}

export interface MessageBubbleProps {
  message: MessageDto;
  channel: ChannelKind;
  members: MemberDto[];
  contactName: string;
  showSender: boolean;
}

export const MessageBubble = memo(function MessageBubble({
  message,
  channel,
  members,
  contactName,
  showSender,
}: MessageBubbleProps) {
  const { t, i18n } = useTranslation();
  const actions = useConversationActions();
  const locale = i18n.language;
  const formatted = channel === "whatsapp";
  const author = message.author_member_id !== null ? members.find((m) => m.id === message.author_member_id) : undefined;
  const senderName = author?.name ?? message.sender;
  const time = (
    <time dateTime={message.created_at} title={formatDateTime(message.created_at, locale)}>
      {formatClock(message.created_at, locale)}
    </time>
  );

  if (message.content.type === "reaction") {
    const emoji = message.content.emoji;
    return (
      <div className="message-row system" data-testid="message-bubble" data-kind={message.kind}>
        <span className="reaction-event">
          {emoji !== null && emoji.length > 0
            ? t("message.reactedWith", { who: senderName, emoji })
            : t("message.reactionRemoved", { who: senderName })}
          <span className="dot-sep">·</span>
          {time}
        </span>
      </div>
    );
  }

  const isNote = message.kind === "note" || message.content.type === "note";
  const side = isNote ? "note" : message.direction;
  // an auto-reply or a window reminder: sent by the app, not by a member
  const automated = message.automated && !isNote;
  const delivery = message.direction === "outbound" && !isNote ? message.delivery : null;
  // Reply and react work on messages WhatsApp knows (not notes, not unsent ones).
  const canAct =
    actions !== null &&
    actions.interactive &&
    !isNote &&
    (delivery === null || delivery.state === "sent" || delivery.state === "delivered" || delivery.state === "read");
  return (
    <div
      className={`message-row ${side}${automated ? " automated" : ""}`}
      data-testid="message-bubble"
      data-kind={message.kind}
      data-direction={message.direction}
      data-automated={automated || undefined}
    >
      {automated ? (
        <div className="message-sender">
          <span className="auto-label" data-testid="automated-label" title={t("automated.title")}>
            <Icon name="zap" size={11} />
            {t("automated.label")}
          </span>
        </div>
      ) : showSender || isNote ? (
        <div className="message-sender">
          {isNote ? (
            <span className="note-label">
              <Icon name="lock" size={11} />
              {t("message.privateNote")}
            </span>
          ) : null}
          <span>{senderName}</span>
        </div>
      ) : null}
      <div className="bubble-line">
        <div className={`bubble kind-${message.kind}${isNote ? " bubble-note" : ""}`}>
          {message.forwarded ? (
            <div className="forwarded">
              <Icon name="forward" size={12} />
              {t("message.forwarded")}
            </div>
          ) : null}
          {message.reply_to !== null ? (
            <blockquote className="reply-quote" data-testid="reply-quote">
              <span className="reply-quote-label">{t("message.inReplyTo")}</span>
              <span className="reply-quote-text">{message.reply_to.preview}</span>
            </blockquote>
          ) : null}
          <Content message={message} formatted={formatted} t={t} />
          <div className="bubble-meta">
            {time}
            {delivery !== null ? <DeliveryTicks delivery={delivery} /> : null}
          </div>
        </div>
        {canAct ? <MessageActions message={message} actions={actions} /> : null}
      </div>
      <Reactions reactions={message.reactions} members={members} contactName={contactName} />
      {delivery?.state === "failed" && actions !== null && actions.interactive ? (
        <DeliveryFailure message={message} delivery={delivery} actions={actions} />
      ) : null}
    </div>
  );
});
