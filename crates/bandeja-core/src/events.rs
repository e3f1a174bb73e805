//! Change events: IDs only, so a slow listener never holds data, and a
//! listener that fell behind simply refreshes everything.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CoreEvent {
    /// Something in this conversation changed (messages, status, tags…).
    ConversationChanged { conversation_id: i64 },
    /// Membership or order of conversation lists changed.
    ListChanged,
    /// A customer wrote: worth a notification.
    IncomingMessage {
        conversation_id: i64,
        message_id: i64,
        contact_name: String,
        preview: String,
    },
    /// Something for one member's attention (NOTIF-1): a mention in a
    /// note, a conversation given to them, a response target missed.
    Notice {
        member_id: i64,
        conversation_id: i64,
        kind: NoticeKind,
        /// Who or what it is about, for the notification's text.
        text: String,
    },
    /// WhatsApp templates were synced, submitted or reviewed by Meta.
    TemplatesChanged,
    /// Another workspace is shown, or settings changed: refresh everything.
    WorkspaceChanged,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    Mentioned,
    Assigned,
    SlaBreached,
}
