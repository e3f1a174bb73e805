//! The relay client: how a desktop behind NAT receives webhooks (RELAY-5).
//!
//! A public `bandeja-relay` accepts Meta's webhooks durably and keeps them
//! until each enrolled device has acknowledged them. This module enrolls the
//! desktop (a one-time code traded for a device token, kept in the keychain),
//! keeps a connection to the relay (the wire is
//! [`bandeja_channels::relay_client`]) and feeds every delivered envelope
//! through the same path as direct mode: the signature is checked again here
//! with the connected numbers' app secrets (the relay is trusted to store,
//! not to vouch), then normalize and ingest. The ack for a seq is sent only
//! after the ingest and the cursor committed, so a crash at any point means a
//! redelivery, which idempotent ingest absorbs — never a loss.

mod envelope;
mod session;

use std::time::Duration;

use bandeja_channels::relay_client::{self, ClientError, SILENCE_LIMIT};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::Core;

/// The setting holding the enrolled relay's URL.
pub const RELAY_URL_SETTING: &str = "relay.url";
/// What to give Meta, as the relay said at enrollment (RELAY-1).
const CALLBACK_SETTING: &str = "relay.meta_callback_url";
const VERIFY_SETTING: &str = "relay.meta_verify_token";

/// The keychain key of the device token for `url`.
pub fn token_key(url: &str) -> String {
    format!("relay/{url}/token")
}

/// Where the relay connection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RelayState {
    /// Dialing, or waiting before the next attempt.
    Connecting,
    Connected,
    /// Envelopes wait on the relay until a number with an app secret is
    /// connected (they cannot be verified before).
    WaitingForNumbers,
    /// The demo workspace is shown; envelopes wait on the relay.
    Paused,
    /// The relay refused this device (revoked, stale or unknown): enroll again.
    Revoked,
}

/// How envelopes come from the relay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RelayTransport {
    /// A WebSocket (the norm; falls back to long-polls by itself when a
    /// proxy on the way refuses the upgrade).
    WebSocket,
    /// HTTP long-polls with the same cursor.
    LongPoll,
}

/// What the account page shows about the relay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelayStatus {
    pub url: String,
    pub device_id: String,
    pub state: RelayState,
    pub transport: RelayTransport,
    /// Why the last connection ended, when it did not end well.
    pub last_error: Option<String>,
    /// When the last envelope was ingested (since Bandeja started).
    pub last_event_at: Option<DateTime<Utc>>,
    pub last_acked_seq: i64,
    /// The callback URL and verify token to paste into Meta's webhook
    /// settings, when the relay said them.
    pub meta_callback_url: Option<String>,
    pub meta_verify_token: Option<String>,
    /// Envelopes on the relay not yet taken by this desktop, when known.
    pub backlog: Option<i64>,
    /// Envelopes that can never be ingested (bad signature, not a webhook,
    /// a provider not read yet, corrupt frame): kept aside in the workspace
    /// with the reason and acked, since holding them would block the log.
    pub rejected: u64,
}

impl RelayStatus {
    fn new(url: &str, device_id: &str, acked: i64) -> RelayStatus {
        RelayStatus {
            url: url.to_string(),
            device_id: device_id.to_string(),
            state: RelayState::Connecting,
            transport: RelayTransport::WebSocket,
            last_error: None,
            last_event_at: None,
            last_acked_seq: acked,
            meta_callback_url: None,
            meta_verify_token: None,
            backlog: None,
            rejected: 0,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error("no relay is enrolled on this desktop")]
    NotEnrolled,
    #[error("no connected number has an app secret yet; envelopes are kept on the relay")]
    NoKeys,
    #[error("the demo workspace is shown; envelopes are kept on the relay")]
    Paused,
    #[error("envelope not stored: {0}")]
    Ingest(String),
    #[error(transparent)]
    Store(#[from] bandeja_store::StoreError),
    #[error(transparent)]
    Secret(#[from] bandeja_secrets::SecretError),
}

/// The client's shared state inside the core.
pub(crate) struct Slot {
    status: std::sync::Mutex<Option<RelayStatus>>,
    task: std::sync::Mutex<Option<tokio::task::AbortHandle>>,
    silence_limit: std::sync::Mutex<Duration>,
    /// `LongPoll` forces the fallback (tests, or a member's choice).
    transport: std::sync::Mutex<RelayTransport>,
}

impl Default for Slot {
    fn default() -> Self {
        Slot {
            status: std::sync::Mutex::default(),
            task: std::sync::Mutex::default(),
            silence_limit: std::sync::Mutex::new(SILENCE_LIMIT),
            transport: std::sync::Mutex::new(RelayTransport::WebSocket),
        }
    }
}

impl Slot {
    fn update(&self, f: impl FnOnce(&mut RelayStatus)) {
        if let Some(s) = self.status.lock().expect("relay status").as_mut() {
            f(s);
        }
    }
}

impl Core {
    /// Trade a one-time enrollment `code` for a device token at `url`; the
    /// token goes to the keychain, the URL and device id to the workspace.
    /// Does not connect: call [`Core::start_relay`].
    pub async fn enroll_relay(
        &self,
        url: &str,
        code: &str,
        device_name: &str,
    ) -> Result<RelayStatus, RelayError> {
        let url = relay_client::normalize_url(url)?;
        let enrolled = relay_client::enroll(&url, code, device_name).await?;
        self.secrets()
            .set(&token_key(&url), &enrolled.token)
            .await?;
        let store = &self.home().store;
        store
            .set_relay_device(&url, &enrolled.device_id, self.now())
            .await?;
        store.set_setting(RELAY_URL_SETTING, Some(&url)).await?;
        let callback = enrolled.meta_callback_url(&url);
        store
            .set_setting(CALLBACK_SETTING, callback.as_deref())
            .await?;
        store
            .set_setting(VERIFY_SETTING, enrolled.verify_token.as_deref())
            .await?;
        tracing::info!(
            url,
            device_id = enrolled.device_id,
            "enrolled with the relay"
        );
        let acked = store.relay_cursor(&url).await?.map_or(0, |c| c.acked_seq);
        self.stop_relay();
        let mut status = RelayStatus::new(&url, &enrolled.device_id, acked);
        status.meta_callback_url = callback;
        status.meta_verify_token = enrolled.verify_token;
        *self.inner.relay.status.lock().expect("relay status") = Some(status.clone());
        Ok(status)
    }

    /// The relay connection as the account page shows it; `None` when no
    /// relay is enrolled.
    pub fn relay_status(&self) -> Option<RelayStatus> {
        self.inner
            .relay
            .status
            .lock()
            .expect("relay status")
            .clone()
    }

    /// How long a silent socket is trusted (tests shorten it).
    pub fn set_relay_silence_limit(&self, limit: Duration) {
        *self.inner.relay.silence_limit.lock().expect("relay timing") = limit;
    }

    /// Always long-poll (`LongPoll`) or prefer the WebSocket (`WebSocket`,
    /// the default, which falls back by itself); applies at the next
    /// connection.
    pub fn set_relay_transport(&self, transport: RelayTransport) {
        *self.inner.relay.transport.lock().expect("relay transport") = transport;
    }

    /// Connect to the enrolled relay in the background, reconnecting until
    /// [`Core::stop_relay`] or until the relay refuses the device. Replaces
    /// a client already running.
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
        let callback = store.setting(CALLBACK_SETTING).await?;
        let verify = store.setting(VERIFY_SETTING).await?;
        {
            let mut status = self.inner.relay.status.lock().expect("relay status");
            let mut next = RelayStatus::new(&url, &cursor.device_id, cursor.acked_seq);
            next.meta_callback_url = callback;
            next.meta_verify_token = verify;
            if let Some(old) = status.as_ref().filter(|s| s.url == url) {
                next.last_event_at = old.last_event_at;
                next.rejected = old.rejected;
            }
            *status = Some(next);
        }
        let core = self.clone();
        let task = tokio::spawn(async move {
            session::run(core, url, cursor.device_id, token).await;
        });
        *self.inner.relay.task.lock().expect("relay task") = Some(task.abort_handle());
        Ok(task)
    }

    /// Start the relay client if a relay is enrolled (at app start).
    pub async fn restore_relay(&self) -> Result<bool, RelayError> {
        match self.start_relay().await {
            Ok(_) => Ok(true),
            Err(RelayError::NotEnrolled) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Drop the relay connection. Safe at any moment: nothing unacked is
    /// lost, the relay redelivers from the stored cursor next time.
    pub fn stop_relay(&self) {
        if let Some(task) = self.inner.relay.task.lock().expect("relay task").take() {
            task.abort();
        }
        self.inner.relay.update(|s| {
            if s.state != RelayState::Revoked {
                s.state = RelayState::Connecting;
            }
        });
    }

    /// Stop using the relay on this desktop: the connection closes and the
    /// device token leaves the keychain. The cursor is kept, so enrolling
    /// the same device again would resume where it stopped.
    pub async fn forget_relay(&self) -> Result<(), RelayError> {
        self.stop_relay();
        let store = &self.home().store;
        if let Some(url) = store.setting(RELAY_URL_SETTING).await? {
            self.secrets().delete(&token_key(&url)).await?;
        }
        for key in [RELAY_URL_SETTING, CALLBACK_SETTING, VERIFY_SETTING] {
            store.set_setting(key, None).await?;
        }
        *self.inner.relay.status.lock().expect("relay status") = None;
        Ok(())
    }
}
