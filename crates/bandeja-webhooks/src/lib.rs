//! The local webhook receiver: direct mode (RELAY-6), for a machine Meta can
//! reach, and the same path the relay client will feed later.
//!
//! `GET` answers Meta's verification handshake when the verify token
//! matches. `POST` takes the raw bytes (at most 4 MiB, else 413), checks
//! `X-Hub-Signature-256` over exactly those bytes with the app secret (403
//! and nothing stored when it does not match), normalizes them (400 for a body
//! that is not a WhatsApp webhook) and answers 200 only after the ingest
//! transaction committed — a 5xx makes Meta retry, and retries are harmless
//! because ingest is idempotent.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bandeja_channels::whatsapp;
use bandeja_core::Core;
use bandeja_domain::AccountKind;
use serde::Deserialize;

/// Meta sends webhooks of up to a few hundred KiB; anything above is refused.
pub const MAX_BODY: usize = 4 * 1024 * 1024;

/// A secret that never shows in logs or `Debug` output.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    fn expose(&self) -> &str {
        &self.0
    }
}

impl ReceiverConfig {
    /// Check only against the keys of the connected numbers.
    pub fn connected_numbers() -> Self {
        ReceiverConfig {
            verify_token: Secret::new(""),
            app_secret: Secret::new(""),
        }
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// What the receiver checks requests against, besides the keys of the
/// numbers connected in the core (`Core::whatsapp`), which are always
/// accepted; empty values here mean "only the connected numbers' keys".
#[derive(Debug, Clone)]
pub struct ReceiverConfig {
    /// The token typed into Meta's webhook settings.
    pub verify_token: Secret,
    /// The Meta app's secret, the HMAC key of `X-Hub-Signature-256`.
    pub app_secret: Secret,
}

#[derive(Clone)]
struct ReceiverState {
    core: Core,
    config: ReceiverConfig,
}

pub fn router(core: Core, config: ReceiverConfig) -> Router {
    Router::new()
        .route("/webhooks/whatsapp", get(challenge).post(receive))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(ReceiverState { core, config })
}

#[derive(Deserialize)]
struct Handshake {
    #[serde(rename = "hub.mode")]
    mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    verify_token: Option<String>,
    #[serde(rename = "hub.challenge")]
    challenge: Option<String>,
}

async fn challenge(State(st): State<ReceiverState>, Query(h): Query<Handshake>) -> Response {
    let token_ok = match h.verify_token.as_deref() {
        Some(t) if !t.is_empty() => {
            t == st.config.verify_token.expose() || st.core.whatsapp().is_verify_token(t)
        }
        _ => false,
    };
    match (h.mode.as_deref(), token_ok, h.challenge) {
        (Some("subscribe"), true, Some(c)) => (StatusCode::OK, c).into_response(),
        _ => (StatusCode::FORBIDDEN, "verification failed").into_response(),
    }
}

async fn receive(State(st): State<ReceiverState>, headers: HeaderMap, body: Bytes) -> Response {
    let header = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok());
    let mut secrets = st.core.whatsapp().app_secrets();
    if !st.config.app_secret.expose().is_empty() {
        secrets.push(st.config.app_secret.expose().to_string());
    }
    let mut verdict = Err(whatsapp::signature::SignatureError::NoSecret);
    for secret in &secrets {
        verdict = whatsapp::signature::verify(secret.as_bytes(), &body, header);
        if verdict.is_ok() {
            break;
        }
    }
    if let Err(e) = verdict {
        tracing::warn!(error = %e, bytes = body.len(), keys = secrets.len(), "webhook refused: bad signature");
        return (StatusCode::FORBIDDEN, "invalid signature").into_response();
    }
    let events = match whatsapp::normalize(&body) {
        Ok(events) => events,
        Err(e) => {
            tracing::warn!(error = %e, "webhook refused: not a WhatsApp webhook");
            return (StatusCode::BAD_REQUEST, e.to_string()).into_response();
        }
    };
    match st
        .core
        .ingest_grouped(&[AccountKind::WhatsappCloud], events)
        .await
    {
        Ok(report) => {
            tracing::debug!(?report, "webhook ingested");
            StatusCode::OK.into_response()
        }
        Err(e) => {
            tracing::error!(
                error = format!("{e:#}"),
                "webhook not stored; Meta will retry"
            );
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// Serve on `addr` (port 0 = any free port) until the task is dropped.
pub async fn serve(
    core: Core,
    config: ReceiverConfig,
    addr: SocketAddr,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<std::io::Result<()>>)> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    let app = router(core, config);
    Ok((
        local,
        tokio::spawn(async move { axum::serve(listener, app).await }),
    ))
}
