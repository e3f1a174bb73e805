//! `X-Hub-Signature-256` against the shared vector
//! (`shared/fixtures/whatsapp/signature_vector.json` + `_body.txt`): the
//! exact header must pass; any changed byte, another secret, the
//! re-serialised body, a missing or garbled header must not.

use std::fs;
use std::path::{Path, PathBuf};

use bandeja_channels::whatsapp::signature::{sign, verify, SignatureError};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/whatsapp")
        .join(name)
}

struct Vector {
    secret: String,
    body: Vec<u8>,
    header: String,
    reserialised_header: String,
}

fn vector() -> Vector {
    let v: Value =
        serde_json::from_slice(&fs::read(fixture("signature_vector.json")).unwrap()).unwrap();
    let body = fs::read(fixture(v["body_file"].as_str().unwrap())).unwrap();
    assert_eq!(body.len() as u64, v["body_length_bytes"].as_u64().unwrap());
    Vector {
        secret: v["app_secret"].as_str().unwrap().to_owned(),
        body,
        header: v["expected_header_value"].as_str().unwrap().to_owned(),
        reserialised_header: v["negative_case"]["signature_of_reserialised_body"]
            .as_str()
            .unwrap()
            .to_owned(),
    }
}

#[test]
fn the_exact_header_verifies() {
    let v = vector();
    assert_eq!(
        verify(v.secret.as_bytes(), &v.body, Some(&v.header)),
        Ok(())
    );
}

#[test]
fn sign_reproduces_the_vector() {
    let v = vector();
    assert_eq!(sign(v.secret.as_bytes(), &v.body), v.header);
}

#[test]
fn every_flipped_byte_is_a_mismatch() {
    let v = vector();
    for i in 0..v.body.len() {
        let mut body = v.body.clone();
        body[i] ^= 0x01;
        assert_eq!(
            verify(v.secret.as_bytes(), &body, Some(&v.header)),
            Err(SignatureError::Mismatch),
            "byte {i}"
        );
    }
    let mut longer = v.body.clone();
    longer.push(b'\n');
    assert_eq!(
        verify(v.secret.as_bytes(), &longer, Some(&v.header)),
        Err(SignatureError::Mismatch),
        "a trailing newline changes the bytes"
    );
}

#[test]
fn a_wrong_secret_is_a_mismatch() {
    let v = vector();
    assert_eq!(
        verify(b"bandeja-test-app-secreT", &v.body, Some(&v.header)),
        Err(SignatureError::Mismatch)
    );
}

/// The reason for hashing raw bytes: a naive parse + re-serialise writes `¿`
/// as UTF-8 instead of Meta's `\u00bf`, and the MAC no longer matches.
#[test]
fn the_reserialised_body_does_not_verify() {
    let v = vector();
    // What the vector's negative case did: the same JSON with the raw char.
    let text = std::str::from_utf8(&v.body).unwrap();
    assert!(text.contains("\\u00bf"));
    let raw_utf8 = text.replace("\\u00bf", "¿").into_bytes();
    assert_eq!(sign(v.secret.as_bytes(), &raw_utf8), v.reserialised_header);
    assert_eq!(
        verify(v.secret.as_bytes(), &raw_utf8, Some(&v.header)),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        verify(v.secret.as_bytes(), &v.body, Some(&v.reserialised_header)),
        Err(SignatureError::Mismatch)
    );
    // serde_json's own re-serialisation (sorted keys, raw UTF-8) fails too.
    let parsed: Value = serde_json::from_slice(&v.body).unwrap();
    let reserialised = serde_json::to_vec(&parsed).unwrap();
    assert_eq!(
        verify(v.secret.as_bytes(), &reserialised, Some(&v.header)),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn missing_header() {
    let v = vector();
    for h in [None, Some(""), Some("   ")] {
        assert_eq!(
            verify(v.secret.as_bytes(), &v.body, h),
            Err(SignatureError::MissingHeader),
            "{h:?}"
        );
    }
}

#[test]
fn garbled_headers_are_malformed() {
    let v = vector();
    let hex = &v.header["sha256=".len()..];
    let garbled = [
        hex.to_owned(),                       // no prefix
        format!("sha1={hex}"),                // the legacy header's algorithm
        format!("sha256:{hex}"),              // wrong separator
        format!("sha256={}", &hex[..63]),     // one digit short
        format!("sha256={hex}0"),             // one digit long
        format!("sha256={}zz", &hex[..62]),   // not hex
        format!("sha256= {hex}"),             // space inside
        "sha256=".to_owned(),                 // nothing after the prefix
        format!("sha256={}", "é".repeat(32)), // 64 bytes, not ASCII
    ];
    for h in &garbled {
        assert!(
            matches!(
                verify(v.secret.as_bytes(), &v.body, Some(h)),
                Err(SignatureError::MalformedHeader(_))
            ),
            "{h:?}"
        );
    }
    let err = verify(v.secret.as_bytes(), &v.body, Some("sha1=abc")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "malformed X-Hub-Signature-256 header: expected the form sha256=<hex>"
    );
}

#[test]
fn a_valid_looking_but_different_signature_is_a_mismatch() {
    let v = vector();
    let zeros = format!("sha256={}", "0".repeat(64));
    assert_eq!(
        verify(v.secret.as_bytes(), &v.body, Some(&zeros)),
        Err(SignatureError::Mismatch)
    );
}
