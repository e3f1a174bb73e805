//! The WhatsApp customer service window (WA-6).
//!
//! Free-form messages are allowed for 24 hours after the contact's last inbound
//! message, measured from the provider's timestamp — not from when our desktop
//! happened to receive it. After that only approved templates may be sent.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

pub const WINDOW_HOURS: i64 = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum WindowState {
    /// Free-form messages allowed until `expires_at`.
    Open { expires_at: DateTime<Utc> },
    /// Only templates. `closed_at` is `None` when the contact never wrote.
    Closed { closed_at: Option<DateTime<Utc>> },
}

impl WindowState {
    pub fn is_open(&self) -> bool {
        matches!(self, WindowState::Open { .. })
    }

    /// Time left while open.
    pub fn remaining(&self, now: DateTime<Utc>) -> Option<Duration> {
        match self {
            WindowState::Open { expires_at } => Some(*expires_at - now),
            WindowState::Closed { .. } => None,
        }
    }
}

/// When the window opened by an inbound message at `last_inbound_at` closes.
pub fn window_deadline(last_inbound_at: DateTime<Utc>) -> DateTime<Utc> {
    last_inbound_at + Duration::hours(WINDOW_HOURS)
}

/// The window at `now`. It is open on `[last_inbound, last_inbound + 24 h)`;
/// an inbound timestamp in the future (clock skew) counts as "just now".
pub fn window_state(now: DateTime<Utc>, last_inbound_at: Option<DateTime<Utc>>) -> WindowState {
    match last_inbound_at {
        None => WindowState::Closed { closed_at: None },
        Some(at) => {
            let deadline = window_deadline(at.min(now));
            if now < deadline {
                WindowState::Open {
                    expires_at: window_deadline(at),
                }
            } else {
                WindowState::Closed {
                    closed_at: Some(deadline),
                }
            }
        }
    }
}

/// Whether a window that closes at `closes_at` (as stored with the
/// conversation) is open at `now`. No deadline means the contact never
/// wrote: closed.
pub fn is_window_open(now: DateTime<Utc>, closes_at: Option<DateTime<Utc>>) -> bool {
    closes_at.is_some_and(|closes| now < closes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn t(h: i64, m: i64, s: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap()
            + Duration::hours(h)
            + Duration::minutes(m)
            + Duration::seconds(s)
    }

    #[test]
    fn table() {
        let inbound = t(10, 0, 0);
        let open = WindowState::Open {
            expires_at: t(34, 0, 0),
        };
        let closed = WindowState::Closed {
            closed_at: Some(t(34, 0, 0)),
        };
        let cases = [
            (t(10, 0, 0), open),
            (t(20, 0, 0), open),
            (t(33, 59, 59), open),
            (t(34, 0, 0), closed),
            (t(34, 0, 1), closed),
            (t(100, 0, 0), closed),
        ];
        for (now, want) in cases {
            assert_eq!(window_state(now, Some(inbound)), want, "at {now}");
        }
        assert_eq!(
            window_state(t(0, 0, 0), None),
            WindowState::Closed { closed_at: None }
        );
        assert_eq!(
            open.remaining(t(33, 0, 0)),
            Some(Duration::hours(1)),
            "one hour left"
        );
    }

    #[test]
    fn a_stored_deadline_agrees_with_the_window_state() {
        let inbound = t(10, 0, 0);
        let deadline = Some(window_deadline(inbound));
        for now in [t(10, 0, 0), t(33, 59, 59), t(34, 0, 0), t(50, 0, 0)] {
            assert_eq!(
                is_window_open(now, deadline),
                window_state(now, Some(inbound)).is_open(),
                "at {now}"
            );
        }
        assert!(!is_window_open(t(0, 0, 0), None));
    }

    #[test]
    fn future_timestamp_from_skewed_clock_keeps_window_open() {
        let now = t(10, 0, 0);
        assert!(window_state(now, Some(t(10, 5, 0))).is_open());
    }

    proptest! {
        #[test]
        fn open_exactly_within_24h(offset in -100_000i64..200_000) {
            let inbound = t(0, 0, 0);
            let now = inbound + Duration::seconds(offset);
            let st = window_state(now, Some(inbound));
            let expect_open = offset < WINDOW_HOURS * 3600;
            prop_assert_eq!(st.is_open(), expect_open);
        }

        #[test]
        fn later_inbound_never_closes_an_open_window(a in 0i64..100_000, b in 0i64..100_000, now in 0i64..300_000) {
            let (first, later) = (t(0, 0, a.min(b)), t(0, 0, a.max(b)));
            let now = t(0, 0, now);
            if window_state(now, Some(first)).is_open() && later <= now {
                prop_assert!(window_state(now, Some(later)).is_open());
            }
        }
    }
}
