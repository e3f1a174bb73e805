//! A client for Meta's Graph API (WhatsApp Cloud API) — the sending side.
//!
//! It turns outbox payloads into Graph requests and Meta's error envelopes
//! into [`GraphError`]s that keep Meta's code, subcode, title and details,
//! with a [`ErrorKind`] saying what the caller should do (retry later, back
//! off, reconnect, or give up). The base URL is configurable so tests run
//! against `bandeja-sim` on loopback.

use std::time::Duration;

use serde_json::{json, Value};

/// Where and as whom to call the Graph API for one business number.
#[derive(Clone)]
pub struct GraphConfig {
    /// `https://graph.facebook.com` in production; the simulator in tests.
    pub base_url: String,
    /// e.g. `v25.0`.
    pub version: String,
    pub phone_number_id: String,
    pub access_token: String,
}

impl std::fmt::Debug for GraphConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphConfig")
            .field("base_url", &self.base_url)
            .field("version", &self.version)
            .field("phone_number_id", &self.phone_number_id)
            .field("access_token", &"***")
            .finish()
    }
}

/// What to do about an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Try again with backoff (network, 5xx, codes 1, 2, 131000, 131016, 131057).
    Transient,
    /// Slow down; retry after the given time (4, 130429, 131056, 80007).
    RateLimited { retry_after: Duration },
    /// The token is expired or lacks permission (0, 190, 10, 200–299): reconnect.
    Auth,
    /// Will not succeed as sent (window closed, bad parameter, undeliverable…).
    Permanent,
}

/// A refusal from the Graph API (or the network), in Meta's own terms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{title} (code {code})")]
pub struct GraphError {
    pub http_status: Option<u16>,
    pub code: i64,
    pub subcode: Option<i64>,
    pub title: String,
    pub details: Option<String>,
}

impl GraphError {
    fn network(e: &reqwest::Error) -> GraphError {
        GraphError {
            http_status: None,
            code: -1,
            subcode: None,
            title: format!("network error: {e}"),
            details: None,
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self.code {
            -1 | 1 | 2 | 131000 | 131016 => ErrorKind::Transient,
            131057 => ErrorKind::RateLimited {
                retry_after: Duration::from_secs(60),
            },
            4 | 80007 => ErrorKind::RateLimited {
                retry_after: Duration::from_secs(300),
            },
            130429 => ErrorKind::RateLimited {
                retry_after: Duration::from_secs(2),
            },
            131056 => ErrorKind::RateLimited {
                retry_after: Duration::from_secs(6),
            },
            0 | 190 | 10 | 200..=299 => ErrorKind::Auth,
            _ if self.http_status.is_some_and(|s| s >= 500) => ErrorKind::Transient,
            _ => ErrorKind::Permanent,
        }
    }
}

/// Parse Meta's `{"error": {...}}` envelope (anything else becomes a
/// generic error that keeps the HTTP status).
pub fn parse_error(status: u16, body: &[u8]) -> GraphError {
    let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let e = &v["error"];
    let code = e["code"]
        .as_i64()
        .unwrap_or(if status >= 500 { 2 } else { 100 });
    let message = e["message"]
        .as_str()
        .unwrap_or("unexpected answer from the Graph API");
    // "(#131047) Re-engagement message" -> "Re-engagement message"
    let title = e["error_user_title"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| match message.split_once(") ") {
            Some((head, rest)) if head.starts_with("(#") => rest.to_string(),
            _ => message.to_string(),
        });
    GraphError {
        http_status: Some(status),
        code,
        subcode: e["error_subcode"].as_i64(),
        title,
        details: e["error_data"]["details"].as_str().map(str::to_string),
    }
}

/// The Graph request body for an outbox payload
/// (`{"type":"text","to","body","reply_to"}`).
pub fn message_request(payload: &Value) -> Result<Value, GraphError> {
    let bad = |what: &str| GraphError {
        http_status: None,
        code: 100,
        subcode: None,
        title: format!("cannot send: {what}"),
        details: None,
    };
    let to = payload["to"].as_str().ok_or_else(|| bad("no recipient"))?;
    let mut req = match payload["type"].as_str() {
        Some("text") => {
            let body = payload["body"].as_str().ok_or_else(|| bad("no text"))?;
            json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": to,
                   "type": "text", "text": {"preview_url": body.contains("http"), "body": body}})
        }
        Some("template") => {
            json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": to,
                                   "type": "template", "template": payload["template"].clone()})
        }
        Some("reaction") => {
            json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": to,
                                   "type": "reaction", "reaction": payload["reaction"].clone()})
        }
        other => return Err(bad(&format!("unknown payload type {other:?}"))),
    };
    if let Some(reply) = payload["reply_to"].as_str() {
        req["context"] = json!({"message_id": reply});
    }
    Ok(req)
}

/// One business number's Graph API client.
#[derive(Debug, Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    config: GraphConfig,
}

impl GraphClient {
    pub fn new(config: GraphConfig) -> GraphClient {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("HTTP client");
        GraphClient { http, config }
    }

    fn url(&self, path: &str) -> String {
        format!(
            "{}/{}/{}",
            self.config.base_url.trim_end_matches('/'),
            self.config.version,
            path
        )
    }

    /// Send an outbox payload; the answer is the new message's wamid.
    pub async fn send(&self, payload: &Value) -> Result<String, GraphError> {
        let body = message_request(payload)?;
        let res = self
            .http
            .post(self.url(&format!("{}/messages", self.config.phone_number_id)))
            .bearer_auth(&self.config.access_token)
            .json(&body)
            .send()
            .await
            .map_err(|e| GraphError::network(&e))?;
        let status = res.status().as_u16();
        let bytes = res.bytes().await.map_err(|e| GraphError::network(&e))?;
        if !(200..300).contains(&status) {
            return Err(parse_error(status, &bytes));
        }
        let v: Value = serde_json::from_slice(&bytes).map_err(|_| parse_error(status, &bytes))?;
        v["messages"][0]["id"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| parse_error(status, &bytes))
    }

    /// Tell the customer their message was read (blue ticks).
    pub async fn mark_read(&self, wamid: &str) -> Result<(), GraphError> {
        let res = self
            .http
            .post(self.url(&format!("{}/messages", self.config.phone_number_id)))
            .bearer_auth(&self.config.access_token)
            .json(&json!({"messaging_product": "whatsapp", "status": "read", "message_id": wamid}))
            .send()
            .await
            .map_err(|e| GraphError::network(&e))?;
        let status = res.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(());
        }
        let bytes = res.bytes().await.map_err(|e| GraphError::network(&e))?;
        Err(parse_error(status, &bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/../../../shared/fixtures/whatsapp/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn metas_errors_keep_their_code_and_say_what_to_do() {
        let e = parse_error(401, &fixture("error_190.json"));
        assert_eq!(
            (e.code, e.subcode, e.kind()),
            (190, Some(463), ErrorKind::Auth)
        );
        let e = parse_error(400, &fixture("error_131047.json"));
        assert_eq!((e.code, e.kind()), (131047, ErrorKind::Permanent));
        assert!(!e.title.starts_with("(#"), "{}", e.title);
        assert!(matches!(
            parse_error(400, &fixture("error_130429.json")).kind(),
            ErrorKind::RateLimited { .. }
        ));
        assert!(matches!(
            parse_error(400, &fixture("error_131056.json")).kind(),
            ErrorKind::RateLimited { .. }
        ));
        assert_eq!(
            parse_error(400, &fixture("error_132001.json")).kind(),
            ErrorKind::Permanent
        );
        let e = parse_error(502, b"<html>Bad gateway</html>");
        assert_eq!((e.code, e.kind()), (2, ErrorKind::Transient));
    }

    #[test]
    fn text_payloads_become_the_documented_request() {
        let req = message_request(&json!({"type": "text", "to": "+15550100123", "body": "¡Hola Ana! Sí, quedan 3 unidades.", "reply_to": "wamid.QkFOREVKQS5TWU5USC5JTi4wMDAx"})).unwrap();
        let want: Value = serde_json::from_slice(&fixture("send_reply_text_request.json")).unwrap();
        assert_eq!(req["to"], want["to"]);
        assert_eq!(req["context"], want["context"]);
        assert_eq!(req["text"]["body"], want["text"]["body"]);
        assert_eq!(req["type"], "text");
        assert!(message_request(&json!({"type": "poll", "to": "1"})).is_err());
    }
}
