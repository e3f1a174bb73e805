/**
 * The small rich-text subset of the signature editor and the email composer:
 * bold, italic, underline, links, images (signatures only), paragraphs, lists
 * and line breaks. HTML from elsewhere (a saved signature, a paste) is rebuilt
 * from this allow-list in an inert document — nothing of it runs or loads —
 * before it reaches the window. The core sanitizes again when it is saved or sent.
 */

/** Elements kept as they are. */
const KEEP = new Set(["B", "STRONG", "I", "EM", "U", "A", "IMG", "BR", "P", "DIV", "SPAN", "UL", "OL", "LI"]);
/** Elements dropped with everything inside them. */
const DROP = new Set(["SCRIPT", "STYLE", "TEMPLATE", "IFRAME", "OBJECT", "EMBED", "SVG", "MATH", "HEAD", "TITLE", "META", "LINK", "NOSCRIPT", "FORM", "INPUT", "BUTTON", "SELECT", "TEXTAREA"]);

/** Images a signature may hold: pasted or picked files (data:) and https logos. */
const IMAGE_SRC = /^(data:image\/(png|jpe?g|gif|webp|svg\+xml);base64,[a-z0-9+/=\s]+|data:image\/svg\+xml,[^"'<>\s]+|https:\/\/\S+)$/i;
const LINK_HREF = /^(https?:\/\/|mailto:|tel:)\S+$/i;

/** Picked images bigger than this are refused (a signature travels with every answer). */
export const MAX_SIGNATURE_IMAGE_BYTES = 200 * 1024;
export const SIGNATURE_IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;

/** A document that never runs scripts or loads images. */
function inertDocument(): Document {
  return document.implementation.createHTMLDocument("");
}

export interface CleanOptions {
  /** Keep images (a signature's logo); the composer drops them. */
  images?: boolean;
}

function cleanChildren(from: Node, into: Node, doc: Document, options: CleanOptions): void {
  for (const child of [...from.childNodes]) {
    if (child.nodeType === Node.TEXT_NODE) {
      into.appendChild(doc.createTextNode(child.textContent ?? ""));
      continue;
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    const el = child as Element;
    const tag = el.tagName.toUpperCase();
    if (DROP.has(tag)) continue;
    if (!KEEP.has(tag)) {
      // unknown wrapper (font, table cells, …): keep what it says
      cleanChildren(el, into, doc, options);
      continue;
    }
    if (tag === "IMG" && options.images === false) continue;
    const copy = doc.createElement(tag.toLowerCase());
    if (tag === "A") {
      const href = el.getAttribute("href")?.trim() ?? "";
      if (LINK_HREF.test(href)) copy.setAttribute("href", href);
    }
    if (tag === "IMG") {
      const src = el.getAttribute("src")?.trim() ?? "";
      if (!IMAGE_SRC.test(src)) continue;
      copy.setAttribute("src", src);
      const alt = el.getAttribute("alt");
      if (alt !== null) copy.setAttribute("alt", alt);
      for (const size of ["width", "height"]) {
        const v = el.getAttribute(size);
        if (v !== null && /^\d{1,4}$/.test(v)) copy.setAttribute(size, v);
      }
    }
    cleanChildren(el, copy, doc, options);
    into.appendChild(copy);
  }
}

/** `html` rebuilt from the allow-list, as an element of an inert document. */
function cleanTree(html: string, options: CleanOptions = {}): HTMLElement {
  const doc = inertDocument();
  const parsed = new DOMParser().parseFromString(html, "text/html");
  const root = doc.createElement("div");
  cleanChildren(parsed.body, root, doc, options);
  return root;
}

/** The allow-listed HTML of `html`. */
export function cleanRichText(html: string, options: CleanOptions = {}): string {
  return cleanTree(html, options).innerHTML;
}

/** Replaces `target`'s content with the allow-listed nodes of `html`. */
export function fillRichText(target: HTMLElement, html: string): void {
  const clean = cleanTree(html);
  target.replaceChildren(...[...clean.childNodes].map((n) => target.ownerDocument.importNode(n, true)));
}

/** Whether the HTML shows anything (text or an image). */
export function hasRichContent(html: string): boolean {
  const root = cleanTree(html);
  return (root.textContent ?? "").trim().length > 0 || root.querySelector("img") !== null;
}

/** `example.com` -> `https://example.com`; refuses what isn't a web, mail or phone link. */
export function normalizeLink(input: string): string | null {
  const v = input.trim();
  if (v.length === 0 || /\s/.test(v)) return null;
  if (LINK_HREF.test(v)) return v;
  if (/^[^@/:]+@[^@/:]+\.[^@/:]+$/.test(v)) return `mailto:${v}`;
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(v)) return `https://${v}`;
  return null;
}

const BLOCKS = new Set(["P", "DIV", "UL", "OL", "LI"]);

/**
 * The plain-text rendering of rich text (an email's `text` part): one line per
 * line break or block, a blank line after a paragraph, `- ` before a bulleted
 * item and `1. ` before a numbered one (indented when nested), and a link's
 * address after its words when they differ: `our shop <https://…>`.
 */
export function richTextToPlain(html: string): string {
  let out = "";
  const atLineStart = () => out.length === 0 || out.endsWith("\n");
  const newLine = () => {
    if (!atLineStart()) out += "\n";
  };
  const walk = (node: Node, depth: number) => {
    for (const child of [...node.childNodes]) {
      if (child.nodeType === Node.TEXT_NODE) {
        // a contentEditable types runs of spaces as no-break spaces
        out += (child.textContent ?? "").replace(/\u00a0/g, " ").replace(/[\r\n]+/g, " ");
        continue;
      }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      const el = child as Element;
      const tag = el.tagName.toUpperCase();
      if (tag === "BR") {
        out += "\n";
        continue;
      }
      if (tag === "LI") {
        newLine();
        const list = el.parentElement?.tagName.toUpperCase();
        const index = [...(el.parentElement?.children ?? [])].filter((c) => c.tagName.toUpperCase() === "LI").indexOf(el);
        out += `${"  ".repeat(Math.max(0, depth - 1))}${list === "OL" ? `${index + 1}.` : "-"} `;
        walk(el, depth);
        newLine();
        continue;
      }
      if (tag === "A") {
        const before = out.length;
        walk(el, depth);
        const words = out.slice(before).trim();
        const href = el.getAttribute("href") ?? "";
        const shown = href.replace(/^mailto:/i, "");
        const bare = href.replace(/^https?:\/\//i, "").replace(/\/$/, "");
        if (href.length > 0 && ![href, shown, bare].includes(words)) out += ` <${shown}>`;
        continue;
      }
      if (BLOCKS.has(tag)) {
        newLine();
        walk(el, tag === "UL" || tag === "OL" ? depth + 1 : depth);
        newLine();
        // a paragraph ends with a blank line
        if (tag === "P" && el.nextSibling !== null) out += "\n";
        continue;
      }
      walk(el, depth);
    }
  };
  walk(cleanTree(html, { images: false }), 0);
  return out
    .split("\n")
    .map((line) => line.replace(/[ \t]+$/, ""))
    .join("\n")
    .replace(/^\n+|\s+$/g, "");
}
