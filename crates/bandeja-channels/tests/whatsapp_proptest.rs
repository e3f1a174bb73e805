//! `normalize` never panics, whatever arrives: arbitrary bytes, arbitrary
//! JSON, and the webhook fixtures mutated byte by byte and node by node (the
//! node mutations keep the body valid JSON, so they reach the deep code that
//! random bytes never get past the parser to).

use std::path::Path;
use std::sync::OnceLock;

use bandeja_channels::whatsapp::{self, NormalizeError};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// The raw bytes of every webhook fixture (those with an `entry`).
fn fixtures() -> &'static [Vec<u8>] {
    static CELL: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    CELL.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/whatsapp");
        let mut out: Vec<Vec<u8>> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .filter(|raw| {
                serde_json::from_slice::<Value>(raw).is_ok_and(|v| v.get("entry").is_some())
            })
            .collect();
        out.sort();
        assert!(out.len() > 30, "fixtures not found");
        out
    })
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from), // NaN/inf become null
        prop_oneof![
            Just(String::new()),
            Just("1788264000".to_owned()),
            Just("-1".to_owned()),
            Just("99999999999999999999".to_owned()),
            Just("text".to_owned()),
            Just("failed".to_owned()),
            Just("whatsapp_business_account".to_owned()),
            ".{0,12}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-z_]{1,8}", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Replace the `n`-th node (pre-order) of `v` by `new`; with `delete`, a
/// node under an object is removed instead. Returns true once done.
fn mutate_nth(v: &mut Value, n: &mut usize, new: &Value, delete: bool) -> bool {
    match v {
        Value::Array(items) => {
            for item in items.iter_mut() {
                if *n == 0 {
                    *item = new.clone();
                    return true;
                }
                *n -= 1;
                if mutate_nth(item, n, new, delete) {
                    return true;
                }
            }
        }
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for k in keys {
                if *n == 0 {
                    if delete {
                        map.remove(&k);
                    } else {
                        map.insert(k, new.clone());
                    }
                    return true;
                }
                *n -= 1;
                if mutate_nth(map.get_mut(&k).unwrap(), n, new, delete) {
                    return true;
                }
            }
        }
        _ => {}
    }
    false
}

fn count_nodes(v: &Value) -> usize {
    match v {
        Value::Array(a) => a.iter().map(|x| 1 + count_nodes(x)).sum(),
        Value::Object(m) => m.values().map(|x| 1 + count_nodes(x)).sum(),
        _ => 0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(raw in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = whatsapp::normalize_report(&raw);
    }

    #[test]
    fn arbitrary_json_never_panics_and_is_never_called_not_json(v in arb_json()) {
        let raw = serde_json::to_vec(&v).unwrap();
        let r = whatsapp::normalize_report(&raw);
        prop_assert!(!matches!(r, Err(NormalizeError::NotJson(_))));
    }

    #[test]
    fn fixtures_with_byte_mutations_never_panic(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..4), 1..8),
    ) {
        let mut raw = which.get(fixtures()).clone();
        for (at, byte, op) in edits {
            if raw.is_empty() { break; }
            let i = at.index(raw.len());
            match op {
                0 => raw[i] = byte,
                1 => raw.insert(i, byte),
                2 => { raw.remove(i); }
                _ => raw.truncate(i),
            }
        }
        let _ = whatsapp::normalize_report(&raw);
    }

    #[test]
    fn fixtures_with_node_mutations_never_panic(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), arb_json(), any::<bool>()), 1..4),
    ) {
        let mut v: Value = serde_json::from_slice(which.get::<Vec<u8>>(fixtures())).unwrap();
        for (at, new, delete) in edits {
            let nodes = count_nodes(&v);
            if nodes == 0 { break; }
            let mut n = at.index(nodes);
            prop_assert!(mutate_nth(&mut v, &mut n, &new, delete));
        }
        let raw = serde_json::to_vec(&v).unwrap();
        match whatsapp::normalize_report(&raw) {
            Ok(report) => {
                // Every event still serializes (what ingest and the expected
                // files rely on).
                prop_assert!(serde_json::to_vec(&report.events).is_ok());
            }
            Err(e) => prop_assert!(!matches!(e, NormalizeError::NotJson(_)), "{}", e),
        }
    }
}
