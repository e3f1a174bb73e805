import { useCallback, useImperativeHandle, useRef, useState, type KeyboardEvent, type ReactNode, type Ref } from "react";
import { useTranslation } from "react-i18next";
import { Icon } from "../../components/Icon";
import { LinkForm, ToolButton, useRichEditing } from "../../components/richEditor";
import { cleanRichText, normalizeLink, richTextToPlain } from "../../lib/richText";
import "./richBody.css";

export interface RichBodyHandle {
  focus(): void;
  clear(): void;
  /** What was written: the cleaned HTML and its plain-text rendering. */
  read(): { text: string; html: string };
}

/** The composer keeps no images in the body (files go as attachments). */
const CLEAN = { images: false } as const;

/**
 * The email composer's body: a contentEditable with a small formatting
 * toolbar (bold, italic, link, bulleted list) at the start of the actions
 * row, which the composer fills in with `actions`. Ctrl/Cmd+B and I are the
 * webview's own; Ctrl/Cmd+K opens the link box.
 */
export function RichBody({
  ref,
  id,
  label,
  placeholder,
  describedBy,
  readOnly,
  onText,
  onKeyDown,
  actions,
}: {
  ref?: Ref<RichBodyHandle>;
  id: string;
  label: string;
  placeholder: string;
  describedBy?: string;
  readOnly: boolean;
  /** The plain text after every change (the composer decides if it can send). */
  onText: (text: string) => void;
  onKeyDown: (e: KeyboardEvent<HTMLElement>) => void;
  actions: ReactNode;
}) {
  const { t } = useTranslation();
  const editor = useRef<HTMLDivElement>(null);
  const [link, setLink] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const changed = useCallback(() => {
    const root = editor.current;
    if (root === null) return;
    // emptied by the member: the webview leaves a <br>; without it the placeholder shows again
    if (root.innerHTML === "<br>") root.replaceChildren();
    onText(richTextToPlain(root.innerHTML));
  }, [onText]);
  const { remember, restore, format, bulletList, link: addLink, onPaste } = useRichEditing(editor, changed, CLEAN);

  useImperativeHandle(ref, () => ({
    focus: () => {
      const root = editor.current;
      if (root === null) return;
      root.focus();
      // the caret after what is already written
      const r = document.createRange();
      r.selectNodeContents(root);
      r.collapse(false);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(r);
    },
    clear: () => {
      editor.current?.replaceChildren();
      setLink(null);
      setProblem(null);
      onText("");
    },
    read: () => {
      const html = cleanRichText(editor.current?.innerHTML ?? "", CLEAN);
      return { text: richTextToPlain(html), html };
    },
  }));

  const openLink = () => {
    remember();
    setProblem(null);
    setLink("");
  };
  const applyLink = () => {
    const href = normalizeLink(link ?? "");
    if (href === null) {
      setProblem(t("email.composer.format.badLink"));
      return;
    }
    setLink(null);
    setProblem(null);
    addLink(href, link ?? href);
  };
  const closeLink = () => {
    setLink(null);
    setProblem(null);
    restore();
  };

  const keyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k") {
      // a link here, not the search box
      e.preventDefault();
      e.stopPropagation();
      if (!readOnly) openLink();
      return;
    }
    onKeyDown(e);
  };

  return (
    <>
      <div
        ref={editor}
        id={id}
        className="composer-input email-compose-text"
        contentEditable={!readOnly}
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        aria-label={label}
        aria-readonly={readOnly || undefined}
        aria-describedby={describedBy}
        data-placeholder={placeholder}
        tabIndex={0}
        onInput={changed}
        onKeyDown={keyDown}
        onKeyUp={remember}
        onMouseUp={remember}
        onBlur={remember}
        onPaste={onPaste}
      />
      {link !== null ? (
        <LinkForm
          id={`${id}-link`}
          value={link}
          labels={{ address: t("email.composer.format.linkUrl"), add: t("email.composer.format.addLink"), cancel: t("common.cancel") }}
          problem={problem}
          onChange={setLink}
          onSubmit={applyLink}
          onCancel={closeLink}
        />
      ) : null}
      <div className="composer-actions">
        <div className="compose-format" role="toolbar" aria-label={t("email.composer.format.toolbar")} aria-controls={id}>
          <ToolButton className="compose-tool" label={t("email.composer.format.bold")} testId="compose-bold" disabled={readOnly} onClick={() => format("bold")}>
            <strong aria-hidden="true">B</strong>
          </ToolButton>
          <ToolButton className="compose-tool" label={t("email.composer.format.italic")} testId="compose-italic" disabled={readOnly} onClick={() => format("italic")}>
            <em aria-hidden="true">I</em>
          </ToolButton>
          <ToolButton className="compose-tool" label={t("email.composer.format.link")} testId="compose-link" disabled={readOnly} onClick={openLink}>
            <Icon name="link" size={15} />
          </ToolButton>
          <ToolButton className="compose-tool" label={t("email.composer.format.list")} testId="compose-list" disabled={readOnly} onClick={bulletList}>
            <Icon name="list" size={15} />
          </ToolButton>
        </div>
        {actions}
      </div>
    </>
  );
}
