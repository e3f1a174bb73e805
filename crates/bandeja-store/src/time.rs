//! Timestamps are stored as milliseconds since the epoch: compact, and their
//! order is the order of time.

use chrono::{DateTime, TimeZone, Utc};

pub fn to_millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub fn from_millis(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}
