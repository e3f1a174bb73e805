//! Business hours (issue 6) as pure rules: whether an account is open at an
//! instant, when it next opens, and how much open time lies between two
//! instants (what SLA targets count). Times are the account's wall clock in
//! its IANA zone, so a 09:00 opening stays 09:00 across DST changes; an
//! opening that falls into a spring-forward gap starts when the clocks do,
//! and one in the repeated autumn hour starts at its first occurrence.
//! Holidays replace a weekday's intervals (none = closed all day).

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::model::BusinessHours;

/// How far `next_open` looks ahead before giving up (an account closed
/// for weeks has no "next opening" worth promising).
const LOOKAHEAD_DAYS: i64 = 31;

/// The account's zone.
pub fn zone(hours: &BusinessHours) -> Result<Tz, String> {
    hours
        .timezone
        .parse::<Tz>()
        .map_err(|_| format!("{} is not a known time zone", hours.timezone))
}

/// The local intervals of one date: a holiday's, else the weekday's.
pub fn intervals_on(hours: &BusinessHours, date: NaiveDate) -> Vec<(NaiveTime, NaiveTime)> {
    use chrono::Datelike;
    if let Some((_, special)) = hours.holidays.iter().find(|(d, _)| *d == date) {
        return special.clone();
    }
    let weekday = date.weekday();
    hours
        .intervals
        .iter()
        .filter(|i| i.weekday == weekday)
        .map(|i| (i.opens, i.closes))
        .collect()
}

/// A local wall-clock time as an instant: a time skipped by DST moves to
/// the first instant after the gap, a repeated one takes its first pass.
pub fn local_instant(tz: Tz, at: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&at) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // gaps are at most a few hours; walk forward a minute at a time
            let mut probe = at;
            for _ in 0..(24 * 60) {
                probe += Duration::minutes(1);
                if let Some(t) = tz.from_local_datetime(&probe).earliest() {
                    return t.with_timezone(&Utc);
                }
            }
            Utc.from_utc_datetime(&at)
        }
    }
}

/// An interval of one date as instants; a closing at or before the opening
/// (e.g. 00:00) runs to the end of the day.
fn span(
    tz: Tz,
    date: NaiveDate,
    (opens, closes): (NaiveTime, NaiveTime),
) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = local_instant(tz, date.and_time(opens));
    let end = match closes > opens {
        true => local_instant(tz, date.and_time(closes)),
        false => local_instant(tz, (date + Duration::days(1)).and_time(NaiveTime::MIN)),
    };
    (start, end)
}

/// Whether the account is open at `at`.
pub fn is_open(hours: &BusinessHours, tz: Tz, at: DateTime<Utc>) -> bool {
    let date = at.with_timezone(&tz).date_naive();
    intervals_on(hours, date).into_iter().any(|i| {
        let (start, end) = span(tz, date, i);
        start <= at && at < end
    })
}

/// The next instant at or after `at` when the account is open (`at` itself
/// when open now), or `None` when it stays closed for a month.
pub fn next_open(hours: &BusinessHours, tz: Tz, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if is_open(hours, tz, at) {
        return Some(at);
    }
    let today = at.with_timezone(&tz).date_naive();
    (0..LOOKAHEAD_DAYS)
        .map(|d| today + Duration::days(d))
        .flat_map(|date| {
            let mut starts: Vec<_> = intervals_on(hours, date)
                .into_iter()
                .map(|i| span(tz, date, i).0)
                .collect();
            starts.sort();
            starts
        })
        .find(|start| *start > at)
}

/// Open time between `from` and `to` (zero when `to` is not later).
pub fn open_time_between(
    hours: &BusinessHours,
    tz: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Duration {
    if to <= from {
        return Duration::zero();
    }
    let first = from.with_timezone(&tz).date_naive() - Duration::days(1);
    let last = to.with_timezone(&tz).date_naive();
    let mut total = Duration::zero();
    let mut date = first;
    while date <= last {
        for i in intervals_on(hours, date) {
            let (start, end) = span(tz, date, i);
            let (s, e) = (start.max(from), end.min(to));
            if e > s {
                total += e - s;
            }
        }
        date += Duration::days(1);
    }
    total
}

/// The instant when `amount` of open time has passed since `from` (what an
/// SLA target in business hours means), or `None` when the account does not
/// open enough within a month of `from`.
pub fn add_open_time(
    hours: &BusinessHours,
    tz: Tz,
    from: DateTime<Utc>,
    amount: Duration,
) -> Option<DateTime<Utc>> {
    let mut left = amount;
    if left <= Duration::zero() {
        return Some(from);
    }
    let first = from.with_timezone(&tz).date_naive() - Duration::days(1);
    for d in 0..=LOOKAHEAD_DAYS {
        let date = first + Duration::days(d);
        let mut spans: Vec<_> = intervals_on(hours, date)
            .into_iter()
            .map(|i| span(tz, date, i))
            .collect();
        spans.sort();
        for (start, end) in spans {
            let s = start.max(from);
            if end <= s {
                continue;
            }
            if end - s >= left {
                return Some(s + left);
            }
            left -= end - s;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::OpeningInterval;
    use chrono::Weekday;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn weekdays_9_to_18(tz: &str) -> BusinessHours {
        BusinessHours {
            timezone: tz.into(),
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
                opens: t(9, 0),
                closes: t(18, 0),
            })
            .collect(),
            holidays: Vec::new(),
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn open_on_weekdays_in_local_time_across_dst() {
        let h = weekdays_9_to_18("Europe/Madrid");
        let tz = zone(&h).unwrap();
        // winter: UTC+1
        assert!(!is_open(&h, tz, utc("2026-01-14T07:59:00Z")));
        assert!(is_open(&h, tz, utc("2026-01-14T08:00:00Z")));
        assert!(is_open(&h, tz, utc("2026-01-14T16:59:00Z")));
        assert!(!is_open(&h, tz, utc("2026-01-14T17:00:00Z")));
        // summer: UTC+2, the same wall clock
        assert!(!is_open(&h, tz, utc("2026-07-15T06:59:00Z")));
        assert!(is_open(&h, tz, utc("2026-07-15T07:00:00Z")));
        // Saturday
        assert!(!is_open(&h, tz, utc("2026-01-17T10:00:00Z")));
    }

    #[test]
    fn holidays_close_or_change_the_day() {
        let mut h = weekdays_9_to_18("America/Mexico_City");
        let tz = zone(&h).unwrap();
        h.holidays
            .push((NaiveDate::from_ymd_opt(2026, 9, 16).unwrap(), vec![]));
        h.holidays.push((
            NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
            vec![(t(9, 0), t(13, 0))],
        ));
        // 16 Sep 2026 is a Wednesday: closed
        assert!(!is_open(&h, tz, utc("2026-09-16T17:00:00Z")));
        // 24 Dec: open until 13:00 local (UTC-6)
        assert!(is_open(&h, tz, utc("2026-12-24T18:59:00Z")));
        assert!(!is_open(&h, tz, utc("2026-12-24T19:00:00Z")));
    }

    #[test]
    fn next_opening_skips_the_weekend_and_the_spring_gap() {
        let h = weekdays_9_to_18("Europe/Madrid");
        let tz = zone(&h).unwrap();
        // Friday 20:00 local → Monday 09:00 local (UTC+1)
        assert_eq!(
            next_open(&h, tz, utc("2026-01-16T19:00:00Z")),
            Some(utc("2026-01-19T08:00:00Z"))
        );
        // open now: now
        assert_eq!(
            next_open(&h, tz, utc("2026-01-14T10:00:00Z")),
            Some(utc("2026-01-14T10:00:00Z"))
        );
        // an opening inside the gap (02:30 on 29 Mar 2026) starts at 03:00 local
        let night = BusinessHours {
            timezone: "Europe/Madrid".into(),
            intervals: vec![OpeningInterval {
                weekday: Weekday::Sun,
                opens: t(2, 30),
                closes: t(4, 0),
            }],
            holidays: vec![],
        };
        assert_eq!(
            next_open(&night, tz, utc("2026-03-28T23:00:00Z")),
            Some(utc("2026-03-29T01:00:00Z"))
        );
        // always closed: no promise
        let closed = BusinessHours {
            timezone: "Europe/Madrid".into(),
            intervals: vec![],
            holidays: vec![],
        };
        assert_eq!(next_open(&closed, tz, utc("2026-01-14T10:00:00Z")), None);
    }

    #[test]
    fn open_time_counts_only_business_hours() {
        let h = weekdays_9_to_18("America/New_York");
        let tz = zone(&h).unwrap();
        // Friday 17:00 → Monday 10:00 local (UTC-5): 1 h + 1 h
        let d = open_time_between(
            &h,
            tz,
            utc("2026-01-16T22:00:00Z"),
            utc("2026-01-19T15:00:00Z"),
        );
        assert_eq!(d, Duration::hours(2));
        // across the spring-forward weekend (8 Mar 2026): still 9 h a day
        let d = open_time_between(
            &h,
            tz,
            utc("2026-03-06T05:00:00Z"),
            utc("2026-03-10T05:00:00Z"),
        );
        assert_eq!(d, Duration::hours(18));
        assert_eq!(
            open_time_between(
                &h,
                tz,
                utc("2026-01-19T15:00:00Z"),
                utc("2026-01-16T22:00:00Z")
            ),
            Duration::zero()
        );
    }

    #[test]
    fn unknown_zones_are_refused() {
        let h = weekdays_9_to_18("Europe/Atlantis");
        assert!(zone(&h).unwrap_err().contains("Europe/Atlantis"));
    }

    mod dst {
        use super::*;
        use proptest::prelude::*;

        /// Instants within three days of each zone's 2026 clock changes
        /// (Mexico City and São Paulo no longer change: their control).
        fn around_transitions() -> impl Strategy<Value = (&'static str, DateTime<Utc>)> {
            let anchors = [
                ("Europe/Madrid", "2026-03-29T01:00:00Z"),
                ("Europe/Madrid", "2026-10-25T01:00:00Z"),
                ("America/New_York", "2026-03-08T07:00:00Z"),
                ("America/New_York", "2026-11-01T06:00:00Z"),
                ("America/Mexico_City", "2026-04-05T08:00:00Z"),
                ("America/Sao_Paulo", "2026-11-01T03:00:00Z"),
            ];
            (0..anchors.len(), -3 * 24 * 60..3 * 24 * 60i64).prop_map(move |(i, minutes)| {
                let (tz, at) = anchors[i];
                (tz, utc(at) + Duration::minutes(minutes))
            })
        }

        fn every_day_with_a_night_shift(tz: &str) -> BusinessHours {
            use chrono::Weekday::*;
            let mut h = weekdays_9_to_18(tz);
            for weekday in [Sat, Sun] {
                // 01:30-03:30 crosses both kinds of change on Sunday nights
                h.intervals.push(OpeningInterval {
                    weekday,
                    opens: t(1, 30),
                    closes: t(3, 30),
                });
            }
            h
        }

        proptest! {
            #[test]
            fn the_next_opening_is_open_and_nothing_earlier_is((tz_name, at) in around_transitions()) {
                let h = every_day_with_a_night_shift(tz_name);
                let tz = zone(&h).unwrap();
                let next = next_open(&h, tz, at).expect("opens within a month");
                prop_assert!(next >= at);
                prop_assert!(is_open(&h, tz, next));
                if next > at {
                    prop_assert!(!is_open(&h, tz, next - Duration::minutes(1)));
                    prop_assert!(!is_open(&h, tz, at));
                }
            }

            #[test]
            fn open_time_adds_up((tz_name, a) in around_transitions(), b_minutes in 0..5000i64, c_minutes in 0..5000i64) {
                let h = every_day_with_a_night_shift(tz_name);
                let tz = zone(&h).unwrap();
                let b = a + Duration::minutes(b_minutes);
                let c = b + Duration::minutes(c_minutes);
                let whole = open_time_between(&h, tz, a, c);
                prop_assert_eq!(whole, open_time_between(&h, tz, a, b) + open_time_between(&h, tz, b, c));
                prop_assert!(whole <= c - a);
            }

            #[test]
            fn adding_open_time_inverts_counting_it((tz_name, a) in around_transitions(), minutes in 1..3000i64) {
                let h = every_day_with_a_night_shift(tz_name);
                let tz = zone(&h).unwrap();
                let due = add_open_time(&h, tz, a, Duration::minutes(minutes)).expect("opens within a month");
                prop_assert_eq!(open_time_between(&h, tz, a, due), Duration::minutes(minutes));
                // the deadline falls in open time (or at the end of a span)
                prop_assert!(is_open(&h, tz, due - Duration::seconds(1)));
            }
        }
    }
}
