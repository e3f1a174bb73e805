//! The dev bridge: the same commands over loopback HTTP, events over a
//! WebSocket, and the built UI as static files — so Playwright can drive the
//! real UI in Chromium against the real core.
//!
//! `POST /api/<command>` with the JSON input (empty body = `null`) answers 200
//! with the JSON output, or an error status with `ApiError`. `GET /events`
//! upgrades to a WebSocket of `UiEvent` JSON frames. Requests from another
//! origin are refused, so a web page cannot drive a developer's bridge.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::body::Bytes;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bandeja_core::Core;
use tokio::sync::broadcast::error::RecvError;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::{ApiError, UiEvent};

/// The policy the desktop window uses too: only our own code runs.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; media-src 'self' blob:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// 100 MB of file as base64, plus the rest of the JSON.
pub const MAX_API_BODY: usize = 140 * 1024 * 1024;

#[derive(Clone)]
struct BridgeState {
    core: Core,
}

pub fn router(core: Core, ui_dir: Option<PathBuf>) -> Router {
    let api = Router::new()
        // files travel base64 in `send_media` (WhatsApp documents go up to 100 MB)
        .route(
            "/api/{cmd}",
            post(command).layer(axum::extract::DefaultBodyLimit::max(MAX_API_BODY)),
        )
        .route("/events", get(events))
        .route("/media/{message_id}", get(media))
        .route("/media/{message_id}/{index}", get(email_part))
        .with_state(BridgeState { core });
    let app = match ui_dir {
        Some(dir) => api.fallback_service(
            ServeDir::new(&dir).not_found_service(ServeFile::new(dir.join("index.html"))),
        ),
        None => api,
    };
    app.layer(SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    ))
}

fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return true; // not a browser cross-origin request
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let loopback = |h: &str| {
        h.starts_with("127.0.0.1:")
            || h.starts_with("localhost:")
            || h == "localhost"
            || h == "127.0.0.1"
    };
    let origin_host = origin.trim_start_matches("http://");
    loopback(host) && origin_host == host
}

fn status_for(e: &ApiError) -> StatusCode {
    match e.code.as_str() {
        "bad_input" => StatusCode::BAD_REQUEST,
        "not_found" | "unknown_command" => StatusCode::NOT_FOUND,
        "forbidden" => StatusCode::FORBIDDEN,
        "database_locked" => StatusCode::SERVICE_UNAVAILABLE,
        "window_closed" => StatusCode::CONFLICT,
        "no_recipient" => StatusCode::UNPROCESSABLE_ENTITY,
        "not_available" => StatusCode::NOT_IMPLEMENTED,
        "template_not_approved" => StatusCode::CONFLICT,
        "messaging_limit" | "plan_quota" => StatusCode::TOO_MANY_REQUESTS,
        "missing_variables" => StatusCode::UNPROCESSABLE_ENTITY,
        "provider_error" => StatusCode::BAD_GATEWAY,
        "reconnect_needed" => StatusCode::UNAUTHORIZED,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

async fn command(
    State(st): State<BridgeState>,
    Path(cmd): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !same_origin(&headers) {
        let e = ApiError::new("forbidden", "requests from another origin are refused");
        return (status_for(&e), Json(e)).into_response();
    }
    let input = if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                let e = ApiError::bad_input(format!("request body is not JSON: {e}"));
                return (status_for(&e), Json(e)).into_response();
            }
        }
    };
    match crate::call(&st.core, &cmd, input).await {
        Ok(v) => Json(v).into_response(),
        Err(e) => (status_for(&e), Json(e)).into_response(),
    }
}

/// An attachment's file (with Range support, so audio and video can seek).
async fn media(
    State(st): State<BridgeState>,
    Path(message_id): Path<i64>,
    headers: HeaderMap,
    req: axum::extract::Request,
) -> Response {
    if !same_origin(&headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let (path, mime, _) = match crate::media_file(&st.core, message_id).await {
        Ok(f) => f,
        Err(e) => return (status_for(&e), Json(e)).into_response(),
    };
    let mime: mime::Mime = mime.parse().unwrap_or(mime::APPLICATION_OCTET_STREAM);
    let mut res = match ServeFile::new_with_mime(path, &mime).try_call(req).await {
        Ok(r) => r.into_response(),
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    };
    res.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

/// An email attachment or inline image.
async fn email_part(
    State(st): State<BridgeState>,
    Path((message_id, index)): Path<(i64, usize)>,
    headers: HeaderMap,
) -> Response {
    if !same_origin(&headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    match crate::email_part(&st.core, message_id, index).await {
        Ok((name, mime, bytes)) => {
            let mut res = (StatusCode::OK, bytes).into_response();
            let h = res.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&mime) {
                h.insert(header::CONTENT_TYPE, v);
            }
            for (k, v) in crate::part_headers(&name, &mime) {
                if let Ok(v) = HeaderValue::from_str(&v) {
                    h.insert(k, v);
                }
            }
            res
        }
        Err(e) => (status_for(&e), Json(e)).into_response(),
    }
}

async fn events(
    State(st): State<BridgeState>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if !same_origin(&headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    ws.on_upgrade(move |socket| forward(socket, st.core))
}

async fn forward(mut socket: WebSocket, core: Core) {
    let mut rx = core.subscribe();
    tracing::debug!("events socket opened");
    loop {
        tokio::select! {
            ev = rx.recv() => {
                let ev: UiEvent = match ev {
                    Ok(e) => e.into(),
                    // fell behind: the UI refreshes everything instead
                    Err(RecvError::Lagged(_)) => UiEvent::WorkspaceChanged,
                    Err(RecvError::Closed) => break,
                };
                let text = serde_json::to_string(&ev).expect("event serializes");
                if socket.send(Message::Text(text.into())).await.is_err() {
                    break;
                }
            }
            msg = socket.recv() => match msg {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                _ => {}
            }
        }
    }
    tracing::debug!("events socket closed");
}

/// Bind on loopback (port 0 = any free port) and serve until the task ends.
pub async fn serve(
    core: Core,
    ui_dir: Option<PathBuf>,
    port: u16,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<std::io::Result<()>>)> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let app = router(core, ui_dir);
    let handle = tokio::spawn(async move { axum::serve(listener, app).await });
    Ok((addr, handle))
}
