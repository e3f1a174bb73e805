//! Meta's refusals as [`GraphError`]s that keep Meta's code, subcode, title
//! and details, each with an [`ErrorKind`] saying what the caller should do
//! (retry later, back off, reconnect, or give up).
//!
//! Problems found before or after talking to Meta use the same type so the
//! outbox and the UI handle one shape: inputs refused locally carry Meta's
//! own "invalid parameter" code 100, and the client's own conditions
//! (network down, expired download link, corrupt download) use negative
//! codes Meta never sends.

use std::time::Duration;

use serde_json::Value;

/// What to do about an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Try again with backoff (network, 5xx, codes 1, 2, 131000, 131016, 131057).
    Transient,
    /// Slow down; retry after the given time (4, 130429, 131056, 80007).
    RateLimited { retry_after: Duration },
    /// The token is expired or lacks permission (0, 190, 10, 200–299): reconnect.
    Auth,
    /// Will not succeed as sent (window closed, bad parameter, undeliverable…).
    Permanent,
}

/// A refusal from the Graph API (or the network), in Meta's own terms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{title} (code {code})")]
pub struct GraphError {
    pub http_status: Option<u16>,
    pub code: i64,
    pub subcode: Option<i64>,
    pub title: String,
    pub details: Option<String>,
}

impl GraphError {
    /// The request never got an answer (connection, TLS, timeout).
    pub const NETWORK: i64 = -1;
    /// The downloaded bytes do not match the sha256 Meta gave for them.
    pub const MEDIA_CORRUPT: i64 = -2;
    /// A media download link answered 404: links live 5 minutes, so look
    /// the media id up again for a fresh one.
    pub const MEDIA_URL_GONE: i64 = -404;
    /// Meta's "invalid parameter", also used for inputs refused locally.
    pub const INVALID_PARAMETER: i64 = 100;

    pub(crate) fn network(e: &reqwest::Error) -> GraphError {
        GraphError {
            http_status: None,
            code: Self::NETWORK,
            subcode: None,
            title: format!("network error: {e}"),
            details: None,
        }
    }

    /// Refused before any request was made (code 100, no HTTP status).
    pub(crate) fn refused(title: impl Into<String>, details: Option<String>) -> GraphError {
        GraphError {
            http_status: None,
            code: Self::INVALID_PARAMETER,
            subcode: None,
            title: title.into(),
            details,
        }
    }

    pub(crate) fn media_url_gone(status: u16) -> GraphError {
        GraphError {
            http_status: Some(status),
            code: Self::MEDIA_URL_GONE,
            subcode: None,
            title: "the media download link has expired or is unknown; look the media up again"
                .into(),
            details: None,
        }
    }

    pub(crate) fn media_corrupt(expected: &str) -> GraphError {
        GraphError {
            http_status: None,
            code: Self::MEDIA_CORRUPT,
            subcode: None,
            title: "the downloaded file does not match the checksum Meta gave for it".into(),
            details: Some(format!("expected sha256 {expected}")),
        }
    }

    /// True when a media download link stopped working (expired after 5
    /// minutes, or never valid): fetch a fresh URL with the media id.
    pub fn is_expired_media_url(&self) -> bool {
        self.code == Self::MEDIA_URL_GONE
    }

    pub fn kind(&self) -> ErrorKind {
        match self.code {
            Self::NETWORK | Self::MEDIA_CORRUPT | Self::MEDIA_URL_GONE => ErrorKind::Transient,
            1 | 2 | 131000 | 131016 => ErrorKind::Transient,
            131057 => ErrorKind::RateLimited {
                retry_after: Duration::from_secs(60),
            },
            4 | 80007 => ErrorKind::RateLimited {
                retry_after: Duration::from_secs(300),
            },
            130429 => ErrorKind::RateLimited {
                retry_after: Duration::from_secs(2),
            },
            131056 => ErrorKind::RateLimited {
                retry_after: Duration::from_secs(6),
            },
            0 | 190 | 10 | 200..=299 => ErrorKind::Auth,
            _ if self.http_status.is_some_and(|s| s >= 500) => ErrorKind::Transient,
            _ => ErrorKind::Permanent,
        }
    }
}

/// Parse Meta's `{"error": {...}}` envelope (anything else becomes a
/// generic error that keeps the HTTP status).
pub fn parse_error(status: u16, body: &[u8]) -> GraphError {
    let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let e = &v["error"];
    let code = e["code"]
        .as_i64()
        .unwrap_or(if status >= 500 { 2 } else { 100 });
    let message = e["message"]
        .as_str()
        .unwrap_or("unexpected answer from the Graph API");
    // "(#131047) Re-engagement message" -> "Re-engagement message"
    let title = e["error_user_title"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| match message.split_once(") ") {
            Some((head, rest)) if head.starts_with("(#") => rest.to_string(),
            _ => message.to_string(),
        });
    GraphError {
        http_status: Some(status),
        code,
        subcode: e["error_subcode"].as_i64(),
        title,
        details: e["error_data"]["details"]
            .as_str()
            .or(e["error_user_msg"].as_str())
            .map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/../../../shared/fixtures/whatsapp/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn metas_errors_keep_their_code_and_say_what_to_do() {
        let e = parse_error(401, &fixture("error_190.json"));
        assert_eq!(
            (e.code, e.subcode, e.kind()),
            (190, Some(463), ErrorKind::Auth)
        );
        let e = parse_error(400, &fixture("error_131047.json"));
        assert_eq!((e.code, e.kind()), (131047, ErrorKind::Permanent));
        assert!(!e.title.starts_with("(#"), "{}", e.title);
        assert!(matches!(
            parse_error(400, &fixture("error_130429.json")).kind(),
            ErrorKind::RateLimited { .. }
        ));
        assert!(matches!(
            parse_error(400, &fixture("error_131056.json")).kind(),
            ErrorKind::RateLimited { .. }
        ));
        assert_eq!(
            parse_error(400, &fixture("error_132001.json")).kind(),
            ErrorKind::Permanent
        );
        let e = parse_error(502, b"<html>Bad gateway</html>");
        assert_eq!((e.code, e.kind()), (2, ErrorKind::Transient));
    }

    #[test]
    fn template_errors_keep_metas_user_title_and_message() {
        let body = br#"{"error":{"message":"Invalid parameter","type":"OAuthException","code":100,
            "error_subcode":2388024,"error_user_title":"Content in This Language Already Exists",
            "error_user_msg":"There is already es content for this template."}}"#;
        let e = parse_error(400, body);
        assert_eq!(e.subcode, Some(2388024));
        assert_eq!(e.title, "Content in This Language Already Exists");
        assert_eq!(
            e.details.as_deref(),
            Some("There is already es content for this template.")
        );
    }

    #[test]
    fn local_conditions_are_recognisable() {
        let gone = GraphError::media_url_gone(404);
        assert!(gone.is_expired_media_url());
        assert_eq!(
            (gone.http_status, gone.kind()),
            (Some(404), ErrorKind::Transient)
        );
        assert!(!parse_error(404, b"Not found").is_expired_media_url());
        let refused = GraphError::refused("too big", None);
        assert_eq!(
            (refused.code, refused.http_status, refused.kind()),
            (100, None, ErrorKind::Permanent)
        );
    }
}
