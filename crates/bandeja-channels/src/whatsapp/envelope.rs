//! The webhook envelope: `object`, `entry[]`, `changes[]`, `field`, `value`.
//!
//! Two levels of failure, on purpose:
//!
//! * the **body** is refused ([`NormalizeError`]) only when it is not JSON or
//!   is not a WhatsApp Business Account envelope (no `object`, another
//!   `object`, no `entry` array). The receiver answers 400 and stores
//!   nothing: such a body cannot be from Meta's WhatsApp webhooks.
//! * inside a valid envelope nothing is fatal. Each entry, change, message,
//!   status and error is read on its own; what cannot be read is listed in
//!   [`Normalized::skipped`] with its JSON path and the reason, and the rest
//!   of the batch goes on. Fields we do not handle (`account_update`,
//!   `message_template_quality_update`, …) are skipped the same way, so a new
//!   subscription never breaks the channel.

use bandeja_domain::inbound::{AccountRef, InboundEvent, TemplateStatusEvent};
use serde::Serialize;
use serde_json::Value;

use super::wire::{self, id_field, str_field, string_field, Obj};
use super::{messages, statuses};

/// `object` of every WhatsApp Business Account webhook.
pub const WABA_OBJECT: &str = "whatsapp_business_account";

/// Why a whole body was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NormalizeError {
    #[error("body is not JSON: {0}")]
    NotJson(String),
    #[error("not a WhatsApp webhook envelope: {0}")]
    NotAnEnvelope(String),
    #[error("webhook is for object {0:?}, not \"{WABA_OBJECT}\"")]
    WrongObject(String),
}

/// What [`super::normalize_report`] found in a body.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Normalized {
    pub events: Vec<InboundEvent>,
    /// Parts of the body that produced no event, and why (for the log).
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// JSON path in the body, e.g. `entry[0].changes[1].value.messages[2]`.
    pub path: String,
    pub reason: String,
}

impl Normalized {
    fn skip(&mut self, path: impl Into<String>, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            path: path.into(),
            reason: reason.into(),
        });
    }

    fn push(&mut self, path: String, r: Result<InboundEvent, String>) {
        match r {
            Ok(e) => self.events.push(e),
            Err(reason) => self.skip(path, reason),
        }
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn normalize(raw: &[u8]) -> Result<Normalized, NormalizeError> {
    let root: Value =
        serde_json::from_slice(raw).map_err(|e| NormalizeError::NotJson(e.to_string()))?;
    let not_envelope = |s: String| NormalizeError::NotAnEnvelope(s);
    let root = root
        .as_object()
        .ok_or_else(|| not_envelope(format!("the body is {}, not an object", json_kind(&root))))?;
    match root.get("object") {
        Some(Value::String(s)) if s == WABA_OBJECT => {}
        Some(Value::String(s)) => return Err(NormalizeError::WrongObject(s.clone())),
        Some(v) => return Err(not_envelope(format!("`object` is {}", json_kind(v)))),
        None => return Err(not_envelope("no `object` field".into())),
    }
    let entries = match root.get("entry") {
        Some(Value::Array(a)) => a,
        Some(v) => return Err(not_envelope(format!("`entry` is {}", json_kind(v)))),
        None => return Err(not_envelope("no `entry` array".into())),
    };

    let mut out = Normalized::default();
    for (i, entry) in entries.iter().enumerate() {
        let path = format!("entry[{i}]");
        let Some(entry) = entry.as_object() else {
            out.skip(path, "entry is not an object");
            continue;
        };
        let Some(changes) = entry.get("changes").and_then(Value::as_array) else {
            out.skip(path, "entry has no `changes` array");
            continue;
        };
        for (j, change) in changes.iter().enumerate() {
            let path = format!("{path}.changes[{j}]");
            let Some(change) = change.as_object() else {
                out.skip(path, "change is not an object");
                continue;
            };
            let value = change.get("value").and_then(Value::as_object);
            match (str_field(change, "field"), value) {
                (Some("messages"), Some(v)) => messages_change(v, &path, &mut out),
                (Some("message_template_status_update"), Some(v)) => {
                    out.push(path, template_status(entry, v))
                }
                (Some("messages" | "message_template_status_update"), None) => {
                    out.skip(path, "change has no `value` object")
                }
                (Some(other), _) => out.skip(path, format!("field {other:?} is not handled")),
                (None, _) => out.skip(path, "change has no `field`"),
            }
        }
    }
    Ok(out)
}

/// `metadata.phone_number_id` (+ display number): which of our numbers.
fn account(value: &Obj) -> Option<AccountRef> {
    let meta = value.get("metadata")?.as_object()?;
    Some(AccountRef {
        provider_account_id: id_field(meta, "phone_number_id")?,
        display_address: string_field(meta, "display_phone_number"),
    })
}

/// A `messages` change may carry `messages` (+ `contacts`), `statuses` and
/// `errors`; each array is read in that order, item by item.
fn messages_change(value: &Obj, path: &str, out: &mut Normalized) {
    let account = account(value);
    let contacts = wire::contacts(value);
    let mut found = false;
    for key in ["messages", "statuses", "errors"] {
        let items = match value.get(key) {
            None | Some(Value::Null) => continue,
            Some(Value::Array(a)) => a,
            Some(v) => {
                out.skip(
                    format!("{path}.value.{key}"),
                    format!("`{key}` is {}", json_kind(v)),
                );
                continue;
            }
        };
        found = true;
        if key != "errors" && account.is_none() && !items.is_empty() {
            out.skip(
                format!("{path}.value.{key}"),
                format!(
                    "no `metadata.phone_number_id`: cannot tell which account these {} {key} are for",
                    items.len()
                ),
            );
            continue;
        }
        for (k, item) in items.iter().enumerate() {
            let item_path = format!("{path}.value.{key}[{k}]");
            let r = match (key, &account) {
                ("messages", Some(a)) => messages::message(item, a, &contacts),
                ("statuses", Some(a)) => statuses::status(item, a),
                _ => statuses::error(item, account.as_ref()),
            };
            out.push(item_path, r);
        }
    }
    if !found {
        out.skip(
            format!("{path}.value"),
            "`messages` change without messages, statuses or errors",
        );
    }
}

/// `message_template_status_update`: the WABA id is `entry.id`, the time is
/// `entry.time` (a number). `reason` `"NONE"`/`null` means no reason; the
/// details Meta gives (`rejection_info`, `other_info`, `disable_info`) are
/// folded into the one `reason` string the domain has. `message_template_id`
/// (a 16-digit JSON number) becomes a string, exactly as sent.
fn template_status(entry: &Obj, value: &Obj) -> Result<InboundEvent, String> {
    let waba_id = id_field(entry, "id").ok_or("template update: entry has no `id` (WABA id)")?;
    let timestamp =
        wire::unix_seconds(entry.get("time")).map_err(|e| format!("template update: {e}"))?;
    let template_id = id_field(value, "message_template_id")
        .ok_or("template update: no `message_template_id`")?;
    let status = string_field(value, "event").ok_or("template update: no `event`")?;

    // "HEAD: details", e.g. "INVALID_FORMAT: <why>. Recommendation: <what>."
    let sub = |key: &str| value.get(key).and_then(Value::as_object);
    let mut heads = Vec::new();
    let mut details = Vec::new();
    heads.extend(str_field(value, "reason").filter(|r| *r != "NONE"));
    if let Some(info) = sub("rejection_info") {
        details.extend(str_field(info, "reason").map(str::to_owned));
        details.extend(str_field(info, "recommendation").map(|r| format!("Recommendation: {r}")));
    }
    if let Some(info) = sub("other_info") {
        heads.extend(str_field(info, "title"));
        details.extend(str_field(info, "description").map(str::to_owned));
    }
    if let Some(date) = sub("disable_info").and_then(|i| id_field(i, "disable_date")) {
        details.push(format!("Disabled on {date}."));
    }
    let reason = match (heads.join(", "), details.join(" ")) {
        (h, d) if h.is_empty() && d.is_empty() => None,
        (h, d) if d.is_empty() => Some(h),
        (h, d) if h.is_empty() => Some(d),
        (h, d) => Some(format!("{h}: {d}")),
    };

    Ok(InboundEvent::TemplateStatus(TemplateStatusEvent {
        waba_id,
        template_id,
        name: string_field(value, "message_template_name").unwrap_or_default(),
        language: string_field(value, "message_template_language").unwrap_or_default(),
        status,
        reason,
        timestamp,
    }))
}
