//! Media: uploading a member's file to get a media id to send, and fetching
//! a customer's file (look the id up for a download link, then download it
//! with the token).
//!
//! Meta's download links live 5 minutes and answer 404 afterwards; that
//! case is a distinct [`GraphError::is_expired_media_url`] so callers know a
//! fresh lookup fixes it, and [`GraphClient::fetch_media`] does that once
//! by itself. Downloads are checked against the sha256 Meta reports (hex or
//! base64, the doc leaves it open) so a truncated file is never stored.

use std::time::Duration;

use bandeja_domain::media_limits::check_upload;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{parse_error, GraphClient, GraphError};

/// Large files (up to 100 MB) on slow links need longer than the usual 30 s.
const TRANSFER_TIMEOUT: Duration = Duration::from_secs(300);

/// What `GET /{media-id}` says about a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaInfo {
    /// Download link, valid about 5 minutes, needs the bearer token.
    pub url: String,
    pub mime_type: String,
    pub sha256: Option<String>,
    pub file_size: Option<u64>,
}

impl MediaInfo {
    fn from_graph(v: &Value) -> Result<MediaInfo, GraphError> {
        let url = v["url"]
            .as_str()
            .ok_or_else(|| parse_error(200, v.to_string().as_bytes()))?;
        // Meta documents file_size as a string; some answers carry a number.
        let file_size = match &v["file_size"] {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.parse().ok(),
            _ => None,
        };
        Ok(MediaInfo {
            url: url.to_string(),
            mime_type: v["mime_type"].as_str().unwrap_or_default().to_string(),
            sha256: v["sha256"]
                .as_str()
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            file_size,
        })
    }
}

/// Does `bytes` hash to `expected` (hex, or base64 with or without padding)?
fn sha256_matches(bytes: &[u8], expected: &str) -> bool {
    let digest = Sha256::digest(bytes);
    let expected = expected.trim();
    hex::encode(digest).eq_ignore_ascii_case(expected)
        || STANDARD.encode(digest) == expected
        || STANDARD_NO_PAD.encode(digest) == expected
}

impl GraphClient {
    /// Upload a file for sending; the answer is its media id (valid 30
    /// days). Files WhatsApp would refuse (type, size) are refused here
    /// with code 100 and no request.
    pub async fn upload_media(
        &self,
        bytes: Vec<u8>,
        mime: &str,
        filename: &str,
    ) -> Result<String, GraphError> {
        let size = bytes.len() as u64;
        check_upload(mime, size)
            .map_err(|e| GraphError::refused(format!("cannot upload {filename:?}: {e}"), None))?;
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(filename.to_string())
            .mime_str(mime)
            .map_err(|_| GraphError::refused(format!("not a MIME type: {mime:?}"), None))?;
        let form = reqwest::multipart::Form::new()
            .text("messaging_product", "whatsapp")
            .text("type", mime.to_string())
            .part("file", part);
        let url = self.url(&format!("{}/media", self.config.phone_number_id));
        let v = self
            .call(
                self.http
                    .post(url)
                    .multipart(form)
                    .timeout(TRANSFER_TIMEOUT),
            )
            .await?;
        v["id"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| parse_error(200, v.to_string().as_bytes()))
    }

    /// Look a media id up: a fresh download link and what the file is.
    pub async fn media_url(&self, media_id: &str) -> Result<MediaInfo, GraphError> {
        let v = self.get(media_id, &[]).await?;
        MediaInfo::from_graph(&v)
    }

    /// Download from a link [`GraphClient::media_url`] gave. The token is
    /// only sent over HTTPS or to the configured Graph host. A 404 (the
    /// link expired) gives an error with [`GraphError::is_expired_media_url`].
    pub async fn download(&self, url: &str) -> Result<Vec<u8>, GraphError> {
        if !(url.starts_with("https://") || self.is_graph_url(url)) {
            return Err(GraphError::refused(
                format!("refusing to send the access token to {url:?} (not HTTPS)"),
                None,
            ));
        }
        let res = self
            .http
            .get(url)
            .bearer_auth(&self.config.access_token)
            .timeout(TRANSFER_TIMEOUT)
            .send()
            .await
            .map_err(|e| GraphError::network(&e))?;
        let status = res.status().as_u16();
        let bytes = res.bytes().await.map_err(|e| GraphError::network(&e))?;
        match status {
            200..=299 => Ok(bytes.to_vec()),
            404 | 410 => Err(GraphError::media_url_gone(status)),
            _ => Err(parse_error(status, &bytes)),
        }
    }

    /// Look the media up and download it, checking the sha256 when Meta
    /// gives one. If the link dies between the two steps it is looked up
    /// once more.
    pub async fn fetch_media(&self, media_id: &str) -> Result<(MediaInfo, Vec<u8>), GraphError> {
        let mut info = self.media_url(media_id).await?;
        let bytes = match self.download(&info.url).await {
            Err(e) if e.is_expired_media_url() => {
                info = self.media_url(media_id).await?;
                self.download(&info.url).await?
            }
            other => other?,
        };
        if let Some(expected) = &info.sha256 {
            if !sha256_matches(&bytes, expected) {
                return Err(GraphError::media_corrupt(expected));
            }
        }
        Ok((info, bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_info_reads_the_fixture_and_numeric_sizes() {
        let path = format!(
            "{}/../../../shared/fixtures/whatsapp/media_url_response.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let v: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let info = MediaInfo::from_graph(&v).unwrap();
        assert_eq!(info.file_size, Some(184467));
        assert_eq!(info.mime_type, "image/jpeg");
        assert!(info.url.starts_with("https://lookaside.fbsbx.com/"));
        let v =
            serde_json::json!({"url": "https://x.example.invalid/", "file_size": 12, "sha256": ""});
        let info = MediaInfo::from_graph(&v).unwrap();
        assert_eq!((info.file_size, info.sha256), (Some(12), None));
        assert!(MediaInfo::from_graph(&serde_json::json!({"id": "1"})).is_err());
    }

    #[test]
    fn sha256_in_hex_or_base64() {
        let bytes = b"%PDF-1.4 factura";
        let digest = Sha256::digest(bytes);
        assert!(sha256_matches(bytes, &hex::encode(digest)));
        assert!(sha256_matches(bytes, &hex::encode(digest).to_uppercase()));
        assert!(sha256_matches(bytes, &STANDARD.encode(digest)));
        assert!(sha256_matches(bytes, &STANDARD_NO_PAD.encode(digest)));
        assert!(!sha256_matches(b"%PDF-1.4 factur", &hex::encode(digest)));
    }
}
