//! A WhatsApp message template as the business drafts it in Bandeja, before
//! Meta has seen it.
//!
//! Meta reviews every new template and refuses malformed ones with terse
//! error codes, sometimes only after the request (a rejected review arrives
//! by webhook minutes later). [`validate`] applies Meta's creation rules
//! locally — at least as strictly as Meta and `bandeja-sim` do — so the
//! editor can point at the exact field while the user is still typing, and
//! [`to_graph_components`] turns a valid draft into the `components` array of
//! Meta's creation request. [`render`] fills the placeholders for previews and
//! for the text Bandeja stores when such a template is sent.
//!
//! Only positional parameters (`{{1}}`, `{{2}}`…) are supported.

mod placeholders;
mod validate;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub use validate::{
    validate, BODY_MAX, BUTTON_TEXT_MAX, FOOTER_MAX, HEADER_TEXT_MAX, MAX_BUTTONS,
    MAX_PHONE_BUTTONS, MAX_QUICK_REPLIES, MAX_URL_BUTTONS, NAME_MAX, PHONE_MAX,
    QUICK_REPLY_TEXT_MAX, URL_MAX,
};

/// Meta's template categories; Meta may re-categorise after review.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateCategory {
    Marketing,
    Utility,
    Authentication,
}

impl TemplateCategory {
    /// The spelling of Meta's API (`MARKETING`, …).
    pub fn graph_name(self) -> &'static str {
        match self {
            TemplateCategory::Marketing => "MARKETING",
            TemplateCategory::Utility => "UTILITY",
            TemplateCategory::Authentication => "AUTHENTICATION",
        }
    }
}

/// The optional header. Media headers need a sample uploaded through Meta's
/// Resumable Upload API (`example_handle`) for the review.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "format", rename_all = "snake_case")]
pub enum TemplateHeader {
    /// At most one parameter, `{{1}}`; `example` is its sample value.
    Text {
        text: String,
        example: Option<String>,
    },
    Image {
        example_handle: Option<String>,
    },
    Video {
        example_handle: Option<String>,
    },
    Document {
        example_handle: Option<String>,
    },
}

impl TemplateHeader {
    /// Meta's `format` (`TEXT`, `IMAGE`, `VIDEO`, `DOCUMENT`).
    pub fn graph_format(&self) -> &'static str {
        match self {
            TemplateHeader::Text { .. } => "TEXT",
            TemplateHeader::Image { .. } => "IMAGE",
            TemplateHeader::Video { .. } => "VIDEO",
            TemplateHeader::Document { .. } => "DOCUMENT",
        }
    }

    /// The review sample of a media header.
    pub fn example_handle(&self) -> Option<&str> {
        match self {
            TemplateHeader::Text { .. } => None,
            TemplateHeader::Image { example_handle }
            | TemplateHeader::Video { example_handle }
            | TemplateHeader::Document { example_handle } => example_handle.as_deref(),
        }
    }
}

/// A button of the template, in display order.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TemplateButton {
    QuickReply {
        text: String,
    },
    /// `url` may end with `{{1}}`, filled at send time; `example` is then a
    /// sample value for it (`"7781"`) or the full sample URL.
    Url {
        text: String,
        url: String,
        example: Option<String>,
    },
    PhoneNumber {
        text: String,
        phone_number: String,
    },
}

impl TemplateButton {
    pub fn text(&self) -> &str {
        match self {
            TemplateButton::QuickReply { text }
            | TemplateButton::Url { text, .. }
            | TemplateButton::PhoneNumber { text, .. } => text,
        }
    }
}

/// A template being written, in Bandeja's own terms.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateDraft {
    /// Lowercase letters, digits and `_`.
    pub name: String,
    /// Meta's locale code, e.g. `es`, `es_MX`, `en_US`.
    pub language: String,
    pub category: TemplateCategory,
    pub header: Option<TemplateHeader>,
    /// With `{{1}}`…`{{n}}` placeholders.
    pub body: String,
    /// One sample value per body placeholder, in order (for Meta's review).
    pub body_examples: Vec<String>,
    pub footer: Option<String>,
    pub buttons: Vec<TemplateButton>,
}

/// Something Meta would refuse, pinned to a field of the draft.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateProblem {
    /// `name`, `body`, `header.text`, `buttons[2].text`, …
    pub field: String,
    /// Stable machine code, e.g. `name_invalid`, `too_many_quick_replies`.
    pub code: String,
    /// One English sentence for logs and as a fallback label.
    pub message: String,
}

impl std::fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Number of distinct `{{n}}` placeholders in `body`.
pub fn body_parameter_count(body: &str) -> usize {
    placeholders::scan(body).indices().len()
}

/// `body` with `{{n}}` replaced by `params[n-1]`; placeholders without a
/// value stay as written. Values are inserted verbatim (never re-scanned).
pub fn render(body: &str, params: &[String]) -> String {
    let scan = placeholders::scan(body);
    let mut out = String::with_capacity(body.len());
    let mut from = 0;
    for p in &scan.placeholders {
        out.push_str(&body[from..p.start]);
        match p.index.and_then(|n| params.get(n - 1)) {
            Some(v) => out.push_str(v),
            None => out.push_str(&body[p.start..p.end]),
        }
        from = p.end;
    }
    out.push_str(&body[from..]);
    out
}

/// The sample URL Meta wants for a URL button with a parameter: `example`
/// as given when it is already a full URL, otherwise the URL with `{{1}}`
/// replaced by it.
fn url_example(url: &str, example: &str) -> String {
    if example.starts_with("http://") || example.starts_with("https://") {
        example.to_string()
    } else {
        render(url, &[example.to_string()])
    }
}

/// The `components` array of Meta's creation request (uppercase types,
/// `example` blocks only where there are parameters). Meant for a draft
/// [`validate`] accepted.
pub fn to_graph_components(d: &TemplateDraft) -> Value {
    let mut components = Vec::new();
    match &d.header {
        Some(TemplateHeader::Text { text, example }) => {
            let mut h = json!({"type": "HEADER", "format": "TEXT", "text": text});
            if let (Some(ex), true) = (example, body_parameter_count(text) > 0) {
                h["example"] = json!({"header_text": [ex]});
            }
            components.push(h);
        }
        Some(media) => {
            let mut h = json!({"type": "HEADER", "format": media.graph_format()});
            if let Some(handle) = media.example_handle() {
                h["example"] = json!({"header_handle": [handle]});
            }
            components.push(h);
        }
        None => {}
    }
    let mut body = json!({"type": "BODY", "text": d.body});
    if body_parameter_count(&d.body) > 0 {
        body["example"] = json!({"body_text": [d.body_examples]});
    }
    components.push(body);
    if let Some(footer) = &d.footer {
        components.push(json!({"type": "FOOTER", "text": footer}));
    }
    if !d.buttons.is_empty() {
        let buttons: Vec<Value> = d
            .buttons
            .iter()
            .map(|b| match b {
                TemplateButton::QuickReply { text } => json!({"type": "QUICK_REPLY", "text": text}),
                TemplateButton::Url { text, url, example } => {
                    let mut v = json!({"type": "URL", "text": text, "url": url});
                    if let (Some(ex), true) = (example, body_parameter_count(url) > 0) {
                        v["example"] = json!([url_example(url, ex)]);
                    }
                    v
                }
                TemplateButton::PhoneNumber { text, phone_number } => {
                    json!({"type": "PHONE_NUMBER", "text": text, "phone_number": phone_number})
                }
            })
            .collect();
        components.push(json!({"type": "BUTTONS", "buttons": buttons}));
    }
    Value::Array(components)
}

#[cfg(test)]
mod tests;
