//! The relay client: how a desktop behind NAT receives webhooks (RELAY-5).
//!
//! A public `bandeja-relay` accepts Meta's webhooks durably and keeps them
//! until each enrolled device has acknowledged them. This module enrolls the
//! desktop (a one-time code traded for a device token, kept in the keychain),
//! keeps a WebSocket to the relay and feeds every delivered envelope through
//! the same path as direct mode: the signature is checked again here with
//! the connected numbers' app secrets (the relay is trusted to store, not to
//! vouch), then normalize and ingest. The ack for a seq is sent only after
//! the ingest and the cursor committed, so a crash at any point means a
//! redelivery, which idempotent ingest absorbs — never a loss.

use std::collections::BTreeMap;
use std::time::Duration;

use bandeja_channels::whatsapp;
use bandeja_domain::AccountKind;
use base64::Engine;
use chrono::{DateTime, Utc};
use futures::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

use crate::Core;

/// The setting holding the enrolled relay's URL.
pub const RELAY_URL_SETTING: &str = "relay.url";
/// Longest wait between reconnection attempts.
pub const BACKOFF_CAP: Duration = Duration::from_secs(60);
const BACKOFF_BASE: Duration = Duration::from_millis(500);

/// The keychain key of the device token for `url`.
pub fn token_key(url: &str) -> String {
    format!("relay/{url}/token")
}

/// What the account page shows about the relay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelayStatus {
    pub url: String,
    pub connected: bool,
    /// When the last envelope was ingested (since Bandeja started).
    pub last_event_at: Option<DateTime<Utc>>,
    pub last_acked_seq: i64,
    /// Envelopes acked without ingest: bad signature, not a webhook, bad
    /// base64. They can never succeed, so holding them would block the log.
    pub rejected: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error("the relay URL must start with http:// or https://")]
    BadUrl,
    #[error("cannot reach the relay: {0}")]
    Http(#[from] reqwest::Error),
    #[error("the relay refused: {status} {message}")]
    Refused { status: u16, message: String },
    #[error("no relay is enrolled on this desktop")]
    NotEnrolled,
    #[error("relay socket: {0}")]
    Socket(#[from] tokio_tungstenite::tungstenite::Error),
    #[error("relay protocol: {0}")]
    Protocol(String),
    #[error("no connected number has an app secret yet; envelopes are kept on the relay")]
    NoKeys,
    #[error("envelope not stored: {0}")]
    Ingest(String),
    #[error(transparent)]
    Store(#[from] bandeja_store::StoreError),
    #[error(transparent)]
    Secret(#[from] bandeja_secrets::SecretError),
}

#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ClientFrame {
    Hello { last_acked_seq: i64 },
    Ack { up_to_seq: i64 },
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ServerFrame {
    Deliver {
        seq: i64,
        event_id: String,
        #[allow(dead_code)]
        received_at: i64,
        headers: BTreeMap<String, String>,
        body_base64: String,
    },
    Error {
        message: String,
    },
}

#[derive(Deserialize)]
struct EnrollResponse {
    device_id: String,
    token: String,
}

/// The client's shared state inside the core.
#[derive(Default)]
pub(crate) struct Slot {
    status: std::sync::Mutex<Option<RelayStatus>>,
    task: std::sync::Mutex<Option<tokio::task::AbortHandle>>,
}

impl Slot {
    fn update(&self, f: impl FnOnce(&mut RelayStatus)) {
        if let Some(s) = self.status.lock().expect("relay status").as_mut() {
            f(s);
        }
    }
}

fn normalize_url(url: &str) -> Result<String, RelayError> {
    let url = url.trim().trim_end_matches('/');
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(RelayError::BadUrl);
    }
    Ok(url.to_string())
}

fn stream_url(url: &str) -> String {
    let ws = match url.strip_prefix("https://") {
        Some(rest) => format!("wss://{rest}"),
        None => format!("ws://{}", url.trim_start_matches("http://")),
    };
    format!("{ws}/v1/stream")
}

/// Equal jitter: half the exponential step, plus a random share of the other
/// half, so a relay restart does not bring every desktop back at once.
pub fn backoff(failures: u32) -> Duration {
    let step = BACKOFF_BASE
        .saturating_mul(1u32 << failures.min(16))
        .min(BACKOFF_CAP);
    let mut b = [0u8; 4];
    let r = getrandom::fill(&mut b)
        .map(|_| u32::from_le_bytes(b))
        .unwrap_or(0);
    let half = step / 2;
    half + half.mul_f64(f64::from(r) / f64::from(u32::MAX))
}

impl Core {
    /// Trade a one-time enrollment `code` for a device token at `url`; the
    /// token goes to the keychain, the URL and device id to the workspace.
    pub async fn enroll_relay(
        &self,
        url: &str,
        code: &str,
        device_name: &str,
    ) -> Result<RelayStatus, RelayError> {
        let url = normalize_url(url)?;
        let resp = reqwest::Client::new()
            .post(format!("{url}/v1/enroll"))
            .json(&serde_json::json!({ "code": code, "name": device_name }))
            .timeout(Duration::from_secs(30))
            .send()
            .await?;
        let status = resp.status();
        if !status.is_success() {
            let message = resp.text().await.unwrap_or_default();
            return Err(RelayError::Refused {
                status: status.as_u16(),
                message: message.chars().take(200).collect(),
            });
        }
        let enrolled: EnrollResponse = resp.json().await?;
        self.secrets()
            .set(&token_key(&url), &enrolled.token)
            .await?;
        let store = &self.home().store;
        store
            .set_relay_device(&url, &enrolled.device_id, self.now())
            .await?;
        store.set_setting(RELAY_URL_SETTING, Some(&url)).await?;
        tracing::info!(
            url,
            device_id = enrolled.device_id,
            "enrolled with the relay"
        );
        let acked = store.relay_cursor(&url).await?.map_or(0, |c| c.acked_seq);
        let status = RelayStatus {
            url,
            connected: false,
            last_event_at: None,
            last_acked_seq: acked,
            rejected: 0,
        };
        *self.inner.relay.status.lock().expect("relay status") = Some(status.clone());
        Ok(status)
    }

    /// The relay connection as the account page shows it; `None` when no
    /// relay was enrolled or started in this run.
    pub fn relay_status(&self) -> Option<RelayStatus> {
        self.inner
            .relay
            .status
            .lock()
            .expect("relay status")
            .clone()
    }

    /// Connect to the enrolled relay in the background, reconnecting forever
    /// (until [`Core::stop_relay`]). Replaces a client already running.
    pub async fn start_relay(&self) -> Result<tokio::task::JoinHandle<()>, RelayError> {
        let store = &self.home().store;
        let url = store
            .setting(RELAY_URL_SETTING)
            .await?
            .ok_or(RelayError::NotEnrolled)?;
        let cursor = store
            .relay_cursor(&url)
            .await?
            .ok_or(RelayError::NotEnrolled)?;
        let token = self
            .secrets()
            .get(&token_key(&url))
            .await?
            .ok_or(RelayError::NotEnrolled)?;
        self.stop_relay();
        {
            let mut status = self.inner.relay.status.lock().expect("relay status");
            let keep = status.as_ref().filter(|s| s.url == url).cloned();
            *status = Some(RelayStatus {
                url: url.clone(),
                connected: false,
                last_acked_seq: cursor.acked_seq,
                ..keep.unwrap_or(RelayStatus {
                    url: String::new(),
                    connected: false,
                    last_event_at: None,
                    last_acked_seq: 0,
                    rejected: 0,
                })
            });
        }
        let core = self.clone();
        let task = tokio::spawn(async move {
            run(core, url, cursor.device_id, token).await;
        });
        *self.inner.relay.task.lock().expect("relay task") = Some(task.abort_handle());
        Ok(task)
    }

    /// Drop the relay connection. Safe at any moment: nothing unacked is
    /// lost, the relay redelivers from the stored cursor next time.
    pub fn stop_relay(&self) {
        if let Some(task) = self.inner.relay.task.lock().expect("relay task").take() {
            task.abort();
        }
        self.inner.relay.update(|s| s.connected = false);
    }
}

async fn run(core: Core, url: String, device_id: String, token: String) {
    let mut failures = 0u32;
    loop {
        let mut delivered = false;
        let outcome = session(&core, &url, &device_id, &token, &mut delivered).await;
        core.inner.relay.update(|s| s.connected = false);
        if delivered {
            failures = 0;
        }
        let wait = backoff(failures);
        failures = failures.saturating_add(1);
        match outcome {
            Ok(()) => tracing::info!(url, "relay closed the connection"),
            Err(e) => {
                tracing::warn!(url, error = %e, retry_in_ms = wait.as_millis() as u64, "relay connection lost")
            }
        }
        tokio::time::sleep(wait).await;
    }
}

/// One connection: hello from the stored cursor, then deliver → ingest →
/// cursor → ack until the socket ends.
async fn session(
    core: &Core,
    url: &str,
    device_id: &str,
    token: &str,
    delivered: &mut bool,
) -> Result<(), RelayError> {
    let mut request = stream_url(url).into_client_request()?;
    let bearer = format!("Bearer {token}")
        .parse()
        .map_err(|_| RelayError::Protocol("device token is not a valid header".into()))?;
    request.headers_mut().insert("authorization", bearer);
    let (ws, _) = tokio_tungstenite::connect_async(request).await?;
    let (mut tx, mut rx) = ws.split();
    let store = core.home().store.clone();
    let mut acked = store.relay_cursor(url).await?.map_or(0, |c| c.acked_seq);
    send(
        &mut tx,
        &ClientFrame::Hello {
            last_acked_seq: acked,
        },
    )
    .await?;
    core.inner.relay.update(|s| {
        s.connected = true;
        s.last_acked_seq = acked;
    });
    tracing::info!(url, from_seq = acked, "relay connected");
    while let Some(msg) = rx.next().await {
        let text = match msg? {
            Message::Text(t) => t,
            Message::Close(_) => return Ok(()),
            _ => continue,
        };
        let frame: ServerFrame =
            serde_json::from_str(&text).map_err(|e| RelayError::Protocol(e.to_string()))?;
        let (seq, event_id, headers, body_base64) = match frame {
            ServerFrame::Deliver {
                seq,
                event_id,
                headers,
                body_base64,
                ..
            } => (seq, event_id, headers, body_base64),
            ServerFrame::Error { message } => {
                return Err(RelayError::Refused { status: 0, message })
            }
        };
        if seq > acked {
            if !apply(core, seq, &event_id, &headers, &body_base64).await? {
                core.inner.relay.update(|s| s.rejected += 1);
            }
            let now = core.now();
            acked = store
                .advance_relay_cursor(url, device_id, seq, now)
                .await?
                .ok_or(RelayError::NotEnrolled)?;
            core.inner.relay.update(|s| {
                s.last_acked_seq = acked;
                s.last_event_at = Some(now);
            });
            *delivered = true;
        }
        send(&mut tx, &ClientFrame::Ack { up_to_seq: seq }).await?;
    }
    Ok(())
}

async fn send<S>(tx: &mut S, frame: &ClientFrame) -> Result<(), RelayError>
where
    S: futures::Sink<Message, Error = tokio_tungstenite::tungstenite::Error> + Unpin,
{
    let text = serde_json::to_string(frame).map_err(|e| RelayError::Protocol(e.to_string()))?;
    tx.send(Message::text(text)).await?;
    Ok(())
}

/// Verify, normalize and ingest one envelope. `Ok(false)`: it can never be
/// ingested (acked and counted); `Err`: try again later (not acked).
async fn apply(
    core: &Core,
    seq: i64,
    event_id: &str,
    headers: &BTreeMap<String, String>,
    body_base64: &str,
) -> Result<bool, RelayError> {
    let Ok(body) = base64::engine::general_purpose::STANDARD.decode(body_base64) else {
        tracing::warn!(seq, event_id, "relay envelope dropped: body is not base64");
        return Ok(false);
    };
    let header = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(whatsapp::signature::HEADER_NAME))
        .map(|(_, v)| v.as_str());
    let secrets = core.whatsapp().app_secrets();
    if secrets.is_empty() {
        return Err(RelayError::NoKeys);
    }
    let verified = secrets
        .iter()
        .any(|s| whatsapp::signature::verify(s.as_bytes(), &body, header).is_ok());
    if !verified {
        tracing::warn!(
            seq,
            event_id,
            bytes = body.len(),
            keys = secrets.len(),
            "relay envelope dropped: bad signature"
        );
        return Ok(false);
    }
    let events = match whatsapp::normalize(&body) {
        Ok(events) => events,
        Err(e) => {
            tracing::warn!(seq, event_id, error = %e, "relay envelope dropped: not a WhatsApp webhook");
            return Ok(false);
        }
    };
    core.ingest_grouped(&[AccountKind::WhatsappCloud], events)
        .await
        .map_err(|e| RelayError::Ingest(format!("{e:#}")))?;
    Ok(true)
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
        assert!(normalize_url("r.example").is_err());
        assert_eq!(stream_url("https://r.example"), "wss://r.example/v1/stream");
        assert_eq!(
            stream_url("http://127.0.0.1:9"),
            "ws://127.0.0.1:9/v1/stream"
        );
    }
}
