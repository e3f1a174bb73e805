//! The load generator: Meta-signed webhook bodies of a fixed size, posted by
//! N concurrent keep-alive senders, and the bare axum handler the relay's
//! ingest rate is compared with.
//!
//! Every body is unique (a run tag and a counter sit in the message id), so
//! the relay's duplicate check never short-cuts a durable insert. Each sender
//! owns one HTTP client and so one keep-alive connection, sends one warm-up
//! request (connection setup is not what is measured), waits for the others,
//! then posts until the shared count or the deadline runs out.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use bandeja_channels::whatsapp::signature::sign;
use serde_json::{json, Value};
use tokio::sync::Barrier;

use crate::machine::percentile;

/// The app secret of every benchmark tenant.
pub const SECRET: &str = "bandeja-bench-app-secret";

/// Webhook bodies of one size in Meta's shape: `{prefix}{tag}{n:010}{suffix}`.
pub struct Bodies {
    prefix: String,
    suffix: String,
}

impl Bodies {
    /// Bodies of exactly `size` bytes (or the bare envelope if `size` is
    /// smaller). The filler is fixed pseudo-random text, so neither SQLite
    /// nor PostgreSQL's TOAST gets to compress a run of one letter.
    pub fn new(size: usize) -> Bodies {
        let prefix = r#"{"object":"whatsapp_business_account","entry":[{"id":"100000000000001","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550100001","phone_number_id":"200000000000002"},"messages":[{"from":"34600000001","id":"wamid."#.to_string();
        let head = r#"","timestamp":"1700000000","type":"text","text":{"body":""#;
        let tail = r#""}}]}}]}]}"#;
        let fixed = prefix.len() + TAG_LEN + 10 + head.len() + tail.len();
        let mut x: u32 = 0x2545_f491;
        let filler: String = (0..size.saturating_sub(fixed))
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                char::from(b"abcdefghijklmnopqrstuvwxyz      "[(x % 32) as usize])
            })
            .collect();
        Bodies {
            prefix,
            suffix: format!("{head}{filler}{tail}"),
        }
    }

    /// Body number `n` of the run tagged `tag` (exactly [`TAG_LEN`] chars).
    pub fn body(&self, tag: &str, n: usize) -> Vec<u8> {
        debug_assert_eq!(tag.len(), TAG_LEN);
        format!("{}{tag}{n:010}{}", self.prefix, self.suffix).into_bytes()
    }

    /// The `n` of a body made by [`Bodies::body`] with `tag`.
    pub fn number(body: &[u8], tag: &str) -> Option<usize> {
        let text = std::str::from_utf8(body).ok()?;
        let at = text.find(&format!("wamid.{tag}"))? + 6 + TAG_LEN;
        text.get(at..at + 10)?.parse().ok()
    }
}

/// Length of a run tag: a few letters naming the run plus a random part.
pub const TAG_LEN: usize = 12;

/// A run tag: `name` (≤ 4 chars) padded with random hex to [`TAG_LEN`].
pub fn tag(name: &str) -> anyhow::Result<String> {
    let mut t = name.chars().take(4).collect::<String>().to_uppercase();
    t.push_str(&bandeja_relay::secret::random_hex(TAG_LEN)?);
    t.truncate(TAG_LEN);
    Ok(t)
}

/// POST a Meta-signed `body` to `url`; the HTTP status.
pub async fn post_signed(
    client: &reqwest::Client,
    url: &str,
    body: Vec<u8>,
) -> anyhow::Result<u16> {
    let sig = sign(SECRET.as_bytes(), &body);
    let res = client
        .post(url)
        .header("content-type", "application/json")
        .header("x-hub-signature-256", sig)
        .body(body)
        .send()
        .await?;
    let status = res.status().as_u16();
    res.bytes().await?;
    Ok(status)
}

/// One keep-alive connection's client.
pub fn client() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .timeout(Duration::from_secs(60))
        .build()?)
}

/// What one (target, size, concurrency) cell measured.
pub struct Cell {
    pub ok: usize,
    pub failed: usize,
    pub seconds: f64,
    /// Time-to-200 of every accepted request, sorted, in ms.
    pub ms: Vec<f64>,
}

impl Cell {
    pub fn per_s(&self) -> f64 {
        if self.seconds > 0.0 {
            self.ok as f64 / self.seconds
        } else {
            0.0
        }
    }

    pub fn json(&self) -> Value {
        json!({
            "webhooks_per_s": self.per_s().round(),
            "accepted": self.ok,
            "failed": self.failed,
            "seconds": (self.seconds * 1000.0).round() / 1000.0,
            "time_to_200_p50_ms": percentile(&self.ms, 50.0),
            "time_to_200_p99_ms": percentile(&self.ms, 99.0),
            "time_to_200_p999_ms": percentile(&self.ms, 99.9),
            "time_to_200_max_ms": percentile(&self.ms, 100.0),
        })
    }
}

/// `senders` keep-alive clients post unique signed bodies of `size` bytes to
/// `url` until `max` requests are done or `seconds` have passed.
pub async fn hammer(
    url: &str,
    size: usize,
    senders: usize,
    max: usize,
    seconds: f64,
) -> anyhow::Result<Cell> {
    let bodies = Arc::new(Bodies::new(size));
    let run = tag("ING")?;
    let next = Arc::new(AtomicUsize::new(0));
    let start = Arc::new(Barrier::new(senders + 1));
    let mut tasks = Vec::with_capacity(senders);
    for s in 0..senders {
        let (bodies, run, next, start) = (bodies.clone(), run.clone(), next.clone(), start.clone());
        let url = url.to_string();
        let client = client()?;
        tasks.push(tokio::spawn(async move {
            // warm-up: opens the connection; numbered past every measured body
            let warm = post_signed(&client, &url, bodies.body(&run, 9_000_000_000 + s)).await;
            start.wait().await;
            warm?;
            let deadline = Instant::now() + Duration::from_secs_f64(seconds);
            let (mut ms, mut failed) = (Vec::new(), 0usize);
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= max || Instant::now() >= deadline {
                    break;
                }
                let body = bodies.body(&run, n);
                let t = Instant::now();
                match post_signed(&client, &url, body).await {
                    Ok(200) => ms.push(t.elapsed().as_secs_f64() * 1000.0),
                    Ok(_) | Err(_) => failed += 1,
                }
            }
            anyhow::Ok((ms, failed, Instant::now()))
        }));
    }
    start.wait().await;
    let t0 = Instant::now();
    let mut cell = Cell {
        ok: 0,
        failed: 0,
        seconds: 0.0,
        ms: Vec::new(),
    };
    let mut last = t0;
    for task in tasks {
        let (ms, failed, done) = task.await??;
        cell.failed += failed;
        cell.ms.extend(ms);
        last = last.max(done);
    }
    cell.ok = cell.ms.len();
    cell.seconds = (last - t0).as_secs_f64();
    cell.ms.sort_by(|a, b| a.total_cmp(b));
    Ok(cell)
}

/// The comparison point: an axum handler on the relay's route shape that
/// reads the body (under the same limit) and answers 200, nothing else.
pub async fn serve_bare() -> anyhow::Result<SocketAddr> {
    let app = Router::new()
        .route(
            "/hooks/meta/{path_token}",
            post(|_body: Bytes| async { StatusCode::OK }),
        )
        .layer(DefaultBodyLimit::max(bandeja_relay::BODY_LIMIT));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_have_the_size_and_carry_their_number() {
        for size in [1024, 16 * 1024] {
            let b = Bodies::new(size);
            let t = tag("x").unwrap();
            let body = b.body(&t, 42);
            assert_eq!(body.len(), size);
            assert!(serde_json::from_slice::<Value>(&body).is_ok());
            assert_eq!(Bodies::number(&body, &t), Some(42));
            assert_ne!(body, b.body(&t, 43));
        }
    }
}
