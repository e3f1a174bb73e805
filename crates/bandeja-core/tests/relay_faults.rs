//! The relay client when things go wrong: a revoked device stops and says
//! so, a half-open connection (no FIN) is noticed by its silence and
//! replaced, an overloaded relay's `retry_after` is obeyed, and the demo
//! workspace pauses delivery instead of ingesting into it. In every case the
//! webhooks the relay accepted all arrive, once.

#[path = "support/relay_kit.rs"]
mod kit;

use std::time::Duration;

use bandeja_core::{Core, RelayState, RelayTransport};
use bandeja_relay::now_millis;
use bandeja_store::View;
use bandeja_testkit::conversations;
use kit::*;

async fn state_becomes(core: &Core, want: RelayState) {
    bandeja_testkit::eventually(&format!("relay state {want:?}"), 400, || async {
        core.relay_status().is_some_and(|s| s.state == want)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_device_stops_and_asks_to_enroll_again() {
    let relay = Relay::start().await;
    let t = desktop(&relay, "laptop").await;
    let task = t.core.start_relay().await.unwrap();
    relay.post(text_webhook(1)).await;
    caught_up(&t.core, 1, 1).await;

    let device = t.core.relay_status().unwrap().device_id;
    relay.store.revoke(&device, now_millis()).await.unwrap();
    // the open socket is not cut by the revoke; the next connection is refused
    t.core.stop_relay();
    t.core.start_relay().await.unwrap();
    state_becomes(&t.core, RelayState::Revoked).await;
    let status = t.core.relay_status().unwrap();
    assert!(
        status
            .last_error
            .as_deref()
            .unwrap_or("")
            .contains("enroll"),
        "{status:?}"
    );
    // the client gave up instead of hammering the relay
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .ok();
    relay.post(text_webhook(2)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(conversations(&t.core, View::AllOpen).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_open_connection_is_noticed_and_replaced() {
    let relay = Relay::start_with(|c| c.ping_every = Duration::from_millis(200)).await;
    let proxy = Freezer::start(&relay.base).await;
    let t = kit_desktop_via(&relay, &proxy.base).await;
    t.core.set_relay_silence_limit(Duration::from_millis(800));
    t.core.start_relay().await.unwrap();
    state_becomes(&t.core, RelayState::Connected).await;

    // the network drops without a FIN: nothing arrives, nothing closes
    proxy.freeze(true);
    for n in 1..=5 {
        relay.post(text_webhook(n)).await;
    }
    bandeja_testkit::eventually("the client notices the silence", 400, || async {
        t.core
            .relay_status()
            .and_then(|s| s.last_error)
            .is_some_and(|e| e.contains("silent"))
    })
    .await;
    proxy.freeze(false);
    caught_up(&t.core, 5, 5).await;
    t.core.stop_relay();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overloaded_relay_is_obeyed_and_then_delivers() {
    let relay = Relay::start_with(|c| {
        c.max_device_connections = 1;
        c.retry_after = Duration::from_secs(1);
    })
    .await;
    let first = desktop(&relay, "first").await;
    let second = desktop(&relay, "second").await;
    first.core.start_relay().await.unwrap();
    state_becomes(&first.core, RelayState::Connected).await;
    second.core.start_relay().await.unwrap();
    bandeja_testkit::eventually("the second is told to come back later", 400, || async {
        second
            .core
            .relay_status()
            .and_then(|s| s.last_error)
            .is_some_and(|e| e.contains("busy"))
    })
    .await;
    relay.post(text_webhook(1)).await;
    caught_up(&first.core, 1, 1).await;
    // room frees up: the second comes back on its own and catches up
    first.core.stop_relay();
    caught_up(&second.core, 1, 1).await;
    second.core.stop_relay();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_pauses_delivery_and_leaving_it_catches_up() {
    let relay = Relay::start().await;
    let t = desktop(&relay, "laptop").await;
    t.core.start_relay().await.unwrap();
    relay.post(text_webhook(1)).await;
    caught_up(&t.core, 1, 1).await;

    t.core.open_demo().await.unwrap();
    for n in 2..=4 {
        relay.post(text_webhook(n)).await;
    }
    state_becomes(&t.core, RelayState::Paused).await;
    assert_eq!(t.core.relay_status().unwrap().last_acked_seq, 1);

    // back to the real workspace: the numbers are restored, the relay resumes
    t.core.close_demo().await.unwrap();
    let ws = t.core.workspace().await;
    let account = ws.store.accounts(None).await.unwrap()[0].id;
    attach_keys(&t, account);
    caught_up(&t.core, 4, 4).await;
    t.core.stop_relay();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_proxy_that_breaks_websockets_it_long_polls() {
    let relay = Relay::start().await;
    let proxy = Freezer::refusing_websockets(&relay.base).await;
    let t = kit_desktop_via(&relay, &proxy.base).await;
    t.core.start_relay().await.unwrap();
    for n in 1..=3 {
        relay.post(text_webhook(n)).await;
    }
    caught_up(&t.core, 3, 3).await;
    let status = t.core.relay_status().unwrap();
    assert_eq!(status.transport, RelayTransport::LongPoll);
    assert_eq!(status.state, RelayState::Connected);
    // the relay knows: the ack went through the same proxy
    let token = t
        .core
        .secrets()
        .get(&bandeja_core::relay_token_key(&proxy.base))
        .await
        .unwrap()
        .unwrap();
    bandeja_testkit::eventually("the relay's cursor moved", 200, || async {
        let device = relay
            .store
            .authenticate(&token, now_millis())
            .await
            .unwrap();
        device.last_acked_seq == 3
    })
    .await;
    // live events keep arriving through the waiting poll
    relay.post(text_webhook(4)).await;
    caught_up(&t.core, 4, 4).await;
    t.core.stop_relay();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_polling_can_be_chosen_and_resumes_from_the_cursor() {
    let relay = Relay::start().await;
    let t = desktop(&relay, "laptop").await;
    t.core.set_relay_transport(RelayTransport::LongPoll);
    t.core.start_relay().await.unwrap();
    relay.post(text_webhook(1)).await;
    caught_up(&t.core, 1, 1).await;
    t.core.stop_relay();
    for n in 2..=5 {
        relay.post(text_webhook(n)).await;
    }
    t.core.start_relay().await.unwrap();
    caught_up(&t.core, 5, 5).await;
    assert_eq!(
        t.core.relay_status().unwrap().transport,
        RelayTransport::LongPoll
    );
    t.core.stop_relay();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cut_off_at_any_moment_it_loses_nothing_and_doubles_nothing() {
    let relay = std::sync::Arc::new(Relay::start().await);
    let t = desktop(&relay, "laptop").await;
    t.core.start_relay().await.unwrap();
    const N: u32 = 60;
    let poster = {
        let relay = relay.clone();
        tokio::spawn(async move {
            for n in 1..=N {
                relay.post(text_webhook(n)).await;
            }
        })
    };
    // the client dies at arbitrary points: between ingest and cursor, cursor
    // and ack, mid-frame; the next connection resumes from the stored cursor
    for cut in 0..20u64 {
        tokio::time::sleep(Duration::from_millis(3 + (cut * 7) % 23)).await;
        t.core.stop_relay();
        t.core.start_relay().await.unwrap();
    }
    poster.await.unwrap();
    caught_up(&t.core, i64::from(N), N as usize).await;
    t.core.stop_relay();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_twilio_webhook_is_kept_aside_and_does_not_block_the_log() {
    const PUBLIC: &str = "https://relay.example";
    let relay = Relay::start_with(|c| c.public_url = Some(PUBLIC.into())).await;
    let path = relay
        .store
        .set_twilio_auth_token(&relay.tenant.id, Some("twilio-auth-token"))
        .await
        .unwrap();
    let t = kit_desktop_via(&relay, &relay.base).await;
    // what Meta is told is the relay's public address, not the one enrolled with
    assert_eq!(
        t.core.relay_status().unwrap().meta_callback_url,
        Some(format!("{PUBLIC}/hooks/meta/{}", relay.tenant.path_token))
    );
    t.core.start_relay().await.unwrap();
    // Twilio signs the public URL; the relay checks it and stores the envelope
    let body = b"From=whatsapp%3A%2B34600000001&Body=Hola&MessageSid=SM1".to_vec();
    let signature = bandeja_relay::twilio::signature::sign(
        b"twilio-auth-token",
        &format!("{PUBLIC}/hooks/twilio/{path}"),
        &body,
    );
    let status = relay
        .http
        .post(format!("{}/hooks/twilio/{path}", relay.base))
        .header("X-Twilio-Signature", signature)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, reqwest::StatusCode::OK);
    relay.post(text_webhook(1)).await;
    // this desktop reads no Twilio yet: kept raw in the workspace, acked,
    // and the Meta message behind it still arrives
    caught_up(&t.core, 2, 1).await;
    assert_eq!(t.core.relay_status().unwrap().rejected, 1);
    let store = &t.core.home().store;
    assert_eq!(store.relay_parked_count(&relay.base).await.unwrap(), 1);
    t.core.stop_relay();
}

/// A desktop enrolled at the relay but talking to it through `via`.
async fn kit_desktop_via(relay: &Relay, via: &str) -> bandeja_testkit::TestWorkspace {
    let t = bandeja_testkit::TestWorkspace::new(
        chrono::TimeZone::timestamp_opt(&chrono::Utc, T0, 0).unwrap(),
    )
    .await;
    t.core
        .enroll_relay(via, &relay.code().await, "behind a flaky network")
        .await
        .unwrap();
    connect_number(&t).await;
    t
}
