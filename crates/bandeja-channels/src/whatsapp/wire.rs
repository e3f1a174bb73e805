//! Small readers over `serde_json::Value` shared by the WhatsApp modules.
//!
//! The webhook is walked as a `Value` rather than one big `#[derive]` tree so
//! that one bad item costs only that item: a typed parse of the whole body
//! would reject a batch of fifty messages because one of them had a number
//! where a string belongs. Leaf objects with a fixed shape (a media object,
//! a reaction) are still read with serde, whose messages ("missing field
//! `body`") become the recorded reason.

use bandeja_domain::inbound::ProviderError;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

/// `code` of a [`ProviderError`] or a failed delivery when WhatsApp sent no
/// numeric code. Meta's codes are all ≥ 0, so -1 cannot be mistaken for one.
pub const NO_CODE: i64 = -1;

pub(crate) type Obj = Map<String, Value>;

/// A string field, `None` when absent, not a string, or empty.
pub(crate) fn str_field<'a>(obj: &'a Obj, key: &str) -> Option<&'a str> {
    obj.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

pub(crate) fn string_field(obj: &Obj, key: &str) -> Option<String> {
    str_field(obj, key).map(str::to_owned)
}

pub(crate) fn bool_field(obj: &Obj, key: &str) -> bool {
    obj.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// An identifier Meta sends as a string in one place and a JSON number in
/// another (`message_template_id`, error codes): both become a string.
pub(crate) fn id_field(obj: &Obj, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) if n.is_u64() || n.is_i64() => Some(n.to_string()),
        _ => None,
    }
}

/// WhatsApp ids are digits without `+`, but the docs also show a `+` form;
/// stripping it keeps one contact from becoming two.
pub(crate) fn wa_id(s: &str) -> String {
    s.strip_prefix('+').unwrap_or(s).to_owned()
}

/// Read a leaf object with serde; the error text names what was wrong.
pub(crate) fn leaf<T: DeserializeOwned>(obj: &Obj, key: &str) -> Result<T, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Err(format!("missing `{key}` object")),
        Some(v) => T::deserialize(v).map_err(|e| format!("`{key}`: {e}")),
    }
}

/// Unix seconds, sent as a string in `messages` webhooks and as a number in
/// template updates; both are accepted everywhere.
pub(crate) fn unix_seconds(v: Option<&Value>) -> Result<DateTime<Utc>, String> {
    let secs = match v {
        None | Some(Value::Null) => return Err("missing timestamp".into()),
        Some(Value::String(s)) => s
            .trim()
            .parse::<i64>()
            .map_err(|_| format!("timestamp {s:?} is not Unix seconds"))?,
        Some(Value::Number(n)) => n
            .as_i64()
            .ok_or_else(|| format!("timestamp {n} is not whole Unix seconds"))?,
        Some(_) => return Err("timestamp is neither a string nor a number".into()),
    };
    if secs < 0 {
        return Err(format!("timestamp {secs} is before 1970"));
    }
    DateTime::from_timestamp(secs, 0).ok_or_else(|| format!("timestamp {secs} is out of range"))
}

/// One entry of an `errors[]` array (value-level, message-level or status
/// level): `code`, `title`, `message`, `error_data.details`; `href` dropped.
pub(crate) fn provider_error(v: &Value) -> Option<ProviderError> {
    let obj = v.as_object()?;
    let code = match obj.get("code") {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(NO_CODE),
        Some(Value::String(s)) => s.trim().parse().unwrap_or(NO_CODE),
        _ => NO_CODE,
    };
    let message = string_field(obj, "message");
    let title = string_field(obj, "title")
        .or_else(|| message.clone())
        .unwrap_or_else(|| "error without a title".to_owned());
    let details = obj
        .get("error_data")
        .and_then(Value::as_object)
        .and_then(|d| string_field(d, "details"));
    Some(ProviderError {
        code,
        title,
        message,
        details,
    })
}

/// Every readable entry of an `errors` array; others are dropped.
pub(crate) fn provider_errors(obj: &Obj) -> Vec<ProviderError> {
    obj.get("errors")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(provider_error).collect())
        .unwrap_or_default()
}

/// `"131051 Message type unknown: Message type is currently not supported."`
pub(crate) fn describe_error(e: &ProviderError) -> String {
    match &e.details {
        Some(d) if *d != e.title => format!("{} {}: {d}", e.code, e.title),
        _ => format!("{} {}", e.code, e.title),
    }
}

/// `value.contacts[]`: who sent the messages of this change.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct WireContact {
    pub wa_id: Option<String>,
    pub user_id: Option<String>,
    #[serde(default)]
    pub profile: Option<WireProfile>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct WireProfile {
    pub name: Option<String>,
    pub username: Option<String>,
}

/// The readable entries of `value.contacts`; an unreadable one is ignored
/// (the sender then keeps the ids of the message itself, without a name).
pub(crate) fn contacts(value: &Obj) -> Vec<WireContact> {
    value
        .get("contacts")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|c| WireContact::deserialize(c).ok())
                .collect()
        })
        .unwrap_or_default()
}
