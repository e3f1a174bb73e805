//! The retention rule, as pure functions of `now`.
//!
//! Meta retries for 7 days, so the relay keeps every event at least that
//! long, and longer while a live device has not acked it: a laptop that is
//! away for a week must still find its backlog. A device silent for longer
//! than the window is marked stale and stops holding events back, otherwise
//! one lost laptop would make the log grow forever.

/// How long events are kept at least, and how long a device may stay silent
/// (the default, and the floor a config may set: Meta's retry horizon).
pub const RETENTION_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// A device last seen at `last_seen_at` is stale at `now` under a window of
/// `window_ms`.
pub fn is_stale(last_seen_at: i64, now: i64, window_ms: i64) -> bool {
    now - last_seen_at > window_ms
}

/// Events received before this instant are old enough to delete.
pub fn old_before(now: i64, window_ms: i64) -> i64 {
    now - window_ms
}

/// The highest seq every live device has acked. With no live device the
/// whole log (`last_seq`) counts as acked: nobody is waiting for it, and only
/// the age rule then holds events back.
pub fn acked_by_all(live_acks: &[i64], last_seq: i64) -> i64 {
    live_acks
        .iter()
        .copied()
        .min()
        .unwrap_or(last_seq)
        .min(last_seq)
}

/// Whether an event may be deleted at `now`.
pub fn may_delete(seq: i64, received_at: i64, acked_by_all: i64, now: i64) -> bool {
    seq <= acked_by_all && received_at < old_before(now, RETENTION_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 24 * 60 * 60 * 1000;

    #[test]
    fn stale_only_past_the_window() {
        assert!(!is_stale(0, 7 * DAY, RETENTION_MS));
        assert!(is_stale(0, 7 * DAY + 1, RETENTION_MS));
        assert!(!is_stale(0, 8 * DAY, 30 * DAY));
    }

    #[test]
    fn acked_by_all_is_the_slowest_live_device() {
        assert_eq!(acked_by_all(&[5, 3, 9], 10), 3);
        assert_eq!(acked_by_all(&[], 10), 10);
        assert_eq!(acked_by_all(&[12], 10), 10);
    }

    #[test]
    fn keeps_unacked_and_young_events() {
        let now = 30 * DAY;
        // acked and old: goes
        assert!(may_delete(3, now - 8 * DAY, 3, now));
        // unacked though old: stays
        assert!(!may_delete(4, now - 8 * DAY, 3, now));
        // acked though young: stays
        assert!(!may_delete(3, now - 6 * DAY, 3, now));
    }
}
