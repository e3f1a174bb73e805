//! WhatsApp Cloud API (Meta) webhooks: signature check and normalization.
//!
//! The relay stores Meta's POST bodies byte for byte; the desktop turns each
//! one into [`InboundEvent`]s with [`normalize`] and hands them to ingest,
//! which is the only place that stores anything. Keeping the adapter a pure
//! function of the raw bytes means every behaviour here is pinned by the
//! fixture corpus (`tests/whatsapp_fixtures.rs`) and can be replayed from the
//! relay's log.
//!
//! Order of use by a receiver:
//! 1. [`signature::verify`] over the **raw** body (401/403 on failure);
//! 2. [`normalize`] (400 on [`NormalizeError`]: not JSON, or not a WhatsApp
//!    Business Account envelope). Size limits are the receiver's business:
//!    `normalize` parses whatever it is given.
//!
//! What one body becomes:
//! * every entry, change and item is visited — Meta batches (several
//!   entries, changes, messages, statuses per POST); output order is body
//!   order (per change: messages, then statuses, then errors);
//! * `field: "messages"` → messages, reactions, revokes, identity changes
//!   (`messages.rs`, `content.rs`, `vcards.rs`, `placeholders.rs`),
//!   statuses and value-level errors (`statuses.rs`);
//!   `field: "message_template_status_update"` → template status events
//!   ([`envelope`]); other fields are skipped, not errors;
//! * a malformed item never costs the rest of the batch. A message with an id
//!   and a timestamp whose content cannot be read, or whose type we do not
//!   know, becomes an `Unsupported` message whose reason names the type and
//!   the problem (WA-3: never dropped). Items that cannot be anchored (no
//!   id, no usable timestamp, no account) are skipped, and the path and
//!   reason are recorded in [`Normalized::skipped`] for the log; [`normalize`]
//!   returns only the events, [`normalize_report`] both.
//! * timestamps are the provider's (Unix seconds → UTC); the 24-hour window
//!   is computed from them by ingest, never from the time of receipt.

mod content;
pub mod envelope;
mod messages;
mod placeholders;
pub mod signature;
mod statuses;
mod vcards;
mod wire;

use bandeja_domain::inbound::InboundEvent;

pub use envelope::{NormalizeError, Normalized, Skipped, WABA_OBJECT};
pub use signature::SignatureError;
pub use wire::NO_CODE;

/// The events of one webhook body, in body order. Pure: no clock, no IO.
pub fn normalize(raw: &[u8]) -> Result<Vec<InboundEvent>, NormalizeError> {
    envelope::normalize(raw).map(|n| n.events)
}

/// Like [`normalize`], also returning what was skipped and why.
pub fn normalize_report(raw: &[u8]) -> Result<Normalized, NormalizeError> {
    envelope::normalize(raw)
}
