//! The fixture corpus: every WhatsApp webhook in `shared/fixtures/whatsapp/`
//! normalized and compared with `tests/expected/whatsapp/<name>.json`.
//!
//! The expected files are the specification: they were generated once with
//! `UPDATE_EXPECTED=1 cargo test -p bandeja-channels --test whatsapp_fixtures`
//! and then read and corrected by hand. Regenerating silently would turn the
//! test into "the code does what the code does", so only regenerate after a
//! deliberate change, and read the diff.
//!
//! Which fixtures are webhooks: a file whose content is a JSON object with an
//! `object` and an `entry` (the envelope) — that includes the exact signed
//! body `signature_vector_body.txt`. Requests, responses and Embedded Signup
//! messages have no envelope and are skipped. As a guard against a broken
//! fixture silently dropping out, every file whose name announces a webhook
//! (`inbound_`, `status_`, `template_status_update_`, `webhook_`) must be one.

use std::fs;
use std::path::{Path, PathBuf};

use bandeja_channels::whatsapp;
use serde_json::Value;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/whatsapp")
}

fn expected_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/whatsapp")
}

const WEBHOOK_PREFIXES: [&str; 4] = ["inbound_", "status_", "template_status_update_", "webhook_"];

/// (stem, raw bytes) of every webhook fixture, sorted by name.
fn webhook_fixtures() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut names: Vec<PathBuf> = fs::read_dir(fixtures_dir())
        .expect("shared/fixtures/whatsapp is readable")
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "txt")))
        .collect();
    names.sort();
    for path in names {
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let raw = fs::read(&path).unwrap();
        let is_envelope = serde_json::from_slice::<Value>(&raw)
            .ok()
            .and_then(|v| v.as_object().cloned())
            .is_some_and(|o| o.contains_key("object") && o.contains_key("entry"));
        let named_as_webhook = WEBHOOK_PREFIXES.iter().any(|p| stem.starts_with(p));
        assert!(
            is_envelope || !named_as_webhook,
            "{stem}: named like a webhook but is not an envelope"
        );
        if is_envelope {
            out.push((stem, raw));
        }
    }
    out
}

#[test]
fn every_webhook_fixture_matches_its_expected_events() {
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let fixtures = webhook_fixtures();
    let mut failures = Vec::new();
    for (stem, raw) in &fixtures {
        let report =
            whatsapp::normalize_report(raw).unwrap_or_else(|e| panic!("{stem}: refused: {e}"));
        assert!(
            report.skipped.is_empty(),
            "{stem}: fixtures are well-formed, yet skipped {:?}",
            report.skipped
        );
        assert!(!report.events.is_empty(), "{stem}: no events");
        let got = serde_json::to_value(&report.events).unwrap();
        let path = expected_dir().join(format!("{stem}.json"));
        if update {
            fs::create_dir_all(expected_dir()).unwrap();
            let text = serde_json::to_string_pretty(&got).unwrap() + "\n";
            fs::write(&path, text).unwrap();
            continue;
        }
        let want: Value = match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap(),
            Err(_) => {
                failures.push(format!("{stem}: no expected file {}", path.display()));
                continue;
            }
        };
        if got != want {
            failures.push(format!(
                "{stem}: events differ from {}\n--- got:\n{}",
                path.display(),
                serde_json::to_string_pretty(&got).unwrap()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A new fixture without an expected file, or an expected file whose fixture
/// is gone, fails here.
#[test]
fn expected_files_and_webhook_fixtures_are_the_same_set() {
    let fixtures: Vec<String> = webhook_fixtures().into_iter().map(|(s, _)| s).collect();
    let mut expected: Vec<String> = fs::read_dir(expected_dir())
        .expect("tests/expected/whatsapp exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.file_stem().unwrap().to_str().unwrap().to_owned())
        .collect();
    expected.sort();
    assert_eq!(fixtures, expected);
    // 23 inbound + 9 status + 3 template + 2 webhook_ + the signed body.
    assert_eq!(
        fixtures.len(),
        38,
        "webhook fixture count changed: {fixtures:?}"
    );
}

/// Events of one fixture, for the targeted checks below.
fn events(stem: &str) -> Value {
    let raw = fs::read(fixtures_dir().join(format!("{stem}.json"))).unwrap();
    serde_json::to_value(whatsapp::normalize(&raw).unwrap()).unwrap()
}

/// Meta's bytes escape non-ASCII; the event carries the real characters.
#[test]
fn signed_body_is_decoded_to_the_same_message_as_the_pretty_fixture() {
    let raw = fs::read(fixtures_dir().join("signature_vector_body.txt")).unwrap();
    let from_signed = serde_json::to_value(whatsapp::normalize(&raw).unwrap()).unwrap();
    assert_eq!(from_signed, events("inbound_text"));
    assert_eq!(
        from_signed[0]["content"]["body"],
        "Hola, ¿tienen la talla M en azul?"
    );
}

#[test]
fn batched_body_yields_both_messages_with_their_own_senders() {
    let ev = events("webhook_batched_two_messages");
    let ev = ev.as_array().unwrap();
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[0]["from"]["profile_name"], "Ana Ruiz");
    assert_eq!(ev[1]["from"]["profile_name"], "Luis Ortega");
    assert_eq!(ev[1]["from"]["wa_id"], "15550100456");
}
