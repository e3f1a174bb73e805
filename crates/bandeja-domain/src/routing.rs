//! Where an inbound message goes (INB-2, INB-3).
//!
//! One rule for every channel: a message from a contact joins that contact's
//! latest conversation on the same account while it is not resolved; a
//! snoozed one wakes up; a resolved one is reopened or a new conversation is
//! started, according to the account's policy.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{ConversationId, ConversationStatus};

/// What to do when a customer writes again after the conversation was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum ReopenPolicy {
    /// Always reopen the resolved conversation.
    Reopen,
    /// Always start a new conversation.
    New,
    /// Reopen when it was resolved less than `hours` ago, else start a new one.
    ReopenWithin { hours: u32 },
}

impl Default for ReopenPolicy {
    fn default() -> Self {
        ReopenPolicy::ReopenWithin { hours: 72 }
    }
}

/// The contact's latest conversation on the account, as routing needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatestConversation {
    pub id: ConversationId,
    pub status: ConversationStatus,
    /// When it was resolved (only meaningful for `Resolved`).
    pub resolved_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum RouteDecision {
    /// Add to an open or pending conversation.
    Append { id: ConversationId },
    /// Add and wake a snoozed conversation (a customer reply unsnoozes).
    Unsnooze { id: ConversationId },
    /// Add and set a resolved conversation back to open.
    Reopen { id: ConversationId },
    /// Start a new conversation.
    New,
}

pub fn route_inbound(
    now: DateTime<Utc>,
    latest: Option<LatestConversation>,
    policy: ReopenPolicy,
) -> RouteDecision {
    let Some(c) = latest else {
        return RouteDecision::New;
    };
    match c.status {
        ConversationStatus::Open | ConversationStatus::Pending => {
            RouteDecision::Append { id: c.id }
        }
        ConversationStatus::Snoozed => RouteDecision::Unsnooze { id: c.id },
        ConversationStatus::Resolved => match policy {
            ReopenPolicy::Reopen => RouteDecision::Reopen { id: c.id },
            ReopenPolicy::New => RouteDecision::New,
            ReopenPolicy::ReopenWithin { hours } => match c.resolved_at {
                Some(at) if now - at < Duration::hours(i64::from(hours)) => {
                    RouteDecision::Reopen { id: c.id }
                }
                _ => RouteDecision::New,
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;
    use ConversationStatus::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 10, 12, 0, 0).unwrap()
    }

    fn latest(
        status: ConversationStatus,
        resolved_hours_ago: Option<i64>,
    ) -> Option<LatestConversation> {
        Some(LatestConversation {
            id: 7,
            status,
            resolved_at: resolved_hours_ago.map(|h| now() - Duration::hours(h)),
        })
    }

    #[test]
    fn table() {
        let within = ReopenPolicy::ReopenWithin { hours: 72 };
        let cases = [
            (None, ReopenPolicy::Reopen, RouteDecision::New),
            (
                latest(Open, None),
                ReopenPolicy::New,
                RouteDecision::Append { id: 7 },
            ),
            (
                latest(Pending, None),
                within,
                RouteDecision::Append { id: 7 },
            ),
            (
                latest(Snoozed, None),
                within,
                RouteDecision::Unsnooze { id: 7 },
            ),
            (
                latest(Resolved, Some(1)),
                ReopenPolicy::Reopen,
                RouteDecision::Reopen { id: 7 },
            ),
            (
                latest(Resolved, Some(1)),
                ReopenPolicy::New,
                RouteDecision::New,
            ),
            (
                latest(Resolved, Some(71)),
                within,
                RouteDecision::Reopen { id: 7 },
            ),
            (latest(Resolved, Some(72)), within, RouteDecision::New),
            (latest(Resolved, None), within, RouteDecision::New),
            (
                latest(Resolved, Some(500)),
                ReopenPolicy::Reopen,
                RouteDecision::Reopen { id: 7 },
            ),
        ];
        for (l, p, want) in cases {
            assert_eq!(route_inbound(now(), l, p), want, "{l:?} {p:?}");
        }
    }

    fn any_status() -> impl Strategy<Value = ConversationStatus> {
        prop_oneof![Just(Open), Just(Pending), Just(Snoozed), Just(Resolved)]
    }

    proptest! {
        #[test]
        fn never_drops_a_message_and_never_touches_another_conversation(
            status in any_status(), ago in 0i64..1000, hours in 0u32..500, which in 0u8..3,
        ) {
            let policy = match which { 0 => ReopenPolicy::Reopen, 1 => ReopenPolicy::New, _ => ReopenPolicy::ReopenWithin { hours } };
            let d = route_inbound(now(), latest(status, Some(ago)), policy);
            match d {
                RouteDecision::Append { id } | RouteDecision::Unsnooze { id } | RouteDecision::Reopen { id } => prop_assert_eq!(id, 7),
                RouteDecision::New => prop_assert_eq!(status, Resolved, "only a resolved conversation gives way to a new one"),
            }
        }
    }
}
