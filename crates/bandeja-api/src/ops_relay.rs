//! The relay as the Settings page sees it: enroll this desktop with a relay
//! URL and a one-time code, see how the connection is doing, reconnect, or
//! stop using the relay.

use bandeja_core::{Core, RelayError, RelayState, RelayStatus};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ApiError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RelayStateDto {
    NotEnrolled,
    Connecting,
    Connected,
    WaitingForNumbers,
    Paused,
    Revoked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RelayDto {
    pub state: RelayStateDto,
    pub url: Option<String>,
    pub device_id: Option<String>,
    pub last_error: Option<String>,
    /// Envelopes come by HTTP long-polls: a proxy on the way blocks WebSockets.
    pub long_polling: bool,
    /// When this desktop last took an envelope from the relay (since start).
    pub last_event_at: Option<String>,
    pub last_acked_seq: i64,
    /// What to paste into Meta's webhook settings, when the relay said.
    pub meta_callback_url: Option<String>,
    pub meta_verify_token: Option<String>,
    /// Envelopes waiting on the relay for this desktop, when known.
    pub backlog: Option<i64>,
    /// Envelopes that could not be verified or read and were skipped.
    pub rejected: i64,
    /// Where the device token is kept ("the system keychain", …).
    pub secrets_backend: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EnrollRelayInput {
    pub url: String,
    pub code: String,
    /// How the relay's operator will see this desktop; the computer's name
    /// when absent.
    pub device_name: Option<String>,
}

impl From<RelayError> for ApiError {
    fn from(e: RelayError) -> Self {
        use bandeja_channels::relay_client::ClientError as C;
        let code = match &e {
            RelayError::Client(C::BadUrl) => "bad_input",
            RelayError::Client(C::BadCode) => "relay_bad_code",
            RelayError::Client(C::UnknownDevice | C::Revoked) => "relay_revoked",
            RelayError::Client(C::RetryAfter(_)) => "relay_busy",
            RelayError::Client(C::Http(_) | C::Socket(_) | C::Silent(_)) => "relay_unreachable",
            RelayError::Client(C::Refused { .. } | C::Protocol(_)) => "relay_error",
            RelayError::NotEnrolled => "not_found",
            RelayError::Secret(_) => "secrets_unavailable",
            RelayError::Store(_) | RelayError::Ingest(_) => "internal",
            RelayError::NoKeys | RelayError::Paused => "relay_error",
        };
        if code == "internal" {
            tracing::error!(error = %e, "relay");
        }
        ApiError::new(code, e.to_string())
    }
}

fn dto(core: &Core, status: Option<RelayStatus>) -> RelayDto {
    let secrets_backend = core.secrets().backend().to_string();
    let Some(s) = status else {
        return RelayDto {
            state: RelayStateDto::NotEnrolled,
            url: None,
            device_id: None,
            last_error: None,
            long_polling: false,
            last_event_at: None,
            last_acked_seq: 0,
            meta_callback_url: None,
            meta_verify_token: None,
            backlog: None,
            rejected: 0,
            secrets_backend,
        };
    };
    RelayDto {
        state: match s.state {
            RelayState::Connecting => RelayStateDto::Connecting,
            RelayState::Connected => RelayStateDto::Connected,
            RelayState::WaitingForNumbers => RelayStateDto::WaitingForNumbers,
            RelayState::Paused => RelayStateDto::Paused,
            RelayState::Revoked => RelayStateDto::Revoked,
        },
        url: Some(s.url),
        device_id: Some(s.device_id),
        last_error: s.last_error,
        long_polling: s.transport == bandeja_core::RelayTransport::LongPoll,
        last_event_at: s.last_event_at.map(crate::ops::ts),
        last_acked_seq: s.last_acked_seq,
        meta_callback_url: s.meta_callback_url,
        meta_verify_token: s.meta_verify_token,
        backlog: s.backlog,
        rejected: i64::try_from(s.rejected).unwrap_or(i64::MAX),
        secrets_backend,
    }
}

/// The computer's name, for the relay's device list.
fn device_name() -> String {
    ["HOSTNAME", "COMPUTERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok())
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "Bandeja desktop".into())
}

pub async fn get_relay(core: &Core) -> Result<RelayDto, ApiError> {
    Ok(dto(core, core.relay_status()))
}

pub async fn enroll_relay(core: &Core, i: EnrollRelayInput) -> Result<RelayDto, ApiError> {
    if i.code.trim().is_empty() {
        return Err(ApiError::bad_input("the enrollment code is empty"));
    }
    let name = i
        .device_name
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(device_name);
    core.enroll_relay(&i.url, &i.code, &name).await?;
    core.start_relay().await?;
    Ok(dto(core, core.relay_status()))
}

pub async fn reconnect_relay(core: &Core) -> Result<RelayDto, ApiError> {
    core.start_relay().await?;
    Ok(dto(core, core.relay_status()))
}

pub async fn forget_relay(core: &Core) -> Result<RelayDto, ApiError> {
    core.forget_relay().await?;
    Ok(dto(core, None))
}
