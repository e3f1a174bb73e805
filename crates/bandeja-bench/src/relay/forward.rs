//! Delivery to devices: forward latency of live webhooks to 1 and to many
//! connected devices, and the drain of a large backlog by one device coming
//! back from seq 0.
//!
//! Devices are `bandeja_channels::relay_client::Connection`s, the desktop's
//! own protocol code, acking after every frame as the desktop does. Relay,
//! sender and devices share this process and so one clock: latency is the
//! device's ack-sent time minus the relay's `received_at` (system clock; the
//! relay stores whole milliseconds, truncated, so this reads up to 1 ms
//! high), and, on the same clock in µs, minus the moment the sender started
//! the POST (which adds the client's half of the request).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use bandeja_channels::relay_client::{Connection, Incoming};
use bandeja_relay::{now_millis, Appended, NewTenant, Store, Tenant};
use futures::stream::{self, StreamExt, TryStreamExt};
use serde_json::{json, Value};

use super::db::Db;
use super::load::{self, Bodies};
use crate::machine::percentile;

/// Long enough that no benchmark pause trips the client's silence timer.
pub const SILENCE: Duration = Duration::from_secs(120);

/// Microseconds since the Unix epoch: the clock every latency here is on.
fn now_us() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or(0)
}

pub async fn tenant(store: &Store, name: &str) -> anyhow::Result<Tenant> {
    Ok(store
        .create_tenant(
            NewTenant {
                name: name.into(),
                app_secret: load::SECRET.into(),
            },
            now_millis(),
        )
        .await?)
}

/// `n` device tokens of `tenant`, enrolled straight through the store (the
/// HTTP enroll route is not what is measured).
pub async fn enroll(store: &Store, tenant: &Tenant, n: usize) -> anyhow::Result<Vec<String>> {
    let mut tokens = Vec::with_capacity(n);
    for i in 0..n {
        let code = store
            .create_enrollment_code(&tenant.id, now_millis(), 3_600_000)
            .await?;
        let e = store
            .enroll(&code, &format!("bench-{i}"), now_millis())
            .await?;
        tokens.push(e.token);
    }
    Ok(tokens)
}

/// Open a device socket from `from_seq` and wait for the relay's welcome,
/// so that the relay has registered it before anything is posted.
pub async fn connect(url: &str, token: &str, from_seq: i64) -> anyhow::Result<Connection> {
    let mut conn = Connection::open(url, token, from_seq, SILENCE).await?;
    match conn.next_frame().await? {
        Some(Incoming::Head(_)) => Ok(conn),
        other => anyhow::bail!("expected the welcome frame, got {other:?}"),
    }
}

/// Forward latency with `devices` connected devices: `events` webhooks of
/// `size` bytes posted one after another, at most one per `interval`.
pub async fn latency(
    store: &Store,
    base: &str,
    devices: usize,
    events: usize,
    size: usize,
    interval: Duration,
) -> anyhow::Result<Value> {
    let t = tenant(store, &format!("forward-{devices}")).await?;
    let tokens = enroll(store, &t, devices).await?;
    let conns: Vec<Connection> = stream::iter(tokens.iter())
        .map(|token| connect(base, token, 0))
        .buffer_unordered(16)
        .try_collect()
        .await?;
    let run = load::tag("FWD")?;
    let mut readers = Vec::with_capacity(devices);
    for mut conn in conns {
        let run = run.clone();
        readers.push(tokio::spawn(async move {
            // (body number, relay received_at ms, ack sent µs)
            let mut seen = Vec::with_capacity(events);
            while seen.len() < events {
                let Some(e) = conn.next().await? else {
                    anyhow::bail!("the relay closed a device socket");
                };
                conn.ack(e.seq).await?;
                let acked = now_us();
                let n = e.body.as_deref().and_then(|b| Bodies::number(b, &run));
                seen.push((n, e.received_at, acked));
            }
            conn.close().await;
            anyhow::Ok(seen)
        }));
    }
    let bodies = Bodies::new(size);
    let client = load::client()?;
    let url = format!("{base}/hooks/meta/{}", t.path_token);
    let mut started = Vec::with_capacity(events);
    let mut tick = tokio::time::interval(interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let t0 = Instant::now();
    for n in 0..events {
        tick.tick().await;
        started.push(now_us());
        let status = load::post_signed(&client, &url, bodies.body(&run, n)).await?;
        anyhow::ensure!(status == 200, "relay answered {status}");
    }
    let posted_s = t0.elapsed().as_secs_f64();
    let (mut from_received, mut from_post) = (Vec::new(), Vec::new());
    for reader in readers {
        let seen = tokio::time::timeout(Duration::from_secs(300), reader)
            .await
            .map_err(|_| anyhow::anyhow!("devices did not receive every event in 300 s"))???;
        for (n, received_at, acked) in seen {
            from_received.push(acked as f64 / 1000.0 - received_at as f64);
            if let Some(start) = n.and_then(|n| started.get(n)) {
                from_post.push((acked - start) as f64 / 1000.0);
            }
        }
    }
    let drained_s = t0.elapsed().as_secs_f64();
    from_received.sort_by(|a, b| a.total_cmp(b));
    from_post.sort_by(|a, b| a.total_cmp(b));
    let stats = |v: &[f64]| {
        json!({
            "p50_ms": percentile(v, 50.0),
            "p99_ms": percentile(v, 99.0),
            "p999_ms": percentile(v, 99.9),
            "max_ms": percentile(v, 100.0),
        })
    };
    Ok(json!({
        "devices": devices,
        "events": events,
        "body_bytes": size,
        "send_interval_ms": interval.as_secs_f64() * 1000.0,
        "posting_seconds": (posted_s * 1000.0).round() / 1000.0,
        "seconds_until_all_acked": (drained_s * 1000.0).round() / 1000.0,
        "samples": from_received.len(),
        "received_at_to_ack_sent": stats(&from_received),
        "post_start_to_ack_sent": stats(&from_post),
    }))
}

/// `n` events of `size` bytes appended straight through [`Store::append`]
/// (group-committed, `concurrency` in flight); the disk they take; then two
/// devices drain them from seq 0 over the WebSocket, one after the other:
/// the first acks every frame (as the desktop does), the second every
/// [`BATCH_ACK`] frames, which shows what the per-ack cost is.
pub async fn backlog(
    store: &Store,
    db: &Db,
    base: &str,
    n: usize,
    size: usize,
    concurrency: usize,
) -> anyhow::Result<Value> {
    let t = tenant(store, "backlog").await?;
    let tokens = enroll(store, &t, 2).await?;
    let bodies = Bodies::new(size);
    let run = load::tag("BKL")?;
    let headers: BTreeMap<String, String> =
        [("content-type".to_string(), "application/json".to_string())].into();
    let t0 = Instant::now();
    let appended: Vec<Appended> = stream::iter(0..n)
        .map(|i| {
            let body = bodies.body(&run, i);
            let (store, id, headers) = (store, &t.id, &headers);
            async move { store.append(id, headers, body).await }
        })
        .buffer_unordered(concurrency)
        .try_collect()
        .await?;
    let append_s = t0.elapsed().as_secs_f64();
    anyhow::ensure!(
        appended.iter().all(|a| !a.duplicate),
        "a backlog body was taken for a duplicate"
    );
    let disk = db.disk().await?;
    let head = store.last_seq(&t.id).await?;
    let every_frame = drain(base, &tokens[0], head, 1).await?;
    let batched = drain(base, &tokens[1], head, BATCH_ACK).await?;
    Ok(json!({
        "events": n,
        "body_bytes": size,
        "append": {
            "how": format!("Store::append, {concurrency} in flight (group commit), no HTTP"),
            "seconds": (append_s * 1000.0).round() / 1000.0,
            "events_per_s": (n as f64 / append_s).round(),
        },
        "drain": every_frame,
        format!("drain_ack_every_{BATCH_ACK}"): batched,
        "disk_after_append": disk,
        "disk_after_drains": db.disk().await?,
    }))
}

/// Frames between acks of the second draining device (half the relay's
/// window of 256, so the relay never stalls on it).
const BATCH_ACK: i64 = 128;

/// One device reads seq 1..=`head` from seq 0, acking every `every` frames.
async fn drain(base: &str, token: &str, head: i64, every: i64) -> anyhow::Result<Value> {
    let t0 = Instant::now();
    let mut conn = connect(base, token, 0).await?;
    let (mut got, mut last, mut first_ms, mut out_of_order) = (0usize, 0i64, None, 0usize);
    while last < head {
        let Some(e) = conn.next().await? else {
            anyhow::bail!("the relay closed the draining socket at seq {last}");
        };
        if e.seq != last + 1 {
            out_of_order += 1;
        }
        last = last.max(e.seq);
        got += 1;
        if e.seq % every == 0 || e.seq == head {
            conn.ack(e.seq).await?;
        }
        first_ms.get_or_insert_with(|| t0.elapsed().as_secs_f64() * 1000.0);
    }
    let secs = t0.elapsed().as_secs_f64();
    conn.close().await;
    Ok(json!({
        "how": format!("one relay_client::Connection from seq 0, ack every {every} frame(s)"),
        "events_received": got,
        "out_of_order": out_of_order,
        "first_event_ms": first_ms.map(|m| (m * 1000.0).round() / 1000.0),
        "seconds": (secs * 1000.0).round() / 1000.0,
        "events_per_s": (got as f64 / secs).round(),
    }))
}
