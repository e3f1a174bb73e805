//! What a channel adapter hands to the core: provider payloads normalized
//! into one vocabulary, whatever the channel (WhatsApp Cloud API now; Twilio
//! and email later). Adapters are pure functions from raw bytes to these
//! events; the core's ingest pipeline is the only thing that stores them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::delivery::DeliveryState;
use crate::model::{MessageContent, MessageKind};

/// Which of our accounts an event is for, as the provider names it
/// (for WhatsApp Cloud: the business phone-number id).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AccountRef {
    pub provider_account_id: String,
    /// The business number or address customers write to, when sent.
    pub display_address: Option<String>,
}

/// Who sent an inbound message. WhatsApp users may have a phone (`wa_id`)
/// or, since 2026, only a business-scoped user id and a username.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SenderRef {
    pub wa_id: Option<String>,
    pub user_id: Option<String>,
    pub username: Option<String>,
    pub email: Option<String>,
    /// The name the customer set in their profile.
    pub profile_name: Option<String>,
}

/// A media attachment as announced by the provider (downloaded later).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaRef {
    pub media_id: String,
    pub mime: String,
    pub sha256: Option<String>,
    pub url: Option<String>,
}

/// A Click-to-WhatsApp ad the conversation started from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub source_type: Option<String>,
    pub source_id: Option<String>,
    pub source_url: Option<String>,
    pub headline: Option<String>,
    pub body: Option<String>,
    pub ctwa_clid: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboundMessage {
    pub account: AccountRef,
    /// wamid (or Twilio SID, or Message-ID): the idempotency key.
    pub provider_id: String,
    pub from: SenderRef,
    /// The provider's timestamp: the 24-hour window counts from here.
    pub timestamp: DateTime<Utc>,
    pub kind: MessageKind,
    pub content: MessageContent,
    pub media: Option<MediaRef>,
    /// The provider id of the message this one replies to.
    pub reply_to: Option<String>,
    pub forwarded: bool,
    pub frequently_forwarded: bool,
    pub referral: Option<Referral>,
}

/// A provider-side error, kept with the provider's own code and words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderError {
    pub code: i64,
    pub title: String,
    pub message: Option<String>,
    pub details: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusUpdate {
    pub account: AccountRef,
    /// The provider id of our outbound message.
    pub provider_id: String,
    pub state: DeliveryState,
    pub timestamp: DateTime<Utc>,
    pub recipient: Option<String>,
    /// marketing / utility / authentication / service…, when priced.
    pub pricing_category: Option<String>,
    pub errors: Vec<ProviderError>,
}

/// A reaction added (`emoji` set) or removed (`None`) on a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionEvent {
    pub account: AccountRef,
    pub provider_id: String,
    pub from: SenderRef,
    pub target_provider_id: String,
    pub emoji: Option<String>,
    pub timestamp: DateTime<Utc>,
}

/// The customer deleted a message they had sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokeEvent {
    pub account: AccountRef,
    pub provider_id: String,
    pub from: SenderRef,
    pub revoked_provider_id: String,
    pub timestamp: DateTime<Utc>,
}

/// A customer's number changed (WhatsApp `system` message).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityChange {
    pub account: AccountRef,
    pub provider_id: String,
    pub from: SenderRef,
    pub new_wa_id: Option<String>,
    pub body: String,
    pub timestamp: DateTime<Utc>,
}

/// Meta reviewed, paused or disabled a message template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateStatusEvent {
    pub waba_id: String,
    pub template_id: String,
    pub name: String,
    pub language: String,
    /// APPROVED, REJECTED, PAUSED, DISABLED, PENDING_DELETION, …
    pub status: String,
    pub reason: Option<String>,
    pub timestamp: DateTime<Utc>,
}

// Events live for one batch and are moved, not copied: boxing the big
// variant would buy nothing but an allocation per message.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum InboundEvent {
    Message(InboundMessage),
    Status(StatusUpdate),
    Reaction(ReactionEvent),
    Revoke(RevokeEvent),
    IdentityChange(IdentityChange),
    TemplateStatus(TemplateStatusEvent),
    /// An error the provider reports about the account or a payload.
    Error {
        account: Option<AccountRef>,
        error: ProviderError,
    },
}
