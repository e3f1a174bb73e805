//! The simulator's own clock. Meta's rules are all about time (the 24-hour
//! window, 5-minute media URLs, template review, rolling rate limits), so the
//! simulator never reads the wall clock for them: it reads this clock, which
//! runs with real time (or stands still when frozen) and can be pushed
//! forward by tests, e.g. 25 hours to close a customer service window.

use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct SimClock {
    inner: Mutex<Anchor>,
}

#[derive(Debug, Clone, Copy)]
struct Anchor {
    /// Simulated unix milliseconds at `real`.
    sim_ms: i64,
    real: Instant,
    frozen: bool,
}

impl SimClock {
    pub fn new(start_ms: i64, frozen: bool) -> Self {
        SimClock {
            inner: Mutex::new(Anchor {
                sim_ms: start_ms,
                real: Instant::now(),
                frozen,
            }),
        }
    }

    /// Simulated unix time in milliseconds.
    pub fn now_ms(&self) -> i64 {
        let a = *self.inner.lock().expect("clock lock");
        if a.frozen {
            a.sim_ms
        } else {
            a.sim_ms + a.real.elapsed().as_millis() as i64
        }
    }

    /// Simulated unix time in seconds (what Meta puts in `timestamp`).
    pub fn now_s(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    pub fn is_frozen(&self) -> bool {
        self.inner.lock().expect("clock lock").frozen
    }

    /// Move simulated time forward; real time keeps flowing on top unless frozen.
    pub fn advance(&self, by: Duration) -> i64 {
        let mut a = self.inner.lock().expect("clock lock");
        a.sim_ms += by.as_millis() as i64;
        drop(a);
        self.now_ms()
    }

    /// Freeze or release the clock at the current simulated instant.
    pub fn set_frozen(&self, frozen: bool) {
        let now = self.now_ms();
        let mut a = self.inner.lock().expect("clock lock");
        *a = Anchor {
            sim_ms: now,
            real: Instant::now(),
            frozen,
        };
    }
}

/// Parse `25h`, `90m`, `30s`, `1500ms`, `2d` or a bare number of seconds.
pub fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| !(c.is_ascii_digit() || c == '.')) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, "s"),
    };
    let n: f64 = num.parse().ok()?;
    let secs = match unit.trim() {
        "ms" => n / 1000.0,
        "s" | "" => n,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        "d" => n * 86400.0,
        _ => return None,
    };
    (secs >= 0.0 && secs.is_finite()).then(|| Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_clock_moves_only_when_advanced() {
        let c = SimClock::new(1_788_264_000_000, true);
        assert_eq!(c.now_s(), 1_788_264_000);
        c.advance(Duration::from_secs(25 * 3600));
        assert_eq!(c.now_s(), 1_788_264_000 + 25 * 3600);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("25h"), Some(Duration::from_secs(90_000)));
        assert_eq!(parse_duration("90m"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_duration("1500ms"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_duration("42"), Some(Duration::from_secs(42)));
        assert_eq!(parse_duration("2x"), None);
    }
}
