//! Which automatic answer a customer's message gets, if any (AUTO-3).
//!
//! An account may answer on three triggers, each with its own text: outside
//! business hours, on first contact (a new conversation from a contact we
//! did not know), and always. When several apply, the most specific wins
//! (outside hours, then first contact, then always): a customer writing at
//! night wants to hear when someone will be back. Whatever the trigger, one
//! contact gets at most one automatic answer per period (default 24 h), so a
//! burst of messages never becomes a burst of replies; on WhatsApp one is
//! sent only inside the customer service window.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

pub const DEFAULT_PERIOD_HOURS: u32 = 24;

fn default_period() -> u32 {
    DEFAULT_PERIOD_HOURS
}

/// An account's auto-reply settings.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoReplySettings {
    pub enabled: bool,
    /// Texts per trigger; `None` or blank = that trigger is off.
    #[serde(default)]
    pub outside_hours: Option<String>,
    #[serde(default)]
    pub first_contact: Option<String>,
    #[serde(default)]
    pub always: Option<String>,
    /// At most one automatic answer per contact in this many hours.
    #[serde(default = "default_period")]
    pub period_hours: u32,
}

impl Default for AutoReplySettings {
    fn default() -> Self {
        AutoReplySettings {
            enabled: false,
            outside_hours: None,
            first_contact: None,
            always: None,
            period_hours: DEFAULT_PERIOD_HOURS,
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AutoReplyTrigger {
    OutsideHours,
    FirstContact,
    Always,
}

impl AutoReplyTrigger {
    pub fn as_str(self) -> &'static str {
        match self {
            AutoReplyTrigger::OutsideHours => "outside_hours",
            AutoReplyTrigger::FirstContact => "first_contact",
            AutoReplyTrigger::Always => "always",
        }
    }
}

/// What is known when a customer's message arrives.
#[derive(Debug, Clone, Copy)]
pub struct Arrival {
    /// When the message was written (the provider's time).
    pub at: DateTime<Utc>,
    /// The conversation is new and so is the contact.
    pub first_contact: bool,
    /// Whether the account is open at `at`; `None` without business hours.
    pub open: Option<bool>,
    /// The last automatic answer this contact got from this account.
    pub last_auto_reply: Option<DateTime<Utc>>,
    /// WhatsApp: whether the window is open `now`; always true for email.
    pub can_send_free_text: bool,
}

/// The trigger and text to send now, or `None`.
pub fn auto_reply<'a>(
    settings: &'a AutoReplySettings,
    arrival: &Arrival,
    now: DateTime<Utc>,
) -> Option<(AutoReplyTrigger, &'a str)> {
    if !settings.enabled || !arrival.can_send_free_text {
        return None;
    }
    let period = Duration::hours(i64::from(settings.period_hours.max(1)));
    if arrival.last_auto_reply.is_some_and(|t| now - t < period) {
        return None;
    }
    let text = |t: &'a Option<String>| t.as_deref().map(str::trim).filter(|s| !s.is_empty());
    [
        (
            AutoReplyTrigger::OutsideHours,
            arrival.open == Some(false),
            text(&settings.outside_hours),
        ),
        (
            AutoReplyTrigger::FirstContact,
            arrival.first_contact,
            text(&settings.first_contact),
        ),
        (AutoReplyTrigger::Always, true, text(&settings.always)),
    ]
    .into_iter()
    .find_map(|(trigger, applies, body)| body.filter(|_| applies).map(|b| (trigger, b)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 22, 0, 0).unwrap()
    }

    fn all_on() -> AutoReplySettings {
        AutoReplySettings {
            enabled: true,
            outside_hours: Some("Volvemos a las 9".into()),
            first_contact: Some("¡Bienvenido!".into()),
            always: Some("Gracias, te respondemos pronto".into()),
            period_hours: 24,
        }
    }

    fn arrival() -> Arrival {
        Arrival {
            at: now(),
            first_contact: false,
            open: Some(true),
            last_auto_reply: None,
            can_send_free_text: true,
        }
    }

    #[test]
    fn the_most_specific_trigger_wins() {
        let s = all_on();
        let night = Arrival {
            open: Some(false),
            first_contact: true,
            ..arrival()
        };
        assert_eq!(
            auto_reply(&s, &night, now()),
            Some((AutoReplyTrigger::OutsideHours, "Volvemos a las 9"))
        );
        let new_by_day = Arrival {
            first_contact: true,
            ..arrival()
        };
        assert_eq!(
            auto_reply(&s, &new_by_day, now()).map(|r| r.0),
            Some(AutoReplyTrigger::FirstContact)
        );
        assert_eq!(
            auto_reply(&s, &arrival(), now()).map(|r| r.0),
            Some(AutoReplyTrigger::Always)
        );
    }

    #[test]
    fn a_trigger_without_text_is_off() {
        let s = AutoReplySettings {
            enabled: true,
            outside_hours: Some("  ".into()),
            ..AutoReplySettings::default()
        };
        let night = Arrival {
            open: Some(false),
            ..arrival()
        };
        assert_eq!(auto_reply(&s, &night, now()), None);
        // without business hours there is no "outside"
        let s = AutoReplySettings {
            enabled: true,
            outside_hours: Some("Cerrado".into()),
            ..AutoReplySettings::default()
        };
        let no_hours = Arrival {
            open: None,
            ..arrival()
        };
        assert_eq!(auto_reply(&s, &no_hours, now()), None);
    }

    #[test]
    fn one_per_contact_per_period() {
        let s = all_on();
        let recent = Arrival {
            last_auto_reply: Some(now() - Duration::hours(23)),
            ..arrival()
        };
        assert_eq!(auto_reply(&s, &recent, now()), None);
        let old = Arrival {
            last_auto_reply: Some(now() - Duration::hours(24)),
            ..arrival()
        };
        assert!(auto_reply(&s, &old, now()).is_some());
    }

    #[test]
    fn disabled_or_outside_the_window_sends_nothing() {
        let off = AutoReplySettings {
            enabled: false,
            ..all_on()
        };
        assert_eq!(auto_reply(&off, &arrival(), now()), None);
        let closed = Arrival {
            can_send_free_text: false,
            ..arrival()
        };
        assert_eq!(auto_reply(&all_on(), &closed, now()), None);
    }
}
