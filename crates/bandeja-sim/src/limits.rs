//! Meta's rate limits as token buckets on the simulated clock: per-number
//! throughput (80 messages/s by default → 130429) and the pair rate to one
//! customer (a burst of 45, then one message per 6 s → 131056). A frozen
//! clock never refills, so a test can hit a limit deterministically.

#[derive(Debug, Clone)]
pub struct Bucket {
    tokens: f64,
    last_ms: i64,
}

impl Bucket {
    pub fn full(capacity: u32, now_ms: i64) -> Self {
        Bucket {
            tokens: f64::from(capacity),
            last_ms: now_ms,
        }
    }

    /// Refill at `per_ms` tokens per millisecond up to `capacity`, then take
    /// one if there is one.
    pub fn take(&mut self, capacity: u32, per_ms: f64, now_ms: i64) -> bool {
        let elapsed = (now_ms - self.last_ms).max(0) as f64;
        self.tokens = (self.tokens + elapsed * per_ms).min(f64::from(capacity));
        self.last_ms = self.last_ms.max(now_ms);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_empties_and_refills() {
        let mut b = Bucket::full(3, 0);
        assert!(b.take(3, 0.001, 0));
        assert!(b.take(3, 0.001, 0));
        assert!(b.take(3, 0.001, 0));
        assert!(!b.take(3, 0.001, 0));
        assert!(b.take(3, 0.001, 1000));
        assert!(!b.take(3, 0.001, 1000));
        // never above capacity
        assert!(b.take(3, 0.001, 1_000_000));
        assert!(b.take(3, 0.001, 1_000_000));
        assert!(b.take(3, 0.001, 1_000_000));
        assert!(!b.take(3, 0.001, 1_000_000));
    }
}
