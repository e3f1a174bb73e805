//! A client for Meta's Graph API (WhatsApp Cloud API) for one business
//! number: sending, media, templates, the business profile and the numbers.
//!
//! It turns outbox payloads into Graph requests ([`message_request`]) and
//! Meta's error envelopes into [`GraphError`]s with an [`ErrorKind`] saying
//! what to do. Inputs Meta would refuse (an oversized file, a malformed
//! template, a too-long profile text) are checked with `bandeja-domain`'s
//! rules first and refused without a request, so the user hears about them
//! at once and rate limits are not spent on them. The base URL is
//! configurable so tests run against `bandeja-sim` on loopback.

mod account;
mod error;
mod media;
mod request;
mod templates;

use std::time::Duration;

use serde_json::{json, Value};

pub use account::PhoneNumberInfo;
pub use error::{parse_error, ErrorKind, GraphError};
pub use media::MediaInfo;
pub use request::message_request;
pub use templates::{CreatedTemplate, GraphTemplate};

/// Where and as whom to call the Graph API for one business number.
#[derive(Clone)]
pub struct GraphConfig {
    /// `https://graph.facebook.com` in production; the simulator in tests.
    pub base_url: String,
    /// e.g. `v25.0`.
    pub version: String,
    pub phone_number_id: String,
    pub access_token: String,
}

impl std::fmt::Debug for GraphConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphConfig")
            .field("base_url", &self.base_url)
            .field("version", &self.version)
            .field("phone_number_id", &self.phone_number_id)
            .field("access_token", &"***")
            .finish()
    }
}

/// One business number's Graph API client.
#[derive(Debug, Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    config: GraphConfig,
}

impl GraphClient {
    pub fn new(config: GraphConfig) -> GraphClient {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("HTTP client");
        GraphClient { http, config }
    }

    fn base(&self) -> &str {
        self.config.base_url.trim_end_matches('/')
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{}/{}", self.base(), self.config.version, path)
    }

    /// True for URLs on the configured Graph host (safe to send the token to).
    fn is_graph_url(&self, url: &str) -> bool {
        url.strip_prefix(self.base())
            .is_some_and(|rest| rest.starts_with('/'))
    }

    /// Send with the bearer token; a non-2xx answer becomes Meta's error.
    async fn execute(&self, req: reqwest::RequestBuilder) -> Result<Vec<u8>, GraphError> {
        let res = req
            .bearer_auth(&self.config.access_token)
            .send()
            .await
            .map_err(|e| GraphError::network(&e))?;
        let status = res.status().as_u16();
        let bytes = res.bytes().await.map_err(|e| GraphError::network(&e))?;
        if !(200..300).contains(&status) {
            return Err(parse_error(status, &bytes));
        }
        Ok(bytes.to_vec())
    }

    /// [`GraphClient::execute`], expecting a JSON answer.
    async fn call(&self, req: reqwest::RequestBuilder) -> Result<Value, GraphError> {
        let bytes = self.execute(req).await?;
        serde_json::from_slice(&bytes).map_err(|_| parse_error(200, &bytes))
    }

    async fn get(&self, path: &str, query: &[(&str, &str)]) -> Result<Value, GraphError> {
        self.call(self.http.get(self.url(path)).query(query)).await
    }

    async fn post(&self, path: &str, body: &Value) -> Result<Value, GraphError> {
        self.call(self.http.post(self.url(path)).json(body)).await
    }

    /// Every `data` row of a cursor-paged edge. Follows `paging.next` when
    /// it points at the Graph host, otherwise asks again with the `after`
    /// cursor, until a page has no `next`.
    async fn all_pages(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Vec<Value>, GraphError> {
        const MAX_PAGES: usize = 1000;
        let mut rows = Vec::new();
        let mut page = self.get(path, query).await?;
        for _ in 0..MAX_PAGES {
            if let Some(data) = page["data"].as_array() {
                rows.extend(data.iter().cloned());
            }
            let Some(next) = page["paging"]["next"].as_str() else {
                return Ok(rows);
            };
            page = if self.is_graph_url(next) {
                self.call(self.http.get(next)).await?
            } else {
                let after = page["paging"]["cursors"]["after"]
                    .as_str()
                    .ok_or_else(|| parse_error(200, b"paging without an after cursor"))?
                    .to_string();
                let mut q = query.to_vec();
                q.push(("after", &after));
                self.get(path, &q).await?
            };
        }
        Err(GraphError::refused(
            format!("{path}: more than {MAX_PAGES} pages; stopped"),
            None,
        ))
    }

    /// Send an outbox payload; the answer is the new message's wamid.
    pub async fn send(&self, payload: &Value) -> Result<String, GraphError> {
        let body = message_request(payload)?;
        let path = format!("{}/messages", self.config.phone_number_id);
        let v = self.post(&path, &body).await?;
        v["messages"][0]["id"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| parse_error(200, v.to_string().as_bytes()))
    }

    /// Tell the customer their message was read (blue ticks).
    pub async fn mark_read(&self, wamid: &str) -> Result<(), GraphError> {
        let url = self.url(&format!("{}/messages", self.config.phone_number_id));
        let body = json!({"messaging_product": "whatsapp", "status": "read", "message_id": wamid});
        self.execute(self.http.post(url).json(&body)).await?;
        Ok(())
    }
}
