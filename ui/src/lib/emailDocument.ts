import type { InlinePart } from "../bindings";

/**
 * The page an email's (already sanitized) HTML is shown in: an
 * `<iframe sandbox srcdoc>` without scripts, whose own CSP lets images come
 * only from Bandeja's attachment URLs and `data:` (and `https:` once the
 * member loads remote images), links open outside, and styles stay inline.
 */

/** The CSP source that allows `url`: its origin for http(s), its scheme for the app's own schemes. */
export function cspSource(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === "data:") return "data:";
  if (parsed.protocol === "http:" || parsed.protocol === "https:") return parsed.origin;
  return /^[a-z][a-z0-9+.-]*:$/i.test(parsed.protocol) ? parsed.protocol : null;
}

function normalizeCid(cid: string): string {
  let v = cid.trim();
  try {
    v = decodeURIComponent(v);
  } catch {
    // keep it as written
  }
  return v.replace(/^<|>$/g, "").toLowerCase();
}

/**
 * `cid:<Content-ID>` references (in `src`, `background`, `url()`) pointed at
 * the attachment each one is; unknown ones are left as they are (and blocked).
 */
export function rewriteCid(html: string, inline: readonly InlinePart[], urlFor: (index: number) => string): string {
  if (inline.length === 0) return html;
  const byId = new Map(inline.map((part) => [normalizeCid(part.content_id), part.index]));
  return html.replace(/cid:([^"'\s)>&]+)/gi, (match, id: string) => {
    const index = byId.get(normalizeCid(id));
    return index === undefined ? match : urlFor(index);
  });
}

/** Text for an HTML attribute value in double quotes. */
function attr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

const BASE_STYLE = [
  "html{overflow-y:hidden}",
  "body{margin:0;display:flow-root;overflow-x:auto;overflow-wrap:anywhere;color:#1d2433;background:transparent;",
  'font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Ubuntu,Cantarell,"Noto Sans",Arial,sans-serif}',
  "img{max-width:100%;height:auto}",
  "table{max-width:100%}",
  "a{color:#2563eb}",
  "blockquote{margin:8px 0 8px 4px;padding-left:10px;border-left:3px solid #d0d5dd;color:#5d6679}",
  "pre{white-space:pre-wrap}",
].join("");

export interface FrameOptions {
  /** Where images may come from besides `data:` (the attachment URLs' CSP sources). */
  imageSources: readonly string[];
  /** The member chose to load this message's remote images. */
  remoteImages: boolean;
}

/** The policy of the frame's page. */
export function frameCsp({ imageSources, remoteImages }: FrameOptions): string {
  const images = [...new Set([...imageSources.filter((s) => s !== "data:" && !/[\s;,'"]/.test(s)), "data:"])];
  if (remoteImages) images.push("https:");
  return `default-src 'none'; img-src ${images.join(" ")}; style-src 'unsafe-inline'; font-src data:`;
}

/** The whole `srcdoc`: policy, base target, a calm default style, then the body. */
export function buildSrcdoc(bodyHtml: string, options: FrameOptions): string {
  return [
    "<!doctype html><html><head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${attr(frameCsp(options))}">`,
    '<meta name="referrer" content="no-referrer">',
    '<base target="_blank">',
    `<style>${BASE_STYLE}</style>`,
    "</head><body>",
    bodyHtml,
    "</body></html>",
  ].join("");
}
