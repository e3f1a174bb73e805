import { useEffect, useId, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent, type Ref } from "react";
import { useTranslation } from "react-i18next";
import type { ConversationDetail, EmailAnswer, EmailFileInput } from "../../bindings";
import { useEmailAccount, useEmailDraft, useSendEmail } from "../../backend/emailQueries";
import { useMessages } from "../../backend/queries";
import { toApiError } from "../../backend/types";
import { Icon } from "../../components/Icon";
import { useNow } from "../../components/now";
import { formatFileSize, formatShortDateTime } from "../../i18n/format";
import { attachmentKind, mimeOf, readAsBase64 } from "../attachment";
import type { ComposerHandle } from "../Composer";
import { MAX_EMAIL_ATTACHMENTS_BYTES, invalidAddresses, isEmailMessage, parseAddresses, type EmailTarget } from "./compose";
import { RichBody, type RichBodyHandle } from "./RichBody";
import "./composer.css";

const ANSWERS: readonly EmailAnswer[] = ["reply", "reply_all", "forward"];
const SEND_ERRORS = new Set(["bad_input", "not_found", "email_refused"]);

/**
 * The composer of an email conversation: Reply, Reply all or Forward to a
 * message (the newest one unless a card's action chose another), recipients
 * prefilled by the core and editable, the subject it will carry, the text
 * with a little formatting (sent as HTML and as plain text), files and the
 * mailbox's signature. Ctrl+Enter sends.
 */
export function EmailComposer({
  detail,
  target,
  onTarget,
  ref,
}: {
  detail: ConversationDetail;
  target: EmailTarget | null;
  onTarget: (target: EmailTarget | null) => void;
  ref?: Ref<ComposerHandle>;
}) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const hintId = useId();
  const errorId = useId();
  const bodyRef = useRef<RichBodyHandle>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const messages = useMessages(detail.summary.id);
  const mailbox = useEmailAccount(detail.account.id, { live: false });
  const send = useSendEmail();

  // pages are newest first, each oldest first
  const emails = useMemo(
    () => (messages.data === undefined ? [] : [...messages.data.pages].reverse().flatMap((p) => p.items).filter(isEmailMessage)),
    [messages.data],
  );
  const newest = emails[emails.length - 1] ?? null;
  const parentId = target?.messageId ?? newest?.id ?? null;
  const parent = emails.find((m) => m.id === parentId) ?? null;
  const answer: EmailAnswer = target?.answer ?? "reply";
  const draft = useEmailDraft(parentId, answer);

  const [to, setTo] = useState("");
  const [cc, setCc] = useState("");
  const [text, setText] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [withSignature, setWithSignature] = useState<boolean | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);

  // The recipients follow the answered message and the mode; edits stay until those change.
  const draftKey = `${parentId ?? "none"}:${answer}`;
  const [filledFor, setFilledFor] = useState<string | null>(null);
  if (draft.data !== undefined && filledFor !== draftKey) {
    setFilledFor(draftKey);
    setTo(answer === "forward" ? "" : draft.data.to.join(", "));
    setCc(answer === "forward" ? "" : draft.data.cc.join(", "));
  }

  const signatureSet = (mailbox.data?.signature_html.trim().length ?? 0) > 0;
  const signature = signatureSet && (withSignature ?? true);
  const busy = send.isPending || reading;
  const error =
    localError ??
    (send.error !== null
      ? SEND_ERRORS.has(send.error.code)
        ? t(`email.composer.errors.${send.error.code}`, { message: send.error.message })
        : t("email.composer.errors.other", { message: send.error.message })
      : null);
  const canSend = !busy && parentId !== null && (text.trim().length > 0 || files.length > 0);

  const clearErrors = () => {
    setLocalError(null);
    if (send.isError) send.reset();
  };

  const attach = (picked: readonly File[]) => {
    clearErrors();
    const next = [...files];
    for (const file of picked) {
      if (file.size === 0) {
        setLocalError(t("composer.fileEmpty", { name: file.name }));
        continue;
      }
      next.push(file);
    }
    const total = next.reduce((sum, f) => sum + f.size, 0);
    if (total > MAX_EMAIL_ATTACHMENTS_BYTES) {
      setLocalError(t("email.composer.tooBig", { max: formatFileSize(MAX_EMAIL_ATTACHMENTS_BYTES, i18n.language) }));
      return;
    }
    setFiles(next);
  };

  useImperativeHandle(ref, () => ({ attach }));

  // A card's Reply / Reply all / Forward puts the cursor in the box.
  const nonce = target?.nonce ?? null;
  useEffect(() => {
    if (nonce !== null) bodyRef.current?.focus();
  }, [nonce]);

  const submit = async () => {
    if (!canSend || parentId === null) return;
    clearErrors();
    const toList = parseAddresses(to);
    const ccList = parseAddresses(cc);
    if (toList.length === 0) {
      setLocalError(t("email.composer.noRecipient"));
      return;
    }
    const wrong = invalidAddresses([...toList, ...ccList]);
    if (wrong.length > 0) {
      setLocalError(t("email.composer.badAddress", { address: wrong.join(", ") }));
      return;
    }
    const body = bodyRef.current?.read() ?? { text: text.trim(), html: "" };
    const attachments: EmailFileInput[] = [];
    setReading(true);
    try {
      for (const f of files) {
        try {
          attachments.push({ filename: f.name, mime: mimeOf(f), data_base64: await readAsBase64(f) });
        } catch (err) {
          setLocalError(t("composer.fileUnreadable", { name: f.name, message: toApiError(err).message }));
          return;
        }
      }
    } finally {
      setReading(false);
    }
    send.mutate(
      {
        conversation_id: detail.summary.id,
        message_id: parentId,
        answer,
        to: toList,
        cc: ccList,
        text: body.text,
        html: body.text.length > 0 ? body.html : null,
        attachments,
        signature,
      },
      {
        onSuccess: () => {
          bodyRef.current?.clear();
          setFiles([]);
          setFilledFor(null);
          onTarget(null);
        },
      },
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    } else if (e.key === "Escape" && target !== null) {
      e.preventDefault();
      onTarget(null);
    }
  };

  const parentFrom = parent?.content.from?.name ?? parent?.content.from?.address ?? parent?.sender ?? "";
  const fieldRow = (id: string, label: string, value: string, set: (v: string) => void, placeholder: string) => (
    <div className="email-compose-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="email-compose-input"
        type="text"
        autoComplete="off"
        spellCheck={false}
        value={value}
        readOnly={busy}
        placeholder={placeholder}
        onChange={(e) => {
          set(e.target.value);
          clearErrors();
        }}
        onKeyDown={onKeyDown}
      />
    </div>
  );

  return (
    <div className="composer email-composer" data-testid="composer">
      <div className="email-compose-head">
        <div className="email-mode" role="radiogroup" aria-label={t("email.composer.mode")}>
          {ANSWERS.map((a) => (
            <label key={a} className={`email-mode-option${answer === a ? " selected" : ""}`} data-testid={`email-mode-${a}`}>
              <input
                type="radio"
                name={`email-mode-${detail.summary.id}`}
                value={a}
                checked={answer === a}
                disabled={parentId === null}
                onChange={() => parentId !== null && onTarget({ messageId: parentId, answer: a, nonce: target?.nonce ?? 0 })}
              />
              <Icon name={a === "reply" ? "reply" : a === "reply_all" ? "users" : "forward"} size={13} />
              {t(`email.answer.${a}`)}
            </label>
          ))}
        </div>
        <label htmlFor="email-compose-subject" className="visually-hidden">
          {t("email.composer.subject")}
        </label>
        <input
          id="email-compose-subject"
          className="email-compose-subject"
          readOnly
          tabIndex={-1}
          value={draft.data?.subject ?? ""}
          title={draft.data?.subject}
          placeholder={draft.isPending && parentId !== null ? t("common.loading") : ""}
        />
      </div>
      {parent !== null && target !== null && target.messageId !== newest?.id ? (
        <p className="email-compose-parent" data-testid="email-compose-parent">
          <Icon name="reply" size={12} />
          {t("email.composer.answering", { name: parentFrom, date: formatShortDateTime(parent.created_at, now, i18n.language) })}
          <button type="button" className="link-button" onClick={() => onTarget(null)}>
            {t("email.composer.backToNewest")}
          </button>
        </p>
      ) : null}
      <div className="composer-box email-compose-box">
        {fieldRow("email-compose-to", t("email.composer.to"), to, setTo, answer === "forward" ? t("email.composer.forwardTo") : "")}
        {fieldRow("email-compose-cc", t("email.composer.cc"), cc, setCc, "")}
        {files.length > 0 ? (
          <ul className="email-compose-files">
            {files.map((file, i) => {
              const kind = attachmentKind(mimeOf(file));
              return (
                <li key={`${file.name}-${i}`} className="attachment-chip" data-testid="attachment-chip">
                  <span className={`attachment-icon media-${kind}`}>
                    <Icon name={kind} size={16} />
                  </span>
                  <span className="attachment-name">{file.name}</span>
                  <span className="attachment-size">{formatFileSize(file.size, i18n.language)}</span>
                  <button
                    type="button"
                    className="icon-button small"
                    onClick={() => setFiles((fs) => fs.filter((_, j) => j !== i))}
                    aria-label={t("composer.removeAttachment", { name: file.name })}
                    title={t("composer.removeAttachment", { name: file.name })}
                    data-testid="remove-attachment"
                  >
                    <Icon name="x" size={14} />
                  </button>
                </li>
              );
            })}
          </ul>
        ) : null}
        <RichBody
          ref={bodyRef}
          id="email-compose-body"
          label={t("email.composer.body")}
          placeholder={t("email.composer.placeholder", { name: detail.contact.name })}
          describedBy={error !== null ? `${hintId} ${errorId}` : hintId}
          readOnly={busy}
          onText={setText}
          onKeyDown={onKeyDown}
          actions={
            <>
              <button
                type="button"
                className="icon-button attach-button"
                onClick={() => fileRef.current?.click()}
                disabled={busy}
                aria-label={t("email.composer.attach")}
                title={t("email.composer.attach")}
                data-testid="attach-button"
              >
                <Icon name="paperclip" size={17} />
              </button>
              <input
                ref={fileRef}
                type="file"
                multiple
                className="visually-hidden"
                tabIndex={-1}
                aria-hidden="true"
                onChange={(e) => {
                  attach(e.target.files === null ? [] : [...e.target.files]);
                  e.target.value = "";
                }}
                data-testid="file-input"
              />
              <label className={`email-signature-check${signatureSet ? "" : " disabled"}`} title={signatureSet ? undefined : t("email.composer.noSignature")}>
                <input
                  type="checkbox"
                  checked={signature}
                  disabled={!signatureSet}
                  onChange={(e) => setWithSignature(e.target.checked)}
                  data-testid="email-signature-check"
                />
                {t("email.composer.signature")}
              </label>
              <span id={hintId} className="composer-hint" data-testid="composer-hint">
                {t("email.composer.keysHint")}
              </span>
              <button
                type="button"
                className="button primary send-button"
                disabled={!canSend}
                aria-busy={busy}
                data-testid="send-button"
                onClick={() => void submit()}
              >
                <Icon name="send" size={14} />
                {busy ? t("composer.sending") : t("email.composer.send")}
              </button>
            </>
          }
        />
      </div>
      {error !== null ? (
        <p id={errorId} className="error-text composer-error" role="alert" data-testid="send-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
