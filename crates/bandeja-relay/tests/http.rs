//! The ingest over real HTTP on loopback: handshake, signatures, limits,
//! concurrency and duplicates, with Meta's signature vector A
//! (whatsapp-cloud-api.md §1.4). On SQLite, or PostgreSQL under
//! `with-postgres.sh`.

mod common;

use bandeja_channels::whatsapp::signature::sign;
use bandeja_relay::BODY_LIMIT;
use common::{Relay, SECRET};

const VECTOR_A_BODY: &str = r#"{"object":"whatsapp_business_account","entry":[]}"#;
const VECTOR_A_SIG: &str =
    "sha256=aa7f050930fb4c68cd7d0a5b9e28550aef63b56fd766a1a57eab990b29f834c6";

/// Post `body` to the tenant's Meta hook as JSON with signature `sig`.
async fn post(relay: &Relay, body: Vec<u8>, sig: &str) -> reqwest::StatusCode {
    relay
        .http
        .post(relay.hook())
        .header("X-Hub-Signature-256", sig)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn handshake_echoes_the_challenge_only_with_the_verify_token() {
    let relay = Relay::start().await;
    let url = |token: &str| {
        format!(
            "{}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={token}",
            relay.hook()
        )
    };
    let ok = relay
        .http
        .get(url(&relay.tenant.verify_token))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.unwrap(), "1158201444");
    let bad = relay.http.get(url("wrong")).send().await.unwrap();
    assert_eq!(bad.status(), 403);
}

#[tokio::test]
async fn signed_post_is_stored_with_its_headers() {
    let relay = Relay::start().await;
    let status = post(&relay, VECTOR_A_BODY.as_bytes().to_vec(), VECTOR_A_SIG).await;
    assert_eq!(status, 200);
    let events = relay.events().await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].body, VECTOR_A_BODY.as_bytes());
    assert_eq!(events[0].headers["x-hub-signature-256"], VECTOR_A_SIG);
    assert_eq!(events[0].headers["content-type"], "application/json");
    assert_eq!(events[0].headers.len(), 2);
}

#[tokio::test]
async fn bad_signature_is_403_and_nothing_is_stored() {
    let relay = Relay::start().await;
    let wrong = sign(b"another-secret", VECTOR_A_BODY.as_bytes());
    assert_eq!(
        post(&relay, VECTOR_A_BODY.as_bytes().to_vec(), &wrong).await,
        403
    );
    let unsigned = relay
        .http
        .post(relay.hook())
        .body(VECTOR_A_BODY)
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 403);
    assert_eq!(relay.event_count().await, 0);
}

#[tokio::test]
async fn unknown_tenant_path_is_404() {
    let relay = Relay::start().await;
    let url = relay.url("/hooks/meta/not-a-tenant");
    let post = relay
        .http
        .post(&url)
        .header("X-Hub-Signature-256", VECTOR_A_SIG)
        .body(VECTOR_A_BODY)
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 404);
    let get = relay
        .http
        .get(format!(
            "{url}?hub.mode=subscribe&hub.challenge=1&hub.verify_token=x"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), 404);
}

#[tokio::test]
async fn body_over_4_mib_is_413() {
    let relay = Relay::start().await;
    let big = vec![b' '; BODY_LIMIT + 1];
    let sig = sign(SECRET.as_bytes(), &big);
    assert_eq!(post(&relay, big, &sig).await, 413);
    let exact = vec![b'x'; BODY_LIMIT];
    let sig = sign(SECRET.as_bytes(), &exact);
    assert_eq!(post(&relay, exact, &sig).await, 200);
    assert_eq!(relay.event_count().await, 1);
}

#[tokio::test]
async fn concurrent_posts_get_gap_free_seqs_and_duplicates_no_row() {
    let relay = Relay::start().await;
    let body = |i: usize| format!(r#"{{"object":"whatsapp_business_account","n":{i}}}"#);
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let http = relay.http.clone();
            let url = relay.hook();
            let body = body(i);
            let sig = sign(SECRET.as_bytes(), body.as_bytes());
            tokio::spawn(async move {
                http.post(url)
                    .header("X-Hub-Signature-256", sig)
                    .body(body)
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    let seqs: Vec<i64> = relay.events().await.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=200).collect::<Vec<i64>>());

    // Meta's retry of an already stored body: 200, no new row, no new seq.
    let again = body(7);
    let sig = sign(SECRET.as_bytes(), again.as_bytes());
    assert_eq!(post(&relay, again.into_bytes(), &sig).await, 200);
    assert_eq!(relay.event_count().await, 200);
    assert_eq!(relay.store.last_seq(&relay.tenant.id).await.unwrap(), 200);
}

#[tokio::test]
async fn store_failure_is_500_so_meta_retries_and_the_retry_lands() {
    let relay = Relay::start().await;
    // Another connection takes the events table away under the relay.
    relay
        .db
        .exec("ALTER TABLE events RENAME TO events_away")
        .await;
    let body = VECTOR_A_BODY.as_bytes().to_vec();
    assert_eq!(post(&relay, body.clone(), VECTOR_A_SIG).await, 500);
    relay
        .db
        .exec("ALTER TABLE events_away RENAME TO events")
        .await;
    assert_eq!(post(&relay, body, VECTOR_A_SIG).await, 200);
    assert_eq!(relay.event_count().await, 1);
    assert_eq!(relay.store.last_seq(&relay.tenant.id).await.unwrap(), 1);
}
