//! The webhook ingest over HTTP (axum): Meta's handshake and event POSTs.
//!
//! Order of checks on a POST: unknown path → 404, body over 4 MiB → 413
//! (Meta sends up to 3 MB), bad `X-Hub-Signature-256` → 403 with nothing
//! stored, then a durable append and 200 only after COMMIT. A store failure
//! answers 500 so that Meta retries instead of believing it delivered.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRef, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use bandeja_channels::whatsapp::signature;
use tokio::task::JoinHandle;

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
}

impl ServeConfig {
    pub fn new(store: Store, addr: SocketAddr) -> ServeConfig {
        ServeConfig {
            store,
            addr,
            ping_every: PING_EVERY,
        }
    }
}

/// What the handlers share.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub ping_every: Duration,
}

impl FromRef<AppState> for Store {
    fn from_ref(state: &AppState) -> Store {
        state.store.clone()
    }
}

/// The relay's routes over `store`, with the default ping interval.
pub fn router(store: Store) -> Router {
    router_with(AppState {
        store,
        ping_every: PING_EVERY,
    })
}

pub fn router_with(state: AppState) -> Router {
    Router::new()
        .route("/hooks/meta/{path_token}", get(handshake).post(receive))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .route("/v1/enroll", post(crate::stream::enroll))
        .route("/v1/stream", get(crate::stream::stream))
        .with_state(state)
}

/// Bind `config.addr` and serve in a task; returns the bound address (so
/// tests can bind port 0) and the task.
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
    tracing::info!(%addr, "relay listening");
    let app = router_with(AppState {
        store: config.store,
        ping_every: config.ping_every,
    });
    let task = tokio::spawn(async move { axum::serve(listener, app).await });
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
