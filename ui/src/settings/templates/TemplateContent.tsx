import { Fragment } from "react";

/** A template's text with its `{{variables}}` marked, clamped to a few lines. */
export function TemplateContent({ content, clamp = true }: { content: string; clamp?: boolean }) {
  const parts = content.split(/(\{\{[^}]*\}\})/g);
  return (
    <p className={`template-content-preview${clamp ? " clamp" : ""}`}>
      {parts.map((part, i) =>
        /^\{\{[^}]*\}\}$/.test(part) ? (
          <mark key={i} className="template-var">
            {part}
          </mark>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </p>
  );
}
