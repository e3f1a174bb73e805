//! WhatsApp Embedded Signup, server side (whatsapp-cloud-api.md §10).
//!
//! Meta's JS SDK only runs on an allowed HTTPS domain, which a desktop
//! webview is not, so the relay serves the page (`GET /signup`, opened in the
//! system browser). The page hands the short-lived authorization code back to
//! the desktop (a loopback `return` URL, else a `bandeja://signup` link), and
//! the desktop asks the relay to exchange it (`POST /v1/signup/exchange`):
//! the exchange needs the app secret, which must never be on a desktop. The
//! business token goes back to that enrolled device only, over its
//! authenticated request, and is never stored or logged here.

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::config::Signup;
use crate::stream::Authorized;
use crate::AppState;

/// The page's Content-Security-Policy: its own script and Meta's SDK, Meta's
/// login frames, nothing else; no inline script.
pub const CSP: &str = "default-src 'none'; script-src 'self' https://connect.facebook.net; \
    connect-src https://*.facebook.com https://connect.facebook.net; \
    frame-src https://*.facebook.com; img-src https://*.facebook.com https://*.fbcdn.net data:; \
    style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SCRIPT: &str = include_str!("signup.js");

/// The configured app and an HTTP client for Graph.
#[derive(Debug)]
pub struct Exchange {
    pub signup: Signup,
    http: reqwest::Client,
}

impl Exchange {
    pub fn new(signup: Signup) -> Exchange {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .unwrap_or_default();
        Exchange { signup, http }
    }
}

#[derive(Debug, Deserialize)]
pub struct ExchangeRequest {
    pub code: String,
}

/// What the device gets: Graph's OAuth answer, passed through.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExchangeResponse {
    pub access_token: String,
    #[serde(default)]
    pub token_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(serde_json::json!({ "error": message.into() }))).into_response()
}

fn not_configured() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "Embedded Signup is not configured on this relay (meta.app_id, meta.config_id)",
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The Graph version in `graph_base` (`…/v25.0`), for `FB.init`.
fn graph_version(graph_base: &str) -> &str {
    graph_base
        .rsplit('/')
        .next()
        .filter(|v| v.starts_with('v') && v[1..].chars().all(|c| c.is_ascii_digit() || c == '.'))
        .unwrap_or("v25.0")
}

/// The page's HTML for `signup`.
pub fn page_html(signup: &Signup) -> String {
    format!(
        r#"<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Bandeja · WhatsApp</title>
</head>
<body>
<main id="signup" data-app-id="{app}" data-config-id="{config}" data-version="{version}">
<h1>Conectar WhatsApp · Connect WhatsApp</h1>
<p>Inicia sesión con Facebook para conectar el número de tu empresa a Bandeja.<br>
Log in with Facebook to connect your business number to Bandeja.</p>
<button id="start" type="button" disabled>Conectar con Facebook · Connect with Facebook</button>
<p id="status" role="status"></p>
</main>
<script src="/signup/signup.js"></script>
<script async defer crossorigin="anonymous" src="https://connect.facebook.net/en_US/sdk.js"></script>
</body>
</html>
"#,
        app = escape(&signup.app_id),
        config = escape(&signup.config_id),
        version = escape(graph_version(&signup.graph_base)),
    )
}

/// `GET /signup`: the page, or 404 when no Meta app is configured.
pub async fn page(State(state): State<AppState>) -> Response {
    let Some(exchange) = state.signup.as_deref() else {
        return not_configured();
    };
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        page_html(&exchange.signup),
    )
        .into_response()
}

/// `GET /signup/signup.js`: the page's script (no inline script under the CSP).
pub async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        SCRIPT,
    )
        .into_response()
}

/// `POST /v1/signup/exchange {"code"}` (Bearer device token): exchange the
/// code at `{graph_base}/oauth/access_token` with the tenant's app secret.
pub async fn exchange(
    State(state): State<AppState>,
    Authorized(device): Authorized,
    body: axum::body::Bytes,
) -> Response {
    let Some(exchange) = state.signup.as_deref() else {
        return not_configured();
    };
    let code = match serde_json::from_slice::<ExchangeRequest>(&body) {
        Ok(r) if !r.code.trim().is_empty() => r.code.trim().to_string(),
        Ok(_) => return error(StatusCode::BAD_REQUEST, "code is empty"),
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("expected {{\"code\": \"…\"}}: {e}"),
            )
        }
    };
    let tenant = match state.store.tenant(&device.tenant_id).await {
        Ok(Some(t)) => t,
        Ok(None) | Err(_) => {
            tracing::error!(device = %device.id, "signup: the device's tenant is missing");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let url = format!("{}/oauth/access_token", exchange.signup.graph_base);
    let sent = exchange
        .http
        .get(&url)
        .query(&[
            ("client_id", exchange.signup.app_id.as_str()),
            ("client_secret", tenant.app_secret.as_str()),
            ("code", code.as_str()),
        ])
        .send()
        .await;
    let res = match sent {
        Ok(r) => r,
        Err(e) => {
            // without_url: the URL carries the app secret.
            let e = e.without_url();
            tracing::error!(device = %device.id, error = %e, "signup: Graph unreachable");
            return error(StatusCode::BAD_GATEWAY, format!("cannot reach Graph: {e}"));
        }
    };
    let status = res.status();
    let bytes = res.bytes().await.unwrap_or_default();
    if !status.is_success() {
        let graph: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        let message = graph["error"]["message"]
            .as_str()
            .unwrap_or("no error message")
            .to_string();
        tracing::warn!(device = %device.id, %status, %message, "signup: Meta refused the code");
        return (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({
                "error": format!("Meta refused the code: {message}"),
                "graph_code": graph["error"]["code"],
                "graph_subcode": graph["error"]["error_subcode"],
            })),
        )
            .into_response();
    }
    match serde_json::from_slice::<ExchangeResponse>(&bytes) {
        Ok(token) => {
            tracing::info!(device = %device.id, tenant = %tenant.id, "signup: code exchanged");
            ([(header::CACHE_CONTROL, "no-store")], Json(token)).into_response()
        }
        Err(e) => {
            tracing::error!(device = %device.id, error = %e, "signup: unexpected Graph answer");
            error(StatusCode::BAD_GATEWAY, "unexpected answer from Graph")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_escapes_and_picks_the_version() {
        let html = page_html(&Signup {
            app_id: "1\"><script>".into(),
            config_id: "cfg".into(),
            graph_base: "https://graph.facebook.com/v24.0".into(),
        });
        assert!(html.contains("data-app-id=\"1&quot;&gt;&lt;script&gt;\""));
        assert!(html.contains("data-version=\"v24.0\""));
        assert_eq!(graph_version("http://127.0.0.1:9/x"), "v25.0");
    }
}
