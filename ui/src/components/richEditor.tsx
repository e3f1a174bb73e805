import { useCallback, useRef, type ClipboardEvent, type FormEvent, type ReactNode, type RefObject } from "react";
import { cleanRichText, type CleanOptions } from "../lib/richText";
import "./richEditor.css";

/**
 * What the signature editor and the email composer share: a contentEditable
 * edited through `document.execCommand` (every desktop engine has it; jsdom
 * does not, so each command has a plain DOM fallback), a toolbar that keeps
 * the editor's selection, links and cleaned pastes.
 */

/** `document.execCommand`, where the webview has it. */
export function exec(command: string, value?: string): boolean {
  const run = (document as { execCommand?: (c: string, ui: boolean, v?: string) => boolean }).execCommand;
  return typeof run === "function" ? run.call(document, command, false, value) : false;
}

export function ToolButton({
  label,
  testId,
  onClick,
  disabled = false,
  className = "signature-tool",
  children,
}: {
  label: string;
  testId: string;
  onClick: () => void;
  disabled?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`icon-button ${className}`}
      aria-label={label}
      title={label}
      data-testid={testId}
      disabled={disabled}
      // keep the editor's selection when clicked with the mouse
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

/** How many characters of `root`'s text come before the range's start. */
function textOffset(root: HTMLElement, range: Range): number {
  const before = document.createRange();
  before.selectNodeContents(root);
  before.setEnd(range.startContainer, range.startOffset);
  return before.toString().length;
}

/** A collapsed selection `offset` characters into `root`'s text. */
function placeCaret(root: HTMLElement, offset: number): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let left = offset;
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const length = (node.textContent ?? "").length;
    if (left <= length) {
      const r = document.createRange();
      r.setStart(node, left);
      r.collapse(true);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(r);
      return;
    }
    left -= length;
  }
}

/**
 * Selection and editing helpers for the contentEditable `editor`; `changed`
 * is called after every edit made through them.
 */
export function useRichEditing(editor: RefObject<HTMLDivElement | null>, changed: () => void, clean: CleanOptions = {}) {
  const range = useRef<Range | null>(null);
  const images = clean.images;

  /** Remembers where the caret is, for the toolbar (which takes the focus). */
  const remember = useCallback(() => {
    const selection = window.getSelection();
    if (selection === null || selection.rangeCount === 0 || editor.current === null) return;
    const r = selection.getRangeAt(0);
    if (editor.current.contains(r.commonAncestorContainer)) range.current = r.cloneRange();
  }, [editor]);

  /** Focus back in the editor with the remembered selection (else at its end). */
  const restore = useCallback((): Range | null => {
    const root = editor.current;
    if (root === null) return null;
    root.focus();
    let r = range.current;
    if (r === null || !root.contains(r.commonAncestorContainer)) {
      r = document.createRange();
      r.selectNodeContents(root);
      r.collapse(false);
    }
    // a copy: the selection's own range moves with the edits that follow
    const live = r.cloneRange();
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(live);
    return live;
  }, [editor]);

  const insertNode = useCallback(
    (node: Node) => {
      const r = restore();
      if (r === null) return;
      r.deleteContents();
      r.insertNode(node);
      r.setStartAfter(node);
      r.collapse(true);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(r);
      range.current = r.cloneRange();
      changed();
    },
    [restore, changed],
  );

  const format = useCallback(
    (command: "bold" | "italic") => {
      restore();
      exec(command);
      remember();
      changed();
    },
    [restore, remember, changed],
  );

  /** A bulleted list from the selected lines (or a new one at the caret). */
  const bulletList = useCallback(() => {
    const r = restore();
    const root = editor.current;
    const caret = root !== null && r !== null && r.collapsed ? textOffset(root, r) : null;
    if (exec("insertUnorderedList")) {
      // Chromium leaves the caret at the start of the new item; it goes back where it was
      const now = window.getSelection();
      const moved = now !== null && now.rangeCount > 0 && root !== null && textOffset(root, now.getRangeAt(0)) !== caret;
      if (root !== null && caret !== null && moved) placeCaret(root, caret);
      remember();
      changed();
      return;
    }
    const ul = document.createElement("ul");
    const li = document.createElement("li");
    const words = r?.toString() ?? "";
    if (words.length > 0) li.textContent = words;
    else li.appendChild(document.createElement("br"));
    ul.appendChild(li);
    insertNode(ul);
  }, [editor, restore, remember, changed, insertNode]);

  /** Links the selection to `href`, or inserts `text` (or the address) linked. */
  const link = useCallback(
    (href: string, text: string) => {
      const r = restore();
      if (r !== null && !r.collapsed && exec("createLink", href)) {
        remember();
        changed();
        return;
      }
      const a = document.createElement("a");
      a.href = href;
      a.textContent = r !== null && !r.collapsed ? r.toString() : text.trim() || href;
      insertNode(a);
    },
    [restore, remember, changed, insertNode],
  );

  // Pasted rich text keeps only what the editor can hold.
  const onPaste = useCallback(
    (e: ClipboardEvent<HTMLDivElement>) => {
      const html = e.clipboardData.getData("text/html");
      const text = e.clipboardData.getData("text/plain");
      e.preventDefault();
      if (html.length > 0 ? !exec("insertHTML", cleanRichText(html, { images })) : !exec("insertText", text)) {
        insertNode(document.createTextNode(text));
      }
      changed();
    },
    [insertNode, changed, images],
  );

  return { remember, restore, insertNode, format, bulletList, link, onPaste };
}

/** The link box under a toolbar: the address, Add, Cancel (Esc). */
export function LinkForm({
  id,
  value,
  labels,
  problem,
  onChange,
  onSubmit,
  onCancel,
}: {
  id: string;
  value: string;
  labels: { address: string; add: string; cancel: string };
  /** Why the address was refused, shown under the box. */
  problem?: string | null;
  onChange: (value: string) => void;
  onSubmit: () => void;
  onCancel: () => void;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    onSubmit();
  };
  return (
    <form className="rich-link-form" onSubmit={submit}>
      <label htmlFor={id} className="rich-link-label">
        {labels.address}
      </label>
      <input
        id={id}
        className="rich-link-input"
        autoFocus
        placeholder="https://"
        value={value}
        aria-invalid={problem !== undefined && problem !== null ? true : undefined}
        aria-describedby={problem !== undefined && problem !== null ? `${id}-problem` : undefined}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          }
        }}
      />
      <button type="submit" className="button">
        {labels.add}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        {labels.cancel}
      </button>
      {problem !== undefined && problem !== null ? (
        <p id={`${id}-problem`} className="error-text rich-link-problem" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
