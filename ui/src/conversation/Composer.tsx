import { useEffect, useId, useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { ApiError, ConversationDetail, MessageDto } from "../bindings";
import { useSendMedia, useSendMessage } from "../backend/queries";
import { toApiError } from "../backend/types";
import { Icon } from "../components/Icon";
import { useNow } from "../components/now";
import { optionId } from "../components/Suggestions";
import { formatFileSize, formatWindowLabel, windowState } from "../i18n/format";
import { templateVariables } from "../lib/templateVars";
import { MAX_ATTACHMENT_BYTES, attachmentKind, mimeOf, readAsBase64 } from "./attachment";
import { messagePreviewText } from "./messagePreview";
import { SLASH_LIST_ID, SlashPicker } from "./compose/SlashPicker";
import { useSlashTemplates } from "./compose/useSlashTemplates";
import { TemplatePicker } from "./TemplatePicker";

const KNOWN_ERRORS = new Set(["window_closed", "bad_input", "no_recipient", "not_found"]);

/** A friendly, translated line for a failed send_message. */
function sendErrorText(error: ApiError, t: TFunction): string {
  if (KNOWN_ERRORS.has(error.code)) return t(`composer.errors.${error.code}`);
  return t("composer.errors.other", { message: error.message });
}

/** A failed send_media: the core's own sentence is the useful part (Meta's per-type limits). */
function mediaErrorText(error: ApiError, t: TFunction): string {
  if (error.code === "window_closed" || error.code === "no_recipient" || error.code === "not_found") {
    return t(`composer.errors.${error.code}`);
  }
  return t("composer.errors.media", { message: error.message });
}

/** What the conversation view can do to the composer (files dropped on the conversation). */
export interface ComposerHandle {
  attach: (files: readonly File[]) => void;
}

export interface ComposerProps {
  detail: ConversationDetail;
  /** The message being answered, shown above the box. */
  replyTo?: MessageDto | null;
  onClearReply?: () => void;
  /** The template picker was asked for although the window is open (after a failed send). */
  templatesRequested?: boolean;
  onCloseTemplates?: () => void;
  ref?: Ref<ComposerHandle>;
}

/**
 * The reply box. Enter sends, Shift+Enter adds a line. On WhatsApp it can
 * carry one file (paperclip or drop) with the text as caption, and answers a
 * message when one is chosen. Once the 24-hour window has closed it becomes
 * the template picker. Email sending isn't built yet. Sent messages show up
 * through the core's conversation_changed event.
 */
export function Composer({
  detail,
  replyTo = null,
  onClearReply,
  templatesRequested = false,
  onCloseTemplates,
  ref,
}: ComposerProps) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const hintId = useId();
  const errorId = useId();
  const [draft, setDraft] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const send = useSendMessage();
  const sendMedia = useSendMedia();
  const { summary, account } = detail;
  const isWhatsApp = summary.channel === "whatsapp";
  const win = isWhatsApp ? windowState(summary.window_expires_at, now) : null;
  const slash = useSlashTemplates({
    conversationId: summary.id,
    accountId: summary.account_id,
    draft,
    onText: (filled) => {
      setDraft(filled);
      requestAnimationFrame(() => {
        textRef.current?.focus();
        textRef.current?.setSelectionRange(filled.length, filled.length);
      });
    },
  });
  const templateMode = win !== null && (!win.open || templatesRequested);

  // Why the composer can't be used at all, if it can't.
  const blocked: string | null = !isWhatsApp ? t("composer.emailNotYet") : null;
  const text = draft.trim();
  const busy = send.isPending || sendMedia.isPending || reading;
  const canSend = blocked === null && !busy && (file !== null || text.length > 0);
  const apiError =
    sendMedia.error !== null
      ? mediaErrorText(toApiError(sendMedia.error), t)
      : send.error !== null
        ? sendErrorText(toApiError(send.error), t)
        : null;
  const error = localError ?? apiError;

  const clearErrors = () => {
    setLocalError(null);
    if (send.isError) send.reset();
    if (sendMedia.isError) sendMedia.reset();
  };

  const attach = (files: readonly File[]) => {
    clearErrors();
    const first = files[0];
    if (first === undefined) return;
    if (blocked !== null || templateMode) {
      setLocalError(blocked ?? t("composer.attachWindowClosed"));
      return;
    }
    if (first.size > MAX_ATTACHMENT_BYTES) {
      setLocalError(t("composer.fileTooBig", { name: first.name, size: formatFileSize(first.size, i18n.language) }));
      return;
    }
    if (first.size === 0) {
      setLocalError(t("composer.fileEmpty", { name: first.name }));
      return;
    }
    setFile(first);
    if (files.length > 1) setLocalError(t("composer.oneFileOnly", { name: first.name }));
    textRef.current?.focus();
  };

  useImperativeHandle(ref, () => ({ attach }));

  // Choosing a message to answer puts the cursor in the box.
  const replyId = replyTo?.id ?? null;
  useEffect(() => {
    if (replyId !== null) textRef.current?.focus();
  }, [replyId]);

  const sent = () => {
    setDraft("");
    setFile(null);
    onClearReply?.();
  };

  const submit = async () => {
    if (!canSend) return;
    clearErrors();
    // a template's variable left without a value never reaches the customer
    const unfilled = templateVariables(text);
    if (unfilled.length > 0) {
      setLocalError(t("templates.unfilled", { names: unfilled.join(", ") }));
      return;
    }
    const reply = replyTo?.id ?? null;
    if (file === null) {
      send.mutate({ conversation_id: summary.id, text, reply_to_message_id: reply }, { onSuccess: sent });
      return;
    }
    let data: string;
    setReading(true);
    try {
      data = await readAsBase64(file);
    } catch (err) {
      setLocalError(t("composer.fileUnreadable", { name: file.name, message: toApiError(err).message }));
      return;
    } finally {
      setReading(false);
    }
    sendMedia.mutate(
      {
        conversation_id: summary.id,
        filename: file.name,
        mime: mimeOf(file),
        data_base64: data,
        caption: text.length > 0 ? text : null,
        reply_to_message_id: reply,
      },
      { onSuccess: sent },
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (slash.onKeyDown(e)) return;
    if (e.key === "Escape" && replyTo !== null) {
      e.preventDefault();
      onClearReply?.();
      return;
    }
    if (e.key !== "Enter" || e.shiftKey || e.nativeEvent.isComposing) return;
    e.preventDefault();
    void submit();
  };

  const status = (
    <div className="composer-status">
      {win !== null ? (
        <span
          className={`window-state ${win.open ? "open" : "closed"}`}
          data-testid="window-state"
          title={t("window.tooltip")}
        >
          <span className="window-dot" aria-hidden="true" />
          {formatWindowLabel(summary.window_expires_at, now, t)}
        </span>
      ) : (
        <span className="window-state email" data-testid="window-state">
          <Icon name="mail" size={13} />
          {t("composer.emailFrom", { address: account.address })}
        </span>
      )}
    </div>
  );

  if (templateMode) {
    return (
      <div className="composer" data-testid="composer">
        {status}
        <TemplatePicker
          detail={detail}
          hintId={hintId}
          onSent={win?.open === true ? onCloseTemplates : undefined}
          onCancel={win?.open === true ? onCloseTemplates : undefined}
        />
      </div>
    );
  }

  const fileKind = file === null ? null : attachmentKind(mimeOf(file));
  return (
    <div className="composer" data-testid="composer">
      {status}
      <div className="composer-box">
        {replyTo !== null ? (
          <div className="composer-reply" data-testid="composer-reply">
            <Icon name="reply" size={14} />
            <div className="composer-reply-body">
              <span className="composer-reply-label">
                {t("composer.replyingTo", {
                  name: replyTo.direction === "inbound" ? detail.contact.name : replyTo.sender,
                })}
              </span>
              <span className="composer-reply-text">{messagePreviewText(replyTo, t)}</span>
            </div>
            <button
              type="button"
              className="icon-button small"
              onClick={onClearReply}
              aria-label={t("composer.cancelReply")}
              title={t("composer.cancelReply")}
              data-testid="cancel-reply"
            >
              <Icon name="x" size={14} />
            </button>
          </div>
        ) : null}
        {file !== null && fileKind !== null ? (
          <div className="attachment-chip" data-testid="attachment-chip">
            <span className={`attachment-icon media-${fileKind}`}>
              <Icon name={fileKind} size={16} />
            </span>
            <span className="attachment-name">{file.name}</span>
            <span className="attachment-size">{formatFileSize(file.size, i18n.language)}</span>
            <button
              type="button"
              className="icon-button small"
              onClick={() => {
                setFile(null);
                clearErrors();
              }}
              aria-label={t("composer.removeAttachment", { name: file.name })}
              title={t("composer.removeAttachment", { name: file.name })}
              data-testid="remove-attachment"
            >
              <Icon name="x" size={14} />
            </button>
          </div>
        ) : null}
        <SlashPicker slash={slash} onCancelMissing={() => textRef.current?.focus()} />
        <textarea
          ref={textRef}
          className="composer-input"
          rows={2}
          value={draft}
          disabled={blocked !== null}
          readOnly={busy}
          onChange={(e) => {
            setDraft(e.target.value);
            clearErrors();
          }}
          onKeyDown={onKeyDown}
          aria-label={t("composer.label")}
          aria-describedby={error !== null ? `${hintId} ${errorId}` : hintId}
          aria-autocomplete="list"
          aria-controls={slash.open && slash.matches.length > 0 ? SLASH_LIST_ID : undefined}
          aria-activedescendant={slash.open && slash.active >= 0 ? optionId(SLASH_LIST_ID, slash.active) : undefined}
          placeholder={file !== null ? t("composer.captionPlaceholder") : t("composer.placeholder", { name: detail.contact.name })}
        />
        <div className="composer-actions">
          {isWhatsApp ? (
            <>
              <button
                type="button"
                className="icon-button attach-button"
                onClick={() => fileRef.current?.click()}
                disabled={busy}
                aria-label={t("composer.attach")}
                title={t("composer.attach")}
                data-testid="attach-button"
              >
                <Icon name="paperclip" size={17} />
              </button>
              <input
                ref={fileRef}
                type="file"
                className="visually-hidden"
                tabIndex={-1}
                aria-hidden="true"
                onChange={(e) => {
                  attach(e.target.files === null ? [] : [...e.target.files]);
                  e.target.value = "";
                }}
                data-testid="file-input"
              />
            </>
          ) : null}
          <span id={hintId} className="composer-hint" data-testid="composer-hint">
            {blocked ?? t("composer.keysHint")}
          </span>
          <button
            type="button"
            className="button primary send-button"
            disabled={!canSend}
            aria-busy={busy}
            title={blocked ?? undefined}
            data-testid="send-button"
            onClick={() => void submit()}
          >
            <Icon name="send" size={14} />
            {busy ? t("composer.sending") : t("composer.send")}
          </button>
        </div>
      </div>
      {error !== null ? (
        <p id={errorId} className="error-text composer-error" role="alert" data-testid="send-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
