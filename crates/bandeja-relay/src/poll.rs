//! The HTTP long-poll fallback, for networks that break WebSockets.
//!
//! Same cursor as the socket: `GET /v1/events?after=<seq>&wait=<s>` returns
//! the events after `after` in seq order (bounded in count and bytes), or
//! waits up to `wait` seconds (≤ 25, under common proxy idle limits) for one
//! to commit and answers 204 if none did. Reading never moves the cursor:
//! the desktop sends `POST /v1/ack {"up_to_seq"}` after its own commit, as
//! with the socket's `ack`. A long-poll holds one of the device-connection
//! slots while it waits; over the cap it gets 503 with `Retry-After`.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::gate::RetryAfter;
use crate::stream::{Authorized, WINDOW};
use crate::{now_millis, AppState, Event, Source};

/// Longest `wait` accepted, in seconds.
pub const MAX_WAIT_SECS: u64 = 25;
/// Body bytes past which a batch stops growing (it always holds one event).
pub const BATCH_BYTES: usize = 8 * 1024 * 1024;

/// One event in a batch: the `deliver` frame's fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Polled {
    pub seq: i64,
    pub event_id: String,
    pub received_at: i64,
    pub source: Source,
    pub headers: BTreeMap<String, String>,
    pub body_base64: String,
}

impl From<Event> for Polled {
    fn from(e: Event) -> Self {
        Polled {
            seq: e.seq,
            event_id: e.event_id,
            received_at: e.received_at,
            source: e.source,
            headers: e.headers,
            body_base64: base64::engine::general_purpose::STANDARD.encode(e.body),
        }
    }
}

/// `GET /v1/events` answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Batch {
    pub events: Vec<Polled>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AckRequest {
    pub up_to_seq: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AckResponse {
    pub last_acked_seq: i64,
}

fn bad_request(message: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "error": message })),
    )
        .into_response()
}

/// `after` (default: the device's stored cursor) and `wait` (default 0).
fn parse_query(query: &HashMap<String, String>, cursor: i64) -> Result<(i64, Duration), String> {
    let after = match query.get("after") {
        None => cursor,
        Some(v) => match v.parse::<i64>() {
            Ok(n) if n >= 0 => n,
            _ => return Err(format!("after={v:?}: expected a seq ≥ 0")),
        },
    };
    let wait = match query.get("wait") {
        None => 0,
        Some(v) => match v.parse::<u64>() {
            Ok(n) if n <= MAX_WAIT_SECS => n,
            _ => {
                return Err(format!(
                    "wait={v:?}: expected whole seconds from 0 to {MAX_WAIT_SECS}"
                ))
            }
        },
    };
    Ok((after, Duration::from_secs(wait)))
}

pub(crate) fn retry_after_response(RetryAfter(seconds): RetryAfter) -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, seconds.to_string())],
        Json(serde_json::json!({ "error": "relay at capacity", "retry_after": seconds })),
    )
        .into_response()
}

/// `GET /v1/events?after=<seq>&wait=<s>` (Bearer device token).
pub async fn events(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    Authorized(device): Authorized,
) -> Response {
    let (after, wait) = match parse_query(&query, device.last_acked_seq) {
        Ok(q) => q,
        Err(message) => return bad_request(message),
    };
    let _slot = match state.gate.enter() {
        Ok(slot) => slot,
        Err(retry) => return retry_after_response(retry),
    };
    let store = &state.store;
    let mut wake = store.subscribe(&device.tenant_id);
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        wake.borrow_and_update();
        let read = store
            .read_after(&device.tenant_id, after, WINDOW as u32)
            .await;
        let events = match read {
            Ok(events) => events,
            Err(e) => {
                tracing::error!(device = %device.id, error = %e, "long-poll read failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        };
        if !events.is_empty() {
            let mut bytes = 0;
            let batch: Vec<Polled> = events
                .into_iter()
                .take_while(|e| {
                    let first = bytes == 0;
                    bytes += e.body.len().max(1);
                    first || bytes <= BATCH_BYTES
                })
                .map(Polled::from)
                .collect();
            tracing::debug!(device = %device.id, after, count = batch.len(), "long-poll batch");
            return Json(Batch { events: batch }).into_response();
        }
        match tokio::time::timeout_at(deadline, wake.changed()).await {
            Ok(Ok(())) => continue,
            Ok(Err(_)) | Err(_) => return StatusCode::NO_CONTENT.into_response(),
        }
    }
}

/// `POST /v1/ack {"up_to_seq":N}` (Bearer device token) → the cursor, which
/// never moves backwards nor past the tenant's last seq.
pub async fn ack(
    State(state): State<AppState>,
    Authorized(device): Authorized,
    body: axum::body::Bytes,
) -> Response {
    let req: AckRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return bad_request(format!("expected {{\"up_to_seq\": N}}: {e}")),
    };
    if req.up_to_seq < 0 {
        return bad_request("up_to_seq must be ≥ 0".into());
    }
    match state
        .store
        .ack(&device.id, req.up_to_seq, now_millis())
        .await
    {
        Ok(last_acked_seq) => Json(AckResponse { last_acked_seq }).into_response(),
        Err(e) => {
            tracing::error!(device = %device.id, error = %e, "ack failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
