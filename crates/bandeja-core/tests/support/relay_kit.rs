//! Shared by the relay client tests: a real `bandeja-relay` on loopback
//! with a SQLite file and one tenant, Meta-signed text webhooks, and desktop
//! cores enrolled as devices.
#![allow(dead_code)]

use std::time::Duration;

use bandeja_channels::graph::GraphConfig;
use bandeja_channels::whatsapp::signature::sign;
use bandeja_core::{Core, RelayState, WebhookKeys};
use bandeja_domain::ReopenPolicy;
use bandeja_relay::{now_millis, serve, NewTenant, ServeConfig, Store, Tenant};
use bandeja_store::View;
use bandeja_testkit::{conversations, messages, TestWorkspace, PHONE_ID};
use chrono::{TimeZone, Utc};

pub const SECRET: &str = "relay-client-test-app-secret";
pub const T0: i64 = 1_788_265_200;

pub struct Relay {
    pub _dir: tempfile::TempDir,
    pub store: Store,
    pub tenant: Tenant,
    pub base: String,
    pub http: reqwest::Client,
}

impl Relay {
    pub async fn start() -> Relay {
        Relay::start_with(|_| {}).await
    }

    /// A relay whose server settings `tune` adjusts (ping interval, caps).
    pub async fn start_with(tune: impl FnOnce(&mut ServeConfig)) -> Relay {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("relay.db")).await.unwrap();
        let tenant = store
            .create_tenant(
                NewTenant {
                    name: "Taller Ruiz".into(),
                    app_secret: SECRET.into(),
                },
                now_millis(),
            )
            .await
            .unwrap();
        let mut config = ServeConfig::new(store.clone(), "127.0.0.1:0".parse().unwrap());
        tune(&mut config);
        let (addr, _task) = serve(config).await.unwrap();
        Relay {
            _dir: dir,
            store,
            tenant,
            base: format!("http://{addr}"),
            http: reqwest::Client::new(),
        }
    }

    pub async fn code(&self) -> String {
        self.store
            .create_enrollment_code(&self.tenant.id, now_millis(), 600_000)
            .await
            .unwrap()
    }

    pub async fn post(&self, body: Vec<u8>) {
        let status = self
            .http
            .post(format!(
                "{}/hooks/meta/{}",
                self.base, self.tenant.path_token
            ))
            .header("X-Hub-Signature-256", sign(SECRET.as_bytes(), &body))
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, reqwest::StatusCode::OK);
    }
}

/// A text message from a sender of its own, so each makes one conversation.
pub fn text_webhook(n: u32) -> Vec<u8> {
    serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{
            "id": "100000000000001",
            "changes": [{
                "field": "messages",
                "value": {
                    "messaging_product": "whatsapp",
                    "metadata": {"display_phone_number": "15550100001", "phone_number_id": PHONE_ID},
                    "contacts": [{"profile": {"name": format!("Cliente {n}")}, "wa_id": format!("3460000{n:04}")}],
                    "messages": [{
                        "from": format!("3460000{n:04}"),
                        "id": format!("wamid.RELAY.{n:04}"),
                        "timestamp": (T0 + i64::from(n)).to_string(),
                        "type": "text",
                        "text": {"body": format!("mensaje {n}")}
                    }]
                }
            }]
        }]
    })
    .to_string()
    .into_bytes()
}

pub async fn desktop(relay: &Relay, name: &str) -> TestWorkspace {
    let t = enrolled(relay, name).await;
    connect_number(&t).await;
    t
}

pub async fn enrolled(relay: &Relay, name: &str) -> TestWorkspace {
    let t = TestWorkspace::new(Utc.timestamp_opt(T0, 0).unwrap()).await;
    let status = t
        .core
        .enroll_relay(&relay.base, &relay.code().await, name)
        .await
        .unwrap();
    assert_eq!(
        (status.last_acked_seq, status.state),
        (0, RelayState::Connecting)
    );
    // what Meta must be told, as the relay said (RELAY-1)
    assert_eq!(
        status.meta_callback_url,
        Some(format!(
            "{}/hooks/meta/{}",
            relay.base, relay.tenant.path_token
        ))
    );
    assert_eq!(
        status.meta_verify_token,
        Some(relay.tenant.verify_token.clone())
    );
    t
}

/// The number whose app secret is the tenant's, as `connect_whatsapp` leaves it.
pub async fn connect_number(t: &TestWorkspace) {
    let account = t.whatsapp_account(PHONE_ID, ReopenPolicy::default()).await;
    attach_keys(t, account);
}

/// Give the core the Graph client and webhook keys of `account`, as
/// `restore_connections` does from the keychain.
pub fn attach_keys(t: &TestWorkspace, account: i64) {
    t.core.whatsapp().connect_account(
        account,
        GraphConfig {
            base_url: "http://127.0.0.1:9".into(),
            version: "v25.0".into(),
            phone_number_id: PHONE_ID.into(),
            access_token: "unused".into(),
        },
        "100000000000001".into(),
        WebhookKeys {
            app_secret: SECRET.into(),
            verify_token: "unused".into(),
        },
    );
}

/// Wait until `core` acked `seq`, then check it holds exactly `want`
/// conversations of one message each.
pub async fn caught_up(core: &Core, seq: i64, want: usize) {
    for _ in 0..400 {
        if core.relay_status().is_some_and(|s| s.last_acked_seq >= seq) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let status = core.relay_status().unwrap();
    assert_eq!(status.last_acked_seq, seq, "{status:?}");
    let list = conversations(core, View::AllOpen).await;
    assert_eq!(list.len(), want);
    for c in &list {
        assert_eq!(messages(core, c.id).await.len(), 1, "no duplicates");
    }
}

/// A TCP forwarder in front of the relay that can go silent without closing
/// anything: the half-open connection a laptop sees after a network change.
pub struct Freezer {
    pub base: String,
    frozen: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Freezer {
    pub async fn start(target: &str) -> Freezer {
        Freezer::start_with(target, false).await
    }

    /// A forwarder that answers every WebSocket upgrade with 502, as some
    /// corporate proxies do, and forwards plain HTTP.
    pub async fn refusing_websockets(target: &str) -> Freezer {
        Freezer::start_with(target, true).await
    }

    async fn start_with(target: &str, refuse_websockets: bool) -> Freezer {
        use std::sync::atomic::Ordering;
        let target = target.trim_start_matches("http://").to_string();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let frozen = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = frozen.clone();
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if refuse_websockets {
                    use tokio::io::AsyncWriteExt;
                    let mut head = [0u8; 2048];
                    let n = client.peek(&mut head).await.unwrap_or(0);
                    let text = String::from_utf8_lossy(&head[..n]).to_ascii_lowercase();
                    if text.contains("upgrade: websocket") {
                        let _ = client
                            .write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                            .await;
                        continue;
                    }
                }
                let Ok(server) = tokio::net::TcpStream::connect(&target).await else {
                    continue;
                };
                let (cr, cw) = client.into_split();
                let (sr, sw) = server.into_split();
                for (mut r, mut w) in [
                    (
                        Box::new(cr) as Box<dyn tokio::io::AsyncRead + Send + Unpin>,
                        Box::new(sw) as Box<dyn tokio::io::AsyncWrite + Send + Unpin>,
                    ),
                    (Box::new(sr), Box::new(cw)),
                ] {
                    let flag = flag.clone();
                    tokio::spawn(async move {
                        use tokio::io::{AsyncReadExt, AsyncWriteExt};
                        let mut buf = vec![0u8; 16 * 1024];
                        loop {
                            let n = match r.read(&mut buf).await {
                                Ok(0) | Err(_) => break,
                                Ok(n) => n,
                            };
                            // frozen: swallow the bytes and never close
                            if flag.load(Ordering::SeqCst) {
                                continue;
                            }
                            if w.write_all(&buf[..n]).await.is_err() {
                                break;
                            }
                        }
                        // a frozen link stays open until the test ends
                        while flag.load(Ordering::SeqCst) {
                            tokio::time::sleep(Duration::from_millis(50)).await;
                        }
                    });
                }
            }
        });
        Freezer { base, frozen }
    }

    /// Stop forwarding on every link, open or future ones; close nothing.
    pub fn freeze(&self, on: bool) {
        self.frozen.store(on, std::sync::atomic::Ordering::SeqCst);
    }
}
