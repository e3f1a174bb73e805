//! The numbers behind the reports page (REP-1): conversations per channel,
//! member and tag, with first-response and resolution times counted in
//! business hours (AUTO-2) — a message on Friday evening answered Monday at
//! 09:05 took five minutes of the team's time, not sixty-three hours. The
//! filter splits conversations by whether they started in or out of hours.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::hours::{is_open, open_time_between};
use crate::model::{AccountId, BusinessHours, ChannelKind, MemberId, TagId};

/// One conversation as the report sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub account_id: AccountId,
    pub channel: ChannelKind,
    pub assignee: Option<MemberId>,
    pub tags: Vec<TagId>,
    pub created_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum HoursFilter {
    #[default]
    All,
    /// Conversations that started while the account was open.
    InHours,
    OutOfHours,
}

/// A set of durations, in seconds of business time.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Times {
    pub count: u32,
    pub median_secs: Option<i64>,
    pub mean_secs: Option<i64>,
}

impl Times {
    fn of(mut secs: Vec<i64>) -> Times {
        secs.sort_unstable();
        let n = secs.len();
        Times {
            count: n as u32,
            median_secs: match n {
                0 => None,
                _ if n % 2 == 1 => Some(secs[n / 2]),
                _ => Some((secs[n / 2 - 1] + secs[n / 2]) / 2),
            },
            mean_secs: (n > 0).then(|| secs.iter().sum::<i64>() / n as i64),
        }
    }
}

/// The figures of one group (a channel, a member, a tag).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Figures {
    pub conversations: u32,
    pub resolved: u32,
    pub first_response: Times,
    pub resolution: Times,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub total: Figures,
    pub by_channel: BTreeMap<&'static str, Figures>,
    /// `None` = unassigned.
    pub by_member: BTreeMap<Option<MemberId>, Figures>,
    pub by_tag: BTreeMap<TagId, Figures>,
}

#[derive(Default)]
struct Acc {
    conversations: u32,
    resolved: u32,
    first: Vec<i64>,
    resolution: Vec<i64>,
}

impl Acc {
    fn add(&mut self, first: Option<i64>, resolution: Option<i64>) {
        self.conversations += 1;
        self.first.extend(first);
        if let Some(r) = resolution {
            self.resolved += 1;
            self.resolution.push(r);
        }
    }
    fn done(self) -> Figures {
        Figures {
            conversations: self.conversations,
            resolved: self.resolved,
            first_response: Times::of(self.first),
            resolution: Times::of(self.resolution),
        }
    }
}

/// Aggregate `rows`; `hours` gives an account's business hours (none =
/// always open, so times are plain elapsed time).
pub fn report<'h>(
    rows: &[ReportRow],
    hours: impl Fn(AccountId) -> Option<(&'h BusinessHours, Tz)>,
    filter: HoursFilter,
) -> Report {
    let (mut total, mut channel, mut member, mut tag) = (
        Acc::default(),
        BTreeMap::<&'static str, Acc>::new(),
        BTreeMap::<Option<MemberId>, Acc>::new(),
        BTreeMap::<TagId, Acc>::new(),
    );
    for r in rows {
        let h = hours(r.account_id);
        let started_open = h.is_none_or(|(h, tz)| is_open(h, tz, r.created_at));
        let keep = match filter {
            HoursFilter::All => true,
            HoursFilter::InHours => started_open,
            HoursFilter::OutOfHours => !started_open,
        };
        if !keep {
            continue;
        }
        let busy = |to: DateTime<Utc>| -> i64 {
            let d = match h {
                Some((h, tz)) => open_time_between(h, tz, r.created_at, to),
                None => (to - r.created_at).max(Duration::zero()),
            };
            d.num_seconds()
        };
        let first = r.first_response_at.map(busy);
        let resolution = r.resolved_at.map(busy);
        total.add(first, resolution);
        channel
            .entry(r.channel.as_str())
            .or_default()
            .add(first, resolution);
        member.entry(r.assignee).or_default().add(first, resolution);
        for t in &r.tags {
            tag.entry(*t).or_default().add(first, resolution);
        }
    }
    Report {
        total: total.done(),
        by_channel: channel.into_iter().map(|(k, a)| (k, a.done())).collect(),
        by_member: member.into_iter().map(|(k, a)| (k, a.done())).collect(),
        by_tag: tag.into_iter().map(|(k, a)| (k, a.done())).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hours::zone;
    use crate::model::OpeningInterval;
    use chrono::{NaiveTime, Weekday};

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn office() -> BusinessHours {
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

    fn row(created: &str, first: Option<&str>, resolved: Option<&str>) -> ReportRow {
        ReportRow {
            account_id: 1,
            channel: ChannelKind::Whatsapp,
            assignee: Some(7),
            tags: vec![3],
            created_at: utc(created),
            first_response_at: first.map(utc),
            resolved_at: resolved.map(utc),
        }
    }

    #[test]
    fn times_count_only_business_hours_and_split_by_start() {
        let h = office();
        let tz = zone(&h).unwrap();
        let rows = vec![
            // Friday 17:55 Madrid, answered Monday 09:05: 10 minutes of work
            row("2026-03-06T16:55:00Z", Some("2026-03-09T08:05:00Z"), None),
            // Tuesday 10:00, answered 10:30, resolved 12:00
            row(
                "2026-03-03T09:00:00Z",
                Some("2026-03-03T09:30:00Z"),
                Some("2026-03-03T11:00:00Z"),
            ),
            // Saturday: started out of hours, answered Monday 09:20
            row("2026-03-07T10:00:00Z", Some("2026-03-09T08:20:00Z"), None),
        ];
        let all = report(&rows, |_| Some((&h, tz)), HoursFilter::All);
        assert_eq!(all.total.conversations, 3);
        assert_eq!(all.total.resolved, 1);
        assert_eq!(all.total.first_response.count, 3);
        // 600 s, 1800 s, 1200 s → median 1200, mean 1200
        assert_eq!(all.total.first_response.median_secs, Some(1200));
        assert_eq!(all.total.resolution.median_secs, Some(7200));
        assert_eq!(all.by_member[&Some(7)].conversations, 3);
        assert_eq!(all.by_tag[&3].conversations, 3);
        assert_eq!(all.by_channel["whatsapp"].conversations, 3);
        let inside = report(&rows, |_| Some((&h, tz)), HoursFilter::InHours);
        assert_eq!(inside.total.conversations, 2);
        let outside = report(&rows, |_| Some((&h, tz)), HoursFilter::OutOfHours);
        assert_eq!(outside.total.conversations, 1);
        assert_eq!(outside.total.first_response.median_secs, Some(1200));
    }

    #[test]
    fn without_hours_time_is_elapsed_time() {
        let rows = vec![row(
            "2026-03-07T10:00:00Z",
            Some("2026-03-07T10:10:00Z"),
            None,
        )];
        let r = report(&rows, |_| None, HoursFilter::OutOfHours);
        assert_eq!(r.total.conversations, 0);
        let r = report(&rows, |_| None, HoursFilter::All);
        assert_eq!(r.total.first_response.mean_secs, Some(600));
        assert_eq!(Times::of(vec![]).median_secs, None);
        assert_eq!(Times::of(vec![1, 3]).median_secs, Some(2));
    }
}
