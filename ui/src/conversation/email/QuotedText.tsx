import type { ReactNode } from "react";

/** Consecutive lines at the same quoting depth (`>` = 1, `>>` or `> >` = 2, …), markers removed. */
export function quoteBlocks(text: string): { depth: number; text: string }[] {
  const blocks: { depth: number; lines: string[] }[] = [];
  for (const raw of text.replace(/\s+$/, "").split("\n")) {
    const marks = /^((?:>\s?)+)/.exec(raw)?.[1] ?? "";
    const depth = (marks.match(/>/g) ?? []).length;
    const line = raw.slice(marks.length);
    const last = blocks[blocks.length - 1];
    if (last !== undefined && last.depth === depth) last.lines.push(line);
    else blocks.push({ depth, lines: [line] });
  }
  return blocks.map((b) => ({ depth: b.depth, text: b.lines.join("\n") }));
}

function Level({ depth, children }: { depth: number; children: ReactNode }) {
  if (depth <= 0) return <>{children}</>;
  return (
    <div className="email-quote-level">
      <Level depth={depth - 1}>{children}</Level>
    </div>
  );
}

/** The quoted history under an email, each `>` level as a bar instead of the markers. */
export function QuotedText({ id, text }: { id: string; text: string }) {
  return (
    <div id={id} className="email-quoted" data-testid="email-quoted">
      {quoteBlocks(text).map((block, i) => (
        <Level key={i} depth={block.depth}>
          <div className="email-quote-text">{block.text}</div>
        </Level>
      ))}
    </div>
  );
}
