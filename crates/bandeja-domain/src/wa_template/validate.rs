//! Meta's creation rules for a template draft, each one reported as a
//! [`TemplateProblem`] on the field it concerns so the editor can show all
//! of them at once instead of one refusal per round trip to Meta.
//!
//! Sources: Meta's template documentation (research doc §6.2/§6.3) and what
//! `bandeja-sim` refuses. Where they differ the stricter rule wins, because
//! a template Bandeja lets through must not be refused later. Bandeja's spec
//! is stricter than Meta on buttons: at most 3 quick replies of at most 20
//! characters and 1 URL button (Meta allows 10 quick replies of 25 and 2
//! URL buttons) — the limits WhatsApp shows without a "See all options" menu.

use super::placeholders::{scan, Scan};
use super::{TemplateButton, TemplateDraft, TemplateHeader, TemplateProblem};

pub const NAME_MAX: usize = 512;
pub const BODY_MAX: usize = 1024;
pub const HEADER_TEXT_MAX: usize = 60;
pub const FOOTER_MAX: usize = 60;
pub const MAX_BUTTONS: usize = 10;
pub const MAX_QUICK_REPLIES: usize = 3;
pub const QUICK_REPLY_TEXT_MAX: usize = 20;
pub const BUTTON_TEXT_MAX: usize = 25;
pub const MAX_URL_BUTTONS: usize = 1;
pub const MAX_PHONE_BUTTONS: usize = 1;
pub const URL_MAX: usize = 2000;
pub const PHONE_MAX: usize = 20;

/// Meta's template languages (its "supported languages" table).
const LANGUAGES: &[&str] = &[
    "af", "ar", "az", "bg", "bn", "ca", "cs", "da", "de", "el", "en", "en_GB", "en_US", "es",
    "es_AR", "es_ES", "es_MX", "et", "fa", "fi", "fil", "fr", "ga", "gu", "ha", "he", "hi", "hr",
    "hu", "id", "it", "ja", "ka", "kk", "kn", "ko", "ky_KG", "lo", "lt", "lv", "mk", "ml", "mr",
    "ms", "nb", "nl", "pa", "pl", "pt_BR", "pt_PT", "ro", "ru", "rw_RW", "sk", "sl", "sq", "sr",
    "sv", "sw", "ta", "te", "th", "tr", "uk", "ur", "uz", "vi", "zh_CN", "zh_HK", "zh_TW", "zu",
];

struct Problems(Vec<TemplateProblem>);

impl Problems {
    fn add(&mut self, field: impl Into<String>, code: &str, message: impl Into<String>) {
        self.0.push(TemplateProblem {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        });
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Every rule the draft breaks; empty means Meta should accept it for review.
pub fn validate(d: &TemplateDraft) -> Vec<TemplateProblem> {
    let mut p = Problems(Vec::new());
    name(&d.name, &mut p);
    language(&d.language, &mut p);
    body(&d.body, &d.body_examples, &mut p);
    if let Some(h) = &d.header {
        header(h, &mut p);
    }
    if let Some(f) = &d.footer {
        footer(f, &mut p);
    }
    buttons(&d.buttons, &mut p);
    p.0
}

fn name(name: &str, p: &mut Problems) {
    if name.is_empty() {
        p.add("name", "name_empty", "The template needs a name.");
    } else if name.len() > NAME_MAX {
        p.add(
            "name",
            "name_too_long",
            format!("The name must be at most {NAME_MAX} characters."),
        );
    } else if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        p.add(
            "name",
            "name_invalid",
            "The name may only contain lowercase letters, digits and underscores.",
        );
    }
}

fn language(code: &str, p: &mut Problems) {
    let lang_ok = |l: &str| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase());
    let shaped = match code.split_once('_') {
        None => lang_ok(code),
        Some((l, region)) => {
            lang_ok(l) && region.len() == 2 && region.bytes().all(|b| b.is_ascii_uppercase())
        }
    };
    if !shaped {
        p.add(
            "language",
            "language_invalid",
            format!("{code:?} is not a language code like \"es\", \"es_MX\" or \"en_US\"."),
        );
    } else if !LANGUAGES.contains(&code) {
        p.add(
            "language",
            "language_unsupported",
            format!("WhatsApp does not offer templates in {code:?}."),
        );
    }
}

fn body(text: &str, examples: &[String], p: &mut Problems) {
    if text.trim().is_empty() {
        p.add("body", "body_empty", "The template needs a body text.");
        return;
    }
    if chars(text) > BODY_MAX {
        p.add(
            "body",
            "body_too_long",
            format!("The body must be at most {BODY_MAX} characters."),
        );
    }
    let s = scan(text);
    parameters("body", "body", &s, p);
    let n = s.indices().len();
    let trimmed = text.trim();
    if n > 0 && (trimmed.starts_with("{{") || trimmed.ends_with("}}")) {
        p.add(
            "body",
            "body_parameter_at_edge",
            "The body can't start or end with a parameter; put text before and after it.",
        );
    }
    if s.has_adjacent(text) {
        p.add(
            "body",
            "body_parameters_adjacent",
            "Two parameters need some text between them.",
        );
    }
    if n > 0 && s.words_outside(text) < 2 * n {
        p.add(
            "body",
            "body_too_many_parameters",
            "The body has too many parameters for its length; add at least two words per parameter.",
        );
    }
    if examples.len() != n {
        p.add(
            "body_examples",
            "body_examples_count",
            format!(
                "The body has {n} parameter(s) and needs exactly one sample value for each ({} given).",
                examples.len()
            ),
        );
    }
    for (i, ex) in examples.iter().enumerate() {
        if ex.trim().is_empty() {
            p.add(
                format!("body_examples[{i}]"),
                "body_example_empty",
                format!("The sample value for {{{{{}}}}} is empty.", i + 1),
            );
        }
    }
}

/// Placeholders well formed and numbered 1..n without gaps.
fn parameters(field: &str, code: &str, s: &Scan, p: &mut Problems) {
    if s.is_malformed() {
        p.add(
            field,
            &format!("{code}_parameter_invalid"),
            "Parameters are written {{1}}, {{2}}, …; check the double braces.",
        );
    } else if !s.is_sequential() {
        p.add(
            field,
            &format!("{code}_parameters_not_sequential"),
            "Parameters must be numbered {{1}}, {{2}}, … without gaps.",
        );
    }
}

fn header(h: &TemplateHeader, p: &mut Problems) {
    let TemplateHeader::Text { text, example } = h else {
        if h.example_handle().is_none_or(|s| s.trim().is_empty()) {
            p.add(
                "header.example_handle",
                "header_example_missing",
                "A media header needs a sample file for Meta's review.",
            );
        }
        return;
    };
    if text.trim().is_empty() {
        p.add("header.text", "header_empty", "The text header is empty.");
        return;
    }
    if chars(text) > HEADER_TEXT_MAX {
        p.add(
            "header.text",
            "header_too_long",
            format!("The header must be at most {HEADER_TEXT_MAX} characters."),
        );
    }
    let s = scan(text);
    if s.placeholders.len() > 1 {
        p.add(
            "header.text",
            "header_too_many_parameters",
            "The header may contain at most one parameter, {{1}}.",
        );
    } else {
        parameters("header.text", "header", &s, p);
    }
    let has_param = !s.placeholders.is_empty();
    match example.as_deref().map(str::trim) {
        None | Some("") if has_param => p.add(
            "header.example",
            "header_example_missing",
            "The header parameter needs a sample value.",
        ),
        Some(_) if !has_param => p.add(
            "header.example",
            "header_example_unexpected",
            "The header has no parameter, so it takes no sample value.",
        ),
        _ => {}
    }
}

fn footer(text: &str, p: &mut Problems) {
    if text.trim().is_empty() {
        p.add(
            "footer",
            "footer_empty",
            "The footer is empty; remove it or write one.",
        );
    } else if chars(text) > FOOTER_MAX {
        p.add(
            "footer",
            "footer_too_long",
            format!("The footer must be at most {FOOTER_MAX} characters."),
        );
    }
    if text.contains("{{") || text.contains("}}") {
        p.add(
            "footer",
            "footer_has_parameters",
            "The footer can't contain parameters.",
        );
    }
}

fn buttons(buttons: &[TemplateButton], p: &mut Problems) {
    let is_qr = |b: &TemplateButton| matches!(b, TemplateButton::QuickReply { .. });
    let count = |f: &dyn Fn(&TemplateButton) -> bool| buttons.iter().filter(|b| f(b)).count();
    if buttons.len() > MAX_BUTTONS {
        p.add(
            "buttons",
            "too_many_buttons",
            format!("A template may have at most {MAX_BUTTONS} buttons."),
        );
    }
    if count(&is_qr) > MAX_QUICK_REPLIES {
        p.add(
            "buttons",
            "too_many_quick_replies",
            format!("A template may have at most {MAX_QUICK_REPLIES} quick reply buttons."),
        );
    }
    if count(&|b| matches!(b, TemplateButton::Url { .. })) > MAX_URL_BUTTONS {
        p.add(
            "buttons",
            "too_many_url_buttons",
            format!("A template may have at most {MAX_URL_BUTTONS} link button."),
        );
    }
    if count(&|b| matches!(b, TemplateButton::PhoneNumber { .. })) > MAX_PHONE_BUTTONS {
        p.add(
            "buttons",
            "too_many_phone_buttons",
            format!("A template may have at most {MAX_PHONE_BUTTONS} call button."),
        );
    }
    let qr: Vec<usize> = (0..buttons.len()).filter(|i| is_qr(&buttons[*i])).collect();
    if qr.windows(2).any(|w| w[1] != w[0] + 1) {
        p.add(
            "buttons",
            "quick_replies_not_grouped",
            "Quick reply buttons must come one after another, not mixed with other buttons.",
        );
    }
    for (i, b) in buttons.iter().enumerate() {
        button(i, b, p);
    }
}

fn button(i: usize, b: &TemplateButton, p: &mut Problems) {
    let max = if matches!(b, TemplateButton::QuickReply { .. }) {
        QUICK_REPLY_TEXT_MAX
    } else {
        BUTTON_TEXT_MAX
    };
    let text = b.text();
    if text.trim().is_empty() {
        p.add(
            format!("buttons[{i}].text"),
            "button_text_empty",
            "The button needs a text.",
        );
    } else if chars(text) > max {
        p.add(
            format!("buttons[{i}].text"),
            "button_text_too_long",
            format!("This button's text must be at most {max} characters."),
        );
    }
    if text.contains("{{") {
        p.add(
            format!("buttons[{i}].text"),
            "button_text_has_parameters",
            "Button texts can't contain parameters.",
        );
    }
    match b {
        TemplateButton::QuickReply { .. } => {}
        TemplateButton::Url { url, example, .. } => url_button(i, url, example.as_deref(), p),
        TemplateButton::PhoneNumber { phone_number, .. } => {
            let ok = phone_number.len() <= PHONE_MAX
                && crate::phone::normalize_phone(phone_number, None).is_ok();
            if !ok {
                p.add(
                    format!("buttons[{i}].phone_number"),
                    "phone_number_invalid",
                    format!(
                        "Write the number in international form, like +34612345678 (at most {PHONE_MAX} characters)."
                    ),
                );
            }
        }
    }
}

fn url_button(i: usize, url: &str, example: Option<&str>, p: &mut Problems) {
    let field = format!("buttons[{i}].url");
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(' ') {
        p.add(
            &field,
            "url_invalid",
            "The link must start with https:// (or http://).",
        );
    } else if url.len() > URL_MAX {
        p.add(
            &field,
            "url_too_long",
            format!("The link must be at most {URL_MAX} characters."),
        );
    }
    let s = scan(url);
    let at_end = s.placeholders.first().is_some_and(|ph| ph.end == url.len());
    let has_param = !s.placeholders.is_empty();
    if has_param && (s.placeholders.len() > 1 || s.is_malformed() || s.indices() != [1] || !at_end)
    {
        p.add(
            &field,
            "url_parameter_invalid",
            "A link may have one parameter, {{1}}, at its very end.",
        );
    }
    match example.map(str::trim) {
        None | Some("") if has_param => p.add(
            format!("buttons[{i}].example"),
            "url_example_missing",
            "The link's parameter needs a sample value.",
        ),
        Some(_) if !has_param => p.add(
            format!("buttons[{i}].example"),
            "url_example_unexpected",
            "The link has no parameter, so it takes no sample value.",
        ),
        _ => {}
    }
}
