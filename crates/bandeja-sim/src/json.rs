//! Meta's webhook bytes and their signature.
//!
//! Meta sends compact JSON with every non-ASCII character escaped as a
//! lowercase `\uXXXX` (UTF-16 surrogate pairs for emoji) and `/` escaped as
//! `\/`, and signs exactly those bytes. A receiver that parses and
//! re-serialises before hashing fails on the first accented name — the
//! simulator reproduces the escaping so that mistake shows up in tests.

use std::io;

use hmac::{Hmac, Mac};
use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};
use sha2::Sha256;

/// serde_json's compact output with Meta's extra escapes.
struct MetaFormatter;

impl Formatter for MetaFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, ch) in fragment.char_indices() {
            // Python's ensure_ascii (what the fixtures and Meta's bytes look
            // like) also escapes DEL.
            if ch == '/' || ch as u32 >= 0x7f {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                if ch == '/' {
                    writer.write_all(b"\\/")?;
                } else {
                    let mut units = [0u16; 2];
                    for u in ch.encode_utf16(&mut units) {
                        write!(writer, "\\u{u:04x}")?;
                    }
                }
                start = i + ch.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        char_escape: serde_json::ser::CharEscape,
    ) -> io::Result<()> {
        CompactFormatter.write_char_escape(writer, char_escape)
    }
}

/// Serialise `value` exactly as Meta puts it on the wire.
pub fn to_meta_bytes<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, MetaFormatter);
    value
        .serialize(&mut ser)
        .expect("webhook values always serialise");
    out
}

/// `X-Hub-Signature-256` value: `sha256=` + lowercase hex HMAC-SHA256.
pub fn signature(app_secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(app_secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Constant-time check of a received `X-Hub-Signature-256` header over raw bytes.
pub fn verify_signature(app_secret: &str, body: &[u8], header: &str) -> bool {
    let Some(hex_sig) = header.strip_prefix("sha256=") else {
        return false;
    };
    let Ok(sig) = hex::decode(hex_sig) else {
        return false;
    };
    let mut mac =
        Hmac::<Sha256>::new_from_slice(app_secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    mac.verify_slice(&sig).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_meta() {
        let v = serde_json::json!({"a": "¿Sí? https://x.example/p 👍\n\u{7f}"});
        let bytes = to_meta_bytes(&v);
        assert_eq!(
            std::str::from_utf8(&bytes).unwrap(),
            r#"{"a":"\u00bfS\u00ed? https:\/\/x.example\/p \ud83d\udc4d\n\u007f"}"#
        );
        // still valid JSON meaning the same thing
        let back: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn tiny_vector_from_the_doc() {
        let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
        let sig = signature("bandeja-test-app-secret", body);
        assert_eq!(
            sig,
            "sha256=aa7f050930fb4c68cd7d0a5b9e28550aef63b56fd766a1a57eab990b29f834c6"
        );
        assert!(verify_signature("bandeja-test-app-secret", body, &sig));
        assert!(!verify_signature("other", body, &sig));
        assert!(!verify_signature(
            "bandeja-test-app-secret",
            body,
            "sha1=00"
        ));
    }
}
