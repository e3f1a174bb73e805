//! Device side over real HTTP and WebSocket: enrollment, backlog replay then
//! live delivery in seq order, acks, resume after reconnect, refusals.
//! On SQLite, or PostgreSQL under `with-postgres.sh`.

mod common;

use bandeja_channels::whatsapp::signature::sign;
use bandeja_relay::stream::{ClientFrame, EnrollResponse, ServerFrame, WINDOW};
use bandeja_relay::{now_millis, serve, NewTenant, ServeConfig, Store, Tenant};
use base64::Engine;
use common::TestDb;
use futures::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

const SECRET: &str = "bandeja-test-app-secret";
const DAY: i64 = 24 * 60 * 60 * 1000;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

struct Relay {
    _db: TestDb,
    store: Store,
    tenant: Tenant,
    addr: std::net::SocketAddr,
    http: reqwest::Client,
}

impl Relay {
    async fn start() -> Relay {
        Self::start_pinging(bandeja_relay::PING_EVERY).await
    }

    async fn start_pinging(ping_every: std::time::Duration) -> Relay {
        let db = TestDb::new().await;
        let store = db.open().await;
        let tenant = store
            .create_tenant(
                NewTenant {
                    name: "Acme".into(),
                    app_secret: SECRET.into(),
                },
                now_millis(),
            )
            .await
            .unwrap();
        let mut config = ServeConfig::new(store.clone(), "127.0.0.1:0".parse().unwrap());
        config.ping_every = ping_every;
        let (addr, _task) = serve(config).await.unwrap();
        Relay {
            _db: db,
            store,
            tenant,
            addr,
            http: reqwest::Client::new(),
        }
    }

    async fn enroll(&self) -> EnrollResponse {
        let code = self
            .store
            .create_enrollment_code(&self.tenant.id, now_millis(), DAY)
            .await
            .unwrap();
        let res = self
            .http
            .post(format!("http://{}/v1/enroll", self.addr))
            .header("content-type", "application/json")
            .body(serde_json::json!({ "code": code, "name": "laptop" }).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        serde_json::from_slice(&res.bytes().await.unwrap()).unwrap()
    }

    async fn post(&self, body: &str) {
        let res = self
            .http
            .post(format!(
                "http://{}/hooks/meta/{}",
                self.addr, self.tenant.path_token
            ))
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

    async fn connect(&self, token: &str) -> Result<Ws, WsError> {
        let mut req = format!("ws://{}/v1/stream", self.addr)
            .into_client_request()
            .unwrap();
        req.headers_mut()
            .insert("authorization", format!("Bearer {token}").parse().unwrap());
        tokio_tungstenite::connect_async(req)
            .await
            .map(|(ws, _)| ws)
    }
}

async fn say(ws: &mut Ws, frame: ClientFrame) {
    let text = serde_json::to_string(&frame).unwrap();
    ws.send(Message::Text(text.into())).await.unwrap();
}

/// The next deliver frame's (seq, body).
async fn next(ws: &mut Ws) -> (i64, Vec<u8>) {
    loop {
        let msg = tokio::time::timeout(std::time::Duration::from_secs(5), ws.next())
            .await
            .expect("a frame within 5 s")
            .unwrap()
            .unwrap();
        if let Message::Text(t) = msg {
            match serde_json::from_str(&t).unwrap() {
                ServerFrame::Deliver {
                    seq, body_base64, ..
                } => {
                    let body = base64::engine::general_purpose::STANDARD
                        .decode(body_base64)
                        .unwrap();
                    return (seq, body);
                }
                ServerFrame::Welcome { .. } => {}
                other => panic!("unexpected {other:?}"),
            }
        }
    }
}

/// Acks are applied asynchronously: poll the stored cursor (bounded).
async fn wait_for_cursor(relay: &Relay, token: &str, expected: i64) {
    for _ in 0..100 {
        let d = relay.store.authenticate(token, now_millis()).await.unwrap();
        if d.last_acked_seq == expected {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("cursor never reached {expected}");
}

#[tokio::test]
async fn a_client_that_does_not_ack_gets_at_most_a_window() {
    let relay = Relay::start().await;
    let device = relay.enroll().await;
    let total = WINDOW + 20;
    for i in 0..total {
        relay
            .store
            .append(
                &relay.tenant.id,
                &Default::default(),
                format!("{i}").into_bytes(),
            )
            .await
            .unwrap();
    }
    let mut ws = relay.connect(&device.token).await.unwrap();
    say(&mut ws, ClientFrame::Hello { last_acked_seq: 0 }).await;
    for i in 1..=WINDOW {
        assert_eq!(next(&mut ws).await.0, i);
    }
    // pings may come; a deliver frame must not
    let more = tokio::time::timeout(std::time::Duration::from_millis(300), async {
        while let Some(msg) = ws.next().await {
            if let Message::Text(t) = msg.unwrap() {
                return t;
            }
        }
        panic!("closed");
    })
    .await;
    assert!(more.is_err(), "sent past the window: {more:?}");
    say(&mut ws, ClientFrame::Ack { up_to_seq: WINDOW }).await;
    for i in WINDOW + 1..=total {
        assert_eq!(next(&mut ws).await.0, i);
    }
    wait_for_cursor(&relay, &device.token, WINDOW).await;
}

#[tokio::test]
async fn backlog_then_live_then_resume_from_the_ack() {
    let relay = Relay::start().await;
    let device = relay.enroll().await;
    for i in 1..=3 {
        relay.post(&format!("{{\"n\":{i}}}")).await;
    }
    let mut ws = relay.connect(&device.token).await.unwrap();
    say(&mut ws, ClientFrame::Hello { last_acked_seq: 0 }).await;
    for i in 1..=3 {
        assert_eq!(
            next(&mut ws).await,
            (i, format!("{{\"n\":{i}}}").into_bytes())
        );
    }
    // live: posted after the replay, delivered without reconnecting
    relay.post("{\"n\":4}").await;
    assert_eq!(next(&mut ws).await.0, 4);
    say(&mut ws, ClientFrame::Ack { up_to_seq: 2 }).await;
    relay.post("{\"n\":5}").await;
    assert_eq!(next(&mut ws).await.0, 5);
    wait_for_cursor(&relay, &device.token, 2).await;
    ws.close(None).await.unwrap();

    // reconnect from the stored cursor: 3, 4, 5 again (at-least-once)
    let mut ws = relay.connect(&device.token).await.unwrap();
    say(&mut ws, ClientFrame::Hello { last_acked_seq: 2 }).await;
    for i in 3..=5 {
        assert_eq!(next(&mut ws).await.0, i);
    }
}

#[tokio::test]
async fn refusals_unknown_token_revoked_device_used_code() {
    let relay = Relay::start().await;
    match relay.connect("not-a-token").await {
        Err(WsError::Http(res)) => assert_eq!(res.status(), 401),
        other => panic!("expected 401, got {:?}", other.map(|_| ())),
    }
    let device = relay.enroll().await;
    relay
        .store
        .revoke(&device.device_id, now_millis())
        .await
        .unwrap();
    match relay.connect(&device.token).await {
        Err(WsError::Http(res)) => assert_eq!(res.status(), 403),
        other => panic!("expected 403, got {:?}", other.map(|_| ())),
    }
    let code = relay
        .store
        .create_enrollment_code(&relay.tenant.id, now_millis(), DAY)
        .await
        .unwrap();
    let url = format!("http://{}/v1/enroll", relay.addr);
    let body = serde_json::json!({ "code": code }).to_string();
    for expected in [200, 403] {
        let res = relay
            .http
            .post(&url)
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), expected);
    }
}

#[tokio::test]
async fn a_peer_that_never_answers_pings_is_dropped() {
    let relay = Relay::start_pinging(std::time::Duration::from_millis(100)).await;
    let device = relay.enroll().await;
    let mut ws = relay.connect(&device.token).await.unwrap();
    say(&mut ws, ClientFrame::Hello { last_acked_seq: 0 }).await;
    // not reading means not answering pings (half-open from the relay's view)
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let ended = tokio::time::timeout(std::time::Duration::from_secs(2), async {
        loop {
            match ws.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(_)) => {}
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the relay kept a silent socket open");
}

#[tokio::test]
async fn a_peer_that_answers_pings_stays_connected() {
    let relay = Relay::start_pinging(std::time::Duration::from_millis(100)).await;
    let device = relay.enroll().await;
    let mut ws = relay.connect(&device.token).await.unwrap();
    say(&mut ws, ClientFrame::Hello { last_acked_seq: 0 }).await;
    // reading answers pings; several intervals pass with nothing to deliver
    let idle = tokio::time::timeout(std::time::Duration::from_millis(600), async {
        while let Some(msg) = ws.next().await {
            assert!(
                !matches!(msg.unwrap(), Message::Close(_)),
                "closed while live"
            );
        }
    })
    .await;
    assert!(idle.is_err(), "the stream ended");
    relay.post("{\"n\":1}").await;
    assert_eq!(next(&mut ws).await.0, 1);
}
