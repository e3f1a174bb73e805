import type { WaTemplateDto } from "../bindings";

const PLACEHOLDER = /\{\{\s*([a-z0-9_]+)\s*\}\}/g;

/**
 * The distinct `{{…}}` placeholders of a text, like the core's
 * `template_placeholders`: named ones in order of first appearance,
 * numbered ones sorted by number.
 */
export function placeholders(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? "";
    if (name.length > 0 && !out.includes(name)) out.push(name);
  }
  if (out.every((n) => /^\d+$/.test(n))) out.sort((a, b) => Number(a) - Number(b));
  return out;
}

export type FieldSlot = "body" | "header" | "button";

export interface TemplateField {
  /** Index in `params`. */
  index: number;
  /** `1`, `nombre`, or a URL button's label. */
  name: string;
  slot: FieldSlot;
}

/**
 * The values a send needs, in the core's order (`param_names`): the body's
 * placeholders, then the text header's, then URL buttons'.
 */
export function templateFields(template: WaTemplateDto): TemplateField[] {
  const body = placeholders(template.body);
  const headerHasValue =
    template.media_header === null && template.header !== null && placeholders(template.header).length > 0;
  return template.param_names.slice(0, template.param_count).map((name, index) => ({
    index,
    name,
    slot: index < body.length ? "body" : headerHasValue && index === body.length ? "header" : "button",
  }));
}

/** Replaces each placeholder of `text` with its value; empty values keep the `{{…}}`. */
export function fillText(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(PLACEHOLDER, (all, name: string) => {
    const value = values.get(name)?.trim() ?? "";
    return value.length > 0 ? value : all;
  });
}

/** The body and header as the customer will read them with these values. */
export function renderTemplate(template: WaTemplateDto, values: readonly string[]): { header: string | null; body: string } {
  const fields = templateFields(template);
  const bodyValues = new Map<string, string>();
  const headerValues = new Map<string, string>();
  for (const field of fields) {
    const value = values[field.index] ?? "";
    if (field.slot === "body") bodyValues.set(field.name, value);
    if (field.slot === "header") headerValues.set(field.name, value);
  }
  const header = template.media_header === null && template.header !== null ? fillText(template.header, headerValues) : null;
  return { header, body: fillText(template.body, bodyValues) };
}

const GREETING =
  /^\s*[¡!¿]?\s*(?:hola|hi|hello|hey|dear|buenas|buen[oa]s\s+(?:d[ií]as|tardes|noches)|good\s+(?:morning|afternoon|evening)|estimad[oa]|querid[oa])\s*[,!]?\s*\{\{\s*([a-z0-9_]+)\s*\}\}/i;

/** The contact's first name ("María José Pérez" -> "María"). */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? "";
}

/**
 * Starting values: when the body opens with a greeting and a placeholder
 * ("Hola {{1}}", "Hi {{1}}"), that one gets the contact's first name; the
 * rest start empty.
 */
export function initialValues(template: WaTemplateDto, contactName: string): string[] {
  const values = Array.from({ length: template.param_count }, () => "");
  const greeted = GREETING.exec(template.body)?.[1];
  if (greeted === undefined) return values;
  const field = templateFields(template).find((f) => f.slot === "body" && f.name === greeted);
  if (field !== undefined) values[field.index] = firstName(contactName);
  return values;
}

/** Why an approved template still can't be sent from the picker, if it can't. */
export function unsendableReason(template: WaTemplateDto): "not_approved" | "media_header" | null {
  if (template.status.toUpperCase() !== "APPROVED") return "not_approved";
  if (template.media_header !== null) return "media_header";
  return null;
}
