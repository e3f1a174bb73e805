//! When to send the "keep conversations active" reminder (WA-7) as a pure
//! rule: one hour before the WhatsApp window closes, but only between 09:00
//! and 18:00 on the account's wall clock; a moment between 18:00 and 09:00
//! moves back to the 18:00 before it; and if that 18:00 is already past, or
//! earlier than the customer's message, no reminder is sent (a reminder
//! before the message it answers would make no sense, and a late one would
//! arrive at night).

use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::hours::local_instant;

/// An account's reminder: on or off, the approved WhatsApp template to send
/// (its quick reply "Yes" reopens the window) and the values of the
/// template's `{{1}}`, `{{2}}`… — each may use named variables such as
/// `{{customer_name}}`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ReminderSettings {
    pub enabled: bool,
    #[serde(default)]
    pub template_id: Option<i64>,
    #[serde(default)]
    pub params: Vec<String>,
}

/// Reminders go out from 09:00 …
pub const DAY_STARTS: NaiveTime = match NaiveTime::from_hms_opt(9, 0, 0) {
    Some(t) => t,
    None => unreachable!(),
};
/// … and until 18:00.
pub const DAY_ENDS: NaiveTime = match NaiveTime::from_hms_opt(18, 0, 0) {
    Some(t) => t,
    None => unreachable!(),
};

/// When to send the reminder for a window closing at `window_closes`, whose
/// last customer message came at `customer_wrote`, evaluated at `now`.
pub fn reminder_at(
    window_closes: DateTime<Utc>,
    customer_wrote: DateTime<Utc>,
    tz: Tz,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    planned(window_closes, customer_wrote, tz).filter(|at| *at >= now)
}

/// How late a scheduler tick may be and still send a reminder planned for
/// 18:00 (after which the wall clock alone would say "night").
pub const GRACE: Duration = Duration::minutes(10);

/// What a scheduler running at `now` should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderDue {
    /// Not yet: wake at this instant.
    Wait(DateTime<Utc>),
    Now,
    /// No reminder for this window (too early a message, or missed).
    Never,
}

/// [`reminder_at`] for a scheduler that may run late — a tick after the
/// minute, or a computer that slept through it. A late reminder still goes
/// out while the window is open and it is day (09:00–18:00 local) or
/// within [`GRACE`] of its time; otherwise it is skipped rather than sent
/// at night or after the window closed.
pub fn reminder_due(
    window_closes: DateTime<Utc>,
    customer_wrote: DateTime<Utc>,
    tz: Tz,
    now: DateTime<Utc>,
) -> ReminderDue {
    let Some(at) = planned(window_closes, customer_wrote, tz) else {
        return ReminderDue::Never;
    };
    if now < at {
        return ReminderDue::Wait(at);
    }
    let local = now.with_timezone(&tz).time();
    let day = (DAY_STARTS..DAY_ENDS).contains(&local);
    match now < window_closes && (day || now - at <= GRACE) {
        true => ReminderDue::Now,
        false => ReminderDue::Never,
    }
}

/// The planned instant, whatever the time now.
fn planned(
    window_closes: DateTime<Utc>,
    customer_wrote: DateTime<Utc>,
    tz: Tz,
) -> Option<DateTime<Utc>> {
    let target = window_closes - Duration::hours(1);
    let local = target.with_timezone(&tz).naive_local();
    let time = local.time();
    let at = if (DAY_STARTS..DAY_ENDS).contains(&time) {
        target
    } else {
        // the 18:00 at or before the target: today's when past 18:00,
        // yesterday's when before 09:00
        let date = match time >= DAY_ENDS {
            true => local.date(),
            false => local.date() - Duration::days(1),
        };
        local_instant(tz, date.and_time(DAY_ENDS))
    };
    (at > customer_wrote).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    /// Each row: the reminder's target in Madrid local time (January,
    /// UTC+1), the window's close in UTC (target + 1 h), the expected send.
    #[test]
    fn boundaries_in_winter() {
        let tz: Tz = "Europe/Madrid".parse().unwrap();
        let wrote = utc("2026-01-13T06:00:00Z");
        let cases = [
            ("08:59", "2026-01-14T08:59:00Z", "2026-01-13T17:00:00Z"), // → 18:00 the day before
            ("09:00", "2026-01-14T09:00:00Z", "2026-01-14T08:00:00Z"), // itself
            ("17:59", "2026-01-14T17:59:00Z", "2026-01-14T16:59:00Z"), // itself
            ("18:00", "2026-01-14T18:00:00Z", "2026-01-14T17:00:00Z"), // that 18:00
            ("23:00", "2026-01-14T23:00:00Z", "2026-01-14T17:00:00Z"), // hour 23: 18:00 that day
            ("00:00", "2026-01-14T00:00:00Z", "2026-01-13T17:00:00Z"), // midnight: 18:00 before
        ];
        for (local, closes, expected) in cases {
            let got = reminder_at(utc(closes), wrote, tz, wrote);
            assert_eq!(got, Some(utc(expected)), "target {local} local");
        }
    }

    #[test]
    fn no_reminder_when_its_18_00_is_past_or_before_the_message() {
        let tz: Tz = "Europe/Madrid".parse().unwrap();
        // window closes 01:00 local on the 15th → target 00:00 → 18:00 on the 14th
        let closes = utc("2026-01-15T00:00:00Z");
        let wrote = utc("2026-01-14T00:00:00Z");
        assert_eq!(
            reminder_at(closes, wrote, tz, utc("2026-01-14T12:00:00Z")),
            Some(utc("2026-01-14T17:00:00Z"))
        );
        // evaluated after that 18:00: too late
        assert_eq!(
            reminder_at(closes, wrote, tz, utc("2026-01-14T17:30:00Z")),
            None
        );
        // the customer wrote after that 18:00
        assert_eq!(
            reminder_at(
                closes,
                utc("2026-01-14T17:30:00Z"),
                tz,
                utc("2026-01-14T17:30:00Z")
            ),
            None
        );
    }

    #[test]
    fn dst_days_keep_the_wall_clock() {
        let tz: Tz = "Europe/Madrid".parse().unwrap();
        // the customer writes Sat 28 Mar 2026 10:00 local (09:00Z); clocks go
        // forward that night, so the window closes Sun 11:00 local (09:00Z)
        // and the reminder goes at 10:00 local (08:00Z), not 09:00
        let wrote = utc("2026-03-28T09:00:00Z");
        let closes = wrote + Duration::hours(24);
        assert_eq!(
            reminder_at(closes, wrote, tz, wrote),
            Some(utc("2026-03-29T08:00:00Z"))
        );
        // autumn: a night target moves to 18:00 local, which is UTC+1 after the change
        let wrote = utc("2026-10-25T02:30:00Z");
        let closes = wrote + Duration::hours(24);
        // target 2026-10-26T01:30Z = 02:30 local → 18:00 local on the 25th = 17:00Z
        assert_eq!(
            reminder_at(closes, wrote, tz, wrote),
            Some(utc("2026-10-25T17:00:00Z"))
        );
    }

    #[test]
    fn other_zones() {
        let tz: Tz = "America/Sao_Paulo".parse().unwrap(); // UTC-3, no DST
        let wrote = utc("2026-05-04T13:00:00Z"); // 10:00 local
        let closes = wrote + Duration::hours(24);
        // target 09:00 local on the 5th
        assert_eq!(
            reminder_at(closes, wrote, tz, wrote),
            Some(utc("2026-05-05T12:00:00Z"))
        );
    }

    #[test]
    fn a_late_scheduler_sends_by_day_and_skips_at_night() {
        let tz: Tz = "Europe/Madrid".parse().unwrap(); // UTC+1 in January
                                                       // window closes 16:00 local: reminder planned 15:00 local (14:00Z)
        let wrote = utc("2026-01-13T15:00:00Z");
        let closes = wrote + Duration::hours(24);
        let at = utc("2026-01-14T14:00:00Z");
        assert_eq!(
            reminder_due(closes, wrote, tz, wrote),
            ReminderDue::Wait(at)
        );
        assert_eq!(reminder_due(closes, wrote, tz, at), ReminderDue::Now);
        // the computer slept until 15:40 local: still day, window open
        let late = utc("2026-01-14T14:40:00Z");
        assert_eq!(reminder_due(closes, wrote, tz, late), ReminderDue::Now);
        // woke after the window closed
        assert_eq!(reminder_due(closes, wrote, tz, closes), ReminderDue::Never);
        // planned at 18:00 (hour 23 at night): a tick a few minutes late
        // still sends, an hour late (19:00, night) does not
        let wrote = utc("2026-01-13T22:00:00Z"); // 23:00 local
        let closes = wrote + Duration::hours(24);
        let six = utc("2026-01-14T17:00:00Z");
        assert_eq!(
            reminder_due(closes, wrote, tz, wrote),
            ReminderDue::Wait(six)
        );
        assert_eq!(
            reminder_due(closes, wrote, tz, six + Duration::minutes(3)),
            ReminderDue::Now
        );
        assert_eq!(
            reminder_due(closes, wrote, tz, six + Duration::hours(1)),
            ReminderDue::Never
        );
        // an 18:00 before the customer's message: never
        let wrote = utc("2026-01-13T17:30:00Z"); // 18:30 local
        let closes = wrote + Duration::hours(24);
        assert_eq!(
            reminder_due(closes, wrote, tz, wrote),
            ReminderDue::Wait(utc("2026-01-14T16:30:00Z"))
        );
        let wrote = utc("2026-01-14T06:30:00Z"); // 07:30 local, target 06:30 local next day
        let closes = wrote + Duration::hours(24);
        // → 18:00 on the 14th, after the message: planned
        assert_eq!(
            reminder_due(closes, wrote, tz, wrote),
            ReminderDue::Wait(utc("2026-01-14T17:00:00Z"))
        );
    }
}
