import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { RelayDto } from "../../bindings";
import { Icon } from "../../components/Icon";
import { Modal } from "../../components/Modal";
import { ApiErrorNotice, CopyField, Field, Notice } from "../whatsapp/fields";
import { RelayFacts, RelayStatePill } from "./RelayStatusCard";
import { useEnrollRelay, useForgetRelay, useReconnectRelay, useRelay } from "./relayQueries";
import { secretsWhere } from "../secrets";
import "../whatsapp/whatsapp.css";
import "./relay.css";

/**
 * RELAY-1/RELAY-5: enroll this computer with the business's webhook relay
 * (URL + one-time code from whoever runs it), then watch the connection.
 */
export function RelaySettings({ demo }: { demo: boolean }) {
  const { t } = useTranslation();
  const relay = useRelay();
  return (
    <section className="wa-page relay-page" data-testid="relay-settings">
      <h2>{t("relay.title")}</h2>
      <p className="settings-intro">{t("relay.intro")}</p>
      {demo ? (
        <Notice tone="info" testId="relay-demo">
          {t("relay.demo")}
        </Notice>
      ) : null}
      {relay.isPending ? <p className="muted">{t("common.loading")}</p> : null}
      {relay.isError ? <ApiErrorNotice error={relay.error} testId="relay-error" /> : null}
      {relay.data !== undefined ? (
        relay.data.state === "not_enrolled" ? (
          <EnrollForm />
        ) : (
          <RelayConnection relay={relay.data} />
        )
      ) : null}
    </section>
  );
}

function EnrollForm() {
  const { t } = useTranslation();
  const enroll = useEnrollRelay();
  const [url, setUrl] = useState("");
  const [code, setCode] = useState("");
  const complete = url.trim().length > 0 && code.trim().length > 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!complete || enroll.isPending) return;
    enroll.mutate({ url: url.trim(), code: code.trim(), device_name: null });
  };
  return (
    <form className="settings-card wa-form" onSubmit={submit} noValidate data-testid="relay-enroll">
      <Field id="relay-url" label={t("relay.url")} help={t("relay.urlHelp")}>
        <input
          id="relay-url"
          className="wa-input wa-mono"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://relay.example.com"
          value={url}
          aria-describedby="relay-url-help"
          onChange={(e) => setUrl(e.target.value)}
        />
      </Field>
      <Field id="relay-code" label={t("relay.code")} help={t("relay.codeHelp")}>
        <input
          id="relay-code"
          className="wa-input wa-mono"
          autoComplete="off"
          spellCheck={false}
          value={code}
          aria-describedby="relay-code-help"
          onChange={(e) => setCode(e.target.value)}
        />
      </Field>
      {enroll.isError ? <ApiErrorNotice error={enroll.error} testId="relay-enroll-error" /> : null}
      <div className="wa-actions">
        <span className="wa-actions-spacer" />
        <button type="submit" className="button primary" disabled={!complete || enroll.isPending} data-testid="relay-enroll-submit">
          {enroll.isPending ? <span className="wa-spinner" aria-hidden="true" /> : <Icon name="cloud" size={14} />}
          {t("relay.enroll")}
        </button>
      </div>
    </form>
  );
}

function RelayConnection({ relay }: { relay: RelayDto }) {
  const { t } = useTranslation();
  const reconnect = useReconnectRelay();
  const forget = useForgetRelay();
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <div className="settings-card">
        <div className="setting-row">
          <span className="setting-label">
            <span>{t("relay.connection")}</span>
            <span className="setting-help">{t(`relay.stateHelp.${relay.state}`)}</span>
            {relay.long_polling && relay.state === "connected" ? (
              <span className="setting-help" data-testid="relay-long-polling">
                {t("relay.longPolling")}
              </span>
            ) : null}
          </span>
          <RelayStatePill state={relay.state} />
          <button
            type="button"
            className="button"
            data-testid="relay-reconnect"
            disabled={reconnect.isPending || relay.state === "revoked"}
            onClick={() => reconnect.mutate(undefined)}
          >
            <Icon name="refresh" size={14} />
            {t("relay.reconnect")}
          </button>
        </div>
        {relay.last_error !== null && relay.state !== "connected" ? (
          <div className="setting-row">
            <p className="error-text relay-last-error" data-testid="relay-last-error">
              {relay.last_error}
            </p>
          </div>
        ) : null}
      </div>
      {reconnect.isError ? <ApiErrorNotice error={reconnect.error} /> : null}
      <RelayFacts relay={relay} />
      {relay.meta_callback_url !== null ? (
        <div className="settings-card wa-webhook" data-testid="relay-meta">
          <p className="wa-help">{t("relay.metaIntro")}</p>
          <CopyField label={t("wa.connection.callbackUrl")} value={relay.meta_callback_url} testId="relay-callback-url" />
          {relay.meta_verify_token !== null ? (
            <CopyField label={t("wa.connection.verifyToken")} value={relay.meta_verify_token} testId="relay-verify-token" />
          ) : null}
        </div>
      ) : null}
      <p className="wa-help">
        <Icon name="lock" size={13} /> {t("relay.tokenIn", { where: secretsWhere(relay.secrets_backend, t) })}
      </p>
      <div className="wa-actions">
        <span className="wa-actions-spacer" />
        <button type="button" className="button danger" data-testid="relay-forget" onClick={() => setConfirming(true)}>
          {t("relay.forget")}
        </button>
      </div>
      {forget.isError ? <ApiErrorNotice error={forget.error} /> : null}
      {confirming ? (
        <Modal title={t("relay.forgetTitle")} onClose={() => setConfirming(false)} testId="relay-forget-dialog">
          <p>{t("relay.forgetBody")}</p>
          <div className="wa-actions">
            <span className="wa-actions-spacer" />
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t("common.cancel")}
            </button>
            <button
              type="button"
              className="button danger"
              data-testid="relay-forget-confirm"
              onClick={() => {
                forget.mutate(undefined);
                setConfirming(false);
              }}
            >
              {t("relay.forget")}
            </button>
          </div>
        </Modal>
      ) : null}
    </>
  );
}
