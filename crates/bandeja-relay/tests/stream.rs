//! Device side over real HTTP and WebSocket: enrollment, backlog replay then
//! live delivery in seq order, acks, resume after reconnect, refusals.
//! On SQLite, or PostgreSQL under `with-postgres.sh`.

mod common;

use std::time::Duration;

use bandeja_relay::now_millis;
use bandeja_relay::stream::{ClientFrame, ServerFrame, WINDOW};
use base64::Engine;
use common::{next_frame, say, wait_for_cursor, Relay, Ws, DAY};
use futures::StreamExt;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

/// A relay that pings its sockets every `ping_every`.
async fn start_pinging(ping_every: Duration) -> Relay {
    Relay::start_with(|c| c.ping_every = ping_every).await
}

/// The next deliver frame's (seq, body).
async fn next(ws: &mut Ws) -> (i64, Vec<u8>) {
    match next_frame(ws, Duration::from_secs(5)).await {
        ServerFrame::Deliver {
            seq, body_base64, ..
        } => {
            let body = base64::engine::general_purpose::STANDARD
                .decode(body_base64)
                .unwrap();
            (seq, body)
        }
        other => panic!("unexpected {other:?}"),
    }
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
    let more = tokio::time::timeout(Duration::from_millis(300), async {
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
    wait_for_cursor(&relay.store, &device.token, WINDOW).await;
}

#[tokio::test]
async fn backlog_then_live_then_resume_from_the_ack() {
    let relay = Relay::start().await;
    let device = relay.enroll().await;
    for i in 1..=3 {
        relay.post_meta(&format!("{{\"n\":{i}}}")).await;
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
    relay.post_meta("{\"n\":4}").await;
    assert_eq!(next(&mut ws).await.0, 4);
    say(&mut ws, ClientFrame::Ack { up_to_seq: 2 }).await;
    relay.post_meta("{\"n\":5}").await;
    assert_eq!(next(&mut ws).await.0, 5);
    wait_for_cursor(&relay.store, &device.token, 2).await;
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
    let url = relay.url("/v1/enroll");
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
    let relay = start_pinging(Duration::from_millis(100)).await;
    let device = relay.enroll().await;
    let mut ws = relay.connect(&device.token).await.unwrap();
    say(&mut ws, ClientFrame::Hello { last_acked_seq: 0 }).await;
    // not reading means not answering pings (half-open from the relay's view)
    tokio::time::sleep(Duration::from_millis(600)).await;
    let ended = tokio::time::timeout(Duration::from_secs(2), async {
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
    let relay = start_pinging(Duration::from_millis(100)).await;
    let device = relay.enroll().await;
    let mut ws = relay.connect(&device.token).await.unwrap();
    say(&mut ws, ClientFrame::Hello { last_acked_seq: 0 }).await;
    // reading answers pings; several intervals pass with nothing to deliver
    let idle = tokio::time::timeout(Duration::from_millis(600), async {
        while let Some(msg) = ws.next().await {
            assert!(
                !matches!(msg.unwrap(), Message::Close(_)),
                "closed while live"
            );
        }
    })
    .await;
    assert!(idle.is_err(), "the stream ended");
    relay.post_meta("{\"n\":1}").await;
    assert_eq!(next(&mut ws).await.0, 1);
}

#[tokio::test]
async fn enrollment_tells_the_device_what_to_give_meta() {
    let relay = Relay::start().await;
    let e = relay.enroll().await;
    assert_eq!(
        e.meta_callback_path.as_deref(),
        Some(format!("/hooks/meta/{}", relay.tenant.path_token).as_str())
    );
    assert_eq!(
        e.verify_token.as_deref(),
        Some(relay.tenant.verify_token.as_str())
    );
    assert_eq!(e.public_url, None);

    let public = Relay::start_with(|c| c.public_url = Some("https://relay.example".into())).await;
    assert_eq!(
        public.enroll().await.public_url.as_deref(),
        Some("https://relay.example")
    );
}
