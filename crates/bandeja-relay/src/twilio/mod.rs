//! Twilio's webhooks: `POST /hooks/twilio/{path_token}` (form-urlencoded).
//!
//! Twilio signs the public URL it was given, not the one the relay sees
//! behind a proxy, so the URL is rebuilt from the configured `public_url`
//! plus the request's path and query. A bad signature is 403 with nothing
//! stored; a good one is appended to the tenant's log (source "twilio") and
//! answered with an empty TwiML document only after COMMIT — the same "200
//! means on disk" rule as Meta's. A tenant without a Twilio auth token has
//! no Twilio ingest (404), so an unverified path cannot be used to inject.

pub mod signature;

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::{AppState, Source};

/// The empty TwiML answer: "received, no reply".
pub const EMPTY_TWIML: &str = "<Response></Response>";

/// The stored header that records the URL the signature was checked against,
/// so a desktop holding the auth token can verify the envelope again.
pub const SIGNED_URL_HEADER: &str = "x-bandeja-signed-url";

/// The headers kept with a Twilio event.
pub fn kept_headers(headers: &HeaderMap, signed_url: &str) -> BTreeMap<String, String> {
    let mut kept: BTreeMap<String, String> = [signature::HEADER_NAME, "content-type"]
        .into_iter()
        .filter_map(|name| {
            let value = headers.get(name)?.to_str().ok()?;
            Some((name.to_string(), value.to_string()))
        })
        .collect();
    kept.insert(SIGNED_URL_HEADER.into(), signed_url.into());
    kept
}

pub async fn receive(
    State(state): State<AppState>,
    Path(path_token): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let tenant = match state.store.tenant_by_twilio_path(&path_token).await {
        Ok(Some(t)) => t,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "tenant lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let Some(auth_token) = tenant.twilio_auth_token.as_deref() else {
        tracing::warn!(tenant = %tenant.id, "twilio webhook for a tenant without an auth token");
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(public_url) = state.public_url.as_deref() else {
        tracing::error!("twilio webhook refused: public_url is not configured");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the relay's public_url is not configured",
        )
            .into_response();
    };
    let path_and_query = uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or(uri.path());
    let url = format!("{public_url}{path_and_query}");
    let sig = headers
        .get(signature::HEADER_NAME)
        .and_then(|v| v.to_str().ok());
    if let Err(e) = signature::verify(auth_token.as_bytes(), &url, &body, sig) {
        tracing::warn!(tenant = %tenant.id, error = %e, "twilio webhook refused");
        return StatusCode::FORBIDDEN.into_response();
    }
    let kept = kept_headers(&headers, &url);
    match state
        .store
        .append_from(Source::Twilio, &tenant.id, &kept, body.to_vec())
        .await
    {
        Ok(a) => {
            tracing::debug!(tenant = %tenant.id, seq = a.seq, duplicate = a.duplicate, "twilio webhook stored");
            ([(header::CONTENT_TYPE, "text/xml")], EMPTY_TWIML).into_response()
        }
        Err(e) => {
            tracing::error!(tenant = %tenant.id, error = %e, "twilio webhook not stored");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
