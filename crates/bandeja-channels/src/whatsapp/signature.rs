//! `X-Hub-Signature-256`: proof that a webhook body came from Meta.
//!
//! Meta signs every webhook POST with HMAC-SHA256 keyed by the app secret and
//! sends `sha256=<64 lowercase hex>`. The MAC is over the **raw bytes as
//! received**: Meta escapes non-ASCII as `\u00e9` and `/` as `\/`, so any
//! parse-and-reserialise step changes the bytes and breaks the check on the
//! first accented name. That is why [`verify`] takes `&[u8]` and must run
//! before [`super::normalize`] sees the body.
//!
//! The comparison is constant-time (`hmac`'s `verify_slice`), so a forger
//! learns nothing from how long a rejection took. The errors say which step
//! failed (no header, a header we cannot read, or a MAC that does not match)
//! because the three have different causes: a client that is not Meta, a
//! proxy that mangled headers, or a wrong secret / altered body.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The header Meta sends, for error messages and receivers.
pub const HEADER_NAME: &str = "X-Hub-Signature-256";

const PREFIX: &str = "sha256=";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// No secret configured: refusing beats accepting a MAC anyone can make.
    #[error("no app secret configured: cannot verify {HEADER_NAME}")]
    NoSecret,
    #[error("missing {HEADER_NAME} header")]
    MissingHeader,
    #[error("malformed {HEADER_NAME} header: {0}")]
    MalformedHeader(&'static str),
    #[error(
        "{HEADER_NAME} does not match the body (wrong app secret, or the body was altered or re-serialised)"
    )]
    Mismatch,
}

fn mac(app_secret: &[u8], raw_body: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = HmacSha256::new_from_slice(app_secret).expect("HMAC takes any key length");
    mac.update(raw_body);
    mac
}

/// The header value Meta would send for `raw_body`: `sha256=<lowercase hex>`.
/// For simulators and tests, which must sign the exact bytes they send.
pub fn sign(app_secret: &[u8], raw_body: &[u8]) -> String {
    let tag = mac(app_secret, raw_body).finalize().into_bytes();
    format!("{PREFIX}{}", hex::encode(tag))
}

/// Check `header` (the `X-Hub-Signature-256` value, if any) against the raw
/// body. Surrounding whitespace and upper-case hex or prefix are tolerated;
/// anything else that is not `sha256=` + 64 hex digits is malformed.
pub fn verify(
    app_secret: &[u8],
    raw_body: &[u8],
    header: Option<&str>,
) -> Result<(), SignatureError> {
    if app_secret.is_empty() {
        return Err(SignatureError::NoSecret);
    }
    let header = header.ok_or(SignatureError::MissingHeader)?.trim();
    if header.is_empty() {
        return Err(SignatureError::MissingHeader);
    }
    let hex_part = match header.get(..PREFIX.len()) {
        Some(p) if p.eq_ignore_ascii_case(PREFIX) => &header[PREFIX.len()..],
        _ => {
            return Err(SignatureError::MalformedHeader(
                "expected the form sha256=<hex>",
            ))
        }
    };
    if hex_part.len() != 64 {
        return Err(SignatureError::MalformedHeader(
            "expected 64 hex digits after sha256=",
        ));
    }
    let expected = hex::decode(hex_part)
        .map_err(|_| SignatureError::MalformedHeader("signature is not hexadecimal"))?;
    mac(app_secret, raw_body)
        .verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Vector A of the research doc (§1.4): the smallest valid envelope.
    #[test]
    fn tiny_vector() {
        let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
        let want = "sha256=aa7f050930fb4c68cd7d0a5b9e28550aef63b56fd766a1a57eab990b29f834c6";
        assert_eq!(sign(b"bandeja-test-app-secret", body), want);
        assert_eq!(verify(b"bandeja-test-app-secret", body, Some(want)), Ok(()));
    }

    #[test]
    fn tolerated_spellings() {
        let body = b"{}";
        let good = sign(b"k", body);
        let upper = format!("SHA256={}", good[PREFIX.len()..].to_ascii_uppercase());
        assert_eq!(verify(b"k", body, Some(&upper)), Ok(()));
        assert_eq!(verify(b"k", body, Some(&format!("  {good}\t"))), Ok(()));
    }

    #[test]
    fn empty_secret_is_refused() {
        let sig = sign(b"", b"{}");
        assert_eq!(
            verify(b"", b"{}", Some(&sig)),
            Err(SignatureError::NoSecret)
        );
    }
}
