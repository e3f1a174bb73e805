import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ConnectionDto, WhatsappConnectInput, WorkspaceDto } from "../../bindings";
import { useCloseDemo } from "../../backend/queries";
import { Icon } from "../../components/Icon";
import { ApiErrorNotice, Field, Notice, SecretInput, describedBy } from "./fields";
import { QualityPill, tierWords } from "./pills";
import { useConnectWhatsapp, useTestWhatsapp } from "./waQueries";

type Key = keyof WhatsappConnectInput;

/** The five values, in the order Meta's dashboard shows them. */
const FIELDS: { key: Key; secret: boolean; numeric: boolean }[] = [
  { key: "app_id", secret: false, numeric: true },
  { key: "app_secret", secret: true, numeric: false },
  { key: "waba_id", secret: false, numeric: true },
  { key: "phone_number_id", secret: false, numeric: true },
  { key: "access_token", secret: true, numeric: false },
];

const EMPTY: WhatsappConnectInput = { app_id: "", app_secret: "", waba_id: "", phone_number_id: "", access_token: "" };

function trimmed(values: WhatsappConnectInput): WhatsappConnectInput {
  return {
    app_id: values.app_id.trim(),
    app_secret: values.app_secret.trim(),
    waba_id: values.waba_id.trim(),
    phone_number_id: values.phone_number_id.trim(),
    access_token: values.access_token.trim(),
  };
}

/** ACC-11: connect a number of the business's own Meta app by hand. */
export function ConnectForm({
  workspace,
  onConnected,
  onCancel,
}: {
  workspace: WorkspaceDto;
  onConnected: (connection: ConnectionDto) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<WhatsappConnectInput>(EMPTY);
  const test = useTestWhatsapp();
  const connect = useConnectWhatsapp();
  const closeDemo = useCloseDemo();

  const problems = (key: Key, numeric: boolean): string[] => {
    const v = values[key].trim();
    return numeric && v.length > 0 && !/^\d+$/.test(v) ? [t("wa.connect.digitsOnly")] : [];
  };
  const complete = FIELDS.every((f) => values[f.key].trim().length > 0 && problems(f.key, f.numeric).length === 0);
  const busy = test.isPending || connect.isPending;
  const demo = workspace.is_demo;

  const set = (key: Key, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (!test.isIdle) test.reset();
    if (connect.isError) connect.reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!complete || busy || demo) return;
    connect.mutate(trimmed(values), { onSuccess: onConnected });
  };

  return (
    <section aria-labelledby="wa-connect-title" data-testid="wa-connect">
      <h2 id="wa-connect-title">{t("wa.connect.title")}</h2>
      <p className="settings-intro">{t("wa.connect.intro")}</p>
      {demo ? (
        <Notice tone="warn" testId="wa-connect-demo">
          <strong>{t("wa.connect.demoTitle")}</strong>
          <p>{t("wa.connect.demoText")}</p>
          <button
            type="button"
            className="button"
            data-testid="wa-leave-demo"
            disabled={closeDemo.isPending}
            onClick={() => closeDemo.mutate()}
          >
            <Icon name="leave" size={14} />
            {t("wa.connect.leaveDemo")}
          </button>
          {closeDemo.isError ? <ApiErrorNotice error={closeDemo.error} /> : null}
        </Notice>
      ) : null}
      <form className="settings-card wa-form" onSubmit={submit} noValidate>
        <fieldset disabled={demo} className="wa-fieldset">
          {FIELDS.map(({ key, secret, numeric }) => {
            const id = `wa-connect-${key}`;
            const fieldProblems = problems(key, numeric);
            const described = describedBy(id, true, fieldProblems);
            return (
              <Field
                key={key}
                id={id}
                label={t(`wa.connect.fields.${key}`)}
                help={t(`wa.connect.help.${key}`)}
                problems={fieldProblems}
              >
                {secret ? (
                  <SecretInput
                    id={id}
                    value={values[key]}
                    onChange={(v) => set(key, v)}
                    describedBy={described}
                    invalid={fieldProblems.length > 0}
                  />
                ) : (
                  <input
                    id={id}
                    className="wa-input wa-mono"
                    inputMode="numeric"
                    autoComplete="off"
                    spellCheck={false}
                    value={values[key]}
                    aria-describedby={described}
                    aria-invalid={fieldProblems.length > 0 || undefined}
                    onChange={(e) => set(key, e.target.value)}
                  />
                )}
              </Field>
            );
          })}
        </fieldset>
        {test.isSuccess ? (
          <div className="wa-test-result" role="status" data-testid="wa-test-result">
            <Icon name="check" size={16} />
            <dl>
              <div>
                <dt>{t("wa.numbers.verifiedName")}</dt>
                <dd>{test.data.verified_name}</dd>
              </div>
              <div>
                <dt>{t("wa.numbers.number")}</dt>
                <dd>{test.data.display_phone_number}</dd>
              </div>
              <div>
                <dt>{t("wa.numbers.quality")}</dt>
                <dd>
                  <QualityPill rating={test.data.quality_rating} />
                </dd>
              </div>
              <div>
                <dt>{t("wa.numbers.tier")}</dt>
                <dd>{tierWords(test.data.messaging_limit_tier, t)}</dd>
              </div>
            </dl>
          </div>
        ) : null}
        {test.isError ? <ApiErrorNotice error={test.error} testId="wa-test-error" /> : null}
        {connect.isError ? <ApiErrorNotice error={connect.error} testId="wa-connect-error" /> : null}
        <div className="wa-actions">
          <button type="button" className="button" onClick={onCancel}>
            {t("wa.cancel")}
          </button>
          <span className="wa-actions-spacer" />
          <button
            type="button"
            className="button"
            data-testid="wa-test"
            disabled={!complete || busy || demo}
            onClick={() => test.mutate(trimmed(values))}
          >
            {test.isPending ? <span className="wa-spinner" aria-hidden="true" /> : <Icon name="play" size={14} />}
            {test.isPending ? t("wa.connect.testing") : t("wa.connect.test")}
          </button>
          <button type="submit" className="button primary" data-testid="wa-connect-submit" disabled={!complete || busy || demo}>
            {connect.isPending ? <span className="wa-spinner" aria-hidden="true" /> : <Icon name="whatsapp" size={14} />}
            {connect.isPending ? t("wa.connect.connecting") : t("wa.connect.connect")}
          </button>
        </div>
        {!complete && !demo ? <p className="wa-help wa-actions-hint">{t("wa.connect.fillAll")}</p> : null}
      </form>
    </section>
  );
}
