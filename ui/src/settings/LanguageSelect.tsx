import { useTranslation } from "react-i18next";
import type { Locale } from "../bindings";
import { useSetLocale, useSettings } from "../backend/queries";
import { applyLocale } from "../i18n";

/** System / Español / English. Saves the preference and switches at once. */
export function LanguageSelect({ id, compact = false }: { id?: string; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const settings = useSettings();
  const setLocale = useSetLocale();
  const value = setLocale.isPending ? (setLocale.variables ?? "system") : (settings.data?.locale ?? "system");

  const onChange = (raw: string) => {
    const locale: Locale | null = raw === "es" || raw === "en" ? raw : null;
    void applyLocale(i18n, locale);
    setLocale.mutate(locale);
  };

  return (
    <span className={`language-select${compact ? " compact" : ""}`}>
      <select
        id={id}
        className="select"
        data-testid="language-select"
        aria-label={t("settings.language")}
        value={value}
        disabled={settings.isPending}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="system">{t("settings.languageSystem")}</option>
        <option value="es" lang="es">
          Español
        </option>
        <option value="en" lang="en">
          English
        </option>
      </select>
      {setLocale.isError ? (
        <span className="error-text" role="alert">
          {t("settings.saveError")}
        </span>
      ) : null}
    </span>
  );
}
