import type { ReactNode } from "react";

export const MARK_START = "\uE000";
export const MARK_END = "\uE001";

export interface SnippetPart {
  text: string;
  match: boolean;
}

/** Splits a search snippet into plain and matched parts (markers U+E000 … U+E001). */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let buffer = "";
  const flush = () => {
    if (buffer.length === 0) return;
    const last = parts[parts.length - 1];
    if (last !== undefined && last.match === match) last.text += buffer;
    else parts.push({ text: buffer, match });
    buffer = "";
  };
  for (const ch of snippet) {
    if (ch === MARK_START) {
      flush();
      match = true;
    } else if (ch === MARK_END) {
      flush();
      match = false;
    } else {
      buffer += ch;
    }
  }
  flush();
  return parts;
}

export function HighlightedSnippet({ snippet }: { snippet: string }): ReactNode {
  return splitSnippet(snippet).map((part, index) =>
    part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
  );
}
