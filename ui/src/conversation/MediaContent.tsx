import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { MediaDto, MessageContent, MessageDto } from "../bindings";
import { useBackend } from "../backend/context";
import { useRetryMedia } from "../backend/queries";
import { toApiError } from "../backend/types";
import { Icon } from "../components/Icon";
import { Modal } from "../components/Modal";
import { KIND_ICON } from "../components/kinds";
import { formatDuration, formatFileSize } from "../i18n/format";
import { FormattedText } from "../lib/waFormat";

type MediaContentData = Extract<MessageContent, { type: "media" }>;

/** File types that run code when opened: hidden behind a warning (WA-4). */
const RISKY_EXTENSIONS = new Set(["exe", "bat", "cmd", "com", "scr", "msi", "apk", "js", "jse", "vbs", "ps1", "jar"]);
const RISKY_MIMES = new Set([
  "application/x-msdownload",
  "application/x-msdos-program",
  "application/x-msi",
  "application/vnd.android.package-archive",
  "application/javascript",
  "text/javascript",
  "application/java-archive",
]);

/**
 * Whether an attachment should be hidden until the agent asks for it. The
 * core has no "quarantined" flag yet, so documents whose name or type is an
 * executable are treated as flagged.
 */
export function isRiskyAttachment(message: Pick<MessageDto, "kind">, content: Pick<MediaContentData, "filename" | "mime">): boolean {
  if (message.kind !== "document") return false;
  return isRiskyFile(content.filename, content.mime);
}

/** Whether a file's name or type is an executable (email attachments too). */
export function isRiskyFile(filename: string | null, mimeType: string): boolean {
  const ext = filename?.split(".").pop()?.toLowerCase() ?? "";
  const mime = mimeType.split(";")[0]?.trim().toLowerCase() ?? "";
  return (filename?.includes(".") === true && RISKY_EXTENSIONS.has(ext)) || RISKY_MIMES.has(mime);
}

function mediaTitle(message: MessageDto, content: MediaContentData, t: TFunction): string {
  if (content.filename !== null && content.filename.length > 0) return content.filename;
  return t(`kind.${message.kind}`);
}

function mediaDetails(message: MessageDto, content: MediaContentData, media: MediaDto | null, locale: string, t: TFunction): string {
  const size = content.size ?? media?.size ?? null;
  return [
    content.filename !== null && content.filename.length > 0 ? t(`kind.${message.kind}`) : null,
    content.duration_secs !== null ? formatDuration(content.duration_secs) : null,
    size !== null ? formatFileSize(size, locale) : null,
    content.mime.split(";")[0]?.trim() ?? "",
  ]
    .filter((v): v is string => v !== null && v.length > 0)
    .join(" · ");
}

function Caption({ content, formatted }: { content: MediaContentData; formatted: boolean }) {
  if (content.caption === null || content.caption.length === 0) return null;
  return (
    <div className="message-text caption">
      <FormattedText text={content.caption} plain={!formatted} />
    </div>
  );
}

/** The file card: icon, name and details, plus whatever `children` adds on the right or below. */
function FileCard({
  message,
  content,
  media,
  children,
  className = "",
}: {
  message: MessageDto;
  content: MediaContentData;
  media: MediaDto | null;
  children?: ReactNode;
  className?: string;
}) {
  const { t, i18n } = useTranslation();
  const icon = KIND_ICON[message.kind] ?? "paperclip";
  return (
    <div className={`media-card media-${message.kind}${className.length > 0 ? ` ${className}` : ""}`}>
      <span className="media-icon">
        <Icon name={icon} size={20} />
      </span>
      <span className="media-text">
        <span className="media-title">{mediaTitle(message, content, t)}</span>
        <span className="media-details">{mediaDetails(message, content, media, i18n.language, t)}</span>
      </span>
      {children}
    </div>
  );
}

function PendingMedia({ message, content, media }: { message: MessageDto; content: MediaContentData; media: MediaDto }) {
  const { t } = useTranslation();
  return (
    <FileCard message={message} content={content} media={media} className="media-state">
      <span className="media-status" role="status" data-testid="media-pending">
        <span className="spinner" aria-hidden="true" />
        {t("message.media.downloading")}
      </span>
    </FileCard>
  );
}

function FailedMedia({ message, content, media }: { message: MessageDto; content: MediaContentData; media: MediaDto }) {
  const { t } = useTranslation();
  const retry = useRetryMedia(message.conversation_id);
  const error = retry.error === null ? null : toApiError(retry.error);
  return (
    <div className="media-failed" data-testid="media-failed">
      <FileCard message={message} content={content} media={media} className="media-state" />
      <div className="media-failed-row">
        <span className="media-failed-reason">
          <Icon name="alert" size={13} />
          <span>
            {t("message.media.failed")}
            {media.error !== null && media.error.length > 0 ? `: ${media.error}` : ""}
          </span>
        </span>
        <button
          type="button"
          className="button subtle"
          onClick={() => retry.mutate(message.id)}
          disabled={retry.isPending}
          aria-busy={retry.isPending}
          data-testid="media-retry"
        >
          <Icon name="refresh" size={12} />
          {t("message.media.retry")}
        </button>
      </div>
      {error !== null ? (
        <p className="error-text" role="alert" data-testid="media-retry-error">
          {t("message.actionFailed", { message: error.message })}
        </p>
      ) : null}
    </div>
  );
}

function ImageMedia({ message, content, src }: { message: MessageDto; content: MediaContentData; src: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const alt = content.caption ?? content.filename ?? t("kind.image");
  return (
    <>
      <button
        type="button"
        className="media-image-button"
        onClick={() => setOpen(true)}
        aria-label={t("message.media.openImage")}
        data-testid="media-image"
      >
        <img className="media-photo" src={src} alt={alt} loading="lazy" />
      </button>
      {content.filename !== null && content.filename.length > 0 ? (
        <span className="media-filename">{content.filename}</span>
      ) : null}
      {open ? (
        <Modal title={alt} onClose={() => setOpen(false)} className="lightbox" testId="lightbox" hideTitle>
          <img className="lightbox-image" src={src} alt={alt} />
          <div className="lightbox-bar">
            <span className="lightbox-caption">{content.caption ?? content.filename ?? ""}</span>
            <a className="button" href={src} download={content.filename ?? `${t("kind.image")}-${message.id}`}>
              <Icon name="download" size={14} />
              {t("message.media.download")}
            </a>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              <Icon name="x" size={14} />
              {t("message.media.close")}
            </button>
          </div>
        </Modal>
      ) : null}
    </>
  );
}

function ReadyMedia({ message, content, media }: { message: MessageDto; content: MediaContentData; media: MediaDto }) {
  const { t, i18n } = useTranslation();
  const backend = useBackend();
  const src = backend.mediaUrl(message.id);
  switch (message.kind) {
    case "image":
      return <ImageMedia message={message} content={content} src={src} />;
    case "sticker":
      return <img className="media-sticker-image" src={src} alt={t("kind.sticker")} loading="lazy" data-testid="media-sticker" />;
    case "video":
      return (
        <video className="media-video-player" src={src} controls preload="metadata" data-testid="media-video">
          {t("message.media.noPlayer")}
        </video>
      );
    case "audio":
    case "voice": {
      const voice = message.kind === "voice";
      return (
        <div className={`media-audio-player${voice ? " voice" : ""}`}>
          <span className="media-audio-icon" aria-hidden="true">
            <Icon name={voice ? "voice" : "audio"} size={16} />
          </span>
          <audio
            src={src}
            controls
            preload="metadata"
            aria-label={voice ? t("kind.voice") : mediaTitle(message, content, t)}
            data-testid="media-audio"
          />
          {!voice && content.filename !== null ? <span className="media-filename">{content.filename}</span> : null}
          {voice && content.duration_secs !== null ? (
            <span className="media-duration">{formatDuration(content.duration_secs)}</span>
          ) : null}
        </div>
      );
    }
    default: {
      const name = content.filename ?? `${t(`kind.${message.kind}`)}-${message.id}`;
      const size = content.size ?? media.size;
      return (
        <FileCard message={message} content={content} media={media}>
          <a
            className="button subtle media-download"
            href={src}
            download={name}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={t("message.media.downloadNamed", {
              name,
              size: size !== null ? formatFileSize(size, i18n.language) : "",
            })}
            data-testid="media-download"
          >
            <Icon name="download" size={13} />
            {t("message.media.download")}
          </a>
        </FileCard>
      );
    }
  }
}

function Quarantined({ message, content, onShow }: { message: MessageDto; content: MediaContentData; onShow: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="media-quarantine" data-testid="media-quarantine">
      <Icon name="shield" size={20} />
      <span className="media-text">
        <span className="media-title">{mediaTitle(message, content, t)}</span>
        <span className="media-quarantine-text">{t("message.media.dangerous")}</span>
      </span>
      <button type="button" className="button subtle" onClick={onShow} data-testid="media-show-anyway">
        {t("message.media.showAnyway")}
      </button>
    </div>
  );
}

/**
 * A media message: the file itself once downloaded (image, sticker, video,
 * audio, voice note, document card), a spinner while it downloads, the reason
 * and Retry when it failed, and the plain file card when the core has no file
 * (e.g. demo data).
 */
export function MediaContent({ message, content, formatted }: { message: MessageDto; content: MediaContentData; formatted: boolean }) {
  const [revealed, setRevealed] = useState(false);
  const media = message.media;
  if (isRiskyAttachment(message, content) && !revealed) {
    return (
      <div className="media-block">
        <Quarantined message={message} content={content} onShow={() => setRevealed(true)} />
        <Caption content={content} formatted={formatted} />
      </div>
    );
  }
  let body: ReactNode;
  if (media === null) body = <FileCard message={message} content={content} media={null} />;
  else if (media.state === "ready") body = <ReadyMedia message={message} content={content} media={media} />;
  else if (media.state === "pending") body = <PendingMedia message={message} content={content} media={media} />;
  else if (media.state === "failed") body = <FailedMedia message={message} content={content} media={media} />;
  else body = <FileCard message={message} content={content} media={media} />;
  return (
    <div className={`media-block media-block-${message.kind}`} data-media-state={media?.state ?? "none"}>
      {body}
      <Caption content={content} formatted={formatted} />
    </div>
  );
}
