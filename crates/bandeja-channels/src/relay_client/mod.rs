//! The desktop's side of the relay protocol (RELAY-3): enrollment, the
//! WebSocket that carries `deliver` frames, cumulative acks, and how long to
//! wait before trying again.
//!
//! This module knows the wire and nothing of the inbox: what to do with an
//! envelope (verify, normalize, ingest, move the cursor) is the core's job,
//! and the core only acks after its own commit. Keeping the protocol here
//! lets the relay's own tests and the benchmark drive a real client without
//! a desktop behind it.

mod connection;
mod poll;

use std::time::Duration;

use serde::Deserialize;

pub use connection::{Connection, Envelope, Incoming, ServerFrame};
pub use poll::{LongPoll, MAX_WAIT as LONG_POLL_MAX_WAIT};

/// Longest wait between reconnection attempts.
pub const BACKOFF_CAP: Duration = Duration::from_secs(60);
/// First wait after a failure.
pub const BACKOFF_BASE: Duration = Duration::from_millis(500);
/// The relay pings every 20 s; a socket silent for this long is dead even if
/// TCP never said so (a half-open connection after a NAT or Wi-Fi change).
pub const SILENCE_LIMIT: Duration = Duration::from_secs(50);

/// Why talking to the relay failed, in the terms the account page needs.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("the relay URL must start with http:// or https://")]
    BadUrl,
    #[error("cannot reach the relay: {0}")]
    Http(#[from] reqwest::Error),
    #[error("the enrollment code is unknown, used or expired")]
    BadCode,
    #[error("the relay does not know this device; enroll it again")]
    UnknownDevice,
    #[error("this device was revoked or went stale on the relay; enroll it again")]
    Revoked,
    #[error("the relay is busy; try again in {} s", .0.as_secs())]
    RetryAfter(Duration),
    #[error("the relay refused: {status} {message}")]
    Refused { status: u16, message: String },
    #[error("relay socket: {0}")]
    Socket(#[from] Box<tokio_tungstenite::tungstenite::Error>),
    #[error("the relay went silent for {} s", .0.as_secs())]
    Silent(Duration),
    #[error("relay protocol: {0}")]
    Protocol(String),
}

impl ClientError {
    /// Errors that no retry can fix: the device must enroll again.
    pub fn needs_enrollment(&self) -> bool {
        matches!(self, ClientError::UnknownDevice | ClientError::Revoked)
    }

    /// A WebSocket handshake that reached something HTTP but was not
    /// upgraded: a proxy that breaks WebSockets, where long-polling the
    /// same relay may still work.
    pub fn websocket_blocked(&self) -> bool {
        use tokio_tungstenite::tungstenite::Error;
        match self {
            ClientError::Refused { status, .. } => *status != 0,
            ClientError::Socket(e) => matches!(**e, Error::Protocol(_)),
            _ => false,
        }
    }
}

impl From<tokio_tungstenite::tungstenite::Error> for ClientError {
    fn from(e: tokio_tungstenite::tungstenite::Error) -> Self {
        use tokio_tungstenite::tungstenite::Error;
        match e {
            Error::Http(resp) => {
                let status = resp.status().as_u16();
                let retry = resp
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok());
                let message = resp
                    .body()
                    .as_deref()
                    .map(|b| String::from_utf8_lossy(b).chars().take(200).collect())
                    .unwrap_or_default();
                from_status(status, retry, message)
            }
            other => ClientError::Socket(Box::new(other)),
        }
    }
}

/// The error for a non-success HTTP answer of the relay.
fn from_status(status: u16, retry_after: Option<u64>, message: String) -> ClientError {
    match status {
        401 => ClientError::UnknownDevice,
        403 => ClientError::Revoked,
        429 | 503 => ClientError::RetryAfter(Duration::from_secs(retry_after.unwrap_or(5).max(1))),
        _ => ClientError::Refused { status, message },
    }
}

/// The error for a refused HTTP request, with the relay's `Retry-After`.
pub(super) async fn refusal(resp: reqwest::Response) -> ClientError {
    let status = resp.status().as_u16();
    let retry = resp
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    let message = resp.text().await.unwrap_or_default();
    from_status(status, retry, message.chars().take(200).collect())
}

/// `url` without spaces and trailing slashes, if it is http(s).
pub fn normalize_url(url: &str) -> Result<String, ClientError> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or(ClientError::BadUrl)?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err(ClientError::BadUrl);
    }
    Ok(url.to_string())
}

/// The WebSocket URL of the relay at `url` (`https` → `wss`).
pub fn stream_url(url: &str) -> String {
    let ws = match url.strip_prefix("https://") {
        Some(rest) => format!("wss://{rest}"),
        None => format!("ws://{}", url.trim_start_matches("http://")),
    };
    format!("{ws}/v1/stream")
}

/// Equal jitter: half the exponential step plus a random share of the other
/// half, so that a relay restart does not bring every desktop back at once.
pub fn backoff(failures: u32) -> Duration {
    let step = BACKOFF_BASE
        .saturating_mul(1u32 << failures.min(16))
        .min(BACKOFF_CAP);
    let half = step / 2;
    half + half.mul_f64(random_unit())
}

/// A uniform number in [0, 1] from the OS.
pub fn random_unit() -> f64 {
    let mut b = [0u8; 4];
    let r = getrandom::fill(&mut b)
        .map(|_| u32::from_le_bytes(b))
        .unwrap_or(0);
    f64::from(r) / f64::from(u32::MAX)
}

/// A device credential as the relay hands it out once, with what Meta must
/// be told (RELAY-1): the tenant's callback and verify token.
#[derive(Debug, Clone, Deserialize)]
pub struct Enrolled {
    pub device_id: String,
    pub token: String,
    /// `/hooks/meta/<token>` on the relay (older relays do not say).
    #[serde(default)]
    pub meta_callback_path: Option<String>,
    #[serde(default)]
    pub verify_token: Option<String>,
    /// The relay's public address when it is configured with one (it may
    /// differ from the address this desktop enrolled with).
    #[serde(default)]
    pub public_url: Option<String>,
}

impl Enrolled {
    /// The URL to give Meta: the relay's public address (or the one this
    /// desktop used) and the tenant's callback path.
    pub fn meta_callback_url(&self, enrolled_at: &str) -> Option<String> {
        let path = self.meta_callback_path.as_deref()?;
        let base = self.public_url.as_deref().unwrap_or(enrolled_at);
        Some(format!("{}{path}", base.trim_end_matches('/')))
    }
}

/// Trade a one-time enrollment `code` for a device credential.
pub async fn enroll(url: &str, code: &str, device_name: &str) -> Result<Enrolled, ClientError> {
    let url = normalize_url(url)?;
    let resp = reqwest::Client::new()
        .post(format!("{url}/v1/enroll"))
        .json(&serde_json::json!({ "code": code.trim(), "name": device_name }))
        .timeout(Duration::from_secs(30))
        .send()
        .await?;
    let status = resp.status().as_u16();
    if status == 403 {
        return Err(ClientError::BadCode);
    }
    if !resp.status().is_success() {
        return Err(refusal(resp).await);
    }
    Ok(resp.json().await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        for n in 0..40 {
            let d = backoff(n);
            let step = BACKOFF_BASE.saturating_mul(1 << n.min(16)).min(BACKOFF_CAP);
            assert!(d >= step / 2 && d <= step, "{n}: {d:?}");
        }
        assert!(backoff(30) >= BACKOFF_CAP / 2);
    }

    #[test]
    fn urls() {
        assert_eq!(
            normalize_url(" https://r.example/ ").unwrap(),
            "https://r.example"
        );
        for bad in ["r.example", "https://", "ftp://r.example", "http://a b"] {
            assert!(normalize_url(bad).is_err(), "{bad}");
        }
        assert_eq!(stream_url("https://r.example"), "wss://r.example/v1/stream");
        assert_eq!(
            stream_url("http://127.0.0.1:9"),
            "ws://127.0.0.1:9/v1/stream"
        );
    }

    #[test]
    fn the_callback_prefers_the_public_address() {
        let mut e: Enrolled = serde_json::from_str(
            r#"{"device_id":"d","token":"t","meta_callback_path":"/hooks/meta/abc","verify_token":"v"}"#,
        )
        .unwrap();
        assert_eq!(
            e.meta_callback_url("http://10.0.0.2:8080/").as_deref(),
            Some("http://10.0.0.2:8080/hooks/meta/abc")
        );
        e.public_url = Some("https://relay.example".into());
        assert_eq!(
            e.meta_callback_url("http://10.0.0.2:8080").as_deref(),
            Some("https://relay.example/hooks/meta/abc")
        );
        let old: Enrolled = serde_json::from_str(r#"{"device_id":"d","token":"t"}"#).unwrap();
        assert_eq!(old.meta_callback_url("http://r"), None);
    }

    #[test]
    fn statuses_map_to_what_the_member_must_do() {
        assert!(from_status(401, None, String::new()).needs_enrollment());
        assert!(from_status(403, None, String::new()).needs_enrollment());
        assert!(matches!(
            from_status(503, Some(7), String::new()),
            ClientError::RetryAfter(d) if d == Duration::from_secs(7)
        ));
        assert!(matches!(
            from_status(502, None, "bad gateway".into()),
            ClientError::Refused { status: 502, .. }
        ));
    }
}
