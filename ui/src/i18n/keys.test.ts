import { describe, expect, it } from "vitest";
import { resources } from ".";

/** The sources of the screens whose strings this test checks (tests left out). */
const SOURCES = import.meta.glob<string>(
  [
    "../settings/team/*.tsx",
    "../settings/automation/*.tsx",
    "../settings/tags/*.tsx",
    "../settings/templates/*.tsx",
    "../settings/usage/*.tsx",
    "../conversation/header/*.tsx",
    "../conversation/tags/*.tsx",
    "../conversation/compose/*.tsx",
    "../conversation/MessageBubble.tsx",
    "../conversation/ContactPanel.tsx",
    "../reports/*.tsx",
    "../notices/*.tsx",
    "../inbox/*.tsx",
    "../App.tsx",
    "!**/*.test.tsx",
  ],
  { query: "?raw", import: "default", eager: true },
);

function has(tree: unknown, key: string): boolean {
  let node = tree;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return false;
    const obj = node as Record<string, unknown>;
    // plurals: `count` picks key_one / key_other
    node = part in obj ? obj[part] : obj[`${part}_other`];
  }
  return typeof node === "string";
}

describe("translation keys", () => {
  it('every literal t("…") key of the team, automation, library, reports and inbox screens exists in both languages', () => {
    const keys = new Set<string>();
    for (const source of Object.values(SOURCES)) {
      for (const m of source.matchAll(/\bt\(\s*["'`]([a-zA-Z0-9_.]+)["'`]/g)) keys.add(m[1] as string);
    }
    expect(keys.size).toBeGreaterThan(100);
    const missing = [...keys].filter((k) => !has(resources.en.translation, k) || !has(resources.es.translation, k));
    expect(missing).toEqual([]);
  });
});
