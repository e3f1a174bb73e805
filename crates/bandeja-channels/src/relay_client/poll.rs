//! The HTTP long-poll fallback for networks whose proxies break WebSockets:
//! the same cursor and acks as the socket, over plain requests.

use std::collections::BTreeMap;
use std::time::Duration;

use base64::Engine;
use serde::Deserialize;

use super::{refusal, ClientError, Envelope};

/// Longest wait the relay accepts per poll (under common proxy idle limits).
pub const MAX_WAIT: Duration = Duration::from_secs(25);

#[derive(Deserialize)]
struct Batch {
    events: Vec<Polled>,
}

#[derive(Deserialize)]
struct Polled {
    seq: i64,
    event_id: String,
    received_at: i64,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    body_base64: String,
}

/// A device's long-poll session with the relay at `url`.
#[derive(Clone)]
pub struct LongPoll {
    url: String,
    token: String,
    http: reqwest::Client,
}

impl LongPoll {
    pub fn new(url: &str, token: &str) -> LongPoll {
        LongPoll {
            url: url.trim_end_matches('/').to_string(),
            token: token.to_string(),
            http: reqwest::Client::new(),
        }
    }

    /// The envelopes after `after`, waiting up to `wait` for one to arrive;
    /// empty when none did.
    pub async fn fetch(&self, after: i64, wait: Duration) -> Result<Vec<Envelope>, ClientError> {
        let wait = wait.min(MAX_WAIT);
        let resp = self
            .http
            .get(format!("{}/v1/events", self.url))
            .query(&[("after", after), ("wait", wait.as_secs() as i64)])
            .bearer_auth(&self.token)
            .timeout(wait + Duration::from_secs(15))
            .send()
            .await?;
        match resp.status().as_u16() {
            204 => return Ok(Vec::new()),
            200 => {}
            _ => return Err(refusal(resp).await),
        }
        let batch: Batch = resp.json().await?;
        Ok(batch
            .events
            .into_iter()
            .map(|p| Envelope {
                seq: p.seq,
                event_id: p.event_id,
                received_at: p.received_at,
                source: p.source.unwrap_or_else(|| "meta".into()),
                headers: p.headers,
                body: base64::engine::general_purpose::STANDARD
                    .decode(p.body_base64)
                    .ok(),
                head_seq: None,
            })
            .collect())
    }

    /// Acknowledge everything up to `seq` (after the caller's own commit).
    pub async fn ack(&self, up_to_seq: i64) -> Result<(), ClientError> {
        let resp = self
            .http
            .post(format!("{}/v1/ack", self.url))
            .bearer_auth(&self.token)
            .json(&serde_json::json!({ "up_to_seq": up_to_seq }))
            .timeout(Duration::from_secs(30))
            .send()
            .await?;
        if resp.status().is_success() {
            return Ok(());
        }
        Err(refusal(resp).await)
    }
}
