//! `bandeja-bench relay`: the webhook relay's figures (issue 4, `relay.md`
//! §4) on loopback with fsync on, for SQLite and, when
//! `BANDEJA_RELAY_TEST_PG` names a server (`with-postgres.sh`), PostgreSQL.
//!
//! The relay runs in this process (`bandeja_relay::serve` on 127.0.0.1:0,
//! the default `ServeConfig`, so `synchronous=FULL` / `synchronous_commit=on`)
//! with real HTTP and WebSockets between it and the load generator; sharing
//! the process gives relay and devices one clock for forward latency. Only
//! memory per idle connection is measured on the `bandeja-relay` binary as a
//! child process, so that the bench's own client sockets are not counted.
//! Load generator and relay share the machine's cores, as they would not in
//! production: ingest is compared with a bare axum handler under the very
//! same load, which pays the same client cost.

mod db;
mod forward;
mod idle;
mod load;

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{json, Map, Value};

use crate::machine::{describe, profile};
use db::Backend;
use load::Cell;

const SIZES: [usize; 2] = [1024, 16 * 1024];
const SENDERS: [usize; 2] = [16, 128];
/// Body size of forward-latency and backlog events.
const EVENT_BYTES: usize = 1024;
/// Appends in flight while building the backlog.
const BACKLOG_CONCURRENCY: usize = 256;

pub struct Options {
    quick: bool,
    events: usize,
    seconds: f64,
    forward_events: usize,
    many_events: usize,
    devices: usize,
    interval_ms: u64,
    many_interval_ms: u64,
    backlog: usize,
    idle: usize,
    relay_bin: Option<PathBuf>,
    dir: Option<PathBuf>,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let quick = args.iter().any(|a| a == "--quick");
        let pick = |full, small| if quick { small } else { full };
        let mut o = Options {
            quick,
            events: pick(200_000, 300),
            seconds: if quick { 1.0 } else { 5.0 },
            forward_events: pick(500, 30),
            many_events: pick(200, 30),
            devices: pick(100, 10),
            interval_ms: 10,
            many_interval_ms: pick(50, 20) as u64,
            backlog: pick(100_000, 2_000),
            idle: pick(1000, 50),
            relay_bin: None,
            dir: None,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut val = || it.next().ok_or_else(|| format!("{a} needs a value"));
            let num = |v: &String| v.parse::<usize>().map_err(|e| format!("{a}: {e}"));
            match a.as_str() {
                "--quick" => {}
                "--events" => o.events = num(val()?)?,
                "--seconds" => o.seconds = val()?.parse().map_err(|e| format!("{a}: {e}"))?,
                "--forward-events" => o.forward_events = num(val()?)?,
                "--many-events" => o.many_events = num(val()?)?,
                "--devices" => o.devices = num(val()?)?,
                "--interval-ms" => o.interval_ms = num(val()?)? as u64,
                "--many-interval-ms" => o.many_interval_ms = num(val()?)? as u64,
                "--backlog" => o.backlog = num(val()?)?,
                "--idle" => o.idle = num(val()?)?,
                "--relay-bin" => o.relay_bin = Some(PathBuf::from(val()?)),
                "--dir" => o.dir = Some(PathBuf::from(val()?)),
                other => return Err(format!("unknown option {other}")),
            }
        }
        if o.events == 0
            || o.forward_events == 0
            || o.many_events == 0
            || o.devices == 0
            || o.idle == 0
        {
            return Err("counts must be at least 1".into());
        }
        Ok(o)
    }
}

fn cell_key(size: usize, senders: usize) -> String {
    format!("{}KiB_x{senders}", size / 1024)
}

pub async fn run(o: Options) -> anyhow::Result<Value> {
    let scratch = tempfile::Builder::new()
        .prefix("bandeja-bench-relay-")
        .tempdir_in(o.dir.clone().unwrap_or_else(std::env::temp_dir))?;
    let mut backends = vec![Backend::Sqlite(scratch.path().to_path_buf())];
    let pg = std::env::var(db::PG_ENV).ok().filter(|u| !u.is_empty());
    if let Some(url) = &pg {
        backends.push(Backend::Postgres(url.clone()));
    }
    let bin = idle::relay_bin(o.relay_bin.as_deref());

    eprintln!("relay bench: bare axum handler…");
    let bare_addr = load::serve_bare().await?;
    let bare_url = format!("http://{bare_addr}/hooks/meta/bare");
    let mut bare = Map::new();
    let mut bare_rate = Map::new();
    for size in SIZES {
        for senders in SENDERS {
            let cell = load::hammer(&bare_url, size, senders, o.events, o.seconds).await?;
            eprintln!("  bare {}: {:.0}/s", cell_key(size, senders), cell.per_s());
            bare_rate.insert(cell_key(size, senders), json!(cell.per_s()));
            bare.insert(cell_key(size, senders), cell.json());
        }
    }

    let mut sections = Map::new();
    let mut met = Map::new();
    for backend in &backends {
        let (section, ok) = measure(backend, &o, &bare_rate, bin.as_deref()).await?;
        sections.insert(backend.name().into(), section);
        met.insert(backend.name().into(), ok);
    }
    if pg.is_none() {
        sections.insert(
            "postgres".into(),
            json!({"skipped": format!("{} not set: run under crates/bandeja-relay/tests/with-postgres.sh", db::PG_ENV)}),
        );
    }

    Ok(json!({
        "bench": "relay",
        "profile": profile(),
        "machine": describe(),
        "setup": {
            "relay": "in-process: bandeja_relay::serve (default ServeConfig) on 127.0.0.1:0, real HTTP/1.1 and WebSockets; idle-connection memory on the bandeja-relay binary as a child process when found",
            "fsync": "on: SQLite WAL synchronous=FULL, PostgreSQL fsync=on synchronous_commit=on (the relay's defaults)",
            "load_generator": "in the same process: one reqwest keep-alive client (one connection) per sender, unique Meta-signed X-Hub-Signature-256 JSON bodies, one warm-up request per sender not counted; a cell ends at --events requests or --seconds, whichever first",
            "devices": "bandeja_channels::relay_client::Connection, ack after every frame",
            "clock": "one process, one clock: forward latency = device ack sent (system clock, µs) − relay received_at (system clock, whole ms, truncated: reads up to 1 ms high); also − the sender's POST start (µs)",
            "quick": o.quick,
            "max_requests_per_ingest_cell": o.events,
            "max_seconds_per_ingest_cell": o.seconds,
            "scratch_dir": scratch.path(),
        },
        "bare_axum_200": bare,
        "backends": sections,
        "units": {
            "*_per_s": "per second, counting only 200 answers",
            "*_ms": "milliseconds",
            "*_bytes, bytes_*": "bytes",
            "*_kib": "KiB",
            "ingest keys": "<body KiB>KiB_x<concurrent senders>",
        },
        "targets": {"ingest_ratio_to_bare": 0.5, "forward_p99_ms_1_device": 25.0},
        "met": met,
    }))
}

/// Bytes on disk per backlog event, from the size right after the appends.
fn per_event(backend: &Backend, disk: &Value, n: usize) -> Value {
    let per = |bytes: &Value| (bytes.as_f64().unwrap_or(0.0) / n as f64).round();
    let mut out = json!({
        "events": n,
        "body_bytes_per_event": EVENT_BYTES,
        "bytes_per_event": per(&disk["total_bytes"]),
    });
    match backend {
        Backend::Sqlite(_) => {
            out["db_file_only_bytes_per_event"] = json!(per(&disk["db_bytes"]));
            out["what"] = json!("(database file + WAL) / events right after the backlog's appends (one tenant, 1 KiB Meta-shaped bodies); the WAL keeps its high-water size");
        }
        Backend::Postgres(_) => {
            out["heap_only_bytes_per_event"] = json!(per(&disk["heap_bytes"]));
            out["what"] = json!("pg_total_relation_size('events') (heap + TOAST + indexes) / events right after the backlog's appends (1 KiB Meta-shaped bodies)");
        }
    }
    out
}

/// Every figure of one backend; and which targets it met.
async fn measure(
    backend: &Backend,
    o: &Options,
    bare_rate: &Map<String, Value>,
    bin: Option<&std::path::Path>,
) -> anyhow::Result<(Value, Value)> {
    let name = backend.name();
    eprintln!("relay bench: {name}: ingest…");
    let live = backend.fresh("live").await?;
    let store = live.open().await?;
    let t = forward::tenant(&store, "ingest").await?;
    let config = bandeja_relay::ServeConfig::new(store.clone(), "127.0.0.1:0".parse()?);
    let (addr, server) = bandeja_relay::serve(config).await?;
    let base = format!("http://{addr}");
    let url = format!("{base}/hooks/meta/{}", t.path_token);
    let mut ingest = Map::new();
    let mut worst_ratio = f64::INFINITY;
    for size in SIZES {
        for senders in SENDERS {
            let key = cell_key(size, senders);
            let cell: Cell = load::hammer(&url, size, senders, o.events, o.seconds).await?;
            let bare = bare_rate.get(&key).and_then(Value::as_f64).unwrap_or(0.0);
            let ratio = if bare > 0.0 { cell.per_s() / bare } else { 0.0 };
            worst_ratio = worst_ratio.min(ratio);
            eprintln!("  {name} {key}: {:.0}/s, {ratio:.2} of bare", cell.per_s());
            let mut j = cell.json();
            j["bare_webhooks_per_s"] = json!(bare.round());
            j["ratio_to_bare"] = json!((ratio * 1000.0).round() / 1000.0);
            ingest.insert(key, j);
        }
    }
    let stored = store.event_count(&t.id).await?;

    eprintln!("relay bench: {name}: forward latency, 1 device…");
    let one = Duration::from_millis(o.interval_ms);
    let fwd_1 = forward::latency(&store, &base, 1, o.forward_events, EVENT_BYTES, one).await?;
    eprintln!(
        "relay bench: {name}: forward latency, {} devices…",
        o.devices
    );
    let many = Duration::from_millis(o.many_interval_ms);
    let fwd_n =
        forward::latency(&store, &base, o.devices, o.many_events, EVENT_BYTES, many).await?;
    server.abort();
    drop(store);

    eprintln!("relay bench: {name}: backlog of {}…", o.backlog);
    let cold = backend.fresh("backlog").await?;
    let store = cold.open().await?;
    let config = bandeja_relay::ServeConfig::new(store.clone(), "127.0.0.1:0".parse()?);
    let (addr, server) = bandeja_relay::serve(config).await?;
    let backlog = forward::backlog(
        &store,
        &cold,
        &format!("http://{addr}"),
        o.backlog,
        EVENT_BYTES,
        BACKLOG_CONCURRENCY,
    )
    .await?;
    server.abort();
    drop(store);
    let disk = per_event(backend, &backlog["disk_after_append"], o.backlog);

    eprintln!(
        "relay bench: {name}: memory per idle connection ({})…",
        o.idle
    );
    let idle_db = backend.fresh("idle").await?;
    let idle = idle::rss_per_connection(&idle_db, o.idle, bin).await?;

    for d in [live, cold, idle_db] {
        d.remove().await;
    }
    let p99_1 = fwd_1["received_at_to_ack_sent"]["p99_ms"]
        .as_f64()
        .unwrap_or(f64::MAX);
    let met = json!({
        "ingest_ratio_to_bare": worst_ratio >= 0.5,
        "worst_ingest_ratio_to_bare": (worst_ratio * 1000.0).round() / 1000.0,
        "forward_p99_1_device": p99_1 <= 25.0,
    });
    Ok((
        json!({
            "ingest": ingest,
            "ingest_rows_stored": stored,
            "forward_latency": {"1_device": fwd_1, format!("{}_devices", o.devices): fwd_n},
            "backlog": backlog,
            "disk": disk,
            "idle_connections": idle,
        }),
        met,
    ))
}
