//! Webhook payloads as typed values. Field order follows Meta's payloads (and
//! the fixtures), optional fields are omitted rather than `null`, and
//! timestamps are strings except where Meta uses numbers (`entry[].time`,
//! `message_template_id`). Serialised with [`crate::json::to_meta_bytes`].

mod message;

pub use message::*;

use serde::{Deserialize, Serialize};

use crate::error::ErrorItem;

pub const OBJECT: &str = "whatsapp_business_account";

/// `{"object": ..., "entry": [...]}` for the `messages` field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<V> {
    pub object: String,
    pub entry: Vec<Entry<V>>,
}

/// Template webhooks put `entry` before `object` (as Meta's examples do).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateEnvelope {
    pub entry: Vec<Entry<TemplateStatusValue>>,
    pub object: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry<V> {
    /// The WABA ID, not the phone number ID.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<i64>,
    pub changes: Vec<Change<V>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change<V> {
    pub value: V,
    pub field: String,
}

impl<V> Envelope<V> {
    pub fn one(waba_id: &str, field: &str, value: V) -> Self {
        Envelope {
            object: OBJECT.into(),
            entry: vec![Entry {
                id: waba_id.into(),
                time: None,
                changes: vec![Change {
                    value,
                    field: field.into(),
                }],
            }],
        }
    }
}

/// `value` of a `messages` change: messages (+contacts), statuses or errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessagesValue {
    pub messaging_product: String,
    pub metadata: Metadata,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Vec<ContactOut>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<InboundMessage>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statuses: Option<Vec<Status>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ErrorItem>>,
}

impl MessagesValue {
    pub fn new(metadata: Metadata) -> Self {
        MessagesValue {
            messaging_product: "whatsapp".into(),
            metadata,
            contacts: None,
            messages: None,
            statuses: None,
            errors: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    pub display_phone_number: String,
    pub phone_number_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactOut {
    pub profile: Profile,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wa_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// One entry of `value.statuses`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Status {
    pub id: String,
    pub status: String,
    pub timestamp: String,
    pub recipient_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation: Option<Conversation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing: Option<Pricing>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_opaque_callback_data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ErrorItem>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_timestamp: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pricing {
    pub billable: bool,
    pub pricing_model: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub category: String,
}

/// `value` of a `message_template_status_update` change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateStatusValue {
    pub event: String,
    /// A JSON number, unlike most IDs.
    pub message_template_id: u64,
    pub message_template_name: String,
    pub message_template_language: String,
    /// `NONE`, a rejection reason, or `null` when scheduled for deletion.
    pub reason: Option<String>,
    pub message_template_category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection_info: Option<RejectionInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_info: Option<OtherInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_info: Option<DisableInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RejectionInfo {
    pub reason: String,
    pub recommendation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OtherInfo {
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisableInfo {
    pub disable_date: String,
}
