//! The receiver as Meta sees it: real core, real SQLite, fixture webhooks.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use bandeja_channels::whatsapp::signature::sign;
use bandeja_core::Core;
use bandeja_domain::{MessageKind, ReopenPolicy};
use bandeja_store::View;
use bandeja_testkit::{conversations, messages};
use bandeja_webhooks::{router, ReceiverConfig, Secret, MAX_BODY};
use chrono::{TimeZone, Utc};
use tower::ServiceExt;

const SECRET: &str = "test-app-secret";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../../shared/fixtures/whatsapp/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

async fn setup() -> (tempfile::TempDir, Core, axum::Router) {
    let t =
        bandeja_testkit::TestWorkspace::new(Utc.with_ymd_and_hms(2026, 9, 1, 12, 5, 0).unwrap())
            .await;
    t.whatsapp_account(bandeja_testkit::PHONE_ID, ReopenPolicy::Reopen)
        .await;
    let app = router(
        t.core.clone(),
        ReceiverConfig {
            verify_token: Secret::new("tok-123"),
            app_secret: Secret::new(SECRET),
        },
    );
    (t.dir, t.core, app)
}

async fn post(app: &axum::Router, body: Vec<u8>, signature: Option<String>) -> StatusCode {
    let mut req = Request::post("/webhooks/whatsapp").header("content-type", "application/json");
    if let Some(s) = signature {
        req = req.header("x-hub-signature-256", s);
    }
    app.clone()
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap()
        .status()
}

async fn signed(app: &axum::Router, body: Vec<u8>) -> StatusCode {
    let sig = sign(SECRET.as_bytes(), &body);
    post(app, body, Some(sig)).await
}

/// Every message stored, whichever conversation it went to.
async fn stored(core: &Core) -> usize {
    let mut n = 0;
    for c in conversations(core, View::AllOpen).await {
        n += messages(core, c.id).await.len();
    }
    n
}

#[tokio::test]
async fn answers_metas_verification_handshake_only_with_the_right_token() {
    let (_d, _core, app) = setup().await;
    let get = |q: &str| {
        Request::get(format!("/webhooks/whatsapp?{q}"))
            .body(Body::empty())
            .unwrap()
    };
    let ok = app
        .clone()
        .oneshot(get(
            "hub.mode=subscribe&hub.verify_token=tok-123&hub.challenge=1158201444",
        ))
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let body = axum::body::to_bytes(ok.into_body(), 1024).await.unwrap();
    assert_eq!(&body[..], b"1158201444");
    let bad = app
        .clone()
        .oneshot(get(
            "hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1",
        ))
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_signed_webhook_is_stored_once_even_when_redelivered() {
    let (_d, core, app) = setup().await;
    assert_eq!(
        signed(&app, fixture("inbound_text.json")).await,
        StatusCode::OK
    );
    assert_eq!(
        signed(&app, fixture("inbound_text.json")).await,
        StatusCode::OK
    );
    assert_eq!(stored(&core).await, 1);
}

#[tokio::test]
async fn a_wrong_or_missing_signature_is_refused_and_nothing_is_stored() {
    let (_d, core, app) = setup().await;
    let body = fixture("inbound_text.json");
    let wrong = sign(b"another-secret", &body);
    assert_eq!(
        post(&app, body.clone(), Some(wrong)).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(post(&app, body.clone(), None).await, StatusCode::FORBIDDEN);
    // signed, then one byte changed in transit
    let sig = sign(SECRET.as_bytes(), &body);
    let mut tampered = body.clone();
    let i = tampered.iter().position(|b| *b == b'H').unwrap();
    tampered[i] = b'J';
    assert_eq!(post(&app, tampered, Some(sig)).await, StatusCode::FORBIDDEN);
    assert_eq!(stored(&core).await, 0);
}

#[tokio::test]
async fn malformed_and_oversized_bodies_get_clear_statuses() {
    let (_d, core, app) = setup().await;
    assert_eq!(
        signed(&app, b"{not json".to_vec()).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        signed(&app, br#"{"object":"page","entry":[]}"#.to_vec()).await,
        StatusCode::BAD_REQUEST
    );
    let mut big = b"{\"object\":\"whatsapp_business_account\",\"entry\":[],\"pad\":\"".to_vec();
    big.resize(MAX_BODY + 1, b'x');
    assert_eq!(signed(&app, big).await, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(stored(&core).await, 0);
}

#[tokio::test]
async fn an_unknown_message_type_is_kept_as_a_placeholder() {
    let (_d, core, app) = setup().await;
    assert_eq!(
        signed(&app, fixture("inbound_order.json")).await,
        StatusCode::OK
    );
    assert_eq!(
        signed(&app, fixture("inbound_unsupported.json")).await,
        StatusCode::OK
    );
    let list = conversations(&core, View::AllOpen).await;
    let msgs = messages(&core, list[0].id).await;
    assert_eq!(msgs.len(), 2);
    assert!(msgs.iter().all(|m| m.kind == MessageKind::Unsupported));
}

#[tokio::test]
async fn a_batch_of_two_messages_and_a_status_flow_through() {
    let (_d, core, app) = setup().await;
    assert_eq!(
        signed(&app, fixture("webhook_batched_two_messages.json")).await,
        StatusCode::OK
    );
    assert_eq!(stored(&core).await, 2);
    // a status for a message we never sent is parked, not an error
    assert_eq!(
        signed(&app, fixture("status_delivered.json")).await,
        StatusCode::OK
    );
}
