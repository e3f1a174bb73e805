//! Delivery state of an outbound message and the one rule that merges updates.
//!
//! Providers deliver status callbacks late, duplicated and out of order (a
//! `delivered` after a `read`, a `sent` after a `failed`). The state shown to
//! the user must never move backwards and must not depend on arrival order, so
//! the merge is the maximum of a total order — a join, hence commutative,
//! associative and idempotent (proved by the property tests below).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DeliveryState {
    Pending,
    Sent,
    Delivered,
    Read,
    /// Rejected by the provider, with its code and title (e.g. 131047,
    /// "Re-engagement message").
    Failed {
        code: i64,
        title: String,
    },
}

impl DeliveryState {
    /// Position in the order. `failed` beats `sent` (the provider accepted the
    /// message, then gave up) but loses to `delivered`/`read`, which prove the
    /// message reached the customer.
    fn rank(&self) -> u8 {
        match self {
            DeliveryState::Pending => 0,
            DeliveryState::Sent => 1,
            DeliveryState::Failed { .. } => 2,
            DeliveryState::Delivered => 3,
            DeliveryState::Read => 4,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Sent => "sent",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Read => "read",
            DeliveryState::Failed { .. } => "failed",
        }
    }
}

/// Merge an incoming status into the current one: the later state in the
/// order wins; two failures keep the one with the greater (code, title) so the
/// result is the same whichever arrived first.
pub fn merge_delivery_state(current: &DeliveryState, incoming: &DeliveryState) -> DeliveryState {
    use std::cmp::Ordering;
    match current.rank().cmp(&incoming.rank()) {
        Ordering::Less => incoming.clone(),
        Ordering::Greater => current.clone(),
        Ordering::Equal => match (current, incoming) {
            (
                DeliveryState::Failed {
                    code: c1,
                    title: t1,
                },
                DeliveryState::Failed {
                    code: c2,
                    title: t2,
                },
            ) => {
                if (c2, t2) > (c1, t1) {
                    incoming.clone()
                } else {
                    current.clone()
                }
            }
            _ => current.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use DeliveryState::*;

    fn failed(code: i64) -> DeliveryState {
        Failed {
            code,
            title: format!("error {code}"),
        }
    }

    #[test]
    fn table() {
        let cases = [
            (Pending, Sent, Sent),
            (Sent, Delivered, Delivered),
            (Read, Delivered, Read),
            (Read, Sent, Read),
            (Delivered, Sent, Delivered),
            (Sent, failed(131047), failed(131047)),
            (failed(131047), Sent, failed(131047)),
            (failed(131047), Delivered, Delivered),
            (Read, failed(131026), Read),
            (Pending, Pending, Pending),
            (failed(1), failed(2), failed(2)),
            (failed(2), failed(1), failed(2)),
        ];
        for (cur, inc, want) in cases {
            assert_eq!(merge_delivery_state(&cur, &inc), want, "{cur:?} + {inc:?}");
        }
    }

    fn any_state() -> impl Strategy<Value = DeliveryState> {
        prop_oneof![
            Just(Pending),
            Just(Sent),
            Just(Delivered),
            Just(Read),
            (0i64..5).prop_map(failed),
        ]
    }

    proptest! {
        #[test]
        fn commutative(a in any_state(), b in any_state()) {
            prop_assert_eq!(merge_delivery_state(&a, &b), merge_delivery_state(&b, &a));
        }

        #[test]
        fn associative(a in any_state(), b in any_state(), c in any_state()) {
            let left = merge_delivery_state(&merge_delivery_state(&a, &b), &c);
            let right = merge_delivery_state(&a, &merge_delivery_state(&b, &c));
            prop_assert_eq!(left, right);
        }

        #[test]
        fn never_moves_backwards(a in any_state(), b in any_state()) {
            let m = merge_delivery_state(&a, &b);
            prop_assert!(m.rank() >= a.rank());
            prop_assert_eq!(merge_delivery_state(&m, &m), m.clone());
        }

        #[test]
        fn order_of_arrival_does_not_matter(mut events in proptest::collection::vec(any_state(), 1..12), seed in any::<u64>()) {
            let forward = events.iter().fold(Pending, |s, e| merge_delivery_state(&s, e));
            // a deterministic shuffle from the seed
            let n = events.len();
            let mut x = seed;
            for i in (1..n).rev() {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                events.swap(i, (x >> 33) as usize % (i + 1));
            }
            let shuffled = events.iter().fold(Pending, |s, e| merge_delivery_state(&s, e));
            prop_assert_eq!(forward, shuffled);
        }
    }
}
