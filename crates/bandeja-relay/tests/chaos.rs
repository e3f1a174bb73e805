//! Faults with real processes: the relay binary is `kill -9`ed in the middle
//! of a burst and restarted on the same file, and a hundred connected
//! devices come back after a restart. The rule in every case: no webhook the
//! relay answered 200 to is ever lost, and devices catch up on their own.
//! Devices here use the desktop's own protocol code
//! (`bandeja_channels::relay_client`: connection, acks, jittered backoff).
//! On a SQLite file, or PostgreSQL under `with-postgres.sh`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bandeja_channels::relay_client::{backoff, Connection};
use bandeja_channels::whatsapp::signature::sign;
use bandeja_relay::{now_millis, NewTenant, Store, Tenant};
use common::{free_port, wait_for_port, Child, TestDb};

const SECRET: &str = "chaos-app-secret";

/// The relay binary on a fixed port; killed with SIGKILL when dropped.
struct RelayProcess(Child);

impl RelayProcess {
    async fn start(db: &Path, port: u16) -> RelayProcess {
        // wrapped at once, so a relay that never listens is killed too
        let relay = RelayProcess(Child(
            Command::new(env!("CARGO_BIN_EXE_bandeja-relay"))
                .args(["serve", "--db", db.to_str().unwrap(), "--addr"])
                .arg(format!("127.0.0.1:{port}"))
                .env("RUST_LOG", "warn")
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
                .unwrap(),
        ));
        wait_for_port(port, "relay").await;
        relay
    }

    fn kill9(&mut self) {
        let child = &mut self.0 .0;
        child.kill().unwrap(); // SIGKILL on unix
        child.wait().unwrap();
    }
}

/// A tenant and `devices` device tokens, made in the file before serving.
async fn prepare(db: &Path, devices: usize) -> (Tenant, Vec<String>) {
    let store = Store::open_db(db).await.unwrap();
    let tenant = store
        .create_tenant(
            NewTenant {
                name: "Chaos".into(),
                app_secret: SECRET.into(),
            },
            now_millis(),
        )
        .await
        .unwrap();
    let mut tokens = Vec::new();
    for n in 0..devices {
        let code = store
            .create_enrollment_code(&tenant.id, now_millis(), 600_000)
            .await
            .unwrap();
        let e = store
            .enroll(&code, &format!("device {n}"), now_millis())
            .await
            .unwrap();
        tokens.push(e.token);
    }
    (tenant, tokens)
}

fn body(n: usize) -> Vec<u8> {
    format!(r#"{{"object":"whatsapp_business_account","entry":[],"n":{n}}}"#).into_bytes()
}

/// Post `n` like Meta does: retry until a 200 (Meta retries for days).
/// Returns whether the first attempt already got its 200.
async fn post_until_200(http: &reqwest::Client, url: &str, n: usize) -> bool {
    let mut first = true;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let b = body(n);
        let sent = http
            .post(url)
            .header("X-Hub-Signature-256", sign(SECRET.as_bytes(), &b))
            .header("Content-Type", "application/json")
            .timeout(Duration::from_secs(10))
            .body(b)
            .send()
            .await;
        if sent.is_ok_and(|r| r.status() == reqwest::StatusCode::OK) {
            return first;
        }
        assert!(Instant::now() < deadline, "webhook {n} never accepted");
        first = false;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Read everything from seq 0 with one device and return body → seqs.
async fn drain(base: &str, token: &str, want: usize) -> BTreeMap<String, Vec<i64>> {
    let mut conn = Connection::open(base, token, 0, Duration::from_secs(10))
        .await
        .unwrap();
    let mut seen: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut total = 0;
    while total < want {
        let e = conn.next().await.unwrap().expect("socket closed early");
        let text = String::from_utf8(e.body.unwrap()).unwrap();
        seen.entry(text).or_default().push(e.seq);
        total += 1;
        conn.ack(e.seq).await.unwrap();
    }
    conn.close().await;
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_a_burst_loses_no_acknowledged_webhook() {
    let test_db = TestDb::new().await;
    let db = Path::new(test_db.spec()).to_path_buf();
    let (tenant, tokens) = prepare(&db, 1).await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let url = format!("{base}/hooks/meta/{}", tenant.path_token);
    let mut relay = RelayProcess::start(&db, port).await;

    const TOTAL: usize = 600;
    const SENDERS: usize = 16;
    let accepted = Arc::new(Mutex::new(0usize));
    let mut senders = Vec::new();
    for s in 0..SENDERS {
        let (url, accepted) = (url.clone(), accepted.clone());
        senders.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut retried = 0;
            for n in (s..TOTAL).step_by(SENDERS) {
                if !post_until_200(&http, &url, n).await {
                    retried += 1;
                }
                *accepted.lock().unwrap() += 1;
            }
            retried
        }));
    }
    // kill the relay once a third of the burst is in
    while *accepted.lock().unwrap() < TOTAL / 3 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    relay.kill9();
    let acked_before_kill = *accepted.lock().unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let _relay = RelayProcess::start(&db, port).await;
    let mut retried = 0;
    for s in senders {
        retried += s.await.unwrap();
    }
    assert!(retried > 0, "the kill did not hit the burst");

    // every webhook answered 200 is in the log exactly once
    let seen = drain(&base, &tokens[0], TOTAL).await;
    let missing: Vec<usize> = (0..TOTAL)
        .filter(|n| !seen.contains_key(&String::from_utf8(body(*n)).unwrap()))
        .collect();
    assert!(missing.is_empty(), "lost after kill -9: {missing:?}");
    let dups: usize = seen.values().map(|s| s.len() - 1).sum();
    assert_eq!(dups, 0, "byte-identical retries must not add rows");
    let seqs: BTreeSet<i64> = seen.values().flatten().copied().collect();
    assert_eq!(seqs.len(), TOTAL);
    assert_eq!(*seqs.iter().next_back().unwrap(), TOTAL as i64, "no gaps");
    eprintln!(
        "kill -9 after {acked_before_kill} accepted; {retried} webhooks needed a retry; 0 lost"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_devices_come_back_after_a_restart_spread_out_and_catch_up() {
    const DEVICES: usize = 100;
    const EVENTS: usize = 10;
    let test_db = TestDb::new().await;
    let db = Path::new(test_db.spec()).to_path_buf();
    let (tenant, tokens) = prepare(&db, DEVICES).await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut relay = RelayProcess::start(&db, port).await;

    // each device: connect, read and ack, and on any failure wait backoff()
    // like the desktop does; record when each connection came up
    let connects: Arc<Mutex<Vec<(usize, Instant)>>> = Arc::default();
    let received: Arc<Mutex<Vec<BTreeSet<i64>>>> =
        Arc::new(Mutex::new(vec![BTreeSet::new(); DEVICES]));
    let mut devices = Vec::new();
    for (d, token) in tokens.into_iter().enumerate() {
        let (base, connects, received) = (base.clone(), connects.clone(), received.clone());
        devices.push(tokio::spawn(async move {
            let mut failures = 0u32;
            let mut acked = 0;
            loop {
                match Connection::open(&base, &token, acked, Duration::from_secs(30)).await {
                    Ok(mut conn) => {
                        failures = 0;
                        connects.lock().unwrap().push((d, Instant::now()));
                        while let Ok(Some(e)) = conn.next().await {
                            received.lock().unwrap()[d].insert(e.seq);
                            acked = acked.max(e.seq);
                            if conn.ack(e.seq).await.is_err() {
                                break;
                            }
                        }
                    }
                    Err(_) => failures += 1,
                }
                tokio::time::sleep(backoff(failures)).await;
            }
        }));
    }
    let all_connected = |n: usize| {
        let c = connects.clone();
        async move {
            for _ in 0..1200 {
                let ids: BTreeSet<usize> = c.lock().unwrap().iter().map(|(d, _)| *d).collect();
                if ids.len() == n {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
            panic!("not every device connected");
        }
    };
    all_connected(DEVICES).await;

    relay.kill9();
    connects.lock().unwrap().clear();
    let down = Instant::now();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _relay = RelayProcess::start(&db, port).await;
    all_connected(DEVICES).await;
    let times: Vec<Duration> = connects
        .lock()
        .unwrap()
        .iter()
        .map(|(_, at)| at.duration_since(down))
        .collect();
    // jitter spreads the comeback instead of one thundering instant
    let buckets: BTreeSet<u128> = times.iter().map(|t| t.as_millis() / 100).collect();
    assert!(buckets.len() >= 4, "reconnects bunched together: {times:?}");

    let http = reqwest::Client::new();
    let url = format!("{base}/hooks/meta/{}", tenant.path_token);
    for n in 0..EVENTS {
        post_until_200(&http, &url, n).await;
    }
    for _ in 0..800 {
        if received.lock().unwrap().iter().all(|s| s.len() == EVENTS) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let got = received.lock().unwrap().clone();
    for (d, seqs) in got.iter().enumerate() {
        assert_eq!(seqs.len(), EVENTS, "device {d} got {seqs:?}");
    }
    let (first, last) = (
        times.iter().min().unwrap().as_millis(),
        times.iter().max().unwrap().as_millis(),
    );
    eprintln!(
        "reconnect storm: {DEVICES} devices back between {first} ms and {last} ms after the kill, over {} 100-ms buckets",
        buckets.len()
    );
    for d in devices {
        d.abort();
    }
}
