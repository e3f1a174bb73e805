//! The relay client end to end: a real `bandeja-relay` on loopback with a
//! SQLite file, two desktop cores enrolled as two devices, Meta-signed
//! webhooks posted to the relay. Both cores show every conversation; one is
//! stopped during a burst and catches up from its cursor with nothing
//! missing and nothing twice; an envelope that can never be ingested is
//! acked and counted instead of blocking the log, while an envelope that
//! cannot be verified yet (no number connected) stays unacked on the relay.

#[path = "support/relay_kit.rs"]
mod kit;

use std::time::Duration;

use bandeja_core::RelayState;
use bandeja_store::View;
use bandeja_testkit::{conversations, TestWorkspace};
use chrono::{TimeZone, Utc};
use kit::*;

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
    assert_eq!(status.backlog, Some(0), "the relay said nothing is waiting");
    // kept aside in the workspace, not thrown away, and still counted after a
    // restart, like what to give Meta
    let store = &a.core.home().store;
    assert_eq!(store.relay_parked_count(&relay.base).await.unwrap(), 1);
    a.core.stop_relay();
    a.core.start_relay().await.unwrap();
    bandeja_testkit::eventually("reconnected", 200, || async {
        a.core
            .relay_status()
            .is_some_and(|s| s.state == RelayState::Connected)
    })
    .await;
    assert_eq!(a.core.relay_status().unwrap().rejected, 1);
    assert!(a.core.relay_status().unwrap().meta_callback_url.is_some());

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
