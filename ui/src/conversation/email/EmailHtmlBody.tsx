import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { EmailHtmlDto } from "../../bindings";
import { useBackend } from "../../backend/context";
import { useAllowRemoteImages, useEmailHtml } from "../../backend/emailQueries";
import { HtmlFrame } from "../../components/HtmlFrame";
import { Icon } from "../../components/Icon";
import { buildSrcdoc, cspSource, rewriteCid } from "../../lib/emailDocument";

/** An `<img>` whose source is on the web: the core kept it, so the sender's images are allowed. */
const REMOTE_IMG = /<img\b[^>]*\ssrc\s*=\s*["']?https?:/i;

/** The page shown for a message's HTML: inline images pointed at their attachments. */
export function emailSrcdoc(dto: EmailHtmlDto, loadRemote: boolean, attachmentUrl: (index: number) => string): string {
  const source = cspSource(attachmentUrl(0));
  return buildSrcdoc(rewriteCid(dto.html, dto.inline, attachmentUrl), {
    imageSources: source === null ? [] : [source],
    remoteImages: loadRemote || REMOTE_IMG.test(dto.html),
  });
}

/**
 * The formatted view of an email: the core's sanitized HTML in a sandboxed,
 * script-less frame. Remote images stay blocked (they tell the sender the
 * mail was read) until the member loads them once or always for the sender.
 */
export function EmailHtmlBody({ messageId, onShowText }: { messageId: number; onShowText: () => void }) {
  const { t } = useTranslation();
  const backend = useBackend();
  const [loadRemote, setLoadRemote] = useState(false);
  const query = useEmailHtml(messageId, loadRemote, true);
  const allow = useAllowRemoteImages();
  // while the page with images loads, the one without stays (placeholder data)
  const shown = query.data;

  if (query.isPending) {
    return (
      <div className="email-html-state" aria-busy="true">
        <span className="spinner" aria-hidden="true" />
        {t("email.card.loadingHtml")}
      </div>
    );
  }
  if (query.isError || shown === undefined) {
    return (
      <div className="email-html-state error" role="alert" data-testid="email-html-error">
        <Icon name="alert" size={15} />
        <span>{t("email.card.htmlFailed", { message: query.error?.message ?? "" })}</span>
        <button type="button" className="link-button" onClick={onShowText}>
          {t("email.card.showText")}
        </button>
      </div>
    );
  }
  const blocked = shown.blocked_remote_images;
  return (
    <div className="email-html">
      {blocked > 0 && !loadRemote ? (
        <div className="email-remote-bar" role="status" data-testid="remote-images-bar">
          <Icon name="shield" size={15} />
          <span className="email-remote-text">{t("email.card.remoteBlocked", { count: blocked })}</span>
          <button type="button" className="button subtle" data-testid="load-remote-images" onClick={() => setLoadRemote(true)}>
            {t("email.card.loadImages")}
          </button>
          {shown.sender.length > 0 ? (
            <button
              type="button"
              className="button subtle"
              data-testid="allow-remote-images"
              disabled={allow.isPending}
              onClick={() => allow.mutate(shown.sender)}
            >
              {t("email.card.alwaysFor", { sender: shown.sender })}
            </button>
          ) : null}
          {allow.isError ? <span className="error-text">{t("email.card.allowFailed", { message: allow.error.message })}</span> : null}
        </div>
      ) : null}
      <HtmlFrame
        srcDoc={emailSrcdoc(shown, loadRemote, (index) => backend.attachmentUrl(messageId, index))}
        title={t("email.card.htmlTitle")}
        cacheKey={`email-${messageId}-${loadRemote ? "remote" : "safe"}`}
        testId="email-html-frame"
      />
    </div>
  );
}
