import { useEffect, useRef, useState, type Ref } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError, MailServerDto, OAuthProviderDto } from "../../bindings";
import { Icon } from "../../components/Icon";
import { ApiErrorNotice } from "../whatsapp/fields";
import type { OAuthSignIn } from "./useOAuthSignIn";
import "./oauth.css";

/** The providers' marks, drawn here (no remote assets). */
export function ProviderLogo({ provider }: { provider: OAuthProviderDto }) {
  if (provider === "microsoft") {
    return (
      <svg className="oauth-logo" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
        <rect x="0" y="0" width="7.5" height="7.5" fill="#f25022" />
        <rect x="8.5" y="0" width="7.5" height="7.5" fill="#7fba00" />
        <rect x="0" y="8.5" width="7.5" height="7.5" fill="#00a4ef" />
        <rect x="8.5" y="8.5" width="7.5" height="7.5" fill="#ffb900" />
      </svg>
    );
  }
  return (
    <svg className="oauth-logo" width="16" height="16" viewBox="0 0 48 48" aria-hidden="true">
      <path fill="#EA4335" d="M24 9.5c3.54 0 6.71 1.22 9.21 3.6l6.85-6.85C35.9 2.38 30.47 0 24 0 14.62 0 6.51 5.38 2.56 13.22l7.98 6.19C12.43 13.72 17.74 9.5 24 9.5z" />
      <path fill="#4285F4" d="M46.98 24.55c0-1.57-.15-3.09-.38-4.55H24v9.02h12.94c-.58 2.96-2.26 5.48-4.78 7.18l7.73 6c4.51-4.18 7.09-10.36 7.09-17.65z" />
      <path fill="#FBBC05" d="M10.53 28.59c-.48-1.45-.76-2.99-.76-4.59s.27-3.14.76-4.59l-7.98-6.19C.92 16.46 0 20.12 0 24c0 3.88.92 7.54 2.56 10.78l7.97-6.19z" />
      <path fill="#34A853" d="M24 48c6.48 0 11.93-2.13 15.89-5.81l-7.73-6c-2.15 1.45-4.92 2.3-8.16 2.3-6.26 0-11.57-4.22-13.47-9.91l-7.98 6.19C6.51 42.62 14.62 48 24 48z" />
    </svg>
  );
}

export const PROVIDER_NAMES: Record<OAuthProviderDto, string> = { google: "Google", microsoft: "Microsoft" };
/** Refusals worded here; the rest go to the shared notice. */
const OAUTH_ERRORS = new Set(["oauth_unavailable", "oauth_failed", "email_refused", "email_duplicate", "bad_input", "browser_unavailable"]);

/**
 * "Sign in with Google / Microsoft": the primary way to add such a mailbox.
 * Needs the address and the sender name first; the app password stays a
 * second way (`onUsePassword`), also offered when this build cannot sign in.
 */
export function OAuthSignInBlock({
  provider,
  state,
  missing,
  disabled,
  servers,
  buttonRef,
  submits,
  onStart,
  onUsePassword,
}: {
  provider: OAuthProviderDto;
  state: OAuthSignIn;
  /** What to fill in before signing in (null when nothing). */
  missing: string | null;
  disabled: boolean;
  /** The servers the token will be used on. */
  servers: { imap: MailServerDto; smtp: MailServerDto };
  buttonRef?: Ref<HTMLButtonElement>;
  /** The form's default button (Enter signs in): the form's submit calls `onStart`. */
  submits: boolean;
  onStart: () => void;
  onUsePassword: () => void;
}) {
  const { t } = useTranslation();
  const name = PROVIDER_NAMES[provider];
  const starting = state.phase === "starting";
  const error = state.phase === "error" && state.provider === provider ? state.error : null;
  return (
    <div className="oauth-block" data-testid="email-oauth">
      <button
        ref={buttonRef}
        type={submits ? "submit" : "button"}
        className="button oauth-button"
        data-testid={`email-oauth-${provider}`}
        disabled={disabled || missing !== null || starting}
        aria-describedby="email-oauth-help"
        onClick={submits ? undefined : onStart}
      >
        {starting ? <span className="wa-spinner" aria-hidden="true" /> : <ProviderLogo provider={provider} />}
        {t("email.oauth.signIn", { provider: name })}
      </button>
      <p id="email-oauth-help" className="wa-help oauth-help">
        {missing ?? t("email.oauth.help", { provider: name })}
      </p>
      <p className="oauth-servers">
        {t("email.oauth.servers", { imap: servers.imap.host, smtp: servers.smtp.host })}
      </p>
      {error !== null ? <OAuthErrorNotice error={error} provider={provider} onUsePassword={onUsePassword} /> : null}
    </div>
  );
}

/** A refused sign-in; `onUsePassword` offers the app password when this build cannot sign in. */
export function OAuthErrorNotice({ error, provider, onUsePassword }: { error: ApiError; provider: OAuthProviderDto; onUsePassword?: () => void }) {
  const { t } = useTranslation();
  if (!OAUTH_ERRORS.has(error.code)) return <ApiErrorNotice error={error} testId="email-oauth-error" />;
  return (
    <div className="wa-notice error" role="alert" data-testid="email-oauth-error" data-code={error.code}>
      <Icon name="alert" size={16} />
      <div>
        <strong>{t(`email.oauth.errors.${error.code}`, { provider: PROVIDER_NAMES[provider] })}</strong>
        {error.code === "oauth_unavailable" ? <p>{t("email.oauth.unavailableHelp")}</p> : null}
        {error.message.length > 0 ? <p className="wa-notice-detail">{error.message}</p> : null}
        {error.code === "oauth_unavailable" && onUsePassword !== undefined ? (
          <button type="button" className="button" data-testid="email-oauth-use-password" onClick={onUsePassword}>
            <Icon name="lock" size={14} />
            {t("email.oauth.usePassword")}
          </button>
        ) : null}
      </div>
    </div>
  );
}

/**
 * While the provider's page is open: what to do there, the page's link again
 * (a browser may have blocked the new tab), and Cancel back to the form.
 */
export function OAuthWaiting({
  state,
  opensItself,
  onCancel,
}: {
  state: Extract<OAuthSignIn, { phase: "waiting" }>;
  /** The core opened the system browser (the desktop window). */
  opensItself: boolean;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState(false);
  const name = PROVIDER_NAMES[state.provider];

  // Announced and focused, so the keyboard is here (Esc cancels).
  useEffect(() => box.current?.focus(), []);

  const copy = () => {
    // not every webview lets a page write the clipboard
    const clipboard = (navigator as { clipboard?: Clipboard }).clipboard;
    if (clipboard === undefined) return;
    clipboard.writeText(state.url).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <div
      ref={box}
      className="settings-card oauth-waiting"
      data-testid="email-oauth-waiting"
      role="group"
      aria-labelledby="email-oauth-waiting-title"
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <span className="oauth-waiting-mark" aria-hidden="true">
        <ProviderLogo provider={state.provider} />
        <span className="wa-spinner" />
      </span>
      <h3 id="email-oauth-waiting-title">{t("email.oauth.waitingTitle")}</h3>
      <p>{t(opensItself ? "email.oauth.waitingOpened" : "email.oauth.waitingTab", { provider: name, address: state.address })}</p>
      <p className="wa-help">{t("email.oauth.waitingLimit")}</p>
      <div className="oauth-waiting-actions">
        {opensItself ? (
          <button type="button" className="button" data-testid="email-oauth-copy" onClick={copy}>
            <Icon name={copied ? "check" : "external"} size={14} />
            {copied ? t("email.oauth.copied") : t("email.oauth.copyLink")}
          </button>
        ) : (
          <a className="button" href={state.url} target="_blank" rel="noopener noreferrer" data-testid="email-oauth-link">
            <Icon name="external" size={14} />
            {t("email.oauth.openAgain", { provider: name })}
          </a>
        )}
        <button type="button" className="button" data-testid="email-oauth-cancel" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </div>
  );
}
