//! `bandeja-media://localhost/<message id>`: attachments for the window.
//!
//! The UI never gets file paths: it asks for a message's file by id, the
//! core checks that the member may see that conversation and that the file
//! is complete, and the bytes come back with their type. The CSP allows
//! media and images from this scheme only (no `asset:` access to the disk).

use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, UriSchemeContext, UriSchemeResponder};

use crate::commands::AppCore;

pub const SCHEME: &str = "bandeja-media";

fn reply(status: StatusCode, mime: &str, body: Vec<u8>) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, mime)
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::CACHE_CONTROL, "private, max-age=3600")
        .body(body)
        .expect("static response parts")
}

pub fn handle<R: tauri::Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let path = request.uri().path().trim_start_matches('/').to_string();
    // `<message id>` (a WhatsApp file) or `<message id>/<index>` (an email part)
    let (id, part) = match path.split_once('/') {
        Some((id, index)) => (id.parse::<i64>().ok(), index.parse::<usize>().ok()),
        None => (path.parse::<i64>().ok(), None),
    };
    tauri::async_runtime::spawn(async move {
        let Some(id) = id else {
            return responder.respond(reply(
                StatusCode::BAD_REQUEST,
                "text/plain",
                b"bad media id".to_vec(),
            ));
        };
        let Some(AppCore::Ready(core)) = app.try_state::<AppCore>().map(|s| s.inner().clone())
        else {
            return responder.respond(reply(
                StatusCode::SERVICE_UNAVAILABLE,
                "text/plain",
                Vec::new(),
            ));
        };
        if let Some(index) = part {
            let res = match bandeja_api::email_part(&core, id, index).await {
                Ok((name, mime, bytes)) => {
                    let mut r = reply(StatusCode::OK, &mime, bytes);
                    for (k, v) in bandeja_api::part_headers(&name, &mime) {
                        if let Ok(v) = tauri::http::HeaderValue::from_str(&v) {
                            r.headers_mut().insert(k, v);
                        }
                    }
                    r
                }
                Err(e) => reply(StatusCode::NOT_FOUND, "text/plain", e.message.into_bytes()),
            };
            return responder.respond(res);
        }
        let res = match bandeja_api::media_file(&core, id).await {
            Ok((path, mime, _)) => match tokio::fs::read(&path).await {
                Ok(bytes) => reply(StatusCode::OK, &mime, bytes),
                Err(e) => {
                    tracing::warn!(message = id, error = %e, "media file unreadable");
                    reply(StatusCode::NOT_FOUND, "text/plain", Vec::new())
                }
            },
            Err(e) => reply(StatusCode::NOT_FOUND, "text/plain", e.message.into_bytes()),
        };
        responder.respond(res);
    });
}
