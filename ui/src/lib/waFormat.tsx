import { Fragment, type ReactNode } from "react";

/** A parsed piece of WhatsApp-formatted text. */
export type FormatNode =
  | { type: "text"; text: string }
  | { type: "bold" | "italic" | "strike"; children: FormatNode[] }
  | { type: "mono"; text: string };

const MARKERS: Record<string, "bold" | "italic" | "strike"> = {
  "*": "bold",
  _: "italic",
  "~": "strike",
};

const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && SPACE.test(ch);
}

/** A marker may open at the start, or after anything that is not a letter/digit. */
function canOpen(s: string, i: number): boolean {
  const before = i > 0 ? s[i - 1] : undefined;
  const after = s[i + 1];
  if (after === undefined || isSpace(after) || after === s[i]) return false;
  return before === undefined || !WORD.test(before);
}

/** A marker may close after a non-space, when followed by the end or a non-word char. */
function canClose(s: string, j: number): boolean {
  const before = s[j - 1];
  const after = j + 1 < s.length ? s[j + 1] : undefined;
  if (before === undefined || isSpace(before)) return false;
  return after === undefined || !WORD.test(after);
}

function pushText(out: FormatNode[], text: string): void {
  if (text.length === 0) return;
  const last = out[out.length - 1];
  if (last !== undefined && last.type === "text") last.text += text;
  else out.push({ type: "text", text });
}

function parseInline(s: string): FormatNode[] {
  const out: FormatNode[] = [];
  let i = 0;
  let plainStart = 0;
  while (i < s.length) {
    const ch = s[i] as string;
    const type = MARKERS[ch];
    if (type !== undefined && canOpen(s, i)) {
      let j = i + 1;
      let close = -1;
      while (j < s.length && s[j] !== "\n") {
        if (s[j] === ch && j > i + 1 && canClose(s, j)) {
          close = j;
          break;
        }
        j += 1;
      }
      if (close !== -1) {
        pushText(out, s.slice(plainStart, i));
        out.push({ type, children: parseInline(s.slice(i + 1, close)) });
        i = close + 1;
        plainStart = i;
        continue;
      }
    }
    i += 1;
  }
  pushText(out, s.slice(plainStart));
  return out;
}

/** Parses WhatsApp markup: *bold*, _italic_, ~strike~ and ```monospace```. */
export function parseWhatsApp(text: string): FormatNode[] {
  const out: FormatNode[] = [];
  let rest = text;
  for (;;) {
    const open = rest.indexOf("```");
    if (open === -1) break;
    const close = rest.indexOf("```", open + 3);
    if (close === -1 || close === open + 3) break;
    for (const node of parseInline(rest.slice(0, open))) {
      if (node.type === "text") pushText(out, node.text);
      else out.push(node);
    }
    out.push({ type: "mono", text: rest.slice(open + 3, close) });
    rest = rest.slice(close + 3);
  }
  for (const node of parseInline(rest)) {
    if (node.type === "text") pushText(out, node.text);
    else out.push(node);
  }
  return out;
}

function renderNodes(nodes: FormatNode[]): ReactNode[] {
  return nodes.map((node, index) => {
    switch (node.type) {
      case "text":
        return <Fragment key={index}>{node.text}</Fragment>;
      case "mono":
        return <code key={index}>{node.text}</code>;
      case "bold":
        return <strong key={index}>{renderNodes(node.children)}</strong>;
      case "italic":
        return <em key={index}>{renderNodes(node.children)}</em>;
      case "strike":
        return <s key={index}>{renderNodes(node.children)}</s>;
    }
  });
}

/** Renders WhatsApp-formatted text as React elements (never as HTML). */
export function FormattedText({ text, plain = false }: { text: string; plain?: boolean }) {
  if (plain) return <>{text}</>;
  return <>{renderNodes(parseWhatsApp(text))}</>;
}
