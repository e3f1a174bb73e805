import type { TFunction } from "i18next";
import type { ConversationSummary } from "../bindings";
import { Icon } from "../components/Icon";
import { KIND_ICON } from "../components/kinds";
import { FormattedText } from "../lib/waFormat";

/** The one-line preview of a conversation's last message, with kind icon and "You:" prefix. */
export function ConversationPreview({ summary, t }: { summary: ConversationSummary; t: TFunction }) {
  const icon = KIND_ICON[summary.last_kind];
  const kindLabel = t(`kind.${summary.last_kind}`);
  const text = summary.preview.trim().length > 0 ? summary.preview : summary.last_kind === "text" ? "" : kindLabel;
  return (
    <span className="preview-text">
      {summary.last_kind === "note" ? (
        <span className="preview-prefix note">{t("preview.note")}</span>
      ) : summary.last_direction === "outbound" ? (
        <span className="preview-prefix">{t("preview.you")}</span>
      ) : null}
      {icon !== null && summary.last_kind !== "note" ? (
        <Icon name={icon} size={13} className="preview-icon" title={kindLabel} />
      ) : null}
      <FormattedText text={text} plain={summary.channel !== "whatsapp"} />
    </span>
  );
}
