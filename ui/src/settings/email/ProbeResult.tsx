import { useTranslation } from "react-i18next";
import type { EmailProbeDto, MailCheck, MailServerDto } from "../../bindings";
import { Icon } from "../../components/Icon";
import type { Protocol } from "./accountForm";
import type { PresetId } from "./presets";

/**
 * The answer of "Test connection": for each server whether Bandeja could
 * log in, and if not, the step that failed in words plus the server's own.
 */
export function ProbeResult({
  probe,
  servers,
  preset,
}: {
  probe: EmailProbeDto;
  servers: Record<Protocol, MailServerDto>;
  preset: PresetId;
}) {
  const { t } = useTranslation();
  const authRefused = [probe.imap, probe.smtp].some((c) => !c.ok && c.failed_step === "auth");
  return (
    <div className={`email-probe${probe.ok ? " ok" : " failed"}`} role="status" data-testid="email-probe" data-ok={probe.ok}>
      <p className="email-probe-title">
        <Icon name={probe.ok ? "check" : "alert"} size={16} />
        {probe.ok ? t("email.probe.allOk") : t("email.probe.someFailed")}
      </p>
      <ul className="email-probe-list">
        <ProbeRow protocol="imap" server={servers.imap} check={probe.imap} />
        <ProbeRow protocol="smtp" server={servers.smtp} check={probe.smtp} />
      </ul>
      {authRefused && preset !== "other" ? (
        <p className="email-probe-hint" data-testid="email-probe-hint">
          <Icon name="info" size={14} />
          {t(`email.probe.authHint.${preset}`)}
        </p>
      ) : null}
    </div>
  );
}

function ProbeRow({
  protocol,
  server,
  check,
}: {
  protocol: Protocol;
  server: MailServerDto;
  check: MailCheck;
}) {
  const { t } = useTranslation();
  const step = check.failed_step;
  return (
    <li
      className={`email-probe-row${check.ok ? " ok" : " failed"}`}
      data-testid={`email-probe-${protocol}`}
      data-ok={check.ok}
      data-step={step ?? undefined}
    >
      <span className="email-probe-icon" aria-hidden="true">
        <Icon name={check.ok ? "check" : "x"} size={14} />
      </span>
      <span className="email-probe-body">
        <span className="email-probe-server">
          <strong>{t(`email.form.${protocol}Title`)}</strong>
          <span className="email-probe-host">
            {server.host}:{server.port}
          </span>
        </span>
        <span className="email-probe-sentence">
          {check.ok ? t(`email.probe.ok.${protocol}`) : t(`email.probe.steps.${step ?? "protocol"}`)}
        </span>
        {!check.ok && check.message !== null && check.message.length > 0 ? (
          <span className="email-probe-words">
            <span className="email-probe-words-label">{t("email.probe.serverSaid")}</span>
            <code>{check.message}</code>
          </span>
        ) : null}
      </span>
    </li>
  );
}
