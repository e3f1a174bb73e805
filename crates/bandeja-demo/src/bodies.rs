//! What a message carries: one constructor per kind, with the mime types,
//! sizes and durations a provider would report.

use bandeja_domain::{MessageContent, MessageKind, SharedContact};

/// A message body with its kind.
pub(crate) type Body = (MessageKind, MessageContent);

pub(crate) fn text(body: &str) -> Body {
    (
        MessageKind::Text,
        MessageContent::Text {
            body: body.to_string(),
        },
    )
}

fn media(
    kind: MessageKind,
    mime: &str,
    filename: Option<&str>,
    kb: u64,
    duration_secs: Option<u32>,
    caption: &str,
) -> Body {
    let content = MessageContent::Media {
        caption: (!caption.is_empty()).then(|| caption.to_string()),
        mime: mime.to_string(),
        filename: filename.map(str::to_string),
        size: Some(kb * 1024 + kb * 7 % 1000),
        duration_secs,
    };
    (kind, content)
}

/// A phone photo.
pub(crate) fn image(kb: u64, caption: &str) -> Body {
    media(MessageKind::Image, "image/jpeg", None, kb, None, caption)
}
pub(crate) fn video(kb: u64, secs: u32, caption: &str) -> Body {
    media(
        MessageKind::Video,
        "video/mp4",
        None,
        kb,
        Some(secs),
        caption,
    )
}
/// A recording shared as a file (not a voice note).
pub(crate) fn audio(kb: u64, secs: u32) -> Body {
    media(MessageKind::Audio, "audio/mp4", None, kb, Some(secs), "")
}
/// A voice note (Opus, about 2 KB a second).
pub(crate) fn voice(secs: u32) -> Body {
    let kb = u64::from(secs) * 2;
    let mime = "audio/ogg; codecs=opus";
    media(MessageKind::Voice, mime, None, kb, Some(secs), "")
}
pub(crate) fn document(filename: &str, kb: u64, caption: &str) -> Body {
    let mime = match filename.rsplit('.').next() {
        Some("pdf") => "application/pdf",
        Some("xml") => "application/xml",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    };
    media(
        MessageKind::Document,
        mime,
        Some(filename),
        kb,
        None,
        caption,
    )
}
pub(crate) fn sticker(kb: u64) -> Body {
    media(MessageKind::Sticker, "image/webp", None, kb, None, "")
}
pub(crate) fn location(latitude: f64, longitude: f64, name: &str, address: &str) -> Body {
    let content = MessageContent::Location {
        latitude,
        longitude,
        name: Some(name.to_string()),
        address: Some(address.to_string()),
    };
    (MessageKind::Location, content)
}
pub(crate) fn contact_card(name: &str, phones: &[&str], emails: &[&str]) -> Body {
    let shared = SharedContact {
        name: name.to_string(),
        phones: phones.iter().map(|p| p.to_string()).collect(),
        emails: emails.iter().map(|e| e.to_string()).collect(),
    };
    let content = MessageContent::Contacts {
        contacts: vec![shared],
    };
    (MessageKind::Contacts, content)
}
/// The customer picked a row of an interactive list.
pub(crate) fn list_reply(reply_id: &str, title: &str, description: &str) -> Body {
    let content = MessageContent::Interactive {
        reply_id: reply_id.to_string(),
        title: title.to_string(),
        description: Some(description.to_string()),
    };
    (MessageKind::Interactive, content)
}
/// The customer tapped a template's quick-reply button.
pub(crate) fn quick_reply(payload: &str, text: &str) -> Body {
    let content = MessageContent::Button {
        payload: payload.to_string(),
        text: text.to_string(),
    };
    (MessageKind::Button, content)
}
pub(crate) fn template(name: &str, language: &str, body: &str) -> Body {
    let content = MessageContent::Template {
        name: name.to_string(),
        language: language.to_string(),
        body: body.to_string(),
    };
    (MessageKind::Template, content)
}
pub(crate) fn unsupported(reason: &str) -> Body {
    let content = MessageContent::Unsupported {
        reason: reason.to_string(),
    };
    (MessageKind::Unsupported, content)
}
