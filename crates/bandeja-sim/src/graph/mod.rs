//! The Graph API surface: `/{version}/{node}` and `/{version}/{node}/{edge}`
//! for any `vNN.0`, with Graph's habits — the token may come as a bearer
//! header or `access_token` parameter, parameters may come as JSON, a form
//! or the query string, unknown IDs get the "Unsupported get request" error
//! (code 100, subcode 33) and unknown edges "Unknown path components" (2500).

pub mod account;
mod media;
pub mod profile;
mod templates;

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use serde_json::{Map, Value};

use crate::error::GraphError;
use crate::media::DOWNLOAD_PATH;
use crate::sim::Sim;

/// Uploads may be documents of up to 100 MB.
const MAX_BODY: usize = 110 * 1024 * 1024;

pub fn routes() -> Router<Sim> {
    Router::new()
        .route("/{version}/{node}", any(node))
        .route("/{version}/{node}/{edge}", any(edge))
        .route(DOWNLOAD_PATH, get(media::download))
        .route(DOWNLOAD_PATH.trim_end_matches('/'), get(media::download))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

/// One Graph call: version, method, parameters and token.
pub(crate) struct Call {
    pub version: u32,
    pub method: Method,
    pub params: Map<String, Value>,
    pub token: Option<String>,
    pub host: Option<String>,
}

impl Call {
    pub fn str(&self, key: &str) -> Option<&str> {
        self.params.get(key).and_then(Value::as_str)
    }

    /// `fields=a,b,c` as a list (empty = default fields).
    pub fn fields(&self) -> Vec<String> {
        self.str("fields")
            .map(|f| {
                f.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn body(&self) -> Value {
        Value::Object(self.params.clone())
    }
}

fn parse_version(v: &str) -> Option<u32> {
    let rest = v.strip_prefix('v')?;
    let (major, minor) = rest.split_once('.').unwrap_or((rest, "0"));
    minor.parse::<u32>().ok()?;
    major.parse().ok()
}

fn query_map(uri: &axum::http::Uri) -> Map<String, Value> {
    let q: HashMap<String, String> = uri
        .query()
        .map(|q| url_pairs(q).collect())
        .unwrap_or_default();
    q.into_iter().map(|(k, v)| (k, Value::String(v))).collect()
}

/// Decode `a=b&c=d` (percent-encoding and `+` for spaces).
pub(crate) fn url_pairs(q: &str) -> impl Iterator<Item = (String, String)> + '_ {
    q.split('&').filter(|p| !p.is_empty()).map(|p| {
        let (k, v) = p.split_once('=').unwrap_or((p, ""));
        (percent_decode(k), percent_decode(v))
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| std::str::from_utf8(&bytes[i + 1..i + 3]).ok())
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], decoded) {
            (_, Some(b)) => {
                out.push(b);
                i += 3;
                continue;
            }
            (b'+', None) => out.push(b' '),
            (b, None) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("oauth"))
        .then(|| token.trim().to_string())
}

/// Merge query parameters with a JSON or form body (body wins).
fn params_from(
    headers: &HeaderMap,
    uri: &axum::http::Uri,
    body: &[u8],
) -> Result<Map<String, Value>, GraphError> {
    let mut params = query_map(uri);
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let trimmed = body
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .copied()
        .next();
    if body.is_empty() || trimmed.is_none() {
        return Ok(params);
    }
    if ctype.starts_with("application/x-www-form-urlencoded") {
        let text = String::from_utf8_lossy(body);
        for (k, v) in url_pairs(&text) {
            // Graph accepts JSON-encoded values inside form fields.
            let value = serde_json::from_str(&v)
                .ok()
                .filter(|j: &Value| j.is_object() || j.is_array());
            params.insert(k, value.unwrap_or(Value::String(v)));
        }
        return Ok(params);
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => {
            params.extend(m);
            Ok(params)
        }
        _ => Err(GraphError::param("The request body must be a JSON object.")),
    }
}

async fn call_from(
    version: &str,
    req: Request,
    read_body: bool,
) -> Result<(Call, Request<Body>), GraphError> {
    let version_n =
        parse_version(version).ok_or_else(|| GraphError::unknown_path(&format!("/{version}")))?;
    let (parts, body) = req.into_parts();
    let (bytes, body) = if read_body {
        let bytes = axum::body::to_bytes(body, MAX_BODY)
            .await
            .map_err(|_| GraphError::param("Could not read the request body."))?;
        (bytes, Body::empty())
    } else {
        (Default::default(), body)
    };
    let params = params_from(&parts.headers, &parts.uri, &bytes)?;
    let token = bearer(&parts.headers).or_else(|| {
        params
            .get("access_token")
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string);
    let call = Call {
        version: version_n,
        method: parts.method.clone(),
        params,
        token,
        host,
    };
    // A body not read here (multipart uploads) travels on with the headers.
    let rest = Request::from_parts(parts, body);
    Ok((call, rest))
}

pub(crate) fn ok(v: Value) -> Response {
    Json(v).into_response()
}

fn authorize(sim: &Sim, call: &Call) -> Result<(), GraphError> {
    sim.with_world(|w, now_ms, _| w.check_token(call.token.as_deref(), now_ms.div_euclid(1000)))
}

async fn node(
    State(sim): State<Sim>,
    Path((version, node)): Path<(String, String)>,
    req: Request,
) -> Response {
    let result = async {
        let (call, _) = call_from(&version, req, true).await?;
        authorize(&sim, &call)?;
        let kind = sim.with_world(|w, _, _| {
            if w.number(&node).is_some() {
                "number"
            } else if w.media.contains_key(&node) {
                "media"
            } else if w.templates.iter().any(|t| t.id == node) {
                "template"
            } else if w.cfg.waba_id == node {
                "waba"
            } else {
                "unknown"
            }
        });
        match (kind, call.method.as_str()) {
            ("number", "GET") => account::phone_fields(&sim, &node, &call),
            ("number", "POST") => account::number_settings(&sim, &node, &call).await,
            ("media", "GET") => media::url_response(&sim, &node, &call),
            ("media", "DELETE") => media::delete(&sim, &node, &call),
            ("template", "GET") => templates::get_one(&sim, &node, &call),
            ("template", "POST") => templates::edit(&sim, &node, &call),
            ("waba", "GET") => account::waba(&sim, &call),
            _ => Err(GraphError::unknown_object(call.method.as_str(), &node)),
        }
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

async fn edge(
    State(sim): State<Sim>,
    Path((version, node, edge)): Path<(String, String, String)>,
    req: Request,
) -> Response {
    let result = async {
        if node == "oauth" && edge == "access_token" {
            let (call, _) = call_from(&version, req, true).await?;
            return account::oauth_exchange(&sim, &call);
        }
        let upload = edge == "media" && req.method() == Method::POST;
        let (call, rest) = call_from(&version, req, !upload).await?;
        authorize(&sim, &call)?;
        let (is_number, is_waba) =
            sim.with_world(|w, _, _| (w.number(&node).is_some(), w.cfg.waba_id == node));
        let method = call.method.as_str();
        match (is_number, is_waba, edge.as_str(), method) {
            (true, _, "messages", "POST") => {
                let body = call.body();
                sim.with_world(|w, now_ms, out| {
                    crate::send::handle(w, &node, call.version, &body, now_ms, out)
                })
                .map(ok)
            }
            (true, _, "media", "POST") => media::upload(&sim, &node, rest).await,
            (true, _, "whatsapp_business_profile", "GET") => {
                profile::profile_get(&sim, &node, &call)
            }
            (true, _, "whatsapp_business_profile", "POST") => {
                profile::profile_post(&sim, &node, &call)
            }
            (true, _, "register", "POST") => account::register(&sim, &node, &call),
            (true, _, "deregister", "POST") => Ok(ok(serde_json::json!({"success": true}))),
            (_, true, "message_templates", "GET") => templates::list(&sim, &call),
            (_, true, "message_templates", "POST") => templates::create(&sim, &call),
            (_, true, "message_templates", "DELETE") => templates::delete(&sim, &call),
            (_, true, "phone_numbers", "GET") => account::phone_numbers(&sim, &call),
            (_, true, "subscribed_apps", _) => account::subscribed_apps(&sim, &call).await,
            (
                true,
                _,
                "messages" | "media" | "whatsapp_business_profile" | "register" | "deregister",
                _,
            )
            | (_, true, "message_templates" | "phone_numbers", _) => {
                Err(GraphError::unknown_object(method, &node))
            }
            (false, false, _, _) => Err(GraphError::unknown_object(method, &node)),
            _ => Err(GraphError::unknown_path(&format!("/{edge}"))),
        }
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_decoding() {
        assert_eq!(parse_version("v25.0"), Some(25));
        assert_eq!(parse_version("v23"), Some(23));
        assert_eq!(parse_version("latest"), None);
        let m: HashMap<_, _> = url_pairs("name=hola+mundo&x=%C2%BF").collect();
        assert_eq!(m["name"], "hola mundo");
        assert_eq!(m["x"], "¿");
    }
}
