/**
 * Named variables of the business's own templates, as the core reads them
 * (crates/bandeja-domain/src/vars.rs): `{{customer_name}}`, `{{company_name}}`,
 * `{{user_name}}`, `{{quote_number}}` or a contact field's name. Names match
 * without regard to case, and spaces count as underscores.
 */

/** The variables the app fills on its own (the rest need a contact field or a typed value). */
export const KNOWN_VARIABLES = ["customer_name", "company_name", "user_name", "quote_number"] as const;

/** The variables a text uses, in order of first use, without duplicates. */
export function templateVariables(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  for (;;) {
    const start = rest.indexOf("{{");
    if (start === -1) break;
    const after = rest.slice(start + 2);
    const end = after.indexOf("}}");
    if (end === -1) break;
    const name = after.slice(0, end).trim();
    if (name !== "" && !out.includes(name)) out.push(name);
    rest = after.slice(end + 2);
  }
  return out;
}

export function normalizeVariable(name: string): string {
  return name.trim().toLowerCase().replaceAll(" ", "_");
}

/** Whether a text still has a `{{…}}` placeholder (never sent to a customer). */
export function hasPlaceholder(text: string): boolean {
  return templateVariables(text).length > 0;
}

/**
 * `text` with every variable replaced from `values`, or the names without a
 * (non-blank) value.
 */
export function renderVariables(
  text: string,
  values: ReadonlyArray<{ name: string; value: string }>,
): { text: string } | { missing: string[] } {
  const lookup = (name: string): string | undefined => {
    const key = normalizeVariable(name);
    const value = values.find((v) => normalizeVariable(v.name) === key)?.value.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const missing = templateVariables(text).filter((name) => lookup(name) === undefined);
  if (missing.length > 0) return { missing };
  return { text: text.replace(/\{\{([^}]*)\}\}/g, (all, name: string) => lookup(name) ?? all) };
}

/** The names in the core's "no value for quote_number, delivery_date" (a `missing_variables` error). */
export function missingFromMessage(message: string): string[] {
  const m = /no value for (.+)$/i.exec(message.trim());
  if (m === null || m[1] === undefined) return [];
  return m[1]
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
