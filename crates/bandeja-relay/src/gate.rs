//! Load shedding for device connections.
//!
//! After a relay restart every desktop reconnects at once. Rather than let
//! them all in and time out, the relay admits at most a configured number of
//! device connections (WebSockets plus in-flight long-polls) and tells the
//! rest when to come back. The delay is jittered (uniform over
//! `[base, 2·base)`) so the refused ones do not return in the same second.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The admission gate; cheap to clone.
#[derive(Debug, Clone)]
pub struct Gate {
    slots: Arc<Semaphore>,
    retry_after: Duration,
}

/// A refusal: come back after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

impl Gate {
    pub fn new(max_connections: usize, retry_after: Duration) -> Gate {
        Gate {
            slots: Arc::new(Semaphore::new(max_connections)),
            retry_after,
        }
    }

    /// A slot held until the permit drops, or how long to wait.
    pub fn enter(&self) -> Result<OwnedSemaphorePermit, RetryAfter> {
        self.slots.clone().try_acquire_owned().map_err(|_| {
            tracing::warn!("device connection refused: at capacity");
            RetryAfter(jittered(self.retry_after.as_secs().max(1), random_u64()))
        })
    }
}

/// `base + (r mod base)`: a delay in `[base, 2·base)`.
pub fn jittered(base: u64, r: u64) -> u64 {
    base + r % base.max(1)
}

fn random_u64() -> u64 {
    let mut b = [0u8; 8];
    // A failed random source only loses the jitter, not the refusal.
    let _ = getrandom::fill(&mut b);
    u64::from_le_bytes(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_in_base_to_twice_base() {
        for r in [0, 1, 29, 30, 12345, u64::MAX] {
            let s = jittered(30, r);
            assert!((30..60).contains(&s), "{s}");
        }
        assert_eq!(jittered(1, 7), 1);
    }

    #[test]
    fn gate_admits_up_to_the_cap_and_frees_on_drop() {
        let gate = Gate::new(2, Duration::from_secs(5));
        let a = gate.enter().unwrap();
        let _b = gate.enter().unwrap();
        let refused = gate.enter().unwrap_err();
        assert!((5..10).contains(&refused.0));
        drop(a);
        assert!(gate.enter().is_ok());
    }
}
