import { useCallback, useLayoutEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { EmailAccountDto } from "../../bindings";
import { useSetEmailSignature } from "../../backend/emailQueries";
import { HtmlFrame } from "../../components/HtmlFrame";
import { Icon } from "../../components/Icon";
import { LinkForm, ToolButton, useRichEditing } from "../../components/richEditor";
import { formatFileSize } from "../../i18n/format";
import { buildSrcdoc } from "../../lib/emailDocument";
import {
  MAX_SIGNATURE_IMAGE_BYTES,
  SIGNATURE_IMAGE_TYPES,
  cleanRichText,
  fillRichText,
  hasRichContent,
  normalizeLink,
} from "../../lib/richText";
import { ApiErrorNotice } from "../whatsapp/fields";
import "./signature.css";

function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error("unreadable"));
    reader.onload = () => resolve(typeof reader.result === "string" ? reader.result : "");
    reader.readAsDataURL(file);
  });
}

/**
 * The mailbox's signature: a small rich editor (bold, italic, link, image
 * from a file), Save, and a preview of the saved signature under an answer.
 */
export function SignatureEditor({ account }: { account: EmailAccountDto }) {
  const { t, i18n } = useTranslation();
  const editor = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [dirty, setDirty] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSetEmailSignature();
  const saved = account.signature_html;

  // The saved signature fills the editor until the member changes it (then it is theirs).
  useLayoutEffect(() => {
    if (!dirty && editor.current !== null) fillRichText(editor.current, saved);
  }, [saved, dirty]);

  const changed = useCallback(() => {
    setDirty(true);
    setProblem(null);
    if (!save.isIdle) save.reset();
  }, [save]);
  const { remember, restore, insertNode, format, link: addLink, onPaste } = useRichEditing(editor, changed);

  const applyLink = () => {
    const href = normalizeLink(link ?? "");
    if (href === null) {
      setProblem(t("email.signature.badLink"));
      return;
    }
    setLink(null);
    addLink(href, link ?? href);
  };

  const pickImage = async (file: File | undefined) => {
    if (file === undefined) return;
    if (!(SIGNATURE_IMAGE_TYPES as readonly string[]).includes(file.type)) {
      setProblem(t("email.signature.imageType", { name: file.name }));
      return;
    }
    if (file.size > MAX_SIGNATURE_IMAGE_BYTES) {
      setProblem(
        t("email.signature.imageTooBig", {
          name: file.name,
          size: formatFileSize(file.size, i18n.language),
          max: formatFileSize(MAX_SIGNATURE_IMAGE_BYTES, i18n.language),
        }),
      );
      return;
    }
    try {
      const img = document.createElement("img");
      img.src = await readAsDataUrl(file);
      img.alt = file.name.replace(/\.[a-z0-9]+$/i, "");
      insertNode(img);
    } catch {
      setProblem(t("email.signature.imageUnreadable", { name: file.name }));
    }
  };

  const submit = () => {
    const root = editor.current;
    if (root === null) return;
    const html = cleanRichText(root.innerHTML);
    save.mutate({ account_id: account.account_id, html: hasRichContent(html) ? html : "" }, { onSuccess: () => setDirty(false) });
  };

  return (
    <div className="signature" data-testid="email-signature-editor">
      <div className="signature-box">
        <div className="signature-toolbar" role="toolbar" aria-label={t("email.signature.toolbar")} aria-controls="email-signature">
          <ToolButton label={t("email.signature.bold")} testId="signature-bold" onClick={() => format("bold")}>
            <strong aria-hidden="true">B</strong>
          </ToolButton>
          <ToolButton label={t("email.signature.italic")} testId="signature-italic" onClick={() => format("italic")}>
            <em aria-hidden="true">I</em>
          </ToolButton>
          <ToolButton
            label={t("email.signature.link")}
            testId="signature-link"
            onClick={() => {
              remember();
              setProblem(null);
              setLink("");
            }}
          >
            <Icon name="external" size={15} />
          </ToolButton>
          <ToolButton
            label={t("email.signature.image")}
            testId="signature-image"
            onClick={() => {
              remember();
              fileInput.current?.click();
            }}
          >
            <Icon name="image" size={15} />
          </ToolButton>
          <input
            ref={fileInput}
            type="file"
            accept={SIGNATURE_IMAGE_TYPES.join(",")}
            className="visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
            data-testid="signature-file"
            onChange={(e) => {
              void pickImage(e.target.files?.[0]);
              e.target.value = "";
            }}
          />
          <span className="signature-tool-hint">{t("email.signature.imageHint", { max: formatFileSize(MAX_SIGNATURE_IMAGE_BYTES, i18n.language) })}</span>
        </div>
        {link !== null ? (
          <LinkForm
            id="email-signature-link"
            value={link}
            labels={{ address: t("email.signature.linkUrl"), add: t("email.signature.addLink"), cancel: t("common.cancel") }}
            onChange={setLink}
            onSubmit={applyLink}
            onCancel={() => {
              setLink(null);
              restore();
            }}
          />
        ) : null}
        <div
          ref={editor}
          id="email-signature"
          className="signature-editor"
          contentEditable
          suppressContentEditableWarning
          role="textbox"
          aria-multiline="true"
          aria-label={t("email.signature.label")}
          data-placeholder={t("email.signature.placeholder")}
          data-testid="signature-input"
          tabIndex={0}
          onInput={changed}
          onKeyUp={remember}
          onMouseUp={remember}
          onBlur={remember}
          onPaste={onPaste}
        />
      </div>
      {problem !== null ? (
        <p className="error-text signature-problem" role="alert" data-testid="signature-problem">
          {problem}
        </p>
      ) : null}
      {save.isError ? <ApiErrorNotice error={save.error} testId="signature-error" /> : null}
      <div className="wa-actions">
        <span className="wa-help" role="status">
          {save.isSuccess && !dirty ? t("email.signature.saved") : dirty ? t("email.signature.unsaved") : ""}
        </span>
        <span className="wa-actions-spacer" />
        <button type="button" className="button primary" data-testid="signature-save" disabled={save.isPending || !dirty} onClick={submit}>
          {save.isPending ? <span className="wa-spinner" aria-hidden="true" /> : <Icon name="check" size={14} />}
          {t("email.signature.save")}
        </button>
      </div>
      <h4 className="signature-preview-title">{t("email.signature.preview")}</h4>
      {saved.trim().length > 0 ? (
        <div className="signature-preview" data-testid="signature-preview">
          <p className="signature-preview-sample">{t("email.signature.sample")}</p>
          <p className="signature-preview-dashes" aria-hidden="true">
            --
          </p>
          <HtmlFrame
            srcDoc={buildSrcdoc(saved, { imageSources: [], remoteImages: false })}
            title={t("email.signature.preview")}
            cacheKey={`signature-${account.account_id}-${saved.length}`}
          />
        </div>
      ) : (
        <p className="muted signature-none">{t("email.signature.none")}</p>
      )}
    </div>
  );
}
