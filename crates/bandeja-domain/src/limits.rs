//! Meta's messaging limit: how many different customers a number may start
//! conversations with (business-initiated, i.e. templates outside the
//! 24-hour window) in any rolling 24 hours. New and unverified businesses
//! start at 250; the tier grows with quality and volume. Counting it here,
//! before sending, turns Meta's refusal into a clear warning. The
//! business's own plan (a number of conversations a month across all
//! accounts) is counted the same way.

/// The number of customers a tier allows per rolling 24 h (`None`: no limit,
/// or a tier this version does not know, which is left for Meta to enforce).
pub fn tier_limit(tier: &str) -> Option<u32> {
    match tier.trim().to_ascii_uppercase().as_str() {
        "TIER_50" => Some(50),
        "TIER_250" => Some(250),
        "TIER_1K" => Some(1_000),
        "TIER_2K" => Some(2_000),
        "TIER_10K" => Some(10_000),
        "TIER_100K" => Some(100_000),
        _ => None,
    }
}

/// How close a number is to its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quota {
    /// Well within the limit (or no limit known).
    Ok,
    /// 80 % or more used: say so before sending.
    Near { used: u32, limit: u32 },
    /// This send would go past the limit.
    Exceeded { used: u32, limit: u32 },
}

/// Whether one more business-initiated send may go out. `used` counts the
/// different customers reached in the last 24 h; a customer already among
/// them does not count again.
pub fn business_initiated_quota(used: u32, limit: Option<u32>, already_counted: bool) -> Quota {
    let Some(limit) = limit else {
        return Quota::Ok;
    };
    let after = if already_counted { used } else { used + 1 };
    if after > limit {
        Quota::Exceeded { used, limit }
    } else if after * 5 >= limit * 4 {
        Quota::Near { used, limit }
    } else {
        Quota::Ok
    }
}

/// The start of `now`'s calendar month (UTC): what a monthly plan counts from.
pub fn month_start(now: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    use chrono::{Datelike, TimeZone};
    chrono::Utc
        .with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0)
        .single()
        .expect("the first of a month exists")
}

/// Whether one more conversation may be started under a plan of `limit`
/// conversations a month, `started` already this month (WA-9).
pub fn plan_quota(started: u32, limit: Option<u32>) -> Quota {
    business_initiated_quota(started, limit, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_monthly_plan_counts_from_the_first() {
        let now: chrono::DateTime<chrono::Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        assert_eq!(month_start(now).to_rfc3339(), "2026-11-01T00:00:00+00:00");
        assert_eq!(
            plan_quota(799, Some(1_000)),
            Quota::Near {
                used: 799,
                limit: 1_000
            }
        );
        assert_eq!(
            plan_quota(1_000, Some(1_000)),
            Quota::Exceeded {
                used: 1_000,
                limit: 1_000
            }
        );
        assert_eq!(plan_quota(5, None), Quota::Ok);
    }

    #[test]
    fn tiers_are_read_from_metas_names() {
        assert_eq!(tier_limit("TIER_250"), Some(250));
        assert_eq!(tier_limit("tier_1k"), Some(1_000));
        assert_eq!(tier_limit("TIER_100K"), Some(100_000));
        assert_eq!(tier_limit("TIER_UNLIMITED"), None);
        assert_eq!(tier_limit(""), None);
    }

    #[test]
    fn the_quota_warns_at_eighty_percent_and_stops_at_the_limit() {
        use Quota::*;
        let l = Some(250);
        assert_eq!(business_initiated_quota(0, l, false), Ok);
        assert_eq!(business_initiated_quota(198, l, false), Ok);
        assert_eq!(
            business_initiated_quota(199, l, false),
            Near {
                used: 199,
                limit: 250
            }
        );
        assert_eq!(
            business_initiated_quota(249, l, false),
            Near {
                used: 249,
                limit: 250
            }
        );
        assert_eq!(
            business_initiated_quota(250, l, false),
            Exceeded {
                used: 250,
                limit: 250
            }
        );
        // a customer already reached today does not use more of the limit
        assert_eq!(
            business_initiated_quota(250, l, true),
            Near {
                used: 250,
                limit: 250
            }
        );
        assert_eq!(business_initiated_quota(10_000, None, false), Ok);
    }
}
