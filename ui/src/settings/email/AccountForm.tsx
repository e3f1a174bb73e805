import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { EmailAccountDto, WorkspaceDto } from "../../bindings";
import { useConnectEmailAccount, useTestEmailAccount } from "../../backend/emailQueries";
import { useCloseDemo } from "../../backend/queries";
import { Icon } from "../../components/Icon";
import { ApiErrorNotice, Field, Notice, SecretInput } from "../whatsapp/fields";
import {
  fieldOfError,
  initialValues,
  problemsOf,
  toInput,
  withAddress,
  withPreset,
  withSecurity,
  type AccountFormValues,
  type FieldKey,
  type Protocol,
} from "./accountForm";
import { PRESET_IDS, type PresetId } from "./presets";
import { ProbeResult } from "./ProbeResult";
import { ServerFields } from "./ServerFields";

/** Email errors worded here; the rest go to the shared notice. */
const EMAIL_ERRORS = new Set(["bad_input", "email_refused", "email_duplicate"]);

/**
 * Issue 5: add a mailbox by IMAP/SMTP. A provider fills in its servers, "Test
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
  const demo = workspace.is_demo;

  const problems = problemsOf(values, t);
  const complete = Object.keys(problems).length === 0;
  const busy = test.isPending || connect.isPending;
  // Problems are worded once the member has left the field (a refused field at once).
  const shown: Partial<Record<FieldKey, string>> = {};
  for (const [key, text] of Object.entries(problems) as [FieldKey, string][]) {
    if (left.has(key) || key.endsWith(".security")) shown[key] = text;
  }
  const refusedField = connect.error !== null ? fieldOfError(connect.error) : null;
  if (refusedField !== null && connect.error !== null) shown[refusedField] ??= connect.error.message;

  const update = (next: (v: AccountFormValues) => AccountFormValues) => {
    setValues(next);
    if (!test.isIdle) test.reset();
    if (connect.isError) connect.reset();
  };
  const leave = (key: FieldKey) => setLeft((s) => (s.has(key) ? s : new Set(s).add(key)));
  const setServer = (protocol: Protocol, part: "host" | "port", value: string) =>
    update((v) => ({ ...v, [protocol]: { ...v[protocol], [part]: value } }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!complete || busy || demo) return;
    connect.mutate(toInput(values), { onSuccess: onConnected });
  };

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
        {test.isSuccess && test.variables !== undefined ? (
          <ProbeResult probe={test.data} servers={{ imap: test.variables.imap, smtp: test.variables.smtp }} preset={values.preset} />
        ) : null}
        {test.isError ? <EmailErrorNotice error={test.error} testId="email-test-error" /> : null}
        {connect.isError ? <EmailErrorNotice error={connect.error} testId="email-connect-error" /> : null}
        <div className="wa-actions">
          <button type="button" className="button" onClick={onCancel}>
            {t("common.cancel")}
          </button>
          <span className="wa-actions-spacer" />
          <button type="button" className="button" data-testid="email-test" disabled={!complete || busy} onClick={() => test.mutate(toInput(values))}>
            {test.isPending ? <span className="wa-spinner" aria-hidden="true" /> : <Icon name="play" size={14} />}
            {test.isPending ? t("email.form.testing") : t("email.form.test")}
          </button>
          <button type="submit" className="button primary" data-testid="email-connect-submit" disabled={!complete || busy || demo}>
            {connect.isPending ? <span className="wa-spinner" aria-hidden="true" /> : <Icon name="mail" size={14} />}
            {connect.isPending ? t("email.form.connecting") : t("email.form.connect")}
          </button>
        </div>
        {!complete ? <p className="wa-help wa-actions-hint">{t("email.form.fillAll")}</p> : null}
      </form>
    </section>
  );
}

/** A refused test or connect, worded for the email codes. */
function EmailErrorNotice({ error, testId }: { error: Parameters<typeof ApiErrorNotice>[0]["error"]; testId: string }) {
  const { t } = useTranslation();
  if (!EMAIL_ERRORS.has(error.code)) return <ApiErrorNotice error={error} testId={testId} />;
  return (
    <div className="wa-notice error" role="alert" data-testid={testId} data-code={error.code}>
      <Icon name="alert" size={16} />
      <div>
        <strong>{t(`email.errors.${error.code}`)}</strong>
        {error.message.length > 0 ? <p className="wa-notice-detail">{error.message}</p> : null}
      </div>
    </div>
  );
}
