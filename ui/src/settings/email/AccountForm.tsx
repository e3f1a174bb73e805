import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { EmailAccountDto, WorkspaceDto } from "../../bindings";
import { useConnectEmailAccount, useTestEmailAccount } from "../../backend/emailQueries";
import { useBackend } from "../../backend/context";
import { useCloseDemo } from "../../backend/queries";
import { Icon } from "../../components/Icon";
import { ApiErrorNotice, Field, Notice, SecretInput } from "../whatsapp/fields";
import { EmailErrorNotice } from "./EmailErrorNotice";
import {
  fieldOfError,
  initialValues,
  oauthMissing,
  oauthProviderOf,
  oauthServers,
  problemsOf,
  toInput,
  toOAuthInput,
  withAddress,
  withPreset,
  withSecurity,
  type AccountFormValues,
  type FieldKey,
  type Protocol,
} from "./accountForm";
import { OAuthSignInBlock, OAuthWaiting } from "./OAuthSignIn";
import { PRESETS, PRESET_IDS, type PresetId } from "./presets";
import { ProbeResult } from "./ProbeResult";
import { ServerFields } from "./ServerFields";
import { useOAuthSignIn } from "./useOAuthSignIn";

/**
 * Issue 5: add a mailbox. Gmail and Microsoft 365 sign in with the provider's
 * page (ACC-30/31); an app password over IMAP/SMTP is the second way for them
 * and the only one for other providers. A provider fills in its servers, "Test
 * connection" logs in to both and says which step failed, "Connect" tests
 * again and saves (the password goes to the system keychain).
 */
export function AccountForm({
  workspace,
  onConnected,
  onCancel,
}: {
  workspace: WorkspaceDto;
  onConnected: (account: EmailAccountDto) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<AccountFormValues>(() => initialValues("gmail"));
  const [left, setLeft] = useState<ReadonlySet<FieldKey>>(new Set());
  const test = useTestEmailAccount();
  const connect = useConnectEmailAccount();
  const closeDemo = useCloseDemo();
  const backend = useBackend();
  const oauth = useOAuthSignIn(onConnected);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const oauthButton = useRef<HTMLButtonElement>(null);
  const passwordRef = useRef<HTMLDivElement>(null);
  /** Where the focus goes after the next render (the form comes back, the password fields open). */
  const focusNext = useRef<"oauth" | "password" | null>(null);
  const demo = workspace.is_demo;
  const provider = oauthProviderOf(values.preset);
  // Gmail and Microsoft sign in; the app password is the second way (the only one for others).
  const withPassword = provider === null || passwordOpen;

  const wasWaiting = useRef(false);
  useEffect(() => {
    // back on the form after the browser (a refusal): the focus goes to the sign-in button
    const waiting = oauth.state.phase === "waiting";
    if (wasWaiting.current && !waiting) focusNext.current ??= "oauth";
    wasWaiting.current = waiting;
    if (focusNext.current === "oauth") oauthButton.current?.focus();
    if (focusNext.current === "password") passwordRef.current?.querySelector<HTMLInputElement>("#email-password")?.focus();
    focusNext.current = null;
  });

  const problems = problemsOf(values, t);
  const complete = withPassword && Object.keys(problems).length === 0;
  const missing = provider === null ? null : oauthMissing(values, t);
  const custom = oauthServers(values);
  const signInServers = { imap: custom.imap ?? PRESETS[values.preset].imap, smtp: custom.smtp ?? PRESETS[values.preset].smtp };
  const busy = test.isPending || connect.isPending;
  // Problems are worded once the member has left the field (a refused field at once).
  const shown: Partial<Record<FieldKey, string>> = {};
  for (const [key, text] of Object.entries(problems) as [FieldKey, string][]) {
    if (!withPassword && key !== "address" && key !== "syncDays") continue;
    if (left.has(key) || key.endsWith(".security")) shown[key] = text;
  }
  // a refusal that names a field marks it (connect, or the sign-in's own check of the address)
  const refusal = connect.error ?? (oauth.state.phase === "error" ? oauth.state.error : null);
  const refusedField = refusal !== null ? fieldOfError(refusal) : null;
  if (refusedField !== null && refusal !== null) shown[refusedField] ??= refusal.message;

  const update = (next: (v: AccountFormValues) => AccountFormValues) => {
    setValues(next);
    if (!test.isIdle) test.reset();
    if (connect.isError) connect.reset();
    if (oauth.state.phase === "error") oauth.cancel();
  };
  const leave = (key: FieldKey) => setLeft((s) => (s.has(key) ? s : new Set(s).add(key)));
  const setServer = (protocol: Protocol, part: "host" | "port", value: string) =>
    update((v) => ({ ...v, [protocol]: { ...v[protocol], [part]: value } }));

  const signIn = () => {
    if (provider === null || missing !== null || demo || oauth.state.phase === "starting") return;
    void oauth.start(toOAuthInput(values, provider));
  };
  const usePassword = () => {
    oauth.cancel();
    setPasswordOpen(true);
    focusNext.current = "password";
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Enter signs in while the app password fields are closed
    if (!withPassword) return signIn();
    if (!complete || busy || demo) return;
    connect.mutate(toInput(values), { onSuccess: onConnected });
  };

  if (oauth.state.phase === "waiting") {
    return (
      <section aria-labelledby="email-connect-title" data-testid="email-connect">
        <h2 id="email-connect-title">{t("email.form.title")}</h2>
        <OAuthWaiting
          state={oauth.state}
          opensItself={backend.opensSystemBrowser}
          onCancel={() => {
            oauth.cancel();
            focusNext.current = "oauth";
          }}
        />
      </section>
    );
  }

  const textField = (key: "address" | "senderName" | "username", id: string, type = "text") => (
    <Field
      id={id}
      label={t(`email.form.${key}`)}
      help={key === "address" ? undefined : t(`email.form.${key}Help`)}
      problems={key === "senderName" || shown[key] === undefined ? [] : [shown[key]]}
    >
      <input
        id={id}
        className="wa-input"
        type={type}
        autoComplete="off"
        spellCheck={false}
        placeholder={key === "address" ? t("email.form.addressPlaceholder") : key === "username" ? values.address : undefined}
        value={values[key]}
        aria-describedby={[key === "address" ? null : `${id}-help`, key !== "senderName" && shown[key] !== undefined ? `${id}-problems` : null].filter(Boolean).join(" ") || undefined}
        aria-invalid={(key !== "senderName" && shown[key] !== undefined) || undefined}
        onChange={(e) => {
          const value = e.target.value;
          update((v) => (key === "address" ? withAddress(v, value) : key === "username" ? { ...v, username: value, usernameEdited: true } : { ...v, senderName: value }));
        }}
        onBlur={() => (key === "senderName" ? undefined : leave(key))}
      />
    </Field>
  );

  return (
    <section aria-labelledby="email-connect-title" data-testid="email-connect">
      <h2 id="email-connect-title">{t("email.form.title")}</h2>
      <p className="settings-intro">{t("email.form.intro")}</p>
      {demo ? (
        <Notice tone="warn" testId="email-connect-demo">
          <strong>{t("email.form.demoTitle")}</strong>
          <p>{t("email.form.demoText")}</p>
          <button type="button" className="button" data-testid="email-leave-demo" disabled={closeDemo.isPending} onClick={() => closeDemo.mutate()}>
            <Icon name="leave" size={14} />
            {t("wa.connect.leaveDemo")}
          </button>
          {closeDemo.isError ? <ApiErrorNotice error={closeDemo.error} /> : null}
        </Notice>
      ) : null}
      <form className="settings-card wa-form email-form" onSubmit={submit} noValidate>
        <fieldset className="email-providers">
          <legend className="wa-label">{t("email.form.provider")}</legend>
          <div className="email-provider-options">
            {PRESET_IDS.map((preset: PresetId) => (
              <label key={preset} className={`email-provider${values.preset === preset ? " selected" : ""}`} data-testid={`email-preset-${preset}`}>
                <input
                  type="radio"
                  name="email-provider"
                  value={preset}
                  checked={values.preset === preset}
                  // named by the provider alone ("… app password" must not answer to "Password")
                  aria-labelledby={`email-preset-${preset}-name`}
                  aria-describedby={`email-preset-${preset}-sub`}
                  onChange={() => update((v) => withPreset(v, preset))}
                />
                <span className="email-provider-text">
                  <span id={`email-preset-${preset}-name`} className="email-provider-name">
                    {t(`email.presets.${preset}.name`)}
                  </span>
                  <span id={`email-preset-${preset}-sub`} className="email-provider-sub">
                    {t(`email.presets.${preset}.sub`)}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {textField("address", "email-address", "email")}
        {textField("senderName", "email-sender-name")}
        <Field id="email-sync-days" label={t("email.form.syncDays")} help={t("email.form.syncDaysHelp")} problems={shown.syncDays === undefined ? [] : [shown.syncDays]}>
          <span className="email-days-row">
            <span aria-hidden="true">{t("email.form.syncDaysBefore")}</span>
            <input
              id="email-sync-days"
              className="wa-input email-days"
              inputMode="numeric"
              value={values.syncDays}
              aria-describedby="email-sync-days-help"
              aria-invalid={shown.syncDays !== undefined || undefined}
              onChange={(e) => {
                const syncDays = e.target.value;
                update((v) => ({ ...v, syncDays }));
              }}
              onBlur={() => leave("syncDays")}
            />
            <span aria-hidden="true">{t("email.form.syncDaysAfter")}</span>
          </span>
        </Field>
        {provider !== null ? (
          <>
            <OAuthSignInBlock
              provider={provider}
              state={oauth.state}
              missing={missing === null ? null : t(`email.oauth.missing.${missing}`)}
              disabled={demo}
              servers={signInServers}
              buttonRef={oauthButton}
              submits={!withPassword}
              onStart={signIn}
              onUsePassword={usePassword}
            />
            <div className="oauth-divider">
              <button
                type="button"
                className="link-button"
                data-testid="email-use-password"
                aria-expanded={passwordOpen}
                aria-controls={passwordOpen ? "email-password-section" : undefined}
                onClick={() => setPasswordOpen((open) => !open)}
              >
                <Icon name="lock" size={13} />
                {passwordOpen ? t("email.oauth.hidePassword") : t("email.oauth.usePassword")}
              </button>
            </div>
          </>
        ) : null}
        {withPassword ? (
          <div id="email-password-section" ref={passwordRef} className="email-password-section">
            {textField("username", "email-username")}
            <Field id="email-password" label={t("email.form.password")} help={t(`email.presets.${values.preset}.passwordHelp`)} problems={shown.password === undefined ? [] : [shown.password]}>
              <span onBlur={() => leave("password")}>
                <SecretInput
                  id="email-password"
                  value={values.password}
                  onChange={(password) => update((v) => ({ ...v, password }))}
                  describedBy={shown.password === undefined ? "email-password-help" : "email-password-help email-password-problems"}
                  invalid={shown.password !== undefined}
                />
              </span>
            </Field>
            {(["imap", "smtp"] as const).map((protocol) => (
              <ServerFields
                key={protocol}
                protocol={protocol}
                server={values[protocol]}
                problems={shown}
                onHost={(host) => setServer(protocol, "host", host)}
                onPort={(port) => setServer(protocol, "port", port)}
                onSecurity={(security) => update((v) => withSecurity(v, protocol, security))}
                onBlur={leave}
              />
            ))}
            {test.isSuccess && test.variables !== undefined ? (
              <ProbeResult probe={test.data} servers={{ imap: test.variables.imap, smtp: test.variables.smtp }} preset={values.preset} />
            ) : null}
            {test.isError ? <EmailErrorNotice error={test.error} testId="email-test-error" /> : null}
            {connect.isError ? <EmailErrorNotice error={connect.error} testId="email-connect-error" /> : null}
          </div>
        ) : null}
        <div className="wa-actions">
          <button type="button" className="button" onClick={onCancel}>
            {t("common.cancel")}
          </button>
          <span className="wa-actions-spacer" />
          {withPassword ? (
            <>
              <button type="button" className="button" data-testid="email-test" disabled={!complete || busy} onClick={() => test.mutate(toInput(values))}>
                {test.isPending ? <span className="wa-spinner" aria-hidden="true" /> : <Icon name="play" size={14} />}
                {test.isPending ? t("email.form.testing") : t("email.form.test")}
              </button>
              <button type="submit" className="button primary" data-testid="email-connect-submit" disabled={!complete || busy || demo}>
                {connect.isPending ? <span className="wa-spinner" aria-hidden="true" /> : <Icon name="mail" size={14} />}
                {connect.isPending ? t("email.form.connecting") : t("email.form.connect")}
              </button>
            </>
          ) : null}
        </div>
        {withPassword && !complete ? <p className="wa-help wa-actions-hint">{t("email.form.fillAll")}</p> : null}
      </form>
    </section>
  );
}
