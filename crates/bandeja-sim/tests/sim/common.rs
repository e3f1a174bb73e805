//! Test harness: a simulator on loopback, a webhook receiver that checks
//! `X-Hub-Signature-256` over the raw bytes (its own HMAC, not the crate's),
//! fixture loading and structural comparison.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use bandeja_sim::{Config, Server, Sim};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

pub const TOKEN: &str = "bandeja-sim-token";
pub const SECRET: &str = "bandeja-test-app-secret";
pub const PNID: &str = "200000000000002";
pub const WABA: &str = "100000000000001";
pub const ANA: &str = "15550100123";
pub const LUIS: &str = "15550100456";

pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/whatsapp")
}

pub fn fixture(name: &str) -> Value {
    let path = fixture_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Same keys, nesting and JSON types (values may differ).
pub fn shape_diff(path: &str, actual: &Value, expected: &Value) -> Result<(), String> {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            let missing: Vec<_> = e.keys().filter(|k| !a.contains_key(*k)).collect();
            let extra: Vec<_> = a.keys().filter(|k| !e.contains_key(*k)).collect();
            if !missing.is_empty() || !extra.is_empty() {
                return Err(format!("{path}: missing {missing:?}, extra {extra:?}"));
            }
            for (k, v) in a {
                shape_diff(&format!("{path}.{k}"), v, &e[k])?;
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(e)) => {
            if a.is_empty() != e.is_empty() {
                return Err(format!("{path}: array emptiness differs"));
            }
            for (i, v) in a.iter().enumerate() {
                let model = if a.len() == e.len() { &e[i] } else { &e[0] };
                shape_diff(&format!("{path}[{i}]"), v, model)?;
            }
            Ok(())
        }
        (Value::Number(_), Value::Number(_))
        | (Value::String(_), Value::String(_))
        | (Value::Bool(_), Value::Bool(_))
        | (Value::Null, Value::Null) => Ok(()),
        _ => Err(format!(
            "{path}: {actual} is not the same JSON type as {expected}"
        )),
    }
}

#[track_caller]
pub fn assert_shape(actual: &Value, fixture_name: &str) {
    let expected = fixture(fixture_name);
    if let Err(e) = shape_diff("$", actual, &expected) {
        panic!("shape differs from {fixture_name}: {e}\nactual: {actual}");
    }
}

/// One webhook POST as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub raw: Vec<u8>,
    pub signature: String,
    pub signature_valid: bool,
    pub json: Value,
}

#[derive(Clone, Default)]
struct ReceiverState {
    got: Arc<Mutex<Vec<Received>>>,
    fail_next: Arc<AtomicUsize>,
    attempts: Arc<AtomicUsize>,
}

/// A tiny webhook endpoint like Bandeja's relay: handshake + signed POSTs.
pub struct Receiver {
    pub url: String,
    state: ReceiverState,
    cursor: usize,
}

fn hmac_hex(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

async fn receive(
    State(st): State<ReceiverState>,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    st.attempts.fetch_add(1, Ordering::SeqCst);
    if st
        .fail_next
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
    {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let signature = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    // verify over the raw bytes, before any parsing
    let signature_valid = signature == hmac_hex(SECRET, &body);
    let json = serde_json::from_slice(&body).unwrap_or(Value::Null);
    st.got.lock().unwrap().push(Received {
        raw: body.to_vec(),
        signature,
        signature_valid,
        json,
    });
    if signature_valid {
        StatusCode::OK
    } else {
        StatusCode::UNAUTHORIZED
    }
}

async fn verify(Query(q): Query<std::collections::HashMap<String, String>>) -> impl IntoResponse {
    let ok = q.get("hub.mode").map(String::as_str) == Some("subscribe")
        && q.get("hub.verify_token").map(String::as_str) == Some("bandeja-sim-verify-token");
    match (ok, q.get("hub.challenge")) {
        (true, Some(c)) => (StatusCode::OK, c.clone()),
        _ => (StatusCode::FORBIDDEN, String::new()),
    }
}

impl Receiver {
    pub async fn start() -> Receiver {
        let state = ReceiverState::default();
        let app = Router::new()
            .route("/wa/webhook", post(receive).get(verify))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver {
            url: format!("http://{addr}/wa/webhook"),
            state,
            cursor: 0,
        }
    }

    /// Answer 503 to the next `n` POSTs.
    pub fn fail_next(&self, n: usize) {
        self.state.fail_next.store(n, Ordering::SeqCst);
    }

    pub fn attempts(&self) -> usize {
        self.state.attempts.load(Ordering::SeqCst)
    }

    pub fn all(&self) -> Vec<Received> {
        self.state.got.lock().unwrap().clone()
    }

    /// The next `n` webhooks not yet taken (waits up to 10 s).
    pub async fn next(&mut self, n: usize) -> Vec<Received> {
        for _ in 0..1000 {
            let got = self.all();
            if got.len() >= self.cursor + n {
                let out = got[self.cursor..self.cursor + n].to_vec();
                self.cursor += n;
                for r in &out {
                    assert!(
                        r.signature_valid,
                        "bad signature on {}",
                        String::from_utf8_lossy(&r.raw)
                    );
                }
                return out;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!(
            "expected {n} more webhooks, have {}",
            self.all().len() - self.cursor
        );
    }

    pub async fn one(&mut self) -> Value {
        self.next(1).await.remove(0).json
    }

    /// Skip everything received so far.
    pub fn skip_all(&mut self) {
        self.cursor = self.all().len();
    }
}

pub struct Harness {
    pub _server: Server,
    pub sim: Sim,
    pub base: String,
    pub http: reqwest::Client,
    pub rx: Receiver,
}

impl Harness {
    pub async fn start() -> Harness {
        Harness::with(|_| {}).await
    }

    pub async fn with(f: impl FnOnce(&mut Config)) -> Harness {
        let rx = Receiver::start().await;
        let mut cfg = Config::for_tests();
        cfg.webhook_url = Some(rx.url.clone());
        f(&mut cfg);
        let (_, server) = bandeja_sim::serve(cfg).await.unwrap();
        Harness {
            base: server.url(),
            sim: server.sim().clone(),
            _server: server,
            http: reqwest::Client::builder().no_proxy().build().unwrap(),
            rx,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/v25.0/{path}", self.base)
    }

    async fn parse(res: reqwest::Response) -> (u16, Value) {
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let res = self
            .http
            .post(self.url(path))
            .bearer_auth(TOKEN)
            .json(body)
            .send()
            .await
            .unwrap();
        Self::parse(res).await
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let res = self
            .http
            .get(self.url(path))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        Self::parse(res).await
    }

    pub async fn delete(&self, path: &str) -> (u16, Value) {
        let res = self
            .http
            .delete(self.url(path))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        Self::parse(res).await
    }

    pub async fn send(&self, body: &Value) -> (u16, Value) {
        self.post(&format!("{PNID}/messages"), body).await
    }

    pub async fn send_text(&self, to: &str, text: &str) -> (u16, Value) {
        let body = serde_json::json!({
            "messaging_product": "whatsapp", "recipient_type": "individual",
            "to": format!("+{to}"), "type": "text", "text": { "body": text }
        });
        self.send(&body).await
    }

    /// A customer writes (opens the window); returns the inbound wamid.
    pub async fn customer_says(&mut self, from: &str, text: &str) -> String {
        let r = self
            .sim
            .inbound(bandeja_sim::Inbound::text(from, text).named("Ana Ruiz"))
            .unwrap();
        self.rx.next(1).await;
        r.id
    }

    pub async fn idle(&self) {
        assert!(
            self.sim.wait_idle(Duration::from_secs(10)).await,
            "webhooks still pending"
        );
    }
}

pub fn wamid_of(send_response: &Value) -> String {
    send_response["messages"][0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// `value` of the first change of a webhook.
pub fn value(hook: &Value) -> &Value {
    &hook["entry"][0]["changes"][0]["value"]
}

pub fn status_of(hook: &Value) -> (String, String) {
    let s = &value(hook)["statuses"][0];
    (
        s["id"].as_str().unwrap().into(),
        s["status"].as_str().unwrap().into(),
    )
}
