//! Untrusted HTML mail made safe to show (EMAIL-4), with `ammonia`'s
//! allow-list: no script, handler, form, frame or `javascript:` link; tables
//! and inline styles kept (mail layouts are tables); `cid:` and `data:`
//! images kept; remote images dropped unless the member allowed them for the
//! sender, because a remote image tells the sender when the mail was read.
//! The viewer adds defence in depth (sandboxed frame, strict CSP).

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The sanitized body and what was held back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeHtml {
    pub html: String,
    /// Remote images dropped (the "load remote images" bar shows when > 0).
    pub blocked_remote_images: usize,
}

/// Inline style properties that only change how text and boxes look.
const STYLE_PROPERTIES: &[&str] = &[
    "color",
    "background-color",
    "font",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "text-align",
    "text-decoration",
    "line-height",
    "margin",
    "margin-top",
    "margin-right",
    "margin-bottom",
    "margin-left",
    "padding",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    "width",
    "max-width",
    "height",
    "border",
    "border-collapse",
    "border-spacing",
    "vertical-align",
    "white-space",
];

/// Layout attributes mail clients still rely on.
const GENERIC_ATTRIBUTES: &[&str] = &[
    "style",
    "align",
    "valign",
    "width",
    "height",
    "bgcolor",
    "border",
    "cellpadding",
    "cellspacing",
    "colspan",
    "rowspan",
    "dir",
];

/// Whether loading `url` asks a server for it (and so tells the sender).
fn is_remote(url: &str) -> bool {
    let url = url.trim_start().to_ascii_lowercase();
    !(url.starts_with("cid:") || url.starts_with("data:"))
}

/// Sanitize `html`; remote images stay only when `allow_remote_images`.
pub fn sanitize(html: &str, allow_remote_images: bool) -> SafeHtml {
    let blocked = Arc::new(AtomicUsize::new(0));
    let counter = blocked.clone();
    let styles: HashSet<&str> = STYLE_PROPERTIES.iter().copied().collect();
    let clean = ammonia::Builder::default()
        .add_generic_attributes(GENERIC_ATTRIBUTES)
        .filter_style_properties(styles)
        .url_schemes(
            ["http", "https", "mailto", "cid", "data"]
                .into_iter()
                .collect(),
        )
        .link_rel(Some("noopener noreferrer nofollow"))
        .attribute_filter(move |element, attribute, value| {
            if element == "img" && attribute == "src" {
                let lower = value.trim_start().to_ascii_lowercase();
                if lower.starts_with("data:") && !lower.starts_with("data:image/") {
                    return None;
                }
                if is_remote(value) && !allow_remote_images {
                    counter.fetch_add(1, Ordering::Relaxed);
                    return None;
                }
            } else if attribute == "href"
                && value.trim_start().to_ascii_lowercase().starts_with("data:")
            {
                return None;
            }
            Some(Cow::Borrowed(value))
        })
        .clean(html)
        .to_string();
    SafeHtml {
        html: clean,
        blocked_remote_images: blocked.load(Ordering::Relaxed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn active_content_goes_and_layout_stays() {
        let dirty = r##"<script>alert(1)</script>
<table width="600" bgcolor="#fff" style="border-collapse:collapse;position:fixed;background:url(http://t.example/x)">
<tr><td style="color:#123456;padding:4px" onclick="steal()">Hola <b>Ana</b></td></tr></table>
<a href="javascript:alert(1)">x</a><a href="https://tienda.example/p?1">pedido</a>
<form action="https://evil.example"><input name=p></form><iframe src="https://evil.example"></iframe>
<svg><script>alert(2)</script></svg><img src=x onerror=alert(3)><style>p{color:red}</style>"##;
        let safe = sanitize(dirty, false).html;
        for gone in [
            "<script",
            "alert(",
            "onclick",
            "javascript:",
            "<form",
            "<input",
            "<iframe",
            "<svg",
            "onerror",
            "position",
            "url(",
            "<style",
        ] {
            assert!(!safe.contains(gone), "{gone} left in {safe}");
        }
        for kept in [
            "<table",
            "width=\"600\"",
            "bgcolor=\"#fff\"",
            "border-collapse:collapse",
            "color:#123456",
            "<b>Ana</b>",
            "href=\"https://tienda.example/p?1\"",
            "rel=\"noopener noreferrer nofollow\"",
        ] {
            assert!(safe.contains(kept), "{kept} missing from {safe}");
        }
    }

    #[test]
    fn remote_images_wait_for_permission_inline_ones_do_not() {
        let html = r#"<img src="https://tracker.example/open.gif"><img src="cid:logo@tienda">
<img src="data:image/png;base64,iVBORw0KGgo="><img src="data:text/html;base64,PHNjcmlwdD4=">
<a href="data:text/html,<script>alert(1)</script>">x</a>"#;
        let held = sanitize(html, false);
        assert_eq!(held.blocked_remote_images, 1);
        assert!(!held.html.contains("tracker.example"));
        assert!(held.html.contains("cid:logo@tienda"));
        assert!(held.html.contains("data:image/png"));
        assert!(!held.html.contains("data:text/html"), "{}", held.html);
        let allowed = sanitize(html, true);
        assert_eq!(allowed.blocked_remote_images, 0);
        assert!(allowed.html.contains("https://tracker.example/open.gif"));
    }

    #[test]
    fn plain_text_like_html_and_garbage_do_not_break() {
        assert_eq!(sanitize("", false).html, "");
        let s = sanitize("<p>unclosed <b>bold <i>both", false).html;
        assert!(s.contains("unclosed") && s.contains("both"));
        assert!(sanitize("<<<>>>&&&", false).html.contains("&amp;"));
    }
}
