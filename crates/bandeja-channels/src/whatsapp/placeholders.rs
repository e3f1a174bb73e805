//! Reasons for `Unsupported` placeholders (WA-3: shown, never dropped).
//!
//! Each reason names the type the customer sent, so the agent knows what to
//! ask for and a developer knows what to support next.
//!
//! `order` (a cart from the catalog) has no content type in the domain. It
//! becomes `Unsupported` whose reason names the type and lists the whole cart
//! (catalog, quantity × product at price currency, the customer's note), so
//! nothing is lost. Not `Text`: a generated summary stored as text would read
//! as words the customer typed, and be sent back into search as such.

use serde_json::Value;

use super::content::Body;
use super::wire::{self, Obj};

/// `type: "unsupported"`: WhatsApp itself withheld the content (a poll, a
/// view-once photo, …). `unsupported.type` names what was sent, when given.
pub(crate) fn unsupported(msg: &Obj) -> Body {
    let what = msg
        .get("unsupported")
        .and_then(Value::as_object)
        .and_then(|u| wire::str_field(u, "type"))
        .map(|t| format!("a {t:?} message"))
        .unwrap_or_else(|| "a message type it does not name".to_owned());
    Body::unsupported(
        msg,
        format!("the customer sent {what}, which WhatsApp does not deliver to the Cloud API"),
    )
}

/// The reason for an `order` placeholder: the type, then the whole cart.
pub(crate) fn order(msg: &Obj) -> String {
    let head = "message type \"order\" (a cart from the catalog) is not shown natively yet";
    let Some(o) = msg.get("order").and_then(Value::as_object) else {
        return format!("{head}; the order details are missing");
    };
    let scalar = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => "?".to_owned(),
    };
    let mut parts = vec![head.to_owned()];
    if let Some(c) = wire::id_field(o, "catalog_id") {
        parts.push(format!("catalog {c}"));
    }
    for item in o
        .get("product_items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(item) = item.as_object() else {
            continue;
        };
        parts.push(format!(
            "{} × {} at {} {}",
            scalar(item.get("quantity")),
            scalar(item.get("product_retailer_id")),
            scalar(item.get("item_price")),
            wire::str_field(item, "currency").unwrap_or("?"),
        ));
    }
    if let Some(note) = wire::str_field(o, "text") {
        parts.push(format!("note: {note:?}"));
    }
    parts.join("; ")
}

pub(crate) fn unknown(ty: &str, msg: &Obj) -> String {
    let mut reason = format!("message type {ty:?} is not supported yet");
    if ty == "edit" {
        if let Some(id) = msg
            .get("edit")
            .and_then(Value::as_object)
            .and_then(|e| wire::str_field(e, "original_message_id"))
        {
            reason.push_str(&format!(" (the customer edited message {id})"));
        }
    }
    reason
}
