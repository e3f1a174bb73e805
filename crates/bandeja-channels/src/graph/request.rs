//! Outbox payloads (Bandeja's own small JSON, stored with each queued
//! message) turned into the body of `POST /{phone-number-id}/messages`.
//!
//! The outbox stores what the agent meant — "this file, as an image, to
//! Ana" — not Meta's wire format, so a change in Meta's format never strands
//! queued messages. Shapes:
//! - `{"type":"text","to","body"}`
//! - `{"type":"media","to","media_kind","media_id" | "link","caption"?,"filename"?}`
//! - `{"type":"template","to","template":{name, language:{code}, components}}`
//! - `{"type":"interactive","to","interactive":{…}}` (Meta's object, passed through)
//! - `{"type":"reaction","to","reaction":{message_id, emoji}}`
//!
//! plus `"reply_to": "<wamid>"` on any of them for a quoted reply.

use bandeja_domain::media_limits::MediaKind;
use serde_json::{json, Value};

use super::GraphError;

const CAPTION_MAX: usize = 1024;

fn bad(what: &str) -> GraphError {
    GraphError::refused(format!("cannot send: {what}"), None)
}

/// The Graph request body for an outbox payload.
pub fn message_request(payload: &Value) -> Result<Value, GraphError> {
    let to = payload["to"].as_str().ok_or_else(|| bad("no recipient"))?;
    let envelope = |kind: &str, content: Value| {
        json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": to,
               "type": kind, kind: content})
    };
    let mut req = match payload["type"].as_str() {
        Some("text") => {
            let body = payload["body"].as_str().ok_or_else(|| bad("no text"))?;
            envelope(
                "text",
                json!({"preview_url": body.contains("http"), "body": body}),
            )
        }
        Some("media") => {
            let (kind, content) = media(payload)?;
            envelope(kind.as_str(), content)
        }
        Some("template") => envelope("template", payload["template"].clone()),
        Some("interactive") => {
            let interactive = &payload["interactive"];
            if !interactive.is_object() {
                return Err(bad("no interactive content"));
            }
            envelope("interactive", interactive.clone())
        }
        Some("reaction") => envelope("reaction", payload["reaction"].clone()),
        other => return Err(bad(&format!("unknown payload type {other:?}"))),
    };
    if let Some(reply) = payload["reply_to"].as_str() {
        req["context"] = json!({"message_id": reply});
    }
    Ok(req)
}

/// `{"id"|"link", "caption"?, "filename"?}` for a media payload. A caption
/// on audio or a sticker is refused (WhatsApp would drop or refuse it); a
/// file name is only kept for documents, the one kind that shows it.
fn media(payload: &Value) -> Result<(MediaKind, Value), GraphError> {
    let kind = match payload["media_kind"].as_str() {
        Some("image") => MediaKind::Image,
        Some("video") => MediaKind::Video,
        Some("audio") => MediaKind::Audio,
        Some("document") => MediaKind::Document,
        Some("sticker") => MediaKind::Sticker,
        other => return Err(bad(&format!("unknown media kind {other:?}"))),
    };
    let non_empty = |key: &str| payload[key].as_str().filter(|s| !s.trim().is_empty());
    let mut content = match (non_empty("media_id"), non_empty("link")) {
        (Some(id), None) => json!({ "id": id }),
        (None, Some(link)) if link.starts_with("https://") || link.starts_with("http://") => {
            json!({ "link": link })
        }
        (None, Some(_)) => return Err(bad("the media link must be an http(s) URL")),
        (Some(_), Some(_)) => return Err(bad("give a media id or a link, not both")),
        (None, None) => return Err(bad("no media id or link")),
    };
    if let Some(caption) = non_empty("caption") {
        if matches!(kind, MediaKind::Audio | MediaKind::Sticker) {
            return Err(bad(&format!("{} messages can't have a caption", kind)));
        }
        if caption.chars().count() > CAPTION_MAX {
            return Err(bad(&format!(
                "the caption is longer than {CAPTION_MAX} characters"
            )));
        }
        content["caption"] = json!(caption);
    }
    if let (Some(name), MediaKind::Document) = (non_empty("filename"), kind) {
        content["filename"] = json!(name);
    }
    Ok((kind, content))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let path = format!(
            "{}/../../../shared/fixtures/whatsapp/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    #[test]
    fn text_payloads_become_the_documented_request() {
        let req = message_request(&json!({"type": "text", "to": "+15550100123", "body": "¡Hola Ana! Sí, quedan 3 unidades.", "reply_to": "wamid.QkFOREVKQS5TWU5USC5JTi4wMDAx"})).unwrap();
        let want = fixture("send_reply_text_request.json");
        assert_eq!(req["to"], want["to"]);
        assert_eq!(req["context"], want["context"]);
        assert_eq!(req["text"]["body"], want["text"]["body"]);
        assert_eq!(req["type"], "text");
        assert!(message_request(&json!({"type": "poll", "to": "1"})).is_err());
    }

    #[test]
    fn media_payloads_become_the_fixtures() {
        let image = json!({"type": "media", "to": "+15550100123", "media_kind": "image",
            "media_id": "900000000000900", "caption": "Modelo azul, talla M",
            "filename": "azul.jpg", "path": "/tmp/azul.jpg", "mime": "image/jpeg"});
        assert_eq!(
            message_request(&image).unwrap(),
            fixture("send_image_by_id_request.json")
        );
        let doc = json!({"type": "media", "to": "+15550100123", "media_kind": "document",
            "link": "https://files.example.invalid/factura-0914.pdf", "caption": "Tu factura",
            "filename": "factura-0914.pdf"});
        assert_eq!(
            message_request(&doc).unwrap(),
            fixture("send_document_by_link_request.json")
        );
        let voice = json!({"type": "media", "to": "+15550100123", "media_kind": "audio",
            "media_id": "9", "caption": ""});
        assert_eq!(
            message_request(&voice).unwrap()["audio"],
            json!({"id": "9"})
        );
    }

    #[test]
    fn impossible_media_payloads_are_refused_with_a_reason() {
        let base = json!({"type": "media", "to": "+15550100123", "media_kind": "sticker", "media_id": "9"});
        let with = |k: &str, v: Value| {
            let mut p = base.clone();
            p[k] = v;
            message_request(&p).unwrap_err()
        };
        let e = with("caption", json!("hola"));
        assert_eq!(
            (e.code, e.title.as_str()),
            (100, "cannot send: sticker messages can't have a caption")
        );
        assert!(with("link", json!("https://x.example.invalid/a.webp"))
            .title
            .contains("not both"));
        assert!(with("media_kind", json!("gif"))
            .title
            .contains("media kind"));
        let mut p = base.clone();
        p["media_kind"] = json!("image");
        p["caption"] = json!("c".repeat(1025));
        assert!(message_request(&p).unwrap_err().title.contains("1024"));
        let no_source = json!({"type": "media", "to": "1", "media_kind": "image"});
        assert!(message_request(&no_source).is_err());
        let bad_link = json!({"type": "media", "to": "1", "media_kind": "image", "link": "file:///etc/passwd"});
        assert!(message_request(&bad_link).is_err());
    }

    #[test]
    fn template_and_interactive_payloads_pass_through() {
        let want = fixture("send_template_request.json");
        let payload = json!({"type": "template", "to": want["to"], "template": want["template"]});
        assert_eq!(message_request(&payload).unwrap(), want);
        let want = fixture("send_interactive_buttons_request.json");
        let payload =
            json!({"type": "interactive", "to": want["to"], "interactive": want["interactive"]});
        assert_eq!(message_request(&payload).unwrap(), want);
        let want = fixture("send_reaction_request.json");
        let payload = json!({"type": "reaction", "to": want["to"], "reaction": want["reaction"]});
        assert_eq!(message_request(&payload).unwrap(), want);
        assert!(message_request(&json!({"type": "interactive", "to": "1"})).is_err());
    }
}
