//! The demo workspace: a living inbox for someone who opens Bandeja for the
//! first time and has no account to connect yet.
//!
//! An empty inbox explains nothing. This crate describes a small business —
//! *Taller y Recambios Ruiz*, a car-repair workshop and parts shop in Málaga
//! with a sister parts shop in Guadalajara (Mexico) — with its team, its
//! WhatsApp numbers and mailboxes, its customers and a few dozen conversations
//! in Spanish and English that exercise every kind of message, delivery state,
//! status and WhatsApp window the app knows about.
//!
//! Everything here is plain values: no IO, no SQL, no clock. [`demo_workspace`]
//! takes `now` and places every timestamp relative to it, so the demo always
//! looks current (a customer wrote "25 minutes ago", a window closes "in 4
//! hours") and tests are deterministic. Loading the values into the database
//! is the core's job; entities refer to each other by the `&'static str` keys
//! below, which the loader maps to ids.
//!
//! The phone numbers are made up; the demo accounts are never connected to a
//! provider, so nothing is ever sent to them.

mod bodies;
mod builder;
mod email;
mod en;
mod es;
mod mx;
mod people;
#[cfg(test)]
mod tests;

use bandeja_domain::{
    AccountKind, AccountStatus, Availability, ConversationStatus, DeliveryState, Direction,
    Identity, MessageContent, MessageKind, Priority, Role,
};
use chrono::{DateTime, Utc};

/// Everything the core needs to create the demo workspace.
#[derive(Debug, Clone)]
pub struct DemoWorkspace {
    pub name: String,
    pub brands: Vec<DemoBrand>,
    /// Exactly one member has `is_me = true`: the owner, i.e. the user.
    pub members: Vec<DemoMember>,
    pub accounts: Vec<DemoAccount>,
    pub tags: Vec<DemoTag>,
    pub contacts: Vec<DemoContact>,
    pub conversations: Vec<DemoConversation>,
}

#[derive(Debug, Clone)]
pub struct DemoBrand {
    pub key: &'static str,
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

#[derive(Debug, Clone)]
pub struct DemoMember {
    pub key: &'static str,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub availability: Availability,
    pub capacity: Option<u32>,
    /// `#rrggbb`.
    pub color: String,
    pub is_me: bool,
}

#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub key: &'static str,
    pub kind: AccountKind,
    pub name: String,
    /// E.164 number or email address.
    pub address: String,
    pub status: AccountStatus,
    /// Brand key.
    pub brand: Option<&'static str>,
    /// Member keys.
    pub authorized: Vec<&'static str>,
}

#[derive(Debug, Clone)]
pub struct DemoTag {
    pub key: &'static str,
    pub name: String,
    pub description: String,
    pub color: String,
}

#[derive(Debug, Clone)]
pub struct DemoContact {
    pub key: &'static str,
    pub name: String,
    pub identities: Vec<Identity>,
    pub custom_fields: Vec<(String, String)>,
    /// Tag keys.
    pub tags: Vec<&'static str>,
    /// Member key.
    pub salesperson: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub struct DemoConversation {
    /// Account key.
    pub account: &'static str,
    /// Contact key.
    pub contact: &'static str,
    /// Email only.
    pub subject: Option<String>,
    pub status: ConversationStatus,
    pub priority: Priority,
    /// Member key.
    pub assignee: Option<&'static str>,
    /// Tag keys.
    pub tags: Vec<&'static str>,
    pub snoozed_until: Option<DateTime<Utc>>,
    /// `false`: the customer's last messages are unread.
    pub read: bool,
    /// Chronological.
    pub messages: Vec<DemoMessage>,
}

#[derive(Debug, Clone)]
pub struct DemoMessage {
    pub direction: Direction,
    pub kind: MessageKind,
    pub content: MessageContent,
    /// Member key, for outbound messages and notes (`None` for automations).
    pub author: Option<&'static str>,
    /// Display name, number or address.
    pub sender: String,
    pub at: DateTime<Utc>,
    /// Outbound only.
    pub delivery: Option<DeliveryState>,
    /// Unique per account ("wamid.DEMO…", "SMdemo…", "<demo.…@…>"); `None` for notes.
    pub provider_id: Option<String>,
    /// `provider_id` of an earlier message in the same conversation.
    pub reply_to: Option<String>,
    pub forwarded: bool,
    /// Reactions shown on this message (each also exists as a `Reaction` message).
    pub reactions: Vec<DemoReaction>,
}

#[derive(Debug, Clone)]
pub struct DemoReaction {
    /// Member key; `None` = the contact.
    pub member: Option<&'static str>,
    pub emoji: String,
}

/// The demo workspace as it looks at `now`.
pub fn demo_workspace(now: DateTime<Utc>) -> DemoWorkspace {
    let members = people::members();
    let accounts = people::accounts();
    let contacts = people::contacts();
    let mut ctx = builder::Ctx::new(now, &members, &accounts, &contacts);
    let mut conversations = es::conversations(&mut ctx);
    conversations.extend(en::conversations(&mut ctx));
    conversations.extend(mx::conversations(&mut ctx));
    conversations.extend(email::conversations(&mut ctx));
    DemoWorkspace {
        name: "Taller y Recambios Ruiz".to_string(),
        brands: people::brands(),
        members,
        accounts,
        tags: people::tags(),
        contacts,
        conversations,
    }
}
