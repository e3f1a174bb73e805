//! The relay client end to end: a real `bandeja-relay` on loopback with a
//! SQLite file, two desktop cores enrolled as two devices, Meta-signed
//! webhooks posted to the relay. Both cores show every conversation; one is
//! stopped during a burst and catches up from its cursor with nothing
//! missing and nothing twice; an envelope that can never be ingested is
//! acked and counted instead of blocking the log, while an envelope that
//! cannot be verified yet (no number connected) stays unacked on the relay.

use std::time::Duration;

use bandeja_channels::graph::GraphConfig;
use bandeja_channels::whatsapp::signature::sign;
use bandeja_core::{Core, RelayState, WebhookKeys};
use bandeja_domain::ReopenPolicy;
use bandeja_relay::{now_millis, serve, NewTenant, ServeConfig, Store, Tenant};
use bandeja_store::View;
use bandeja_testkit::{conversations, messages, TestWorkspace, PHONE_ID};
use chrono::{TimeZone, Utc};

const SECRET: &str = "relay-client-test-app-secret";
const T0: i64 = 1_788_265_200;

struct Relay {
    _dir: tempfile::TempDir,
    store: Store,
    tenant: Tenant,
    base: String,
    http: reqwest::Client,
}

impl Relay {
    async fn start() -> Relay {
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
        let (addr, _task) = serve(ServeConfig::new(
            store.clone(),
            "127.0.0.1:0".parse().unwrap(),
        ))
        .await
        .unwrap();
        Relay {
            _dir: dir,
            store,
            tenant,
            base: format!("http://{addr}"),
            http: reqwest::Client::new(),
        }
    }

    async fn code(&self) -> String {
        self.store
            .create_enrollment_code(&self.tenant.id, now_millis(), 600_000)
            .await
            .unwrap()
    }

    async fn post(&self, body: Vec<u8>) {
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
fn text_webhook(n: u32) -> Vec<u8> {
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

async fn desktop(relay: &Relay, name: &str) -> TestWorkspace {
    let t = enrolled(relay, name).await;
    connect_number(&t).await;
    t
}

async fn enrolled(relay: &Relay, name: &str) -> TestWorkspace {
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
    t
}

/// The number whose app secret is the tenant's, as `connect_whatsapp` leaves it.
async fn connect_number(t: &TestWorkspace) {
    let account = t.whatsapp_account(PHONE_ID, ReopenPolicy::default()).await;
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
async fn caught_up(core: &Core, seq: i64, want: usize) {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_desktops_receive_everything_and_one_catches_up_after_being_offline() {
    let relay = Relay::start().await;
    let a = desktop(&relay, "laptop A").await;
    let b = desktop(&relay, "laptop B").await;
    assert!(a.core.start_relay().await.is_ok());
    let _b_task = b.core.start_relay().await.unwrap();

    for n in 1..=5 {
        relay.post(text_webhook(n)).await;
    }
    // signed by the tenant but not a WhatsApp webhook: acked, counted, skipped
    relay
        .post(br#"{"object":"page","entry":[]}"#.to_vec())
        .await;
    caught_up(&a.core, 6, 5).await;
    caught_up(&b.core, 6, 5).await;
    let status = a.core.relay_status().unwrap();
    assert_eq!(status.state, RelayState::Connected);
    assert!(status.last_event_at.is_some());
    assert_eq!(status.rejected, 1);

    // A goes offline for a burst; B keeps up live
    a.core.stop_relay();
    assert_ne!(a.core.relay_status().unwrap().state, RelayState::Connected);
    for n in 6..=25 {
        relay.post(text_webhook(n)).await;
    }
    caught_up(&b.core, 26, 25).await;
    assert_eq!(conversations(&a.core, View::AllOpen).await.len(), 5);

    // back online: resumes from its cursor, nothing missing, nothing twice
    a.core.start_relay().await.unwrap();
    caught_up(&a.core, 26, 25).await;
    for n in 26..=30 {
        relay.post(text_webhook(n)).await;
    }
    caught_up(&a.core, 31, 30).await;
    caught_up(&b.core, 31, 30).await;

    // the cursor survives in the workspace
    let cursor = a.core.home().store.relay_cursor(&relay.base).await.unwrap();
    assert_eq!(cursor.unwrap().acked_seq, 31);
    a.core.stop_relay();
    b.core.stop_relay();
}

#[tokio::test]
async fn a_used_code_is_refused_and_nothing_is_stored() {
    let relay = Relay::start().await;
    let code = relay.code().await;
    let t = TestWorkspace::new(Utc.timestamp_opt(T0, 0).unwrap()).await;
    t.core
        .enroll_relay(&relay.base, &code, "one")
        .await
        .unwrap();
    let other = TestWorkspace::new(Utc.timestamp_opt(T0, 0).unwrap()).await;
    let err = other
        .core
        .enroll_relay(&relay.base, &code, "two")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            bandeja_core::RelayError::Client(bandeja_channels::relay_client::ClientError::BadCode)
        ),
        "{err}"
    );
    assert!(other.core.relay_status().is_none());
    assert!(matches!(
        other.core.start_relay().await,
        Err(bandeja_core::RelayError::NotEnrolled)
    ));
    assert!(other
        .core
        .home()
        .store
        .relay_cursors()
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_acked_before_a_number_with_keys_is_connected() {
    let relay = Relay::start().await;
    let t = enrolled(&relay, "laptop").await;
    t.core.start_relay().await.unwrap();
    for n in 1..=3 {
        relay.post(text_webhook(n)).await;
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    // without an app secret nothing can be verified: kept on the relay
    assert_eq!(t.core.relay_status().unwrap().last_acked_seq, 0);
    assert_eq!(t.core.relay_status().unwrap().rejected, 0);
    assert_eq!(
        t.core.relay_status().unwrap().state,
        RelayState::WaitingForNumbers
    );
    assert!(conversations(&t.core, View::AllOpen).await.is_empty());
    // once the number is connected, the next reconnect delivers everything
    connect_number(&t).await;
    caught_up(&t.core, 3, 3).await;
    t.core.stop_relay();
}
