import i18next, { type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import type { Locale } from "../bindings";
import enAutomation from "./locales/automation/en.json";
import esAutomation from "./locales/automation/es.json";
import en from "./locales/en.json";
import es from "./locales/es.json";
import enLibrary from "./locales/library/en.json";
import esLibrary from "./locales/library/es.json";

export const LOCALES: readonly Locale[] = ["es", "en"];
export const FALLBACK_LOCALE: Locale = "en";

// The team and automation screens keep their strings in files of their own
// (top-level keys `team` and `automation`), and so do tags, templates, saved
// views, notes, reports and usage (`library/`).
export const resources = {
  en: { translation: { ...en, ...enAutomation, ...enLibrary } },
  es: { translation: { ...es, ...esAutomation, ...esLibrary } },
} as const;

/** Maps a BCP 47 tag ("es-AR", "en_US", "fr") to a supported locale; unknown -> en. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const lower = (tag ?? "").trim().toLowerCase();
  for (const locale of LOCALES) {
    if (lower === locale || lower.startsWith(`${locale}-`) || lower.startsWith(`${locale}_`)) {
      return locale;
    }
  }
  return FALLBACK_LOCALE;
}

/** The operating system's language, as the webview reports it. */
export function systemLocale(): Locale {
  return resolveLocale(typeof navigator === "undefined" ? undefined : navigator.language);
}

/** A ready, synchronous i18next instance (resources are bundled). */
export function createI18n(language: string = systemLocale()): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: resolveLocale(language),
    fallbackLng: FALLBACK_LOCALE,
    supportedLngs: [...LOCALES],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return instance;
}

/** Applies the saved preference (null = follow the OS). */
export async function applyLocale(instance: I18n, preference: Locale | null): Promise<void> {
  const target = preference ?? systemLocale();
  if (instance.language !== target) await instance.changeLanguage(target);
  if (typeof document !== "undefined") document.documentElement.lang = target;
}
