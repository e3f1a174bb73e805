//! Device endpoints: `POST /v1/enroll` and the `GET /v1/stream` WebSocket.
//!
//! Delivery is cursor-based so that a reconnect is just a resume: the device
//! says `hello{last_acked_seq}`, the relay replays everything after it in seq
//! order and then streams live events as they commit, keeping at most
//! [`WINDOW`] frames unacked so a client that stops acking cannot make the
//! relay buffer without bound. `ack{up_to_seq}` is cumulative and sent by the
//! desktop after its own commit; the stored cursor never moves backwards.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::gate::RetryAfter;

use crate::{now_millis, AppState, Device, Event, RelayError, Source, Store};
use std::time::Duration;

/// Most delivered-but-unacked frames per socket.
pub const WINDOW: i64 = 256;
/// Initial read and write buffer of a device socket.
const SOCKET_BUFFER: usize = 8 * 1024;
/// Most events read from the store per batch.
const READ_BATCH: i64 = 64;

/// Frames a device sends.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    Hello { last_acked_seq: i64 },
    Ack { up_to_seq: i64 },
}

/// Frames the relay sends.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    /// One envelope. `source` ("meta" or "twilio") was added after the
    /// first clients, which ignore it and read Meta envelopes as before.
    Deliver {
        seq: i64,
        event_id: String,
        received_at: i64,
        #[serde(default)]
        source: Source,
        headers: BTreeMap<String, String>,
        body_base64: String,
        /// The tenant's newest seq as this frame left, so the desktop can
        /// show how much is still waiting for it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        head_seq: Option<i64>,
    },
    /// Sent once after `hello`: the tenant's newest seq, so a device that is
    /// already caught up knows it (nothing else would tell it).
    Welcome {
        head_seq: i64,
    },
    /// The relay is at capacity: reconnect after `seconds` (jittered); the
    /// socket closes right after this frame.
    RetryAfter {
        seconds: u64,
    },
    Error {
        message: String,
    },
}

impl From<Event> for ServerFrame {
    fn from(e: Event) -> Self {
        ServerFrame::Deliver {
            seq: e.seq,
            event_id: e.event_id,
            received_at: e.received_at,
            source: e.source,
            headers: e.headers,
            body_base64: base64::engine::general_purpose::STANDARD.encode(e.body),
            head_seq: None,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct EnrollRequest {
    pub code: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EnrollResponse {
    pub device_id: String,
    pub token: String,
    /// RELAY-1: what the desktop shows its member to give Meta.
    #[serde(default)]
    pub meta_callback_path: Option<String>,
    #[serde(default)]
    pub verify_token: Option<String>,
    /// The configured public address, when there is one.
    #[serde(default)]
    pub public_url: Option<String>,
}

pub(crate) fn refusal(status: StatusCode, e: &RelayError) -> Response {
    (status, Json(serde_json::json!({ "error": e.to_string() }))).into_response()
}

/// `POST /v1/enroll {"code","name"}` → `{"device_id","token"}`.
pub async fn enroll(State(state): State<AppState>, Json(req): Json<EnrollRequest>) -> Response {
    let store = &state.store;
    match store.enroll(&req.code, &req.name, now_millis()).await {
        Ok(e) => {
            let tenant = match store.tenant(&e.tenant_id).await {
                Ok(t) => t,
                Err(err) => {
                    tracing::error!(error = %err, "enrolled tenant lookup failed");
                    None
                }
            };
            Json(EnrollResponse {
                device_id: e.device_id,
                token: e.token,
                meta_callback_path: tenant
                    .as_ref()
                    .map(|t| format!("/hooks/meta/{}", t.path_token)),
                verify_token: tenant.map(|t| t.verify_token),
                public_url: state.public_url.as_deref().map(str::to_string),
            })
            .into_response()
        }
        Err(e @ (RelayError::UnknownCode | RelayError::CodeUsed | RelayError::CodeExpired)) => {
            tracing::warn!(error = %e, "enrollment refused");
            refusal(StatusCode::FORBIDDEN, &e)
        }
        Err(e) => {
            tracing::error!(error = %e, "enrollment failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A handler argument: the device whose `Authorization: Bearer <token>` the
/// request carries, or the refusal [`authorized`] answers with. Checked where
/// it stands among the handler's arguments (a body is read after it).
pub struct Authorized(pub Device);

impl FromRequestParts<AppState> for Authorized {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        authorized(&state.store, &parts.headers)
            .await
            .map(Authorized)
    }
}

/// The device whose `Authorization: Bearer <token>` this is: 401 for a
/// missing or unknown token, 403 for a revoked or stale device.
async fn authorized(store: &Store, headers: &HeaderMap) -> Result<Device, Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let Some(token) = token else {
        return Err(refusal(
            StatusCode::UNAUTHORIZED,
            &RelayError::UnknownDevice,
        ));
    };
    match store.authenticate(token, now_millis()).await {
        Ok(d) => Ok(d),
        Err(e @ RelayError::UnknownDevice) => Err(refusal(StatusCode::UNAUTHORIZED, &e)),
        Err(e @ (RelayError::Revoked(_) | RelayError::Stale(_))) => {
            tracing::warn!(error = %e, "device refused");
            Err(refusal(StatusCode::FORBIDDEN, &e))
        }
        Err(e) => {
            tracing::error!(error = %e, "authentication failed");
            Err(StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
    }
}

/// `GET /v1/stream` with `Authorization: Bearer <token>`: 401 for an unknown
/// token, 403 for a revoked or stale device, else the WebSocket. Over the
/// connection cap the socket gets one `retry_after` frame and is closed.
pub async fn stream(
    State(state): State<AppState>,
    ws: WebSocketUpgrade,
    Authorized(device): Authorized,
) -> Response {
    let (store, ping_every) = (state.store, state.ping_every);
    let slot = state.gate.enter();
    // Small buffers: most sockets sit idle for hours, and tungstenite's
    // defaults (128 KiB each way) cost ~140 KiB per idle device. Frames
    // larger than these still pass; the buffers grow for them.
    ws.read_buffer_size(SOCKET_BUFFER)
        .write_buffer_size(SOCKET_BUFFER)
        .on_upgrade(move |mut socket| async move {
            let id = device.id.clone();
            let _slot = match slot {
                Ok(slot) => slot,
                Err(RetryAfter(seconds)) => {
                    let _ = send(&mut socket, &ServerFrame::RetryAfter { seconds }).await;
                    let _ = socket.send(Message::Close(None)).await;
                    tracing::info!(device = %id, seconds, "stream refused: retry_after");
                    return;
                }
            };
            match run(store, device, socket, ping_every).await {
                Ok(()) => tracing::debug!(device = %id, "stream closed"),
                Err(e) => tracing::warn!(device = %id, error = %e, "stream ended"),
            }
        })
}

#[derive(Debug, thiserror::Error)]
enum StreamError {
    #[error(transparent)]
    Store(#[from] RelayError),
    #[error("socket: {0}")]
    Socket(#[from] axum::Error),
    #[error("protocol: {0}")]
    Protocol(String),
    #[error("no pong to two pings: the peer is gone")]
    Dead,
}

/// What the peer sent, as far as the delivery loop cares.
enum Incoming {
    Text(String),
    Pong,
    Closed,
}

fn parse(msg: &str) -> Result<ClientFrame, StreamError> {
    serde_json::from_str(msg).map_err(|e| StreamError::Protocol(e.to_string()))
}

async fn send(socket: &mut WebSocket, frame: &ServerFrame) -> Result<(), StreamError> {
    let text = serde_json::to_string(frame).expect("frames serialise");
    socket.send(Message::Text(text.into())).await?;
    Ok(())
}

/// Next text frame or pong (axum answers pings itself).
async fn next_incoming(socket: &mut WebSocket) -> Result<Incoming, StreamError> {
    while let Some(msg) = socket.recv().await {
        match msg? {
            Message::Text(t) => return Ok(Incoming::Text(t.to_string())),
            Message::Pong(_) => return Ok(Incoming::Pong),
            Message::Close(_) => return Ok(Incoming::Closed),
            _ => {}
        }
    }
    Ok(Incoming::Closed)
}

async fn run(
    store: Store,
    device: Device,
    mut socket: WebSocket,
    ping_every: Duration,
) -> Result<(), StreamError> {
    // A socket that never says hello must not be held forever.
    let hello = loop {
        match tokio::time::timeout(2 * ping_every, next_incoming(&mut socket)).await {
            Err(_) => return Err(StreamError::Dead),
            Ok(Ok(Incoming::Text(t))) => break parse(&t)?,
            Ok(Ok(Incoming::Pong)) => continue,
            Ok(Ok(Incoming::Closed)) => return Ok(()),
            Ok(Err(e)) => return Err(e),
        }
    };
    let ClientFrame::Hello { last_acked_seq } = hello else {
        let message = "expected hello".to_string();
        send(
            &mut socket,
            &ServerFrame::Error {
                message: message.clone(),
            },
        )
        .await?;
        return Err(StreamError::Protocol(message));
    };
    // Resume from what the desktop says it committed (it may have lost more
    // than the relay believes); record it without ever moving backwards.
    let from = last_acked_seq.max(0);
    store.ack(&device.id, from, now_millis()).await?;
    let mut cursor = Cursor {
        sent: from,
        acked: from,
        stored: from,
    };
    let result = pump(&store, &device, &mut socket, ping_every, &mut cursor).await;
    // whatever ended the socket, keep the last ack (a lost one only means a
    // redelivery, which the desktop absorbs)
    if cursor.acked > cursor.stored {
        if let Err(e) = store.ack(&device.id, cursor.acked, now_millis()).await {
            tracing::warn!(device = %device.id, error = %e, "last ack not stored");
        }
    }
    result
}

/// Where one socket stands: the last seq sent, acked by the device, and
/// acked in the store. Acks are stored at most every [`ACK_STORE_EVERY`]:
/// the desktop acks every frame, and a durable write per frame made a
/// backlog drain fifty times slower than it needs to be.
struct Cursor {
    sent: i64,
    acked: i64,
    stored: i64,
}

/// How often a socket's newest ack is written to the store.
const ACK_STORE_EVERY: Duration = Duration::from_millis(250);

/// The window is refilled once this many frames are free, so a device that
/// acks frame by frame is sent batches rather than one read per ack.
const REFILL_AT: i64 = READ_BATCH;

async fn pump(
    store: &Store,
    device: &Device,
    socket: &mut WebSocket,
    ping_every: Duration,
    cursor: &mut Cursor,
) -> Result<(), StreamError> {
    let mut wake = store.subscribe(&device.tenant_id);
    let mut head = store.last_seq(&device.tenant_id).await?;
    send(socket, &ServerFrame::Welcome { head_seq: head }).await?;
    tracing::info!(device = %device.id, from = cursor.sent, head, "stream resumed");
    let mut ping = tokio::time::interval(ping_every);
    ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut flush = tokio::time::interval(ACK_STORE_EVERY);
    flush.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut unanswered = 0u32;
    loop {
        head = head.max(*wake.borrow_and_update());
        let room = WINDOW - (cursor.sent - cursor.acked);
        if room >= REFILL_AT.min(WINDOW) {
            let events = store
                .read_after(&device.tenant_id, cursor.sent, room.min(READ_BATCH) as u32)
                .await?;
            if !events.is_empty() {
                for event in events {
                    cursor.sent = event.seq;
                    head = head.max(cursor.sent);
                    let mut frame = ServerFrame::from(event);
                    if let ServerFrame::Deliver { head_seq, .. } = &mut frame {
                        *head_seq = Some(head);
                    }
                    send(socket, &frame).await?;
                }
                continue;
            }
        }
        tokio::select! {
            msg = next_incoming(socket) => match msg? {
                Incoming::Pong => unanswered = 0,
                Incoming::Text(t) => match parse(&t)? {
                    ClientFrame::Ack { up_to_seq } => {
                        unanswered = 0;
                        cursor.acked = cursor.acked.max(up_to_seq.min(cursor.sent));
                    }
                    ClientFrame::Hello { .. } => return Err(StreamError::Protocol("second hello".into())),
                },
                Incoming::Closed => return Ok(()),
            },
            _ = flush.tick(), if cursor.acked > cursor.stored => {
                cursor.stored = store.ack(&device.id, cursor.acked, now_millis()).await?.max(cursor.stored);
            }
            _ = ping.tick() => {
                if unanswered >= 2 {
                    return Err(StreamError::Dead);
                }
                unanswered += 1;
                socket.send(Message::Ping(Default::default())).await?;
            }
            changed = wake.changed(), if room >= REFILL_AT.min(WINDOW) => {
                if changed.is_err() {
                    return Ok(());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_match_the_protocol() {
        let hello: ClientFrame =
            serde_json::from_str(r#"{"type":"hello","last_acked_seq":7}"#).unwrap();
        assert_eq!(hello, ClientFrame::Hello { last_acked_seq: 7 });
        let ack: ClientFrame = serde_json::from_str(r#"{"type":"ack","up_to_seq":9}"#).unwrap();
        assert_eq!(ack, ClientFrame::Ack { up_to_seq: 9 });
        let frame: ServerFrame = Event {
            seq: 1,
            event_id: "e".into(),
            received_at: 5,
            source: Source::Twilio,
            headers: BTreeMap::new(),
            body: b"hi".to_vec(),
        }
        .into();
        let json = serde_json::to_value(&frame).unwrap();
        assert_eq!(json["type"], "deliver");
        assert_eq!(json["body_base64"], "aGk=");
        assert_eq!(json["source"], "twilio");
        let old: ServerFrame = serde_json::from_str(
            r#"{"type":"deliver","seq":1,"event_id":"e","received_at":5,"headers":{},"body_base64":""}"#,
        )
        .unwrap();
        assert!(matches!(
            old,
            ServerFrame::Deliver {
                source: Source::Meta,
                ..
            }
        ));
        let retry = serde_json::to_value(ServerFrame::RetryAfter { seconds: 31 }).unwrap();
        assert_eq!(
            retry,
            serde_json::json!({"type": "retry_after", "seconds": 31})
        );
    }
}
