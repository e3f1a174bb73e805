/**
 * The small rich-text subset of the signature editor: bold, italic,
 * underline, links, images, paragraphs and line breaks. HTML from elsewhere
 * (a saved signature, a paste) is rebuilt from this allow-list in an inert
 * document — nothing of it runs or loads — before it reaches the window.
 * The core sanitizes again when the signature is saved.
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

function cleanChildren(from: Node, into: Node, doc: Document): void {
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
      cleanChildren(el, into, doc);
      continue;
    }
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
    cleanChildren(el, copy, doc);
    into.appendChild(copy);
  }
}

/** `html` rebuilt from the allow-list, as an element of an inert document. */
function cleanTree(html: string): HTMLElement {
  const doc = inertDocument();
  const parsed = new DOMParser().parseFromString(html, "text/html");
  const root = doc.createElement("div");
  cleanChildren(parsed.body, root, doc);
  return root;
}

/** The allow-listed HTML of `html`. */
export function cleanRichText(html: string): string {
  return cleanTree(html).innerHTML;
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
