import { useTranslation } from "react-i18next";
import type { MailSecurity } from "../../bindings";
import { Icon } from "../../components/Icon";
import type { FieldKey, Protocol, ServerValues } from "./accountForm";
import { isLocalHost } from "./presets";

const NAMES: Record<Protocol, string> = { imap: "IMAP", smtp: "SMTP" };

/** Host, port and security of one server, in one row under its heading. */
export function ServerFields({
  protocol,
  server,
  problems,
  onHost,
  onPort,
  onSecurity,
  onBlur,
}: {
  protocol: Protocol;
  server: ServerValues;
  /** The problems to show now, by field. */
  problems: Partial<Record<FieldKey, string>>;
  onHost: (host: string) => void;
  onPort: (port: string) => void;
  onSecurity: (security: MailSecurity) => void;
  onBlur: (field: FieldKey) => void;
}) {
  const { t } = useTranslation();
  const name = NAMES[protocol];
  const id = (part: string) => `email-${protocol}-${part}`;
  // Plain text only to this computer (a local test server); kept visible if already chosen.
  const offerNone = isLocalHost(server.host) || server.security === "none";
  const fieldProblems = (["host", "port", "security"] as const)
    .map((part) => ({ part, text: problems[`${protocol}.${part}`] }))
    .filter((p): p is { part: "host" | "port" | "security"; text: string } => p.text !== undefined);
  const problemsId = id("problems");
  const described = (part: string) => (fieldProblems.some((p) => p.part === part) ? problemsId : undefined);
  return (
    <fieldset className="email-server" data-testid={`email-server-${protocol}`}>
      <legend className="wa-label">{t(`email.form.${protocol}Title`)}</legend>
      <p className="wa-help">{t(`email.form.${protocol}Help`)}</p>
      <div className="email-server-row">
        <div className="email-server-host">
          <label htmlFor={id("host")} className="email-small-label">
            {t("email.form.host", { protocol: name })}
          </label>
          <input
            id={id("host")}
            className="wa-input wa-mono"
            autoComplete="off"
            spellCheck={false}
            placeholder={protocol === "imap" ? "imap.example.com" : "smtp.example.com"}
            value={server.host}
            aria-invalid={problems[`${protocol}.host`] !== undefined || undefined}
            aria-describedby={described("host")}
            onChange={(e) => onHost(e.target.value)}
            onBlur={() => onBlur(`${protocol}.host`)}
          />
        </div>
        <div className="email-server-port">
          <label htmlFor={id("port")} className="email-small-label">
            {t("email.form.port", { protocol: name })}
          </label>
          <input
            id={id("port")}
            className="wa-input wa-mono"
            inputMode="numeric"
            autoComplete="off"
            value={server.port}
            aria-invalid={problems[`${protocol}.port`] !== undefined || undefined}
            aria-describedby={described("port")}
            onChange={(e) => onPort(e.target.value)}
            onBlur={() => onBlur(`${protocol}.port`)}
          />
        </div>
        <div className="email-server-security">
          <label htmlFor={id("security")} className="email-small-label">
            {t("email.form.security", { protocol: name })}
          </label>
          <select
            id={id("security")}
            className="wa-input email-select"
            value={server.security}
            aria-invalid={problems[`${protocol}.security`] !== undefined || undefined}
            aria-describedby={described("security")}
            onChange={(e) => onSecurity(e.target.value as MailSecurity)}
          >
            <option value="tls">{t("email.security.tls")}</option>
            <option value="start_tls">{t("email.security.start_tls")}</option>
            {offerNone ? <option value="none">{t("email.security.none")}</option> : null}
          </select>
        </div>
      </div>
      {fieldProblems.length > 0 ? (
        <ul id={problemsId} className="wa-problems" data-testid={`problems-${protocol}`}>
          {fieldProblems.map((p) => (
            <li key={p.part}>
              <Icon name="alert" size={13} />
              <span>{p.text}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
