//! The entities of a workspace and the closed sets of values they take.
//!
//! Enumerations are stored as short snake_case strings (in SQLite, in JSON, in
//! TypeScript). `str_enum!` gives each one `as_str`/`FromStr` so the store can
//! refuse an unknown value with a clear error instead of guessing.

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::delivery::DeliveryState;

pub type WorkspaceId = i64;
pub type BrandId = i64;
pub type MemberId = i64;
pub type AccountId = i64;
pub type ContactId = i64;
pub type ConversationId = i64;
pub type MessageId = i64;
pub type TagId = i64;
pub type TemplateId = i64;

/// A value outside a closed set (an enum read from the store or the wire).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what}: {value:?}")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
}

macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident : $what:literal { $($variant:ident => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($s => Ok($name::$variant),)+
                    other => Err(UnknownValue { what: $what, value: other.to_string() }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

str_enum!(
    /// What a member may do in the workspace.
    Role: "role" { Owner => "owner", Admin => "admin", Agent => "agent" }
);
str_enum!(
    Availability: "availability" { Online => "online", Away => "away", Offline => "offline" }
);
str_enum!(
    /// The provider behind an account.
    AccountKind: "account kind" {
        WhatsappCloud => "whatsapp_cloud",
        TwilioWhatsapp => "twilio_whatsapp",
        EmailGmail => "email_gmail",
        EmailMicrosoft => "email_microsoft",
        EmailImap => "email_imap",
    }
);
str_enum!(
    /// The family of channels: what the customer sees.
    ChannelKind: "channel kind" { Whatsapp => "whatsapp", Email => "email" }
);
str_enum!(
    ConversationStatus: "conversation status" {
        Open => "open", Pending => "pending", Snoozed => "snoozed", Resolved => "resolved",
    }
);
str_enum!(
    Priority: "priority" { Low => "low", Normal => "normal", High => "high", Urgent => "urgent" }
);
str_enum!(
    Direction: "direction" { Inbound => "inbound", Outbound => "outbound" }
);
str_enum!(
    MessageKind: "message kind" {
        Text => "text", Image => "image", Video => "video", Audio => "audio", Voice => "voice",
        Document => "document", Sticker => "sticker", Location => "location",
        Contacts => "contacts", Interactive => "interactive", Button => "button",
        Reaction => "reaction", Template => "template", Unsupported => "unsupported",
        Note => "note", Email => "email",
    }
);
str_enum!(
    /// Where a template may be used (TPL-2).
    TemplateType: "template type" { Start => "start", Reply => "reply", Window => "window" }
);

str_enum!(
    /// The automation a stored rule drives (its logic arrives with AUTO-*).
    RuleKind: "rule kind" {
        Assignment => "assignment", AutoReply => "auto_reply",
        WindowReminder => "window_reminder", AutoClose => "auto_close", Sla => "sla",
    }
);

impl AccountKind {
    pub fn channel(self) -> ChannelKind {
        match self {
            AccountKind::WhatsappCloud | AccountKind::TwilioWhatsapp => ChannelKind::Whatsapp,
            _ => ChannelKind::Email,
        }
    }
}

impl MessageKind {
    /// Kinds that carry a media attachment.
    pub fn is_media(self) -> bool {
        matches!(
            self,
            MessageKind::Image
                | MessageKind::Video
                | MessageKind::Audio
                | MessageKind::Voice
                | MessageKind::Document
                | MessageKind::Sticker
        )
    }
}

/// An account's health. `Error` always carries the reason shown to the user.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AccountStatus {
    Active,
    Paused,
    Error { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub id: WorkspaceId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Brand {
    pub id: BrandId,
    pub name: String,
    /// ISO 3166-1 alpha-2, e.g. "ES", "MX".
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: MemberId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub availability: Availability,
    /// Maximum open conversations, if limited.
    pub capacity: Option<u32>,
    pub color: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub kind: AccountKind,
    pub name: String,
    /// The phone number (E.164) or email address customers write to.
    pub address: String,
    pub status: AccountStatus,
    pub brand_id: Option<BrandId>,
    pub reopen_policy: crate::routing::ReopenPolicy,
    /// Members allowed to see and answer this account (ACC-4).
    pub authorized: Vec<MemberId>,
}

/// How a contact is reached on one channel.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Identity {
    /// WhatsApp id as the provider sends it (digits, no plus).
    WhatsappId(String),
    /// WhatsApp business-scoped user id, for users known only by username.
    WhatsappUser(String),
    /// E.164 phone number, normalized by [`crate::normalize_phone`].
    Phone(String),
    /// Lower-cased email address.
    Email(String),
}

impl Identity {
    pub fn kind(&self) -> &'static str {
        match self {
            Identity::WhatsappId(_) => "wa_id",
            Identity::WhatsappUser(_) => "wa_user",
            Identity::Phone(_) => "phone",
            Identity::Email(_) => "email",
        }
    }
    pub fn value(&self) -> &str {
        match self {
            Identity::WhatsappId(v)
            | Identity::WhatsappUser(v)
            | Identity::Phone(v)
            | Identity::Email(v) => v,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    pub name: String,
    pub identities: Vec<Identity>,
    pub custom_fields: Vec<(String, String)>,
    pub salesperson_id: Option<MemberId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: ConversationId,
    pub account_id: AccountId,
    pub contact_id: ContactId,
    pub brand_id: Option<BrandId>,
    pub subject: Option<String>,
    pub status: ConversationStatus,
    pub priority: Priority,
    pub assignee_id: Option<MemberId>,
    pub tags: Vec<TagId>,
    pub snoozed_until: Option<DateTime<Utc>>,
    /// When the WhatsApp customer service window closes (24 h after the last
    /// inbound message, by the provider's timestamp). `None` for email.
    pub window_expires_at: Option<DateTime<Utc>>,
    pub last_message_at: DateTime<Utc>,
}

/// A contact shared in a `contacts` message.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedContact {
    pub name: String,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
}

/// What a message carries, by family. Media kinds share one shape; the exact
/// kind (image, voice, …) is [`Message::kind`].
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MessageContent {
    Text {
        body: String,
    },
    Media {
        caption: Option<String>,
        mime: String,
        filename: Option<String>,
        size: Option<u64>,
        duration_secs: Option<u32>,
    },
    Location {
        latitude: f64,
        longitude: f64,
        name: Option<String>,
        address: Option<String>,
    },
    Contacts {
        contacts: Vec<SharedContact>,
    },
    Interactive {
        reply_id: String,
        title: String,
        description: Option<String>,
    },
    Button {
        payload: String,
        text: String,
    },
    Reaction {
        target_provider_id: String,
        /// `None` when the reaction was removed.
        emoji: Option<String>,
    },
    Template {
        name: String,
        language: String,
        body: String,
    },
    Unsupported {
        reason: String,
    },
    Note {
        body: String,
    },
    /// An email: the headers worth showing and the readable text. The HTML
    /// part and the attachments stay in the raw message on disk and are
    /// served on demand (sanitized / by index).
    Email(Box<EmailContent>),
}

/// A person on an email header.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailPerson {
    pub name: Option<String>,
    pub address: String,
}

/// An attachment (or inline image) of an email, by its position.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAttachment {
    pub index: u32,
    pub name: String,
    pub mime: String,
    pub size: u64,
    /// Shown inside the HTML (`cid:`), not listed.
    pub inline: bool,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailContent {
    pub subject: String,
    pub from: Option<EmailPerson>,
    pub to: Vec<EmailPerson>,
    pub cc: Vec<EmailPerson>,
    /// The plain text written in this message (the text part, or the
    /// HTML's text), without the quoted history.
    pub text: String,
    /// The quoted history under it ("On … wrote:" and `>` lines), folded
    /// in the UI; empty when there is none.
    pub quoted: String,
    pub has_html: bool,
    pub attachments: Vec<EmailAttachment>,
}

impl MessageContent {
    /// The text indexed for search and shown as a preview.
    pub fn searchable_text(&self) -> String {
        match self {
            MessageContent::Text { body } | MessageContent::Note { body } => body.clone(),
            MessageContent::Media {
                caption, filename, ..
            } => [caption.as_deref(), filename.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
            MessageContent::Location { name, address, .. } => [name.as_deref(), address.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
            MessageContent::Contacts { contacts } => contacts
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            MessageContent::Interactive { title, .. } => title.clone(),
            MessageContent::Button { text, .. } => text.clone(),
            MessageContent::Reaction { emoji, .. } => emoji.clone().unwrap_or_default(),
            MessageContent::Template { body, .. } => body.clone(),
            MessageContent::Unsupported { .. } => String::new(),
            MessageContent::Email(e) => {
                let names = e
                    .attachments
                    .iter()
                    .filter(|a| !a.inline)
                    .map(|a| a.name.as_str());
                std::iter::once(e.subject.as_str())
                    .chain(std::iter::once(e.text.as_str()))
                    .chain(names)
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub id: MessageId,
    pub conversation_id: ConversationId,
    pub direction: Direction,
    pub kind: MessageKind,
    pub content: MessageContent,
    /// The provider's id (wamid, Twilio SID, Message-ID) when there is one.
    pub provider_id: Option<String>,
    pub author_member_id: Option<MemberId>,
    pub delivery: Option<DeliveryState>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub id: TagId,
    pub name: String,
    pub description: String,
    /// CSS colour, e.g. "#16a34a".
    pub color: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: TemplateId,
    /// `None` for a template shared by every account.
    pub account_id: Option<AccountId>,
    pub name: String,
    pub content: String,
    pub template_type: TemplateType,
    pub tags: Vec<TagId>,
}

/// One opening interval on a weekday, in the account's local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningInterval {
    pub weekday: Weekday,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

/// Business hours of an account (rules arrive with the automation issue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessHours {
    /// IANA timezone name, e.g. "Europe/Madrid".
    pub timezone: String,
    pub intervals: Vec<OpeningInterval>,
    /// Days closed or with special hours: (date, intervals; empty = closed).
    pub holidays: Vec<(chrono::NaiveDate, Vec<(NaiveTime, NaiveTime)>)>,
}

/// An ordered, per-account (or workspace-wide) automation rule; `params`
/// belong to the rule kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub id: i64,
    pub account_id: Option<AccountId>,
    pub kind: RuleKind,
    pub position: i64,
    pub enabled: bool,
    pub params: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn enums_round_trip_through_their_strings() {
        for k in MessageKind::ALL {
            assert_eq!(MessageKind::from_str(k.as_str()), Ok(*k));
            assert_eq!(
                serde_json::to_string(k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
        }
        for k in AccountKind::ALL {
            assert_eq!(AccountKind::from_str(k.as_str()), Ok(*k));
        }
    }

    #[test]
    fn unknown_value_is_a_clear_error() {
        let err = MessageKind::from_str("poll").unwrap_err();
        assert_eq!(err.to_string(), "unknown message kind: \"poll\"");
    }

    #[test]
    fn account_kind_maps_to_channel() {
        assert_eq!(AccountKind::TwilioWhatsapp.channel(), ChannelKind::Whatsapp);
        assert_eq!(AccountKind::EmailImap.channel(), ChannelKind::Email);
    }

    #[test]
    fn searchable_text_covers_captions_and_names() {
        let m = MessageContent::Media {
            caption: Some("factura".into()),
            mime: "application/pdf".into(),
            filename: Some("F-2026.pdf".into()),
            size: None,
            duration_secs: None,
        };
        assert_eq!(m.searchable_text(), "factura F-2026.pdf");
    }
}
