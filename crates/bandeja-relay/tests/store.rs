//! The durable store against a real database (a SQLite file, or PostgreSQL
//! under `with-postgres.sh`): enrollment, auth, acks, duplicates, retention
//! and reopening after a restart.

mod common;

use std::collections::BTreeMap;

use common::{create_tenant, TestDb, DAY};

use bandeja_relay::{now_millis, Enrolled, RelayError, Store};

async fn store_with_tenant() -> (TestDb, Store, String) {
    let db = TestDb::new().await;
    let store = db.open().await;
    let t = create_tenant(&store, "Acme").await;
    (db, store, t.id)
}

fn no_headers() -> BTreeMap<String, String> {
    BTreeMap::new()
}

/// A device enrolled for `tenant` with a fresh code.
async fn enroll_laptop(store: &Store, tenant: &str, now: i64) -> Enrolled {
    let code = store
        .create_enrollment_code(tenant, now, DAY)
        .await
        .unwrap();
    store.enroll(&code, "laptop", now).await.unwrap()
}

#[tokio::test]
async fn enrollment_code_works_once_and_expires() {
    let (_db, store, tenant) = store_with_tenant().await;
    let now = now_millis();
    let code = store
        .create_enrollment_code(&tenant, now, DAY)
        .await
        .unwrap();
    let enrolled = store.enroll(&code, "laptop", now).await.unwrap();
    assert_eq!(enrolled.tenant_id, tenant);
    assert!(matches!(
        store.enroll(&code, "again", now).await,
        Err(RelayError::CodeUsed)
    ));
    let late = store
        .create_enrollment_code(&tenant, now, DAY)
        .await
        .unwrap();
    assert!(matches!(
        store.enroll(&late, "late", now + DAY).await,
        Err(RelayError::CodeExpired)
    ));
    assert!(matches!(
        store.enroll("nope", "x", now).await,
        Err(RelayError::UnknownCode)
    ));
    let device = store.authenticate(&enrolled.token, now).await.unwrap();
    assert_eq!(device.id, enrolled.device_id);
    assert!(matches!(
        store.authenticate("wrong", now).await,
        Err(RelayError::UnknownDevice)
    ));
}

#[tokio::test]
async fn revoked_device_is_refused() {
    let (_db, store, tenant) = store_with_tenant().await;
    let now = now_millis();
    let enrolled = enroll_laptop(&store, &tenant, now).await;
    store.revoke(&enrolled.device_id, now).await.unwrap();
    assert!(matches!(
        store.authenticate(&enrolled.token, now).await,
        Err(RelayError::Revoked(_))
    ));
}

#[tokio::test]
async fn duplicate_body_keeps_its_seq_and_adds_no_row() {
    let (_db, store, tenant) = store_with_tenant().await;
    let a = store
        .append(&tenant, &no_headers(), b"one".to_vec())
        .await
        .unwrap();
    let b = store
        .append(&tenant, &no_headers(), b"two".to_vec())
        .await
        .unwrap();
    let again = store
        .append(&tenant, &no_headers(), b"one".to_vec())
        .await
        .unwrap();
    assert_eq!((a.seq, a.duplicate), (1, false));
    assert_eq!((b.seq, b.duplicate), (2, false));
    assert_eq!((again.seq, again.duplicate), (1, true));
    assert_eq!(store.event_count(&tenant).await.unwrap(), 2);
    assert_eq!(store.last_seq(&tenant).await.unwrap(), 2);
}

#[tokio::test]
async fn concurrent_appends_get_gap_free_seqs() {
    let (_db, store, tenant) = store_with_tenant().await;
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let store = store.clone();
            let tenant = tenant.clone();
            tokio::spawn(async move {
                store
                    .append(&tenant, &no_headers(), format!("body {i}").into_bytes())
                    .await
                    .unwrap()
                    .seq
            })
        })
        .collect();
    let mut seqs = Vec::new();
    for t in tasks {
        seqs.push(t.await.unwrap());
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=200).collect::<Vec<i64>>());
    let events = store.read_after(&tenant, 0, 1000).await.unwrap();
    assert_eq!(events.len(), 200);
    assert!(events.windows(2).all(|w| w[0].seq + 1 == w[1].seq));
    assert_eq!(store.read_after(&tenant, 190, 5).await.unwrap()[0].seq, 191);
}

#[tokio::test]
async fn ack_is_monotonic_and_bounded_by_the_last_seq() {
    let (_db, store, tenant) = store_with_tenant().await;
    let now = now_millis();
    let device = enroll_laptop(&store, &tenant, now).await.device_id;
    for i in 0..5 {
        store.append(&tenant, &no_headers(), vec![i]).await.unwrap();
    }
    assert_eq!(store.ack(&device, 3, now).await.unwrap(), 3);
    assert_eq!(store.ack(&device, 2, now).await.unwrap(), 3);
    assert_eq!(store.ack(&device, 99, now).await.unwrap(), 5);
    assert!(matches!(
        store.ack("nobody", 1, now).await,
        Err(RelayError::UnknownDevice)
    ));
}

#[tokio::test]
async fn retention_keeps_unacked_and_young_events() {
    let (_db, store, tenant) = store_with_tenant().await;
    let now = now_millis();
    let device = enroll_laptop(&store, &tenant, now).await.device_id;
    for i in 0..4 {
        store.append(&tenant, &no_headers(), vec![i]).await.unwrap();
    }
    store.ack(&device, 2, now).await.unwrap();
    // young: nothing goes even though 1..=2 are acked
    let r = store.cleanup(now + DAY).await.unwrap();
    assert_eq!(r.events_deleted, 0);
    // old: only the acked ones go; the device stays live (seen 6 days ago)
    store.ack(&device, 2, now + 2 * DAY).await.unwrap();
    let r = store.cleanup(now + 8 * DAY).await.unwrap();
    assert_eq!(r.events_deleted, 2);
    assert_eq!(r.devices_marked_stale, 0);
    let left: Vec<i64> = store
        .read_after(&tenant, 0, 10)
        .await
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(left, vec![3, 4]);
    // silent past the window: stale, stops holding events back
    let r = store.cleanup(now + 20 * DAY).await.unwrap();
    assert_eq!(r.devices_marked_stale, 1);
    assert_eq!(r.events_deleted, 2);
    // seqs never restart after everything was deleted
    let next = store.append(&tenant, &no_headers(), vec![9]).await.unwrap();
    assert_eq!(next.seq, 5);
}

#[tokio::test]
async fn reopening_keeps_everything() {
    let (db, store, tenant) = store_with_tenant().await;
    let now = now_millis();
    let enrolled = enroll_laptop(&store, &tenant, now).await;
    let headers: BTreeMap<String, String> =
        [("content-type".to_string(), "application/json".to_string())].into();
    for i in 0..10u8 {
        store.append(&tenant, &headers, vec![i; 100]).await.unwrap();
    }
    store.ack(&enrolled.device_id, 4, now).await.unwrap();
    drop(store);

    let store = db.open().await;
    let events = store.read_after(&tenant, 0, 100).await.unwrap();
    assert_eq!(events.len(), 10);
    assert_eq!(events[9].body, vec![9u8; 100]);
    assert_eq!(events[0].headers, headers);
    let device = store.authenticate(&enrolled.token, now).await.unwrap();
    assert_eq!(device.last_acked_seq, 4);
    assert!(store.tenant(&tenant).await.unwrap().is_some());
    assert_eq!(
        store
            .append(&tenant, &headers, vec![0; 100])
            .await
            .unwrap()
            .seq,
        1
    );
    assert_eq!(
        store
            .append(&tenant, &headers, b"new".to_vec())
            .await
            .unwrap()
            .seq,
        11
    );
}

#[tokio::test]
async fn concurrent_identical_bodies_share_one_row() {
    let (_db, store, tenant) = store_with_tenant().await;
    store
        .append(&tenant, &no_headers(), b"first".to_vec())
        .await
        .unwrap();
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let store = store.clone();
            let tenant = tenant.clone();
            tokio::spawn(async move {
                store
                    .append(&tenant, &no_headers(), b"retried".to_vec())
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut fresh = 0;
    for t in tasks {
        let a = t.await.unwrap();
        assert_eq!(a.seq, 2);
        fresh += usize::from(!a.duplicate);
    }
    assert_eq!(fresh, 1);
    assert_eq!(store.event_count(&tenant).await.unwrap(), 2);
}

#[tokio::test]
async fn append_to_an_unknown_tenant_fails_alone() {
    let (_db, store, tenant) = store_with_tenant().await;
    let headers = no_headers();
    let (bad, good) = tokio::join!(
        store.append("nobody", &headers, b"x".to_vec()),
        store.append(&tenant, &headers, b"y".to_vec()),
    );
    assert!(matches!(bad, Err(RelayError::UnknownTenant(_))));
    assert_eq!(good.unwrap().seq, 1);
}
