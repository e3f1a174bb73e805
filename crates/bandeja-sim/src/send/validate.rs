//! Payload rules of `POST /{phone_number_id}/messages` per message type:
//! required fields (131008), invalid values (131009), and Meta's limits —
//! text 4096, captions 1024, reply buttons 1–3 with titles ≤ 20, lists with
//! 1–10 rows over ≤ 10 sections, media by uploaded `id` or `link`.

use serde_json::Value;

use crate::error::GraphError;
use crate::world::World;

fn missing(path: &str) -> GraphError {
    GraphError::whatsapp(131008, format!("The parameter {path} is required."))
}

fn invalid(details: impl Into<String>) -> GraphError {
    GraphError::whatsapp(131009, details)
}

fn max_len(path: &str, s: &str, max: usize) -> Result<(), GraphError> {
    if s.chars().count() > max {
        return Err(GraphError::param(format!(
            "Param {path} must be at most {max} characters long."
        )));
    }
    Ok(())
}

fn length(what: &str, s: &str, min: usize, max: usize) -> Result<(), GraphError> {
    let n = s.chars().count();
    if n < min || n > max {
        return Err(invalid(format!(
            "{what} length invalid. Min length: {min}, Max length: {max}"
        )));
    }
    Ok(())
}

fn is_http_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://")) && s.len() > 8
}

/// Validate the content object for `kind`.
pub fn content(w: &World, kind: &str, body: &Value, now_s: i64) -> Result<(), GraphError> {
    let obj = &body[kind];
    if obj.is_null() && kind != "template" {
        return Err(missing(kind));
    }
    match kind {
        "text" => {
            let text = obj["body"].as_str().ok_or_else(|| missing("text['body']"))?;
            if text.trim().is_empty() {
                return Err(missing("text['body']"));
            }
            max_len("text['body']", text, 4096)
        }
        "image" | "video" | "audio" | "document" | "sticker" => media(w, kind, obj, now_s),
        "interactive" => interactive(obj),
        "location" => {
            if !obj["latitude"].is_number() || !obj["longitude"].is_number() {
                return Err(missing("location['latitude'] and location['longitude']"));
            }
            Ok(())
        }
        "contacts" => {
            let cards = obj.as_array().filter(|a| !a.is_empty()).ok_or_else(|| missing("contacts"))?;
            if cards.iter().any(|c| c["name"]["formatted_name"].as_str().is_none()) {
                return Err(missing("contacts[]['name']['formatted_name']"));
            }
            Ok(())
        }
        "reaction" => {
            obj["message_id"].as_str().ok_or_else(|| missing("reaction['message_id']"))?;
            if !obj["emoji"].is_string() {
                return Err(missing("reaction['emoji']"));
            }
            Ok(())
        }
        "template" => {
            if body["template"]["name"].as_str().is_none() {
                return Err(missing("template['name']"));
            }
            if body["template"]["language"]["code"].as_str().is_none() {
                return Err(missing("template['language']['code']"));
            }
            Ok(())
        }
        other => Err(GraphError::param(format!(
            "Param type must be one of {{audio, contacts, document, image, interactive, location, reaction, sticker, template, text, video}} - got \"{other}\"."
        ))),
    }
}

fn media(w: &World, kind: &str, obj: &Value, now_s: i64) -> Result<(), GraphError> {
    match (obj["id"].as_str(), obj["link"].as_str()) {
        (Some(_), Some(_)) => {
            return Err(invalid(format!(
                "Only one of {kind}['id'] and {kind}['link'] may be given."
            )))
        }
        (None, None) => return Err(missing(&format!("{kind}['id'] or {kind}['link']"))),
        (Some(id), None) => {
            let ok = w.media.get(id).is_some_and(|m| now_s < m.expires_s);
            if !ok {
                return Err(invalid(format!(
                    "Media ID {id} is not valid or has expired."
                )));
            }
        }
        (None, Some(link)) if !is_http_url(link) => {
            return Err(invalid(format!("{kind}['link'] must be an http(s) URL.")))
        }
        _ => {}
    }
    if let Some(caption) = obj["caption"].as_str() {
        if matches!(kind, "audio" | "sticker") {
            return Err(invalid(format!("{kind} messages cannot have a caption.")));
        }
        max_len(&format!("{kind}['caption']"), caption, 1024)?;
    }
    if obj["filename"].is_string() && kind != "document" {
        return Err(invalid("Only documents can have a filename."));
    }
    Ok(())
}

fn interactive(obj: &Value) -> Result<(), GraphError> {
    let kind = obj["type"]
        .as_str()
        .ok_or_else(|| missing("interactive['type']"))?;
    let body = obj["body"]["text"].as_str();
    let footer = obj["footer"]["text"].as_str();
    if let Some(f) = footer {
        length("Footer text", f, 1, 60)?;
    }
    match kind {
        "button" => {
            length(
                "Body text",
                body.ok_or_else(|| missing("interactive['body']['text']"))?,
                1,
                1024,
            )?;
            if let Some(h) = obj.get("header") {
                let ht = h["type"].as_str().unwrap_or("");
                if !matches!(ht, "text" | "image" | "video" | "document") {
                    return Err(invalid(
                        "Header type must be text, image, video or document.",
                    ));
                }
                if ht == "text" {
                    length("Header text", h["text"].as_str().unwrap_or(""), 1, 60)?;
                }
            }
            let buttons = obj["action"]["buttons"]
                .as_array()
                .ok_or_else(|| missing("interactive['action']['buttons']"))?;
            if buttons.is_empty() || buttons.len() > 3 {
                return Err(invalid("Reply buttons: at least 1 and at most 3 buttons."));
            }
            let mut titles: Vec<&str> = Vec::new();
            let mut ids: Vec<&str> = Vec::new();
            for b in buttons {
                if b["type"].as_str() != Some("reply") {
                    return Err(invalid("Button type must be reply."));
                }
                let title = b["reply"]["title"].as_str().unwrap_or("");
                let id = b["reply"]["id"].as_str().unwrap_or("");
                length("Button title", title, 1, 20)?;
                length("Button id", id, 1, 256)?;
                if titles.contains(&title) || ids.contains(&id) {
                    return Err(invalid("Button titles and ids must be unique."));
                }
                titles.push(title);
                ids.push(id);
            }
            Ok(())
        }
        "list" => {
            length(
                "Body text",
                body.ok_or_else(|| missing("interactive['body']['text']"))?,
                1,
                4096,
            )?;
            if let Some(h) = obj.get("header") {
                if h["type"].as_str() != Some("text") {
                    return Err(invalid("List messages only support text headers."));
                }
                length("Header text", h["text"].as_str().unwrap_or(""), 1, 60)?;
            }
            let action = &obj["action"];
            length(
                "Button text",
                action["button"]
                    .as_str()
                    .ok_or_else(|| missing("interactive['action']['button']"))?,
                1,
                20,
            )?;
            let sections = action["sections"]
                .as_array()
                .ok_or_else(|| missing("interactive['action']['sections']"))?;
            if sections.is_empty() || sections.len() > 10 {
                return Err(invalid("Lists have 1 to 10 sections."));
            }
            let mut rows = 0;
            let mut ids: Vec<&str> = Vec::new();
            for s in sections {
                if sections.len() > 1 {
                    length("Section title", s["title"].as_str().unwrap_or(""), 1, 24)?;
                }
                for r in s["rows"].as_array().map(Vec::as_slice).unwrap_or_default() {
                    rows += 1;
                    let id = r["id"].as_str().unwrap_or("");
                    length("Row id", id, 1, 200)?;
                    length("Row title", r["title"].as_str().unwrap_or(""), 1, 24)?;
                    if let Some(d) = r["description"].as_str() {
                        length("Row description", d, 0, 72)?;
                    }
                    if ids.contains(&id) {
                        return Err(invalid("Row ids must be unique."));
                    }
                    ids.push(id);
                }
            }
            if rows == 0 || rows > 10 {
                return Err(invalid(
                    "Lists need at least 1 and at most 10 rows in total.",
                ));
            }
            Ok(())
        }
        "cta_url"
        | "location_request_message"
        | "flow"
        | "product"
        | "product_list"
        | "catalog_message"
        | "voice_call"
        | "address_message" => Ok(()),
        other => Err(invalid(format!(
            "Interactive type {other} is not supported."
        ))),
    }
}

/// Meta's reading of `to`: `+` and separators are fine; without `+` the
/// business number's country code is put in front unless the digits already
/// start with it (the doc's misdelivery warning, applied leniently).
pub fn resolve_to(to: &str, country_code: &str) -> Option<String> {
    if to
        .chars()
        .any(|c| !(c.is_ascii_digit() || "+-(). ".contains(c)))
    {
        return None;
    }
    let digits: String = to.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 || digits.len() > 15 {
        return None;
    }
    if to.trim_start().starts_with('+') || (digits.starts_with(country_code) && digits.len() >= 11)
    {
        Some(digits)
    } else {
        Some(format!("{country_code}{digits}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_numbers() {
        assert_eq!(
            resolve_to("+1 (555) 010-0123", "1").as_deref(),
            Some("15550100123")
        );
        assert_eq!(
            resolve_to("15550100123", "1").as_deref(),
            Some("15550100123")
        );
        assert_eq!(
            resolve_to("5550100123", "1").as_deref(),
            Some("15550100123")
        );
        assert_eq!(resolve_to("abc", "1"), None);
    }
}
