//! Several relay instances on one PostgreSQL database, as behind a load
//! balancer: a webhook taken by one instance reaches a device socket held by
//! another (LISTEN/NOTIFY), and concurrent appends through both never let a
//! reader skip a seq (a lower seq committing after a higher one was read).
//! PostgreSQL only: run under `tests/with-postgres.sh`; skipped otherwise
//! (SQLite is one process, one writer).

mod common;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bandeja_relay::stream::{ClientFrame, ServerFrame};
use bandeja_relay::{now_millis, Store, Tenant};
use common::{
    connect, create_tenant as tenant, enroll_at, listen, next_frame, post_meta_at, say,
    wait_for_cursor, TestDb,
};
use futures::Stream;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

/// Less than the listener's periodic resync, so only NOTIFY can explain a
/// delivery this fast.
const LIVE_WITHIN: Duration = Duration::from_secs(3);

async fn pg_db() -> Option<TestDb> {
    if common::db::pg_server().is_none() {
        eprintln!(
            "skipped: set {} (tests/with-postgres.sh does)",
            common::db::PG_ENV
        );
        return None;
    }
    Some(TestDb::new().await)
}

async fn start(store: &Store) -> SocketAddr {
    listen(store, |_| {}).await
}

async fn post(http: &reqwest::Client, addr: SocketAddr, tenant: &Tenant, body: &str) {
    post_meta_at(http, &format!("http://{addr}"), tenant, body).await
}

/// The next deliver frame's seq, or a panic after `within`.
async fn next_seq<S>(ws: &mut S, within: Duration) -> i64
where
    S: Stream<Item = Result<Message, WsError>> + Unpin,
{
    match next_frame(ws, within).await {
        ServerFrame::Deliver { seq, .. } => seq,
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn a_webhook_posted_to_one_instance_reaches_a_socket_on_another() {
    let Some(db) = pg_db().await else { return };
    let a = db.open().await;
    let b = db.open().await;
    let (addr_a, addr_b) = (start(&a).await, start(&b).await);
    let t = tenant(&a, "Acme").await;
    let http = reqwest::Client::new();

    // enrolled through A with a code made through B: one database
    let code = b
        .create_enrollment_code(&t.id, now_millis(), 60_000)
        .await
        .unwrap();
    let device = enroll_at(&http, &format!("http://{addr_a}"), &code).await;

    post(&http, addr_a, &t, r#"{"n":1}"#).await;
    let mut ws = connect(addr_b, &device.token).await.unwrap();
    say(&mut ws, ClientFrame::Hello { last_acked_seq: 0 }).await;
    assert_eq!(next_seq(&mut ws, LIVE_WITHIN).await, 1, "backlog via B");

    // live: taken by A, pushed by B's socket without a reconnect
    for n in 2..=4 {
        post(&http, addr_a, &t, &format!(r#"{{"n":{n}}}"#)).await;
        assert_eq!(next_seq(&mut ws, LIVE_WITHIN).await, n);
    }
    // and B's own commits still wake it
    post(&http, addr_b, &t, r#"{"n":5}"#).await;
    assert_eq!(next_seq(&mut ws, LIVE_WITHIN).await, 5);

    // B's listening connection dies: it reconnects and catches up
    db.exec(
        "DO $$ BEGIN
             IF (SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                 WHERE datname = current_database() AND query LIKE 'LISTEN%') <> 2
             THEN RAISE EXCEPTION 'expected the two instances'' listeners';
             END IF;
         END $$",
    )
    .await;
    post(&http, addr_a, &t, r#"{"n":6}"#).await;
    assert_eq!(next_seq(&mut ws, LIVE_WITHIN).await, 6);

    // the ack lands in the one database: A sees B's socket's cursor
    say(&mut ws, ClientFrame::Ack { up_to_seq: 6 }).await;
    wait_for_cursor(&a, &device.token, 6).await;
}

/// Appends through both instances into two tenants at once while a reader
/// on each instance follows each tenant's log from a cursor: every batch it
/// reads must start right after its cursor and be gap-free. A seq committed
/// after a higher one had become visible would show up as a skip here.
#[tokio::test]
async fn concurrent_appends_on_two_instances_never_let_a_reader_skip_a_seq() {
    let Some(db) = pg_db().await else { return };
    let stores = [db.open().await, db.open().await];
    let tenants = [
        tenant(&stores[0], "One").await.id,
        tenant(&stores[1], "Two").await.id,
    ];
    const WRITERS: usize = 8;
    const EACH: usize = 60;
    let total = (WRITERS * EACH / tenants.len()) as i64;

    let mut readers = Vec::new();
    for (i, store) in stores.iter().enumerate() {
        for t in &tenants {
            let (store, t) = (store.clone(), t.clone());
            readers.push(tokio::spawn(async move {
                let mut cursor = 0;
                let deadline = Instant::now() + Duration::from_secs(60);
                while cursor < total {
                    assert!(Instant::now() < deadline, "reader {i} stuck at {cursor}");
                    for e in store.read_after(&t, cursor, 17).await.unwrap() {
                        assert_eq!(e.seq, cursor + 1, "reader {i} skipped a seq");
                        cursor = e.seq;
                    }
                    tokio::task::yield_now().await;
                }
                cursor
            }));
        }
    }
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let store = stores[w % 2].clone();
        let tenants = tenants.clone();
        writers.push(tokio::spawn(async move {
            let mut seqs = Vec::new();
            for n in 0..EACH {
                // alternate tenants so one batch often holds both
                let t = &tenants[(w + n) % 2];
                let body = format!("writer {w} event {n}").into_bytes();
                let a = store.append(t, &Default::default(), body).await.unwrap();
                assert!(!a.duplicate);
                seqs.push((t.clone(), a.seq));
            }
            seqs
        }));
    }
    let mut got: BTreeSet<(String, i64)> = BTreeSet::new();
    for w in writers {
        for s in w.await.unwrap() {
            assert!(got.insert(s.clone()), "seq handed out twice: {s:?}");
        }
    }
    for r in readers {
        assert_eq!(r.await.unwrap(), total);
    }
    for t in &tenants {
        let seqs: Vec<i64> = got
            .iter()
            .filter(|(id, _)| id == t)
            .map(|(_, s)| *s)
            .collect();
        assert_eq!(seqs, (1..=total).collect::<Vec<_>>());
        assert_eq!(stores[0].last_seq(t).await.unwrap(), total);
        assert_eq!(stores[1].event_count(t).await.unwrap(), total);
    }
}

#[tokio::test]
async fn the_same_body_through_two_instances_at_once_is_one_row() {
    let Some(db) = pg_db().await else { return };
    let (a, b) = (db.open().await, db.open().await);
    let t = tenant(&a, "Acme").await.id;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let store = if i % 2 == 0 { a.clone() } else { b.clone() };
        let t = t.clone();
        tasks.push(tokio::spawn(async move {
            store
                .append(&t, &Default::default(), b"meta retried this".to_vec())
                .await
                .unwrap()
        }));
    }
    let mut fresh = 0;
    for task in tasks {
        let appended = task.await.unwrap();
        assert_eq!(appended.seq, 1);
        fresh += usize::from(!appended.duplicate);
    }
    assert_eq!(fresh, 1);
    assert_eq!(b.event_count(&t).await.unwrap(), 1);
}
