//! Media the simulator holds: uploads from the business and files the
//! simulated customers send. Meta's rules kept here: the supported types and
//! their size caps, a MIME type that contradicts the bytes (131053), uploads
//! living 30 days and customer media 7, and download URLs that need the
//! bearer token and stop working 5 minutes after they were handed out.

use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

pub const URL_TTL_S: i64 = 300;
pub const UPLOAD_TTL_S: i64 = 30 * 86_400;
pub const INBOUND_TTL_S: i64 = 7 * 86_400;
pub const DOWNLOAD_PATH: &str = "/whatsapp_business/attachments/";

#[derive(Debug, Clone)]
pub struct StoredMedia {
    pub id: String,
    pub phone_number_id: String,
    pub mime_type: String,
    pub bytes: Arc<Vec<u8>>,
    pub created_s: i64,
    pub expires_s: i64,
}

impl StoredMedia {
    pub fn sha256_hex(&self) -> String {
        hex::encode(Sha256::digest(self.bytes.as_slice()))
    }

    /// Webhooks carry the hash base64-encoded.
    pub fn sha256_b64(&self) -> String {
        STANDARD.encode(Sha256::digest(self.bytes.as_slice()))
    }
}

/// (kind, max bytes) for a supported MIME type; `None` = not accepted.
pub fn kind_of(mime: &str) -> Option<(&'static str, usize)> {
    const MB: usize = 1024 * 1024;
    let base = mime
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    Some(match base.as_str() {
        "image/jpeg" | "image/png" => ("image", 5 * MB),
        "video/mp4" | "video/3gpp" => ("video", 16 * MB),
        "audio/aac" | "audio/amr" | "audio/mpeg" | "audio/mp4" | "audio/ogg" => ("audio", 16 * MB),
        "text/plain"
        | "application/pdf"
        | "application/msword"
        | "application/vnd.ms-excel"
        | "application/vnd.ms-powerpoint"
        | "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        | "application/vnd.openxmlformats-officedocument.presentationml.presentation" => {
            ("document", 100 * MB)
        }
        // 100 KB static / 500 KB animated; the simulator cannot tell which.
        "image/webp" => ("sticker", 500 * 1024),
        _ => return None,
    })
}

pub const SUPPORTED: &str = "audio/aac, audio/amr, audio/mpeg, audio/mp4, audio/ogg, text/plain, application/pdf, application/msword, application/vnd.ms-excel, application/vnd.ms-powerpoint, application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/vnd.openxmlformats-officedocument.presentationml.presentation, image/jpeg, image/png, image/webp, video/mp4, video/3gpp";

/// True when the bytes are recognisably a different format than declared
/// (Meta's usual cause of 131053). Unknown bytes are given the benefit of
/// the doubt.
pub fn contradicts(mime: &str, bytes: &[u8]) -> bool {
    let base = mime.split(';').next().unwrap_or("").trim();
    let sniffed: &[&str] = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        &["image/jpeg"]
    } else if bytes.starts_with(b"\x89PNG") {
        &["image/png"]
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        &["image/webp"]
    } else if bytes.starts_with(b"%PDF") {
        &["application/pdf"]
    } else if bytes.starts_with(b"OggS") {
        &["audio/ogg"]
    } else if bytes.len() >= 8 && &bytes[4..8] == b"ftyp" {
        &["video/mp4", "video/3gpp", "audio/mp4", "audio/aac"]
    } else {
        return false;
    };
    !sniffed.contains(&base)
}

/// Some plausible bytes for a customer's file when a script gives none.
pub fn placeholder_bytes(mime: &str, seed: &str) -> Vec<u8> {
    let base = mime.split(';').next().unwrap_or("").trim();
    let mut head: Vec<u8> = match base {
        "image/jpeg" => vec![0xFF, 0xD8, 0xFF, 0xE0],
        "image/png" => b"\x89PNG\r\n\x1a\n".to_vec(),
        "image/webp" => b"RIFF\0\0\0\0WEBPVP8 ".to_vec(),
        "application/pdf" => b"%PDF-1.4\n".to_vec(),
        "audio/ogg" => b"OggS\0".to_vec(),
        "video/mp4" | "audio/mp4" => b"\0\0\0\x18ftypmp42".to_vec(),
        _ => Vec::new(),
    };
    head.extend_from_slice(format!("bandeja-sim synthetic media {seed}").as_bytes());
    head
}

fn url_hash(secret: &str, mid: &str, ext: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{mid}:{ext}").as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..12])
}

/// A lookaside-style download URL on the simulator, valid until `expires_s`.
pub fn download_url(base: &str, secret: &str, mid: &str, expires_s: i64, webhook: bool) -> String {
    let source = if webhook { "&source=webhook" } else { "" };
    format!(
        "{base}{DOWNLOAD_PATH}?mid={mid}{source}&ext={expires_s}&hash={}",
        url_hash(secret, mid, expires_s)
    )
}

pub fn url_signature_ok(secret: &str, mid: &str, ext: i64, hash: &str) -> bool {
    url_hash(secret, mid, ext) == hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_limits() {
        assert_eq!(kind_of("image/jpeg").unwrap().0, "image");
        assert_eq!(kind_of("audio/ogg; codecs=opus").unwrap().0, "audio");
        assert!(kind_of("image/gif").is_none());
        assert!(contradicts("image/png", &[0xFF, 0xD8, 0xFF, 0]));
        assert!(!contradicts("image/jpeg", &[0xFF, 0xD8, 0xFF, 0]));
        assert!(!contradicts("text/plain", b"hello"));
    }

    #[test]
    fn signed_urls() {
        let url = download_url("http://127.0.0.1:1", "s", "900", 1000, false);
        let hash = url.rsplit("hash=").next().unwrap();
        assert!(url_signature_ok("s", "900", 1000, hash));
        assert!(!url_signature_ok("s", "900", 1001, hash));
    }
}
