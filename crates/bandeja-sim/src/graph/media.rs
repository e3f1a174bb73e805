//! Media endpoints: multipart upload with Meta's type and size rules,
//! `GET /{media_id}` handing out a download URL valid for 5 simulated
//! minutes, the download itself (bearer token required; expired or forged
//! URLs get 404, so clients must re-query the ID) and delete.

use std::sync::Arc;

use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::{ok, Call};
use crate::error::GraphError;
use crate::media::{self, StoredMedia};
use crate::sim::Sim;

pub async fn upload(sim: &Sim, pnid: &str, req: Request) -> Result<Response, GraphError> {
    let mut mp = Multipart::from_request(req, &())
        .await
        .map_err(|e| GraphError::param(format!("The request must be multipart/form-data: {e}")))?;
    let (mut product, mut declared, mut file) = (None, None, None);
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| GraphError::param(format!("Malformed multipart body: {e}")))?
    {
        match field.name().unwrap_or("") {
            "messaging_product" => product = field.text().await.ok(),
            "type" => declared = field.text().await.ok(),
            "file" => {
                let ctype = field.content_type().map(str::to_string);
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| GraphError::param(format!("Could not read the file: {e}")))?;
                file = Some((ctype, bytes));
            }
            _ => {}
        }
    }
    if product.as_deref() != Some("whatsapp") {
        return Err(GraphError::param(
            "The parameter messaging_product is required.",
        ));
    }
    let Some((file_type, bytes)) = file else {
        return Err(GraphError::param("The parameter file is required."));
    };
    let mime = declared
        .or(file_type)
        .ok_or_else(|| GraphError::param("The parameter type is required."))?;
    let Some((kind, max)) = media::kind_of(&mime) else {
        return Err(GraphError::param(format!(
            "Param file must be a file with one of the following types: {}. Received file of type '{mime}'.",
            media::SUPPORTED
        )));
    };
    if bytes.is_empty() || bytes.len() > max {
        return Err(GraphError::whatsapp(
            131053,
            format!(
                "{kind} files must be 1 to {max} bytes; this one has {} bytes.",
                bytes.len()
            ),
        ));
    }
    if media::contradicts(&mime, &bytes) {
        return Err(GraphError::whatsapp(
            131053,
            format!("The file's content does not match its MIME type {mime}."),
        ));
    }
    let id = sim.with_world(|w, now_ms, _| {
        let now_s = now_ms.div_euclid(1000);
        let id = w.ids.media_id();
        w.media.insert(
            id.clone(),
            StoredMedia {
                id: id.clone(),
                phone_number_id: pnid.into(),
                mime_type: mime.clone(),
                bytes: Arc::new(bytes.to_vec()),
                created_s: now_s,
                expires_s: now_s + media::UPLOAD_TTL_S,
            },
        );
        id
    });
    Ok(ok(json!({ "id": id })))
}

/// The media if it is alive and (when asked) belongs to `phone_number_id`.
fn find(sim: &Sim, id: &str, call: &Call) -> Result<StoredMedia, GraphError> {
    let method = call.method.as_str();
    sim.with_world(|w, now_ms, _| {
        let m = w
            .media
            .get(id)
            .filter(|m| now_ms.div_euclid(1000) < m.expires_s)
            .filter(|m| {
                call.str("phone_number_id")
                    .is_none_or(|p| p == m.phone_number_id)
            })
            .cloned();
        m.ok_or_else(|| GraphError::unknown_object(method, id))
    })
}

pub fn url_response(sim: &Sim, id: &str, call: &Call) -> Result<Response, GraphError> {
    let m = find(sim, id, call)?;
    let base = call
        .host
        .as_ref()
        .map_or_else(|| sim.base_url(), |h| format!("http://{h}"));
    let url = media::download_url(
        &base,
        sim.app_secret(),
        id,
        sim.now() + media::URL_TTL_S,
        false,
    );
    Ok(ok(json!({
        "messaging_product": "whatsapp",
        "url": url,
        "mime_type": m.mime_type,
        "sha256": m.sha256_hex(),
        "file_size": m.bytes.len().to_string(),
        "id": m.id,
    })))
}

pub fn delete(sim: &Sim, id: &str, call: &Call) -> Result<Response, GraphError> {
    find(sim, id, call)?;
    sim.with_world(|w, _, _| w.media.remove(id));
    Ok(ok(json!({ "success": true })))
}

/// `GET <url>` with the bearer token → the bytes.
pub async fn download(State(sim): State<Sim>, headers: HeaderMap, uri: Uri) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::to_string);
    if let Err(e) =
        sim.with_world(|w, now_ms, _| w.check_token(token.as_deref(), now_ms.div_euclid(1000)))
    {
        let mut e = e;
        e.status = 401;
        return e.into_response();
    }
    let q: std::collections::HashMap<String, String> = uri
        .query()
        .map(|q| super::url_pairs(q).collect())
        .unwrap_or_default();
    let (mid, ext, hash) = (
        q.get("mid").cloned().unwrap_or_default(),
        q.get("ext")
            .and_then(|e| e.parse::<i64>().ok())
            .unwrap_or(0),
        q.get("hash").cloned().unwrap_or_default(),
    );
    let not_found = |why: &'static str| (StatusCode::NOT_FOUND, why).into_response();
    if !media::url_signature_ok(sim.app_secret(), &mid, ext, &hash) {
        return not_found("Invalid URL signature");
    }
    if sim.now() >= ext {
        return not_found("URL signature expired");
    }
    let m = sim.with_world(|w, now_ms, _| {
        w.media
            .get(&mid)
            .filter(|m| now_ms.div_euclid(1000) < m.expires_s)
            .cloned()
    });
    match m {
        Some(m) => (
            [(header::CONTENT_TYPE, m.mime_type.clone())],
            m.bytes.as_ref().clone(),
        )
            .into_response(),
        None => not_found("Media not found"),
    }
}
