import { TEMPLATE_LIMITS, type TemplateButton, type TemplateCategory, type TemplateDraft, type TemplateProblem } from "../../bindings";

export type HeaderKind = "none" | "text" | "image" | "video" | "document";
export const HEADER_KINDS: readonly HeaderKind[] = ["none", "text", "image", "video", "document"];
export const CATEGORIES: readonly TemplateCategory[] = ["marketing", "utility", "authentication"];
/** The languages offered first; any other code Meta supports can be typed by the core's rules. */
export const LANGUAGES = ["es", "es_ES", "es_MX", "es_AR", "en", "en_US", "en_GB", "pt_BR", "pt_PT", "fr", "de", "it", "ca"] as const;

/** Meta's limits (doc §6.3; Bandeja's spec for buttons, TPL-3), generated from `bandeja_domain::wa_template`. */
export const LIMITS = TEMPLATE_LIMITS;

export interface UrlButton {
  text: string;
  url: string;
  example: string;
}

export interface PhoneButton {
  text: string;
  phone_number: string;
}

/** The editor's form. Buttons are kept by type so quick replies always come first, grouped. */
export interface EditorState {
  name: string;
  language: string;
  category: TemplateCategory;
  headerKind: HeaderKind;
  headerText: string;
  headerExample: string;
  headerHandle: string;
  body: string;
  /** Sample value of `{{n}}` at `n - 1`. */
  bodyExamples: string[];
  footer: string;
  quickReplies: string[];
  url: UrlButton | null;
  phone: PhoneButton | null;
}

export const EMPTY_EDITOR: EditorState = {
  name: "",
  language: "es",
  category: "utility",
  headerKind: "none",
  headerText: "",
  headerExample: "",
  headerHandle: "",
  body: "",
  bodyExamples: [],
  footer: "",
  quickReplies: [],
  url: null,
  phone: null,
};

const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;

/** The distinct `{{n}}` indices of a text, ascending. */
export function placeholderIndices(text: string): number[] {
  const found = new Set<number>();
  for (const m of text.matchAll(PLACEHOLDER)) found.add(Number(m[1]));
  return [...found].sort((a, b) => a - b);
}

/** The `{{n}}` that "Add variable" inserts: one past the highest so far. */
export function nextVariable(text: string): string {
  const indices = placeholderIndices(text);
  return `{{${(indices[indices.length - 1] ?? 0) + 1}}}`;
}

/** Where each button lands in the draft's `buttons` array. */
export function buttonIndices(s: EditorState): { quickReply: (i: number) => number; url: number; phone: number } {
  const url = s.quickReplies.length;
  return { quickReply: (i) => i, url, phone: url + (s.url !== null ? 1 : 0) };
}

/** The draft the core checks and submits. */
export function toDraft(s: EditorState): TemplateDraft {
  const headerHasParam = placeholderIndices(s.headerText).length > 0;
  const header: TemplateDraft["header"] =
    s.headerKind === "none"
      ? null
      : s.headerKind === "text"
        ? { format: "text", text: s.headerText, example: headerHasParam ? s.headerExample : null }
        : { format: s.headerKind, example_handle: s.headerHandle.trim().length > 0 ? s.headerHandle.trim() : null };
  const buttons: TemplateButton[] = s.quickReplies.map((text) => ({ type: "quick_reply", text }));
  if (s.url !== null) {
    const hasParam = placeholderIndices(s.url.url).length > 0;
    buttons.push({ type: "url", text: s.url.text, url: s.url.url.trim(), example: hasParam ? s.url.example.trim() : null });
  }
  if (s.phone !== null) buttons.push({ type: "phone_number", text: s.phone.text, phone_number: s.phone.phone_number.trim() });
  return {
    name: s.name.trim(),
    language: s.language,
    category: s.category,
    header,
    body: s.body,
    body_examples: placeholderIndices(s.body).map((n) => s.bodyExamples[n - 1] ?? ""),
    footer: s.footer.length > 0 ? s.footer : null,
    buttons,
  };
}

/** The part of the form a problem belongs to: `buttons[2].text` -> `buttons`, `body_examples[0]` -> `body`. */
export function problemGroup(field: string): string {
  const head = field.split(/[.[]/)[0] ?? field;
  return head === "body_examples" ? "body" : head;
}

/** Problems of exactly this field. */
export function problemsAt(problems: TemplateProblem[], field: string): TemplateProblem[] {
  return problems.filter((p) => p.field === field);
}

/** The fields the editor shows problems next to; others are listed in the summary. */
export function renderedFields(s: EditorState): Set<string> {
  const fields = new Set(["name", "language", "body", "body_examples", "footer", "buttons"]);
  placeholderIndices(s.body).forEach((_, i) => fields.add(`body_examples[${i}]`));
  if (s.headerKind === "text") ["header.text", "header.example"].forEach((f) => fields.add(f));
  else if (s.headerKind !== "none") fields.add("header.example_handle");
  const at = buttonIndices(s);
  s.quickReplies.forEach((_, i) => fields.add(`buttons[${at.quickReply(i)}].text`));
  if (s.url !== null) ["text", "url", "example"].forEach((f) => fields.add(`buttons[${at.url}].${f}`));
  if (s.phone !== null) ["text", "phone_number"].forEach((f) => fields.add(`buttons[${at.phone}].${f}`));
  return fields;
}

/** The id of the control a problem is about, to move focus there from the summary. */
export function fieldElementId(field: string, s: EditorState): string {
  const at = buttonIndices(s);
  const button = /^buttons\[(\d+)\]\.(\w+)$/.exec(field);
  if (button !== null) {
    const i = Number(button[1]);
    const part = button[2];
    if (i < s.quickReplies.length) return `wa-tpl-qr-${i}`;
    if (s.url !== null && i === at.url) return part === "url" ? "wa-tpl-url" : part === "example" ? "wa-tpl-url-example" : "wa-tpl-url-text";
    return part === "phone_number" ? "wa-tpl-phone" : "wa-tpl-phone-text";
  }
  const example = /^body_examples\[(\d+)\]$/.exec(field);
  if (example !== null) {
    const n = placeholderIndices(s.body)[Number(example[1])];
    return n === undefined ? "wa-tpl-body" : `wa-tpl-example-${n}`;
  }
  const ids: Record<string, string> = {
    name: "wa-tpl-name",
    language: "wa-tpl-language",
    body: "wa-tpl-body",
    body_examples: "wa-tpl-body",
    "header.text": "wa-tpl-header-text",
    "header.example": "wa-tpl-header-example",
    "header.example_handle": "wa-tpl-header-handle",
    footer: "wa-tpl-footer",
  };
  return ids[field] ?? "wa-tpl-buttons";
}
