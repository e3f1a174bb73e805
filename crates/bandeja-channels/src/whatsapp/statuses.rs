//! `value.statuses[]` (delivery of our outbound messages) and `value.errors[]`
//! (errors not tied to one message).
//!
//! * `sent`, `delivered`, `read` map one to one onto [`DeliveryState`].
//! * `played` (a voice note was first played) becomes `Read`: listening
//!   implies the message was opened, `DeliveryState` has no richer state, and
//!   `Read` is the top of the monotonic order, so a late `played` can never
//!   push the state backwards.
//! * `failed` becomes `Failed { code, title }` from the **first** error, the
//!   one Meta puts forward; every error stays in [`StatusUpdate::errors`]. A
//!   failure without errors gets [`NO_CODE`] and a title that says so.
//! * any other status value is skipped with a recorded reason: inventing a
//!   delivery state would be worse than not moving it.
//! * Both shapes are read: with `conversation` (v23 and lower) and without
//!   it (v24+). Only `pricing.category` is kept; the legacy
//!   `conversation.origin.type` is not a price category and is not used.

use bandeja_domain::inbound::{AccountRef, InboundEvent, StatusUpdate};
use bandeja_domain::DeliveryState;
use serde_json::Value;

use super::wire::{self, string_field, NO_CODE};

pub(crate) fn status(v: &Value, account: &AccountRef) -> Result<InboundEvent, String> {
    let obj = v
        .as_object()
        .ok_or_else(|| "status is not a JSON object".to_owned())?;
    let id = string_field(obj, "id").ok_or_else(|| "status has no message id".to_owned())?;
    let timestamp =
        wire::unix_seconds(obj.get("timestamp")).map_err(|e| format!("status of {id}: {e}"))?;
    let errors = wire::provider_errors(obj);
    let state = match wire::str_field(obj, "status") {
        Some("sent") => DeliveryState::Sent,
        Some("delivered") => DeliveryState::Delivered,
        Some("read" | "played") => DeliveryState::Read,
        Some("failed") => match errors.first() {
            Some(e) => DeliveryState::Failed {
                code: e.code,
                title: e.title.clone(),
            },
            None => DeliveryState::Failed {
                code: NO_CODE,
                title: "failed without an error from WhatsApp".to_owned(),
            },
        },
        Some(other) => return Err(format!("status of {id}: unknown status {other:?}")),
        None => return Err(format!("status of {id}: no `status` value")),
    };
    let recipient =
        string_field(obj, "recipient_id").or_else(|| string_field(obj, "recipient_user_id"));
    let pricing_category = obj
        .get("pricing")
        .and_then(Value::as_object)
        .and_then(|p| string_field(p, "category"));
    Ok(InboundEvent::Status(StatusUpdate {
        account: account.clone(),
        provider_id: id,
        state,
        timestamp,
        recipient,
        pricing_category,
        errors,
    }))
}

/// A value-level error. `account` is `None` when the change had no
/// `metadata` (the error is then about the app or the WABA as a whole).
pub(crate) fn error(v: &Value, account: Option<&AccountRef>) -> Result<InboundEvent, String> {
    let error = wire::provider_error(v).ok_or_else(|| "error is not a JSON object".to_owned())?;
    Ok(InboundEvent::Error {
        account: account.cloned(),
        error,
    })
}
