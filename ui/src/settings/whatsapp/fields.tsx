import { useEffect, useId, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings";
import { Icon } from "../../components/Icon";

/** Characters as Meta counts them (code points, so an emoji is one). */
export function charCount(value: string): number {
  return [...value].length;
}

/** "12 / 139", red once over the limit; announced politely to screen readers. */
export function CharCounter({ value, max, id }: { value: string; max: number; id?: string }) {
  const { t } = useTranslation();
  const n = charCount(value);
  const over = n > max;
  return (
    <span
      id={id}
      className={`wa-counter${over ? " over" : ""}`}
      data-testid="char-counter"
      aria-live="polite"
      title={t("wa.field.limit", { max })}
    >
      {n} / {max}
    </span>
  );
}

/**
 * A labelled form row: label, optional counter on the right, the control, a
 * short help line and the problems found for this field (linked to the
 * control through `aria-describedby` by the caller: `${id}-help`, `${id}-problems`).
 */
export function Field({
  id,
  label,
  help,
  counter,
  problems = [],
  children,
  className,
}: {
  id: string;
  label: ReactNode;
  help?: ReactNode;
  counter?: ReactNode;
  problems?: string[];
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`wa-field${problems.length > 0 ? " invalid" : ""}${className ? ` ${className}` : ""}`}>
      <div className="wa-field-top">
        <label htmlFor={id} className="wa-label">
          {label}
        </label>
        {counter}
      </div>
      {children}
      {help !== undefined ? (
        <p id={`${id}-help`} className="wa-help">
          {help}
        </p>
      ) : null}
      {problems.length > 0 ? (
        <ul id={`${id}-problems`} className="wa-problems" data-testid={`problems-${id}`}>
          {problems.map((p) => (
            <li key={p}>
              <Icon name="alert" size={13} />
              <span>{p}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** `aria-describedby` for a control rendered inside {@link Field}. */
export function describedBy(id: string, hasHelp: boolean, problems: string[]): string | undefined {
  const ids = [hasHelp ? `${id}-help` : null, problems.length > 0 ? `${id}-problems` : null].filter(
    (x): x is string => x !== null,
  );
  return ids.length > 0 ? ids.join(" ") : undefined;
}

/** A password input with a show/hide toggle (the value never leaves the form). */
export function SecretInput({
  id,
  value,
  onChange,
  describedBy: describedById,
  invalid = false,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  describedBy?: string;
  invalid?: boolean;
}) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <span className="wa-secret">
      <input
        id={id}
        className="wa-input"
        type={shown ? "text" : "password"}
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-describedby={describedById}
        aria-invalid={invalid || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <button
        type="button"
        className="icon-button wa-secret-toggle"
        aria-pressed={shown}
        aria-controls={id}
        onClick={() => setShown((s) => !s)}
      >
        <Icon name="lock" size={14} />
        <span className="wa-secret-label">{shown ? t("wa.field.hide") : t("wa.field.show")}</span>
      </button>
    </span>
  );
}

/** A read-only value with a Copy button ("Copied" for two seconds). */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [copied, setCopied] = useState<"ok" | "failed" | null>(null);
  useEffect(() => {
    if (copied === null) return;
    const timer = setTimeout(() => setCopied(null), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("ok");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <div className="wa-copy">
      <label htmlFor={id} className="wa-label">
        {label}
      </label>
      <div className="wa-copy-row">
        <input
          id={id}
          className="wa-input wa-mono"
          readOnly
          value={value}
          data-testid={testId}
          onFocus={(e) => e.target.select()}
        />
        <button
          type="button"
          className="button"
          aria-label={t("wa.field.copyLabel", { label })}
          onClick={() => void copy()}
        >
          <Icon name={copied === "ok" ? "check" : "document"} size={14} />
          {copied === "ok" ? t("wa.field.copied") : t("wa.field.copy")}
        </button>
      </div>
      {copied === "failed" ? (
        <span className="error-text" role="alert">
          {t("wa.field.copyFailed")}
        </span>
      ) : null}
    </div>
  );
}

const KNOWN_ERRORS = new Set([
  "bad_input",
  "forbidden",
  "provider_error",
  "reconnect_needed",
  "secrets_unavailable",
  "not_found",
  "unknown_command",
  "relay_bad_code",
  "relay_revoked",
  "relay_busy",
  "relay_unreachable",
  "relay_error",
]);

/** A core error: what happened in words for its code, then the core's own message. */
export function ApiErrorNotice({ error, testId }: { error: ApiError; testId?: string }) {
  const { t } = useTranslation();
  const code = KNOWN_ERRORS.has(error.code) ? error.code : "other";
  return (
    <div className="wa-notice error" role="alert" data-testid={testId} data-code={error.code}>
      <Icon name="alert" size={16} />
      <div>
        <strong>{t(`wa.errors.${code}`)}</strong>
        {error.message.length > 0 ? <p className="wa-notice-detail">{error.message}</p> : null}
      </div>
    </div>
  );
}

/** An informational box (demo, receiver not running, …). */
export function Notice({
  tone = "info",
  children,
  testId,
}: {
  tone?: "info" | "warn" | "ok";
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className={`wa-notice ${tone}`} data-testid={testId}>
      <Icon name={tone === "ok" ? "check" : tone === "warn" ? "alert" : "info"} size={16} />
      <div>{children}</div>
    </div>
  );
}
