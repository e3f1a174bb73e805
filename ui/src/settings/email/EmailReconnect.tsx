import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { EmailAccountDto, OAuthProviderDto } from "../../bindings";
import { useBackend } from "../../backend/context";
import { useReconnectEmailAccount } from "../../backend/emailQueries";
import { Icon } from "../../components/Icon";
import { Modal } from "../../components/Modal";
import { Field, SecretInput } from "../whatsapp/fields";
import { EmailErrorNotice } from "./EmailErrorNotice";
import { OAuthErrorNotice, OAuthWaiting, PROVIDER_NAMES, ProviderLogo } from "./OAuthSignIn";
import { useOAuthSignIn, type OAuthRequest } from "./useOAuthSignIn";

/** The provider a mailbox signs in with; `null` for a password (IMAP/SMTP). */
export function signInProvider(account: Pick<EmailAccountDto, "kind">): OAuthProviderDto | null {
  if (account.kind === "email_gmail") return "google";
  if (account.kind === "email_microsoft") return "microsoft";
  return null;
}

/** "Sign in again": the mailbox's own address, name and servers (the core updates that mailbox). */
export function signInAgainRequest(account: EmailAccountDto, provider: OAuthProviderDto): OAuthRequest {
  return {
    provider,
    address: account.address,
    sender_name: account.sender_name,
    sync_days: null,
    imap: account.imap,
    smtp: account.smtp,
  };
}

function reasonOf(account: EmailAccountDto): string | null {
  return account.status_reason !== null && account.status_reason.length > 0 ? account.status_reason : null;
}

/**
 * Issue 5: a mailbox the core stopped (a refused login or token refresh):
 * what the server said and the way back, on the mailbox's page.
 */
export function ReconnectNotice({ account }: { account: EmailAccountDto }) {
  const { t } = useTranslation();
  const provider = signInProvider(account);
  const reason = reasonOf(account);
  return (
    <div className="wa-notice error email-reconnect-notice" role="alert" data-testid="email-reconnect-notice">
      <Icon name="alert" size={16} />
      <div>
        <strong>{t("email.reconnect.title")}</strong>
        {reason !== null ? (
          <p className="wa-notice-detail" data-testid="email-status-reason">
            {reason}
          </p>
        ) : null}
        <p>
          {provider === null
            ? t("email.reconnect.helpPassword", { address: account.address })
            : t("email.reconnect.helpOAuth", { provider: PROVIDER_NAMES[provider], address: account.address })}
        </p>
        <ReconnectAction account={account} primary />
      </div>
    </div>
  );
}

/**
 * The Reconnect button of a stopped mailbox (its page, the mailbox list): a
 * password dialog for IMAP/SMTP, the provider's sign-in again for Gmail and
 * Microsoft 365. Once the core has it back, the account is active again and
 * the button goes away with the notice.
 */
export function ReconnectAction({ account, primary = false }: { account: EmailAccountDto; primary?: boolean }) {
  const provider = signInProvider(account);
  return provider === null ? (
    <PasswordReconnect account={account} primary={primary} />
  ) : (
    <SignInAgain account={account} provider={provider} primary={primary} />
  );
}

function PasswordReconnect({ account, primary }: { account: EmailAccountDto; primary: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={primary ? "button primary" : "button"} data-testid="email-reconnect" onClick={() => setOpen(true)}>
        <Icon name="lock" size={14} />
        {t("email.reconnect.button")}
      </button>
      {open ? <PasswordDialog account={account} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

/** The mailbox's password again: `reconnect_email_account` logs in to both servers before keeping it. */
function PasswordDialog({ account, onClose }: { account: EmailAccountDto; onClose: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState("");
  const reconnect = useReconnectEmailAccount();
  const reason = reasonOf(account);
  const id = "email-reconnect-password";

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password.length === 0 || reconnect.isPending) return;
    reconnect.mutate({ account_id: account.account_id, password }, { onSuccess: onClose });
  };

  return (
    <Modal
      title={t("email.reconnect.dialogTitle", { address: account.address })}
      onClose={onClose}
      className="email-reconnect-dialog"
      testId="email-reconnect-dialog"
    >
      <form onSubmit={submit} noValidate>
        <p className="modal-text">{t("email.reconnect.dialogText", { imap: account.imap.host, smtp: account.smtp.host })}</p>
        {reason !== null ? (
          <p className="modal-reason">
            <Icon name="alert" size={14} />
            <span>{reason}</span>
          </p>
        ) : null}
        <Field id={id} label={t("email.form.password")} help={t("email.reconnect.passwordHelp")}>
          <SecretInput
            id={id}
            value={password}
            onChange={(value) => {
              setPassword(value);
              if (reconnect.isError) reconnect.reset();
            }}
            describedBy={`${id}-help`}
            invalid={reconnect.isError}
          />
        </Field>
        {reconnect.isError ? <EmailErrorNotice error={reconnect.error} testId="email-reconnect-error" /> : null}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button
            type="submit"
            className="button primary"
            data-testid="email-reconnect-submit"
            disabled={password.length === 0 || reconnect.isPending}
            aria-busy={reconnect.isPending}
          >
            {reconnect.isPending ? <span className="wa-spinner" aria-hidden="true" /> : <Icon name="refresh" size={14} />}
            {reconnect.isPending ? t("email.reconnect.reconnecting") : t("email.reconnect.submit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/**
 * "Sign in again" with Google / Microsoft: the add-mailbox sign-in
 * (`useOAuthSignIn`) with this mailbox's values, its waiting panel and its
 * refusals in a dialog until the browser comes back.
 */
function SignInAgain({ account, provider, primary }: { account: EmailAccountDto; provider: OAuthProviderDto; primary: boolean }) {
  const { t } = useTranslation();
  const backend = useBackend();
  const oauth = useOAuthSignIn(() => undefined);
  const { state } = oauth;
  const start = () => void oauth.start(signInAgainRequest(account, provider));
  const title = t("email.reconnect.signInTitle", { address: account.address });
  return (
    <>
      <button
        type="button"
        className={primary ? "button primary" : "button"}
        data-testid="email-reconnect"
        data-provider={provider}
        disabled={state.phase === "starting"}
        onClick={start}
      >
        {state.phase === "starting" ? <span className="wa-spinner" aria-hidden="true" /> : <ProviderLogo provider={provider} />}
        {t("email.reconnect.signInAgain")}
      </button>
      {state.phase === "idle" ? null : (
        <Modal title={title} hideTitle={state.phase === "waiting"} onClose={oauth.cancel} className="email-reconnect-dialog" testId="email-reconnect-dialog">
          {state.phase === "waiting" ? <OAuthWaiting state={state} opensItself={backend.opensSystemBrowser} onCancel={oauth.cancel} /> : null}
          {state.phase === "starting" ? (
            <p className="modal-text email-reconnect-starting">
              <span className="wa-spinner" aria-hidden="true" />
              {t("email.reconnect.reconnecting")}
            </p>
          ) : null}
          {state.phase === "error" ? (
            <>
              <OAuthErrorNotice error={state.error} provider={provider} />
              <div className="modal-actions">
                <button type="button" className="button" onClick={oauth.cancel}>
                  {t("email.reconnect.close")}
                </button>
                <button type="button" className="button primary" data-testid="email-reconnect-retry" onClick={start}>
                  <ProviderLogo provider={provider} />
                  {t("email.reconnect.signInAgain")}
                </button>
              </div>
            </>
          ) : null}
        </Modal>
      )}
    </>
  );
}
