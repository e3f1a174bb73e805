//! Response-time targets (AUTO-11): how long a customer may wait for an
//! answer, counted in business hours (AUTO-2) — a message at 17:55 on a
//! Friday with a one-hour target is due at 09:55 on Monday, not at 18:55.
//! The first answer of a conversation has its own target; every later
//! customer message starts the next-response clock. A conversation shows
//! the time left, turns to "warning" shortly before the deadline and to
//! "breached" after it.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::hours::add_open_time;
use crate::model::BusinessHours;

fn default_warn() -> u32 {
    15
}

/// An account's targets, in minutes of business time; `None` = no target.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaTargets {
    pub enabled: bool,
    #[serde(default)]
    pub first_response_minutes: Option<u32>,
    #[serde(default)]
    pub next_response_minutes: Option<u32>,
    /// How long before the deadline a conversation shows the warning.
    #[serde(default = "default_warn")]
    pub warn_minutes: u32,
}

impl Default for SlaTargets {
    fn default() -> Self {
        SlaTargets {
            enabled: false,
            first_response_minutes: None,
            next_response_minutes: None,
            warn_minutes: default_warn(),
        }
    }
}

/// Where a waiting conversation stands.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaLevel {
    Ok,
    Warning,
    Breached,
}

/// When the answer to a customer waiting since `since` is due; `first`
/// says whether nobody has answered the conversation yet. Without
/// business hours the clock runs all the time. `None` without a target, or
/// when the account does not open within a month.
pub fn due_at(
    targets: &SlaTargets,
    hours: Option<(&BusinessHours, Tz)>,
    since: DateTime<Utc>,
    first: bool,
) -> Option<DateTime<Utc>> {
    if !targets.enabled {
        return None;
    }
    let minutes = match first {
        true => targets.first_response_minutes,
        false => targets.next_response_minutes,
    }?;
    let amount = Duration::minutes(i64::from(minutes));
    match hours {
        Some((h, tz)) => add_open_time(h, tz, since, amount),
        None => Some(since + amount),
    }
}

/// The level at `now` of a deadline.
pub fn level(targets: &SlaTargets, due: DateTime<Utc>, now: DateTime<Utc>) -> SlaLevel {
    if now >= due {
        SlaLevel::Breached
    } else if due - now <= Duration::minutes(i64::from(targets.warn_minutes)) {
        SlaLevel::Warning
    } else {
        SlaLevel::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hours::zone;
    use crate::model::OpeningInterval;
    use chrono::{NaiveTime, TimeZone, Weekday};

    fn weekdays() -> BusinessHours {
        BusinessHours {
            timezone: "Europe/Madrid".into(),
            intervals: [
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ]
            .into_iter()
            .map(|weekday| OpeningInterval {
                weekday,
                opens: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                closes: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
            })
            .collect(),
            holidays: vec![],
        }
    }

    fn targets() -> SlaTargets {
        SlaTargets {
            enabled: true,
            first_response_minutes: Some(60),
            next_response_minutes: Some(240),
            warn_minutes: 15,
        }
    }

    #[test]
    fn the_clock_stops_outside_business_hours() {
        let h = weekdays();
        let tz = zone(&h).unwrap();
        // Friday 2026-03-06 17:55 Madrid (UTC+1) = 16:55 UTC
        let since = Utc.with_ymd_and_hms(2026, 3, 6, 16, 55, 0).unwrap();
        let due = due_at(&targets(), Some((&h, tz)), since, true).unwrap();
        // 5 minutes on Friday, 55 on Monday: 09:55 Madrid = 08:55 UTC
        assert_eq!(due, Utc.with_ymd_and_hms(2026, 3, 9, 8, 55, 0).unwrap());
        // a message on Saturday starts counting on Monday at 09:00
        let saturday = Utc.with_ymd_and_hms(2026, 3, 7, 11, 0, 0).unwrap();
        let next = due_at(&targets(), Some((&h, tz)), saturday, false).unwrap();
        assert_eq!(next, Utc.with_ymd_and_hms(2026, 3, 9, 12, 0, 0).unwrap());
    }

    #[test]
    fn without_hours_the_clock_always_runs() {
        let since = Utc.with_ymd_and_hms(2026, 3, 7, 23, 0, 0).unwrap();
        assert_eq!(
            due_at(&targets(), None, since, true),
            Some(since + Duration::hours(1))
        );
        let off = SlaTargets {
            enabled: false,
            ..targets()
        };
        assert_eq!(due_at(&off, None, since, true), None);
        let no_next = SlaTargets {
            next_response_minutes: None,
            ..targets()
        };
        assert_eq!(due_at(&no_next, None, since, false), None);
    }

    #[test]
    fn levels_around_the_deadline() {
        let due = Utc.with_ymd_and_hms(2026, 3, 9, 10, 0, 0).unwrap();
        let t = targets();
        assert_eq!(level(&t, due, due - Duration::minutes(16)), SlaLevel::Ok);
        assert_eq!(
            level(&t, due, due - Duration::minutes(15)),
            SlaLevel::Warning
        );
        assert_eq!(
            level(&t, due, due - Duration::seconds(1)),
            SlaLevel::Warning
        );
        assert_eq!(level(&t, due, due), SlaLevel::Breached);
    }
}
