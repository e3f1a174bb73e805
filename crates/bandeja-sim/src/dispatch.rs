//! Posting webhooks the way Meta does: compact escaped JSON signed with
//! `X-Hub-Signature-256` over the exact bytes, anything but HTTP 200 counts
//! as a failure and is retried with exponential backoff (bounded here, where
//! Meta keeps trying for days), and every attempt is logged so tests can see
//! what was sent. Deliveries go out one at a time in the order they were
//! queued, unless a retry or a scripted reordering puts one behind others.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

use crate::config::Retry;
use crate::json::signature;
use crate::world::Outgoing;

/// One webhook as the simulator sent (or tried to send) it.
#[derive(Debug, Clone, Serialize)]
pub struct WebhookRecord {
    pub seq: usize,
    /// What it carries, e.g. `inbound:text`, `status:delivered`, `template:APPROVED`.
    pub label: String,
    pub url: Option<String>,
    /// The exact bytes posted (ASCII thanks to Meta's escaping).
    pub body: String,
    pub signature: String,
    /// `pending`, `delivered`, `failed` (gave up) or `no_url`.
    pub state: String,
    pub attempts: u32,
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
}

pub type WebhookLog = Arc<Mutex<Vec<WebhookRecord>>>;

struct Job {
    seq: usize,
    url: String,
    body: Vec<u8>,
    signature: String,
    attempt: u32,
    at: Instant,
}

struct Queued(Job, u64);

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        (self.0.at, self.1) == (other.0.at, other.1)
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.0.at, self.1).cmp(&(other.0.at, other.1))
    }
}

pub struct Dispatcher {
    tx: mpsc::UnboundedSender<Job>,
    pending: watch::Sender<usize>,
    pub log: WebhookLog,
}

impl Dispatcher {
    /// Starts the delivery task on the current tokio runtime.
    pub fn start(retry: Retry) -> Dispatcher {
        let (tx, rx) = mpsc::unbounded_channel();
        let (pending, _) = watch::channel(0usize);
        let log: WebhookLog = Arc::default();
        tokio::spawn(run(rx, log.clone(), pending.clone(), retry));
        Dispatcher { tx, pending, log }
    }

    /// Sign, log and queue one webhook.
    pub fn submit(&self, out: Outgoing, app_secret: &str) {
        let sig = signature(app_secret, &out.body);
        let mut log = self.log.lock().expect("webhook log");
        let seq = log.len();
        log.push(WebhookRecord {
            seq,
            label: out.label,
            url: out.url.clone(),
            body: String::from_utf8_lossy(&out.body).into_owned(),
            signature: sig.clone(),
            state: if out.url.is_some() {
                "pending"
            } else {
                "no_url"
            }
            .into(),
            attempts: 0,
            last_status: None,
            last_error: None,
        });
        drop(log);
        let Some(url) = out.url else {
            tracing::debug!(seq, "webhook recorded without a callback URL");
            return;
        };
        self.pending.send_modify(|n| *n += 1);
        let job = Job {
            seq,
            url,
            body: out.body,
            signature: sig,
            attempt: 0,
            at: Instant::now() + Duration::from_millis(out.delay_ms),
        };
        if self.tx.send(job).is_err() {
            self.pending.send_modify(|n| *n -= 1);
        }
    }

    /// Wait until nothing is queued or being retried; false on timeout.
    pub async fn wait_idle(&self, timeout: Duration) -> bool {
        let mut rx = self.pending.subscribe();
        tokio::time::timeout(timeout, rx.wait_for(|n| *n == 0))
            .await
            .is_ok_and(|r| r.is_ok())
    }
}

fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(timeout)
        .user_agent("facebookexternalua")
        .build()
        .expect("HTTP client builds")
}

async fn run(
    mut rx: mpsc::UnboundedReceiver<Job>,
    log: WebhookLog,
    pending: watch::Sender<usize>,
    retry: Retry,
) {
    let http = client(Duration::from_millis(retry.timeout_ms));
    let mut heap: BinaryHeap<Reverse<Queued>> = BinaryHeap::new();
    let mut order = 0u64;
    let mut open = true;
    loop {
        let next = heap.peek().map(|q| q.0 .0.at);
        if !open && next.is_none() {
            return;
        }
        tokio::select! {
            job = rx.recv(), if open => match job {
                Some(job) => {
                    order += 1;
                    heap.push(Reverse(Queued(job, order)));
                }
                None => open = false,
            },
            _ = tokio::time::sleep_until(next.unwrap_or_else(Instant::now)), if next.is_some() => {
                let Some(Reverse(Queued(mut job, _))) = heap.pop() else { continue };
                job.attempt += 1;
                let result = post(&http, &job).await;
                let done = result.is_ok() || job.attempt >= retry.max_attempts;
                {
                    let mut log = log.lock().expect("webhook log");
                    let rec = &mut log[job.seq];
                    rec.attempts = job.attempt;
                    match &result {
                        Ok(()) => {
                            rec.state = "delivered".into();
                            rec.last_status = Some(200);
                        }
                        Err((status, err)) => {
                            rec.last_status = *status;
                            rec.last_error = Some(err.clone());
                            if done {
                                rec.state = "failed".into();
                            }
                        }
                    }
                }
                if done {
                    if result.is_err() {
                        tracing::warn!(seq = job.seq, attempts = job.attempt, "webhook given up");
                    }
                    pending.send_modify(|n| *n = n.saturating_sub(1));
                } else {
                    let factor = 2u64.saturating_pow(job.attempt - 1);
                    let wait = retry.initial_ms.saturating_mul(factor).min(retry.max_ms);
                    job.at = Instant::now() + Duration::from_millis(wait);
                    order += 1;
                    heap.push(Reverse(Queued(job, order)));
                }
            }
        }
    }
}

async fn post(http: &reqwest::Client, job: &Job) -> Result<(), (Option<u16>, String)> {
    let res = http
        .post(&job.url)
        .header("Content-Type", "application/json")
        .header("X-Hub-Signature-256", &job.signature)
        .body(job.body.clone())
        .send()
        .await
        .map_err(|e| (None, e.to_string()))?;
    let status = res.status().as_u16();
    // Meta: anything other than 200 is a failed delivery.
    if status == 200 {
        Ok(())
    } else {
        Err((Some(status), format!("callback answered HTTP {status}")))
    }
}

/// Meta's verification request: GET with `hub.mode=subscribe`, a numeric
/// challenge and the verify token; the endpoint must echo the challenge.
pub async fn handshake(url: &str, verify_token: &str, challenge: u64) -> Result<(), String> {
    let http = client(Duration::from_secs(5));
    let challenge = challenge.to_string();
    let res = http
        .get(url)
        .query(&[
            ("hub.mode", "subscribe"),
            ("hub.challenge", challenge.as_str()),
            ("hub.verify_token", verify_token),
        ])
        .send()
        .await
        .map_err(|e| format!("could not reach the callback: {e}"))?;
    let status = res.status().as_u16();
    let body = res.text().await.unwrap_or_default();
    if status == 200 && body == challenge {
        Ok(())
    } else {
        Err(format!(
            "HTTP Status Code = {status}; HTTP Message = the response does not match the challenge"
        ))
    }
}
