//! Per-tenant "last committed seq" signals that wake live device sockets.
//!
//! A `watch` cannot lag or lose a wake-up: a socket that subscribes before
//! reading sees any commit that lands after the read. The writer task wakes
//! after its own commits; with PostgreSQL the listener also wakes for the
//! commits of other instances (see `postgres::listen`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

#[derive(Clone, Default)]
pub(crate) struct Wakers(Arc<Mutex<HashMap<String, watch::Sender<i64>>>>);

impl Wakers {
    pub(crate) fn sender(&self, tenant: &str) -> watch::Sender<i64> {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(tenant.to_string())
            .or_insert_with(|| watch::channel(0).0)
            .clone()
    }

    /// Signal that `tenant` has events up to `seq`; a no-op unless newer.
    pub(crate) fn wake(&self, tenant: &str, seq: i64) {
        self.sender(tenant).send_if_modified(|last| {
            let newer = seq > *last;
            if newer {
                *last = seq;
            }
            newer
        });
    }

    /// The tenants someone has subscribed to.
    pub(crate) fn tenants(&self) -> Vec<String> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_newer_seq_wakes() {
        let wakers = Wakers::default();
        let mut rx = wakers.sender("t").subscribe();
        wakers.wake("t", 3);
        assert!(rx.has_changed().unwrap());
        assert_eq!(*rx.borrow_and_update(), 3);
        wakers.wake("t", 2);
        wakers.wake("t", 3);
        assert!(!rx.has_changed().unwrap());
        assert_eq!(wakers.tenants(), vec!["t".to_string()]);
    }
}
