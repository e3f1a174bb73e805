//! What a message's `type` carries, read from the object named after it
//! (`"type": "image"` → `"image": {…}`).
//!
//! Decisions that the domain vocabulary forces, each the least lossy choice:
//!
//! * `audio` with `voice: true` is [`MessageKind::Voice`]; `voice: false` or
//!   absent is `Audio` (no guessing from the MIME type).
//! * `location.url` and a sticker's `animated` have no field in the domain
//!   and are dropped (shared contacts: see [`super::vcards`]).
//! * `button` (template quick reply) without `payload` uses the label, as
//!   Meta's own example does.
//! * `system` messages of every sub-type become an [`Body::Identity`] (the
//!   documented and observed sub-types are all identity changes), never a
//!   customer message: a system notice must not extend the 24-hour window.
//! * `unsupported`, `order`, Flows replies (`interactive.nfm_reply`), `edit`
//!   and any type we do not know become `Unsupported` with a reason naming
//!   the type (and WhatsApp's own error, when the message carries one); see
//!   [`super::placeholders`].

use bandeja_domain::inbound::MediaRef;
use bandeja_domain::{MessageContent, MessageKind};
use serde::Deserialize;

use super::wire::{self, leaf, Obj};
use super::{placeholders, vcards};

pub(crate) enum Body {
    Message {
        kind: MessageKind,
        content: MessageContent,
        media: Option<MediaRef>,
    },
    Reaction {
        target: String,
        emoji: Option<String>,
    },
    Revoke {
        original: String,
    },
    Identity {
        new_wa_id: Option<String>,
        body: String,
    },
}

impl Body {
    pub(crate) fn plain(kind: MessageKind, content: MessageContent) -> Body {
        Body::Message {
            kind,
            content,
            media: None,
        }
    }

    /// A placeholder message, with the message-level `errors[]` (if any)
    /// appended to the reason: they are WhatsApp's own explanation.
    pub(crate) fn unsupported(msg: &Obj, reason: String) -> Body {
        let errors = wire::provider_errors(msg);
        let reason = if errors.is_empty() {
            reason
        } else {
            let list: Vec<_> = errors.iter().map(wire::describe_error).collect();
            format!("{reason} (WhatsApp error {})", list.join("; "))
        };
        Body::plain(
            MessageKind::Unsupported,
            MessageContent::Unsupported { reason },
        )
    }
}

/// The content of a message of type `ty`; `Err` means "malformed" and the
/// caller turns it into an `Unsupported` placeholder.
pub(crate) fn body(ty: &str, msg: &Obj) -> Result<Body, String> {
    let malformed = |e: String| format!("malformed {ty:?} message: {e}");
    match ty {
        "text" => text(msg).map_err(malformed),
        "image" | "video" | "audio" | "document" | "sticker" => media(ty, msg).map_err(malformed),
        "location" => location(msg).map_err(malformed),
        "contacts" => vcards::shared_contacts(msg).map_err(malformed),
        "interactive" => interactive(msg).map_err(malformed),
        "button" => button(msg).map_err(malformed),
        "reaction" => reaction(msg).map_err(malformed),
        "revoke" => revoke(msg).map_err(malformed),
        "system" => system(msg).map_err(malformed),
        "unsupported" => Ok(placeholders::unsupported(msg)),
        "order" => Ok(Body::unsupported(msg, placeholders::order(msg))),
        other => Ok(Body::unsupported(msg, placeholders::unknown(other, msg))),
    }
}

#[derive(Deserialize)]
struct Text {
    body: String,
}

fn text(msg: &Obj) -> Result<Body, String> {
    let t: Text = leaf(msg, "text")?;
    Ok(Body::plain(
        MessageKind::Text,
        MessageContent::Text { body: t.body },
    ))
}

#[derive(Deserialize)]
struct Media {
    id: String,
    mime_type: Option<String>,
    sha256: Option<String>,
    url: Option<String>,
    caption: Option<String>,
    filename: Option<String>,
    voice: Option<bool>,
}

fn media(ty: &str, msg: &Obj) -> Result<Body, String> {
    let m: Media = leaf(msg, ty)?;
    if m.id.is_empty() {
        return Err(format!("`{ty}.id` is empty"));
    }
    let kind = match ty {
        "image" => MessageKind::Image,
        "video" => MessageKind::Video,
        "document" => MessageKind::Document,
        "sticker" => MessageKind::Sticker,
        _ if m.voice == Some(true) => MessageKind::Voice,
        _ => MessageKind::Audio,
    };
    // The download answers with the real Content-Type; an absent MIME type
    // here is no reason to hide the file.
    let mime = m
        .mime_type
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let non_empty = |s: Option<String>| s.filter(|s| !s.is_empty());
    Ok(Body::Message {
        kind,
        content: MessageContent::Media {
            caption: non_empty(m.caption),
            mime: mime.clone(),
            filename: non_empty(m.filename),
            size: None,
            duration_secs: None,
        },
        media: Some(MediaRef {
            media_id: m.id,
            mime,
            sha256: non_empty(m.sha256),
            url: non_empty(m.url),
        }),
    })
}

#[derive(Deserialize)]
struct Location {
    latitude: f64,
    longitude: f64,
    name: Option<String>,
    address: Option<String>,
}

fn location(msg: &Obj) -> Result<Body, String> {
    let l: Location = leaf(msg, "location")?;
    if !(-90.0..=90.0).contains(&l.latitude) || !(-180.0..=180.0).contains(&l.longitude) {
        return Err(format!("no such place: {}, {}", l.latitude, l.longitude));
    }
    let non_empty = |s: Option<String>| s.filter(|s| !s.is_empty());
    Ok(Body::plain(
        MessageKind::Location,
        MessageContent::Location {
            latitude: l.latitude,
            longitude: l.longitude,
            name: non_empty(l.name),
            address: non_empty(l.address),
        },
    ))
}

#[derive(Deserialize)]
struct Interactive {
    #[serde(rename = "type")]
    kind: String,
    button_reply: Option<Reply>,
    list_reply: Option<Reply>,
}

#[derive(Deserialize)]
struct Reply {
    id: String,
    title: String,
    description: Option<String>,
}

fn interactive(msg: &Obj) -> Result<Body, String> {
    let i: Interactive = leaf(msg, "interactive")?;
    let reply = match i.kind.as_str() {
        "button_reply" => i.button_reply,
        "list_reply" => i.list_reply,
        "nfm_reply" => {
            return Ok(Body::unsupported(
                msg,
                "a WhatsApp Flows reply (interactive type \"nfm_reply\") is not supported yet"
                    .to_owned(),
            ))
        }
        other => {
            return Ok(Body::unsupported(
                msg,
                format!("interactive reply of type {other:?} is not supported yet"),
            ))
        }
    };
    let reply = reply.ok_or_else(|| format!("missing `interactive.{}` object", i.kind))?;
    Ok(Body::plain(
        MessageKind::Interactive,
        MessageContent::Interactive {
            reply_id: reply.id,
            title: reply.title,
            description: reply.description.filter(|s| !s.is_empty()),
        },
    ))
}

#[derive(Deserialize)]
struct Button {
    payload: Option<String>,
    text: String,
}

fn button(msg: &Obj) -> Result<Body, String> {
    let b: Button = leaf(msg, "button")?;
    let payload = b
        .payload
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| b.text.clone());
    Ok(Body::plain(
        MessageKind::Button,
        MessageContent::Button {
            payload,
            text: b.text,
        },
    ))
}

#[derive(Deserialize)]
struct Reaction {
    message_id: String,
    emoji: Option<String>,
}

/// A removed reaction comes without `emoji` (some payloads send `""`).
fn reaction(msg: &Obj) -> Result<Body, String> {
    let r: Reaction = leaf(msg, "reaction")?;
    if r.message_id.is_empty() {
        return Err("`reaction.message_id` is empty".into());
    }
    Ok(Body::Reaction {
        target: r.message_id,
        emoji: r.emoji.filter(|e| !e.is_empty()),
    })
}

#[derive(Deserialize)]
struct Revoke {
    original_message_id: String,
}

fn revoke(msg: &Obj) -> Result<Body, String> {
    let r: Revoke = leaf(msg, "revoke")?;
    if r.original_message_id.is_empty() {
        return Err("`revoke.original_message_id` is empty".into());
    }
    Ok(Body::Revoke {
        original: r.original_message_id,
    })
}

#[derive(Deserialize)]
struct System {
    body: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    wa_id: Option<String>,
    /// The older name of `wa_id`.
    new_wa_id: Option<String>,
}

fn system(msg: &Obj) -> Result<Body, String> {
    let s: System = leaf(msg, "system")?;
    let kind = s.kind.unwrap_or_else(|| "unknown".to_owned());
    let body = s
        .body
        .filter(|b| !b.is_empty())
        .unwrap_or_else(|| format!("WhatsApp system notice: {kind}"));
    Ok(Body::Identity {
        new_wa_id: s
            .wa_id
            .or(s.new_wa_id)
            .filter(|w| !w.is_empty())
            .map(|w| wire::wa_id(&w)),
        body,
    })
}
