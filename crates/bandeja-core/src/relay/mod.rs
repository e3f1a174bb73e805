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

mod session;

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Core;

pub use session::{backoff, BACKOFF_CAP};

/// The setting holding the enrolled relay's URL.
pub const RELAY_URL_SETTING: &str = "relay.url";

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
            session::run(core, url, cursor.device_id, token).await;
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
