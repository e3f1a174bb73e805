//! The relay cursor against a real SQLite file: it never moves backwards,
//! survives a reopen, and starts over for a newly enrolled device.

use bandeja_store::Store;
use chrono::{Duration, TimeZone, Utc};

#[tokio::test]
async fn cursor_is_monotonic_durable_and_per_device() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite");
    let t0 = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
    let url = "https://relay.example";
    let store = Store::open(&path).await.unwrap();
    assert_eq!(store.relay_cursor(url).await.unwrap(), None);
    // not enrolled: nothing to advance
    assert_eq!(
        store.advance_relay_cursor(url, "d1", 5, t0).await.unwrap(),
        None
    );

    store.set_relay_device(url, "d1", t0).await.unwrap();
    assert_eq!(store.relay_cursor(url).await.unwrap().unwrap().acked_seq, 0);
    let t1 = t0 + Duration::seconds(1);
    assert_eq!(
        store.advance_relay_cursor(url, "d1", 7, t1).await.unwrap(),
        Some(7)
    );
    // behind: unchanged, updated_at untouched
    let t2 = t0 + Duration::seconds(2);
    assert_eq!(
        store.advance_relay_cursor(url, "d1", 3, t2).await.unwrap(),
        Some(7)
    );
    let c = store.relay_cursor(url).await.unwrap().unwrap();
    assert_eq!(
        (c.device_id.as_str(), c.acked_seq, c.updated_at),
        ("d1", 7, t1)
    );
    // another device id is not this cursor
    assert_eq!(
        store.advance_relay_cursor(url, "d2", 9, t2).await.unwrap(),
        None
    );
    // re-enrolling the same device keeps the cursor
    store.set_relay_device(url, "d1", t2).await.unwrap();
    assert_eq!(store.relay_cursor(url).await.unwrap().unwrap().acked_seq, 7);
    store.close().await;

    let store = Store::open(&path).await.unwrap();
    assert_eq!(store.relay_cursor(url).await.unwrap().unwrap().acked_seq, 7);
    assert_eq!(store.relay_cursors().await.unwrap().len(), 1);
    // a new device starts over
    store.set_relay_device(url, "d2", t2).await.unwrap();
    let c = store.relay_cursor(url).await.unwrap().unwrap();
    assert_eq!((c.device_id.as_str(), c.acked_seq), ("d2", 0));
    store.close().await;
}
