//! Records read back from the store, shaped for the API that maps them to DTOs.

use bandeja_domain::{
    AccountKind, ConversationStatus, DeliveryState, Direction, MessageContent, MessageKind,
    Priority,
};
use chrono::{DateTime, Utc};

/// A conversation with what its header needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ConversationRecord {
    pub id: i64,
    pub account_id: i64,
    pub account_kind: AccountKind,
    pub contact_id: i64,
    pub contact_name: String,
    pub subject: Option<String>,
    pub status: ConversationStatus,
    pub priority: Priority,
    pub assignee_id: Option<i64>,
    pub tag_ids: Vec<i64>,
    pub preview: String,
    pub last_kind: MessageKind,
    pub last_direction: Direction,
    pub last_message_at: DateTime<Utc>,
    pub unread: i64,
    pub window_expires_at: Option<DateTime<Utc>>,
    pub snoozed_until: Option<DateTime<Utc>>,
    /// The first customer message nobody has answered yet.
    pub awaiting_since: Option<DateTime<Utc>>,
    /// The response deadline of that wait (when the account has a target).
    pub sla_due_at: Option<DateTime<Utc>>,
    pub sla_breached_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContactRecord {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub wa_id: Option<String>,
    pub tag_ids: Vec<i64>,
    pub custom_fields: Vec<(String, String)>,
    /// Other conversations of the contact the member may see, newest first.
    pub other_conversations: Vec<(i64, Option<String>, ConversationStatus, DateTime<Utc>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReactionRecord {
    pub emoji: String,
    /// `None` when the contact reacted.
    pub member_id: Option<i64>,
}

/// A message as shown in a conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageRecord {
    pub id: i64,
    pub conversation_id: i64,
    pub direction: Direction,
    pub kind: MessageKind,
    pub content: MessageContent,
    pub text: Option<String>,
    pub author_member_id: Option<i64>,
    pub sender: String,
    pub delivery: Option<DeliveryState>,
    pub created_at: DateTime<Utc>,
    pub reactions: Vec<ReactionRecord>,
    pub reply_to: Option<(Option<i64>, String)>,
    pub forwarded: bool,
    /// Sent by the app on its own (auto-reply, reminder).
    pub automated: bool,
    /// The attachment, for media messages.
    pub media: Option<crate::MediaRecord>,
}

/// Read a stored kind + content, never failing: what this version cannot
/// understand becomes an `unsupported` placeholder with the reason.
pub(crate) fn decode_content(kind: &str, content: &str) -> (MessageKind, MessageContent) {
    let kind_parsed = kind.parse::<MessageKind>();
    let content_parsed = serde_json::from_str::<MessageContent>(content);
    match (kind_parsed, content_parsed) {
        (Ok(k), Ok(c)) => (k, c),
        (Err(e), _) => (
            MessageKind::Unsupported,
            MessageContent::Unsupported {
                reason: e.to_string(),
            },
        ),
        (Ok(_), Err(e)) => (
            MessageKind::Unsupported,
            MessageContent::Unsupported {
                reason: format!("unreadable {kind} message: {e}"),
            },
        ),
    }
}

pub(crate) fn parse_enum<T: std::str::FromStr<Err = bandeja_domain::UnknownValue>>(
    s: &str,
) -> Result<T, crate::StoreError> {
    s.parse::<T>()
        .map_err(|e| crate::StoreError::InvalidData(e.to_string()))
}

pub(crate) fn preview_of(content: &MessageContent) -> String {
    let text = match content {
        // the subject is shown beside the preview already
        MessageContent::Email(e) => e.text.clone(),
        other => other.searchable_text(),
    };
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(140) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

pub(crate) fn split_ids(s: Option<String>) -> Vec<i64> {
    s.map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_default()
}
