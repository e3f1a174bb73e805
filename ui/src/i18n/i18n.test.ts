import { describe, expect, it } from "vitest";
import { applyLocale, createI18n, resolveLocale } from ".";
import enAutomation from "./locales/automation/en.json";
import esAutomation from "./locales/automation/es.json";
import enMain from "./locales/en.json";
import esMain from "./locales/es.json";
import enLibrary from "./locales/library/en.json";
import esLibrary from "./locales/library/es.json";

const en = { ...enMain, ...enAutomation, ...enLibrary };
const es = { ...esMain, ...esAutomation, ...esLibrary };

function flatKeys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => flatKeys(v, prefix === "" ? k : `${prefix}.${k}`));
}

describe("resolveLocale", () => {
  it("maps language tags to supported locales", () => {
    expect(resolveLocale("es")).toBe("es");
    expect(resolveLocale("es-AR")).toBe("es");
    expect(resolveLocale("es_MX")).toBe("es");
    expect(resolveLocale("EN-gb")).toBe("en");
  });

  it("falls back to English for unknown or missing locales", () => {
    expect(resolveLocale("fr-FR")).toBe("en");
    expect(resolveLocale("pt-BR")).toBe("en");
    expect(resolveLocale("estonian")).toBe("en");
    expect(resolveLocale("")).toBe("en");
    expect(resolveLocale(null)).toBe("en");
    expect(resolveLocale(undefined)).toBe("en");
  });
});

describe("createI18n", () => {
  it("starts in English for an unknown locale", () => {
    const i18n = createI18n("fr-FR");
    expect(i18n.language).toBe("en");
    expect(i18n.t("views.all_open")).toBe("All open");
  });

  it("starts in Spanish for a Spanish locale", () => {
    const i18n = createI18n("es-ES");
    expect(i18n.language).toBe("es");
    expect(i18n.t("views.all_open")).toBe("Abiertas");
  });

  it("switches language at once and back to the system one", async () => {
    const i18n = createI18n("en");
    await applyLocale(i18n, "es");
    expect(i18n.t("welcome.openDemo")).toBe("Abrir espacio de demostración");
    await applyLocale(i18n, null); // jsdom's navigator.language is en-US
    expect(i18n.t("welcome.openDemo")).toBe("Open demo workspace");
  });
});

describe("locale files", () => {
  it("have exactly the same keys", () => {
    expect(flatKeys(es).sort()).toEqual(flatKeys(en).sort());
  });

  it("split without clashing: the automation files only add keys of their own", () => {
    expect(Object.keys(enAutomation).filter((k) => k in enMain)).toEqual([]);
    expect(Object.keys(esAutomation).filter((k) => k in esMain)).toEqual([]);
    const earlier = { ...enMain, ...enAutomation };
    expect(Object.keys(enLibrary).filter((k) => k in earlier)).toEqual([]);
    expect(Object.keys(esLibrary).filter((k) => k in { ...esMain, ...esAutomation })).toEqual([]);
  });

  it("have no empty strings", () => {
    const empty = (obj: unknown) =>
      flatKeys(obj).filter((key) => {
        const value = key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj);
        return typeof value !== "string" || value.trim().length === 0;
      });
    expect(empty(en)).toEqual([]);
    expect(empty(es)).toEqual([]);
  });
});
