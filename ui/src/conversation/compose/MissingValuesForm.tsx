import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Icon } from "../../components/Icon";
import type { MissingValues } from "./useSlashTemplates";

/** Asks for the values of a template's variables the app could not fill (a quote number…). */
export function MissingValuesForm({
  missing,
  busy,
  onSubmit,
  onCancel,
}: {
  missing: MissingValues;
  busy: boolean;
  onSubmit: (values: Array<{ name: string; value: string }>) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, string>>({});
  const [tried, setTried] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const empty = missing.names.filter((name) => (values[name] ?? "").trim() === "");

  useEffect(() => {
    first.current?.focus();
  }, [missing]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (empty.length > 0 || busy) return;
    onSubmit(missing.names.map((name) => ({ name, value: (values[name] ?? "").trim() })));
  };

  return (
    <form
      className="missing-values"
      data-testid="missing-values"
      aria-labelledby="missing-values-title"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          onCancel();
        }
      }}
      noValidate
    >
      <p id="missing-values-title" className="missing-values-title">
        <Icon name="template" size={13} />
        {t("templates.missing.title", { name: missing.template.name })}
      </p>
      <p className="missing-values-text">{t("templates.missing.text")}</p>
      <div className="missing-values-fields">
        {missing.names.map((name, i) => {
          const invalid = tried && empty.includes(name);
          const id = `missing-${i}`;
          return (
            <label key={name} className="missing-value" htmlFor={id}>
              <span className="missing-value-name">{name}</span>
              <input
                ref={i === 0 ? first : undefined}
                id={id}
                className="wa-input"
                data-testid="missing-value"
                data-name={name}
                autoComplete="off"
                value={values[name] ?? ""}
                aria-invalid={invalid || undefined}
                onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
              />
              {invalid ? <span className="error-text small">{t("templates.missing.required", { name })}</span> : null}
            </label>
          );
        })}
      </div>
      <div className="missing-values-actions">
        <button type="button" className="button" onClick={onCancel}>
          {t("templates.missing.cancel")}
        </button>
        <button type="submit" className="button primary" data-testid="missing-values-insert" disabled={busy}>
          {busy ? <span className="wa-spinner" aria-hidden="true" /> : <Icon name="check" size={14} />}
          {t("templates.missing.insert")}
        </button>
      </div>
    </form>
  );
}
