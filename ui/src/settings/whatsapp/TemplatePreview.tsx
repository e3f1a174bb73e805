import { useTranslation } from "react-i18next";
import { Icon, type IconName } from "../../components/Icon";
import { useNow } from "../../components/now";
import { formatClock } from "../../i18n/format";
import { FormattedText } from "../../lib/waFormat";
import type { EditorState } from "./templateDraft";

const MEDIA_ICON: Record<string, IconName> = { image: "image", video: "video", document: "document" };

/** The header text with its sample value in place of `{{1}}`. */
function headerPreview(s: EditorState): string {
  return s.headerText.replace(/\{\{\s*1\s*\}\}/g, s.headerExample.length > 0 ? s.headerExample : "{{1}}");
}

/**
 * How the template will look on the customer's phone (TPL-3 "live preview"):
 * a WhatsApp bubble with the header, the body with the sample values filled in
 * (`preview` from the core's check), the footer and the buttons under it.
 */
export function TemplatePreview({ state, body }: { state: EditorState; body: string }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const buttons: { icon: IconName; text: string }[] = [
    ...state.quickReplies.map((text) => ({ icon: "reply" as const, text })),
    ...(state.url !== null ? [{ icon: "external" as const, text: state.url.text }] : []),
    ...(state.phone !== null ? [{ icon: "phone" as const, text: state.phone.text }] : []),
  ];
  const empty = body.trim().length === 0 && state.headerKind === "none";
  return (
    <figure className="wa-preview" data-testid="wa-tpl-preview" aria-label={t("wa.editor.preview")}>
      <figcaption className="wa-label">{t("wa.editor.preview")}</figcaption>
      <div className="wa-preview-chat">
        <div className="wa-preview-bubble">
          {state.headerKind === "text" && state.headerText.length > 0 ? (
            <p className="wa-preview-header" data-testid="wa-preview-header">
              {headerPreview(state)}
            </p>
          ) : null}
          {state.headerKind !== "none" && state.headerKind !== "text" ? (
            <div className="wa-preview-media">
              <Icon name={MEDIA_ICON[state.headerKind] ?? "document"} size={28} />
              <span>{t(`wa.editor.headerKinds.${state.headerKind}`)}</span>
            </div>
          ) : null}
          <p className="wa-preview-body" data-testid="wa-preview-body">
            {empty ? <span className="muted">{t("wa.editor.previewEmpty")}</span> : <FormattedText text={body} />}
          </p>
          {state.footer.length > 0 ? <p className="wa-preview-footer">{state.footer}</p> : null}
          <span className="wa-preview-time">{formatClock(now.toISOString(), i18n.language)}</span>
        </div>
        {buttons.map((b, i) => (
          <div key={i} className="wa-preview-button">
            <Icon name={b.icon} size={14} />
            <span>{b.text.length > 0 ? b.text : "…"}</span>
          </div>
        ))}
      </div>
    </figure>
  );
}
