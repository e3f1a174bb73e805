import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { DeliveryState, MessageDto } from "../bindings";
import { useReact, useRetryMessage } from "../backend/queries";
import { toApiError } from "../backend/types";
import { Icon } from "../components/Icon";
import type { ConversationActions } from "./actions";

export const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"] as const;

/** The emoji this member currently has on a message, if any. */
export function myReaction(message: MessageDto, meId: number): string | null {
  return message.reactions.find((r) => !r.from_contact && r.member_id === meId)?.emoji ?? null;
}

/**
 * The small toolbar beside a bubble (shown on hover and keyboard focus): a
 * reaction button with six quick emojis and Reply. Picking the emoji already
 * chosen removes it. A failed call is shown under the bubble, never swallowed.
 */
export function MessageActions({ message, actions }: { message: MessageDto; actions: ConversationActions }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const react = useReact(message.conversation_id);
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const current = myReaction(message, actions.meId);
  const error = react.error === null ? null : toApiError(react.error);

  // Close the picker on a click elsewhere.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (rootRef.current !== null && e.target instanceof Node && !rootRef.current.contains(e.target)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  // Move focus into the picker when it opens from the keyboard or a click.
  useEffect(() => {
    if (open) rootRef.current?.querySelector<HTMLButtonElement>(".reaction-choice")?.focus();
  }, [open]);

  const pick = (emoji: string) => {
    setOpen(false);
    triggerRef.current?.focus();
    react.mutate({ message_id: message.id, emoji: emoji === current ? null : emoji });
  };

  return (
    <>
      <div className={`message-actions${open ? " open" : ""}`} ref={rootRef}>
        <button
          ref={triggerRef}
          type="button"
          className="message-action"
          aria-label={t("message.react")}
          title={t("message.react")}
          aria-haspopup="true"
          aria-expanded={open}
          onClick={() => setOpen((v) => !v)}
          disabled={react.isPending}
          data-testid="react-button"
        >
          <Icon name="smile" size={15} />
        </button>
        <button
          type="button"
          className="message-action"
          aria-label={t("message.reply")}
          title={t("message.reply")}
          onClick={() => actions.reply(message)}
          data-testid="reply-button"
        >
          <Icon name="reply" size={15} />
        </button>
        {open ? (
          <div
            className="reaction-picker"
            role="group"
            aria-label={t("message.quickReactions")}
            data-testid="reaction-picker"
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                e.stopPropagation();
                setOpen(false);
                triggerRef.current?.focus();
              } else if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
                const items = [...e.currentTarget.querySelectorAll<HTMLButtonElement>("button")];
                const at = items.findIndex((b) => b === document.activeElement);
                const next = items[(at + (e.key === "ArrowRight" ? 1 : items.length - 1)) % items.length];
                next?.focus();
                e.preventDefault();
              }
            }}
          >
            {QUICK_REACTIONS.map((emoji) => (
              <button
                key={emoji}
                type="button"
                className={`reaction-choice${emoji === current ? " chosen" : ""}`}
                aria-pressed={emoji === current}
                aria-label={
                  emoji === current ? t("message.removeReaction", { emoji }) : t("message.reactWith", { emoji })
                }
                onClick={() => pick(emoji)}
              >
                {emoji}
              </button>
            ))}
          </div>
        ) : null}
      </div>
      {error !== null ? (
        <p className="error-text message-error" role="alert" data-testid="message-action-error">
          {t("message.reactFailed", { message: error.message })}
        </p>
      ) : null}
    </>
  );
}

/**
 * Under an outgoing message WhatsApp refused: the reason in red, Retry, and
 * Send template. Error 131047 means the 24-hour window had closed, so only a
 * template can go out and Retry is not offered.
 */
export function DeliveryFailure({
  message,
  delivery,
  actions,
}: {
  message: MessageDto;
  delivery: Extract<DeliveryState, { state: "failed" }>;
  actions: ConversationActions;
}) {
  const { t } = useTranslation();
  const retry = useRetryMessage(message.conversation_id);
  const windowClosed = delivery.code === 131047;
  const error = retry.error === null ? null : toApiError(retry.error);
  return (
    <div className="delivery-failure" data-testid="delivery-failure">
      <p className="delivery-failure-reason">
        <Icon name="alert" size={13} />
        <span>
          {windowClosed
            ? t("message.failedWindowClosed")
            : t("message.failedReason", { code: delivery.code, title: delivery.title })}
        </span>
      </p>
      <div className="delivery-failure-actions">
        {windowClosed ? null : (
          <button
            type="button"
            className="button subtle"
            onClick={() => retry.mutate(message.id)}
            disabled={retry.isPending}
            aria-busy={retry.isPending}
            data-testid="retry-message"
          >
            <Icon name="refresh" size={12} />
            {t("message.retry")}
          </button>
        )}
        <button type="button" className="button subtle" onClick={actions.openTemplates} data-testid="failed-send-template">
          <Icon name="template" size={12} />
          {t("message.sendTemplate")}
        </button>
      </div>
      {error !== null ? (
        <p className="error-text" role="alert" data-testid="retry-error">
          {t("message.retryFailed", { message: error.message })}
        </p>
      ) : null}
    </div>
  );
}
