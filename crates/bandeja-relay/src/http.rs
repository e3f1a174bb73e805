//! The webhook ingest over HTTP (axum): Meta's handshake and event POSTs,
//! the route table, and binding the listener (plain, or TLS via [`crate::tls`]).
//!
//! Order of checks on a POST: unknown path → 404, body over 4 MiB → 413
//! (Meta sends up to 3 MB), bad `X-Hub-Signature-256` → 403 with nothing
//! stored, then a durable append and 200 only after COMMIT. A store failure
//! answers 500 so that Meta retries instead of believing it delivered.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRef, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use bandeja_channels::whatsapp::signature;
use tokio::task::JoinHandle;

use crate::config::{Settings, Signup, Tls};
use crate::gate::Gate;
use crate::secret::same_secret;
use crate::{RelayError, Store, Tenant};

/// Largest webhook body accepted.
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// How often a device socket is pinged; two unanswered pings close it.
/// 20 s stays under the 60–100 s idle limits of common proxies.
pub const PING_EVERY: Duration = Duration::from_secs(20);

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub store: Store,
    pub addr: SocketAddr,
    pub ping_every: Duration,
    /// The URL the outside world reaches the relay at (`https://host[:port]`),
    /// which Twilio signs; without it Twilio webhooks answer 503.
    pub public_url: Option<String>,
    pub tls: Tls,
    pub max_device_connections: usize,
    pub retry_after: Duration,
    pub signup: Option<Signup>,
}

impl ServeConfig {
    /// Plain HTTP on `addr` with the default limits (tests, or behind a proxy).
    pub fn new(store: Store, addr: SocketAddr) -> ServeConfig {
        ServeConfig {
            store,
            addr,
            ping_every: PING_EVERY,
            public_url: None,
            tls: Tls::Proxy,
            max_device_connections: 10_000,
            retry_after: Duration::from_secs(30),
            signup: None,
        }
    }

    /// The server part of checked [`Settings`] over an opened `store`.
    pub fn from_settings(store: Store, settings: &Settings) -> ServeConfig {
        ServeConfig {
            store,
            addr: settings.listen,
            ping_every: settings.ping_every,
            public_url: settings.public_url.clone(),
            tls: settings.tls.clone(),
            max_device_connections: settings.max_device_connections,
            retry_after: settings.retry_after,
            signup: settings.signup.clone(),
        }
    }
}

/// What the handlers share.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub ping_every: Duration,
    pub public_url: Option<Arc<str>>,
    pub gate: Gate,
    pub signup: Option<Arc<crate::signup::Exchange>>,
}

impl AppState {
    pub fn new(config: &ServeConfig) -> AppState {
        AppState {
            store: config.store.clone(),
            ping_every: config.ping_every,
            public_url: config.public_url.as_deref().map(Arc::from),
            gate: Gate::new(config.max_device_connections, config.retry_after),
            signup: config
                .signup
                .clone()
                .map(|s| Arc::new(crate::signup::Exchange::new(s))),
        }
    }
}

impl FromRef<AppState> for Store {
    fn from_ref(state: &AppState) -> Store {
        state.store.clone()
    }
}

/// The relay's routes over `store`, with the default settings.
pub fn router(store: Store) -> Router {
    router_with(AppState::new(&ServeConfig::new(
        store,
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )))
}

pub fn router_with(state: AppState) -> Router {
    Router::new()
        .route("/hooks/meta/{path_token}", get(handshake).post(receive))
        .route("/hooks/twilio/{path_token}", post(crate::twilio::receive))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .route("/v1/enroll", post(crate::stream::enroll))
        .route("/v1/stream", get(crate::stream::stream))
        .route("/v1/events", get(crate::poll::events))
        .route("/v1/ack", post(crate::poll::ack))
        .route("/signup", get(crate::signup::page))
        .route("/signup/signup.js", get(crate::signup::script))
        .route("/v1/signup/exchange", post(crate::signup::exchange))
        .with_state(state)
}

/// Bind `config.addr` and serve in a task (plain HTTP, or TLS from
/// certificate files or ACME); returns the bound address (so tests can bind
/// port 0) and the task.
pub async fn serve(
    config: ServeConfig,
) -> Result<(SocketAddr, JoinHandle<std::io::Result<()>>), RelayError> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| RelayError::Bind {
            addr: config.addr,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| RelayError::Bind {
        addr: config.addr,
        source,
    })?;
    let app = router_with(AppState::new(&config));
    let task = match &config.tls {
        Tls::Proxy => {
            if !addr.ip().is_loopback() {
                tracing::warn!(%addr, "plain HTTP on a public address: put a TLS proxy in front");
            }
            tracing::info!(%addr, "relay listening (plain HTTP)");
            // no Nagle: a deliver frame or a 200 must not wait ~40 ms for
            // the peer's delayed ACK
            let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
                let _ = tcp.set_nodelay(true);
            });
            tokio::spawn(async move { axum::serve(listener, app).await })
        }
        Tls::Files { cert, key } => {
            let server = crate::tls::from_files(cert, key)?;
            tracing::info!(%addr, cert = %cert.display(), "relay listening (TLS, certificate files)");
            tokio::spawn(crate::tls::serve(
                listener,
                app,
                crate::tls::Certs::Fixed(server),
            ))
        }
        Tls::Acme(acme) => {
            let certs = crate::tls::acme(acme)?;
            tracing::info!(%addr, domains = ?acme.domains, "relay listening (TLS, ACME)");
            tokio::spawn(crate::tls::serve(listener, app, certs))
        }
    };
    Ok((addr, task))
}

/// Meta's subscription handshake: the challenge to echo, if the request is
/// a `subscribe` carrying the tenant's verify token.
pub fn handshake_answer<'a>(
    query: &'a HashMap<String, String>,
    verify_token: &str,
) -> Option<&'a str> {
    let mode = query.get("hub.mode")?;
    let token = query.get("hub.verify_token")?;
    let challenge = query.get("hub.challenge")?;
    (mode == "subscribe" && same_secret(token, verify_token)).then_some(challenge.as_str())
}

/// The headers kept with an event: only what a desktop needs to re-verify
/// and parse it.
pub fn kept_headers(headers: &HeaderMap) -> BTreeMap<String, String> {
    [signature::HEADER_NAME, "content-type"]
        .into_iter()
        .filter_map(|name| {
            let value = headers.get(name)?.to_str().ok()?;
            Some((name.to_ascii_lowercase(), value.to_string()))
        })
        .collect()
}

async fn tenant_for(store: &Store, path_token: &str) -> Result<Tenant, Response> {
    match store.tenant_by_path(path_token).await {
        Ok(Some(t)) => Ok(t),
        Ok(None) => Err(StatusCode::NOT_FOUND.into_response()),
        Err(e) => {
            tracing::error!(error = %e, "tenant lookup failed");
            Err(StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
    }
}

async fn handshake(
    State(store): State<Store>,
    Path(path_token): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let tenant = match tenant_for(&store, &path_token).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    match handshake_answer(&query, &tenant.verify_token) {
        Some(challenge) => {
            tracing::info!(tenant = %tenant.id, "meta handshake answered");
            challenge.to_string().into_response()
        }
        None => {
            tracing::warn!(tenant = %tenant.id, "meta handshake refused");
            StatusCode::FORBIDDEN.into_response()
        }
    }
}

async fn receive(
    State(store): State<Store>,
    Path(path_token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let tenant = match tenant_for(&store, &path_token).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let sig = headers
        .get(signature::HEADER_NAME)
        .and_then(|v| v.to_str().ok());
    if let Err(e) = signature::verify(tenant.app_secret.as_bytes(), &body, sig) {
        tracing::warn!(tenant = %tenant.id, error = %e, "webhook refused");
        return StatusCode::FORBIDDEN.into_response();
    }
    match store
        .append(&tenant.id, &kept_headers(&headers), body.to_vec())
        .await
    {
        Ok(a) => {
            tracing::debug!(tenant = %tenant.id, seq = a.seq, duplicate = a.duplicate, "webhook stored");
            StatusCode::OK.into_response()
        }
        Err(e) => {
            tracing::error!(tenant = %tenant.id, error = %e, "webhook not stored");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn handshake_needs_subscribe_and_the_token() {
        let ok = q(&[
            ("hub.mode", "subscribe"),
            ("hub.verify_token", "t"),
            ("hub.challenge", "42"),
        ]);
        assert_eq!(handshake_answer(&ok, "t"), Some("42"));
        assert_eq!(handshake_answer(&ok, "u"), None);
        let bad_mode = q(&[
            ("hub.mode", "x"),
            ("hub.verify_token", "t"),
            ("hub.challenge", "42"),
        ]);
        assert_eq!(handshake_answer(&bad_mode, "t"), None);
        assert_eq!(handshake_answer(&q(&[]), "t"), None);
    }
}
