//! One relay on loopback for the newer test files: a real server on a real
//! port over a fresh database (see [`db`]: SQLite, or PostgreSQL under
//! `with-postgres.sh`), one tenant, and helpers to enroll devices, post
//! signed webhooks, hold a device's WebSocket and run the relay binary.
#![allow(dead_code)] // each test file uses its own part of this

pub mod db;

pub use db::TestDb;

use std::net::SocketAddr;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use bandeja_channels::whatsapp::signature::sign;
use bandeja_relay::stream::{ClientFrame, EnrollResponse, ServerFrame};
use bandeja_relay::{now_millis, serve, Event, NewTenant, ServeConfig, Store, Tenant};
use futures::{Sink, SinkExt, Stream, StreamExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

pub const SECRET: &str = "bandeja-test-app-secret";
pub const TWILIO_TOKEN: &str = "0123456789abcdef0123456789abcdef";
pub const DAY: i64 = 24 * 60 * 60 * 1000;

pub struct Relay {
    pub db: TestDb,
    pub store: Store,
    pub tenant: Tenant,
    pub addr: std::net::SocketAddr,
    pub http: reqwest::Client,
}

impl Relay {
    pub async fn start() -> Relay {
        Relay::start_with(|_| {}).await
    }

    /// A relay whose [`ServeConfig`] `adjust` may change before it binds.
    pub async fn start_with(adjust: impl FnOnce(&mut ServeConfig)) -> Relay {
        let db = TestDb::new().await;
        let store = db.open().await;
        let tenant = create_tenant(&store, "Acme").await;
        let addr = listen(&store, adjust).await;
        Relay {
            db,
            store,
            tenant,
            addr,
            http: reqwest::Client::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The tenant's Meta webhook URL.
    pub fn hook(&self) -> String {
        self.url(&format!("/hooks/meta/{}", self.tenant.path_token))
    }

    pub async fn enroll(&self) -> EnrollResponse {
        let code = self
            .store
            .create_enrollment_code(&self.tenant.id, now_millis(), DAY)
            .await
            .unwrap();
        enroll_at(&self.http, &self.url(""), &code).await
    }

    /// Post a signed Meta webhook; asserts the 200.
    pub async fn post_meta(&self, body: &str) {
        post_meta_at(&self.http, &self.url(""), &self.tenant, body).await
    }

    /// A device socket on `/v1/stream` with `token`, or the refusal.
    pub async fn connect(&self, token: &str) -> Result<Ws, WsError> {
        connect(self.addr, token).await
    }

    /// The tenant's stored events, from seq 1 (up to 1000).
    pub async fn events(&self) -> Vec<Event> {
        self.store
            .read_after(&self.tenant.id, 0, 1000)
            .await
            .unwrap()
    }

    pub async fn event_count(&self) -> i64 {
        self.store.event_count(&self.tenant.id).await.unwrap()
    }
}

/// A tenant named `name` with the app secret [`SECRET`].
pub async fn create_tenant(store: &Store, name: &str) -> Tenant {
    store
        .create_tenant(
            NewTenant {
                name: name.into(),
                app_secret: SECRET.into(),
            },
            now_millis(),
        )
        .await
        .unwrap()
}

/// Serve `store` on a loopback port (the [`ServeConfig`] as `adjust` leaves
/// it); the relay runs for the rest of the test.
pub async fn listen(store: &Store, adjust: impl FnOnce(&mut ServeConfig)) -> SocketAddr {
    let mut config = ServeConfig::new(store.clone(), "127.0.0.1:0".parse().unwrap());
    adjust(&mut config);
    let (addr, _task) = serve(config).await.unwrap();
    addr
}

/// Enroll a device with `code` at the relay whose root URL is `base`
/// (`http://…` or `https://…`); asserts the 200.
pub async fn enroll_at(http: &reqwest::Client, base: &str, code: &str) -> EnrollResponse {
    let res = http
        .post(format!("{base}/v1/enroll"))
        .header("content-type", "application/json")
        .body(serde_json::json!({ "code": code, "name": "laptop" }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    serde_json::from_slice(&res.bytes().await.unwrap()).unwrap()
}

/// Post a Meta webhook signed with [`SECRET`] for `tenant` to the relay whose
/// root URL is `base`; asserts the 200.
pub async fn post_meta_at(http: &reqwest::Client, base: &str, tenant: &Tenant, body: &str) {
    let res = http
        .post(format!("{base}/hooks/meta/{}", tenant.path_token))
        .header(
            "X-Hub-Signature-256",
            sign(SECRET.as_bytes(), body.as_bytes()),
        )
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

/// A device's WebSocket over plain TCP.
pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Open `ws://{addr}/v1/stream` with `Authorization: Bearer {token}`.
pub async fn connect(addr: SocketAddr, token: &str) -> Result<Ws, WsError> {
    let mut req = format!("ws://{addr}/v1/stream")
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    tokio_tungstenite::connect_async(req)
        .await
        .map(|(ws, _)| ws)
}

/// Send `frame` as a text message.
pub async fn say<S>(ws: &mut S, frame: ClientFrame)
where
    S: Sink<Message> + Unpin,
    S::Error: std::fmt::Debug,
{
    let text = serde_json::to_string(&frame).unwrap();
    ws.send(Message::Text(text.into())).await.unwrap();
}

/// The text of the next frame other than `welcome` (other messages, such as
/// pings, pass by), or a panic once `within` has passed.
pub async fn next_frame_text<S>(ws: &mut S, within: Duration) -> String
where
    S: Stream<Item = Result<Message, WsError>> + Unpin,
{
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let msg = tokio::time::timeout(left, ws.next())
            .await
            .unwrap_or_else(|_| panic!("a frame within {within:?}"))
            .unwrap()
            .unwrap();
        if let Message::Text(t) = msg {
            let frame: ServerFrame = serde_json::from_str(&t).unwrap();
            if !matches!(frame, ServerFrame::Welcome { .. }) {
                return t.to_string();
            }
        }
    }
}

/// The next frame other than `welcome`, or a panic once `within` has passed.
pub async fn next_frame<S>(ws: &mut S, within: Duration) -> ServerFrame
where
    S: Stream<Item = Result<Message, WsError>> + Unpin,
{
    serde_json::from_str(&next_frame_text(ws, within).await).unwrap()
}

/// Acks are applied asynchronously: poll the device's stored cursor until
/// it is `expected` (bounded).
pub async fn wait_for_cursor(store: &Store, token: &str, expected: i64) {
    for _ in 0..100 {
        let d = store.authenticate(token, now_millis()).await.unwrap();
        if d.last_acked_seq == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("cursor never reached {expected}");
}

/// A response body as JSON.
pub async fn json(res: reqwest::Response) -> serde_json::Value {
    serde_json::from_slice(&res.bytes().await.unwrap()).unwrap()
}

/// A loopback port free at the time of asking.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Wait (10 s at most) until something listens on the loopback `port`.
pub async fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{what} did not listen on {port} within 10 s");
}

/// Kills the child it holds when dropped, so a failed assert leaves no
/// process behind.
pub struct Child(pub std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Run the relay binary with `args` and `envs` on top of an environment
/// cleared of every `BANDEJA_RELAY_*` variable.
pub fn relay_cli(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bandeja-relay"));
    cmd.args(args);
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("BANDEJA_RELAY_")) {
        cmd.env_remove(k);
    }
    cmd.envs(envs.iter().copied()).output().unwrap()
}

/// The value on the `key: value` line of a CLI's output.
pub fn field<'a>(out: &'a str, key: &str) -> &'a str {
    out.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(": "))
        .unwrap_or_else(|| panic!("no {key} in {out}"))
}
