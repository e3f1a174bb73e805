//! The long-poll fallback and load shedding over real HTTP and WebSocket:
//! same cursor as the socket, 204 after the wait, a commit wakes a waiting
//! poll, bounded batches, refusals and bad input, and `retry_after` / 503
//! over the device-connection cap.

mod common;

use std::time::{Duration, Instant};

use bandeja_relay::poll::{AckResponse, Batch};
use bandeja_relay::stream::ServerFrame;
use bandeja_relay::{now_millis, Source};
use common::{json, Relay};
use futures::StreamExt;
use tokio_tungstenite::tungstenite::Message;

async fn poll(relay: &Relay, token: &str, query: &str) -> reqwest::Response {
    relay
        .http
        .get(relay.url(&format!("/v1/events{query}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn batch(res: reqwest::Response) -> Batch {
    assert_eq!(res.status(), 200);
    serde_json::from_slice(&res.bytes().await.unwrap()).unwrap()
}

async fn ack(relay: &Relay, token: &str, body: &str) -> reqwest::Response {
    relay
        .http
        .post(relay.url("/v1/ack"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn batch_in_seq_order_then_ack_moves_the_cursor() {
    let relay = Relay::start().await;
    let device = relay.enroll().await;
    for i in 1..=5 {
        relay.post_meta(&format!(r#"{{"n":{i}}}"#)).await;
    }
    let b = batch(poll(&relay, &device.token, "?after=0").await).await;
    let seqs: Vec<i64> = b.events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5]);
    assert_eq!(b.events[0].source, Source::Meta);
    assert_eq!(b.events[0].body_base64, "eyJuIjoxfQ==");
    assert!(b.events[0].headers.contains_key("x-hub-signature-256"));

    // reading does not move the cursor; no `after` starts from the cursor
    let again = batch(poll(&relay, &device.token, "").await).await;
    assert_eq!(again.events.len(), 5);
    let res = ack(&relay, &device.token, r#"{"up_to_seq":3}"#).await;
    assert_eq!(res.status(), 200);
    let cursor: AckResponse = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(cursor.last_acked_seq, 3);
    let rest = batch(poll(&relay, &device.token, "").await).await;
    assert_eq!(
        rest.events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [4, 5]
    );
    // cumulative: never backwards, never past the last seq
    let back: AckResponse = serde_json::from_slice(
        &ack(&relay, &device.token, r#"{"up_to_seq":1}"#)
            .await
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(back.last_acked_seq, 3);
    let past: AckResponse = serde_json::from_slice(
        &ack(&relay, &device.token, r#"{"up_to_seq":99}"#)
            .await
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(past.last_acked_seq, 5);
}

#[tokio::test]
async fn empty_poll_is_204_after_the_wait_and_a_commit_wakes_it() {
    let relay = Relay::start().await;
    let device = relay.enroll().await;
    let started = Instant::now();
    let res = poll(&relay, &device.token, "?after=0&wait=1").await;
    assert_eq!(res.status(), 204);
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert_eq!(
        poll(&relay, &device.token, "?after=0&wait=0")
            .await
            .status(),
        204
    );

    let http = relay.http.clone();
    let url = relay.url("/v1/events?after=0&wait=20");
    let token = device.token.clone();
    let waiting = tokio::spawn(async move {
        let started = Instant::now();
        let res = http.get(url).bearer_auth(token).send().await.unwrap();
        (res.status(), res.bytes().await.unwrap(), started.elapsed())
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    relay.post_meta(r#"{"live":true}"#).await;
    let (status, body, took) = waiting.await.unwrap();
    assert_eq!(status, 200);
    let b: Batch = serde_json::from_slice(&body).unwrap();
    assert_eq!(b.events.len(), 1);
    assert_eq!(b.events[0].seq, 1);
    assert!(
        took < Duration::from_secs(5),
        "woken by the commit: {took:?}"
    );
}

#[tokio::test]
async fn a_batch_is_bounded_to_the_window() {
    let relay = Relay::start().await;
    let device = relay.enroll().await;
    let tasks: Vec<_> = (0..300)
        .map(|i| {
            let store = relay.store.clone();
            let tenant = relay.tenant.id.clone();
            tokio::spawn(async move {
                store
                    .append(&tenant, &Default::default(), format!("{i}").into_bytes())
                    .await
                    .unwrap()
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let first = batch(poll(&relay, &device.token, "?after=0").await).await;
    assert_eq!(first.events.len(), 256);
    assert_eq!(first.events.last().unwrap().seq, 256);
    let second = batch(poll(&relay, &device.token, "?after=256").await).await;
    assert_eq!(second.events.len(), 44);
}

#[tokio::test]
async fn refusals_and_bad_input() {
    let relay = Relay::start().await;
    let device = relay.enroll().await;
    // no token, unknown token
    let none = relay
        .http
        .get(relay.url("/v1/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 401);
    assert_eq!(poll(&relay, "nope", "").await.status(), 401);
    assert_eq!(
        ack(&relay, "nope", r#"{"up_to_seq":1}"#).await.status(),
        401
    );
    // bad query and body
    for q in [
        "?wait=26",
        "?wait=x",
        "?wait=-1",
        "?after=-1",
        "?after=seven",
    ] {
        let res = poll(&relay, &device.token, q).await;
        assert_eq!(res.status(), 400, "{q}");
        let err = json(res).await;
        assert!(err["error"].as_str().unwrap().contains('='), "{q}: {err}");
    }
    for body in ["", "{}", r#"{"up_to_seq":"x"}"#, r#"{"up_to_seq":-4}"#] {
        assert_eq!(
            ack(&relay, &device.token, body).await.status(),
            400,
            "{body}"
        );
    }
    // revoked, then stale
    relay
        .store
        .revoke(&device.device_id, now_millis())
        .await
        .unwrap();
    assert_eq!(poll(&relay, &device.token, "").await.status(), 403);
    assert_eq!(
        ack(&relay, &device.token, r#"{"up_to_seq":0}"#)
            .await
            .status(),
        403
    );
    let other = relay.enroll().await;
    relay
        .store
        .cleanup(now_millis() + 8 * common::DAY)
        .await
        .unwrap();
    assert_eq!(poll(&relay, &other.token, "").await.status(), 403);
}

#[tokio::test]
async fn over_the_cap_sockets_get_retry_after_and_polls_503() {
    let relay = Relay::start_with(|c| {
        c.max_device_connections = 1;
        c.retry_after = Duration::from_secs(10);
    })
    .await;
    let device = relay.enroll().await;
    let first = relay.connect(&device.token).await.unwrap();
    // let the first socket take its slot
    tokio::time::sleep(Duration::from_millis(100)).await;

    let mut second = relay.connect(&device.token).await.unwrap();
    let frame = tokio::time::timeout(Duration::from_secs(5), second.next())
        .await
        .expect("a frame")
        .unwrap()
        .unwrap();
    let Message::Text(text) = frame else {
        panic!("expected text, got {frame:?}")
    };
    match serde_json::from_str(&text).unwrap() {
        ServerFrame::RetryAfter { seconds } => assert!((10..20).contains(&seconds), "{seconds}"),
        other => panic!("expected retry_after, got {other:?}"),
    }
    let closed = tokio::time::timeout(Duration::from_secs(5), second.next())
        .await
        .expect("closed");
    assert!(matches!(
        closed,
        None | Some(Ok(Message::Close(_))) | Some(Err(_))
    ));

    let res = poll(&relay, &device.token, "?wait=0").await;
    assert_eq!(res.status(), 503);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((10..20).contains(&retry), "{retry}");

    // the slot is freed when the first socket goes
    drop(first);
    let mut freed = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if poll(&relay, &device.token, "?wait=0").await.status() == 204 {
            freed = true;
            break;
        }
    }
    assert!(freed, "the slot came back after the first socket closed");
}
