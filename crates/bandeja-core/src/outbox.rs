//! Sending: commit first, then talk to the provider, from a loop that
//! survives errors and restarts.
//!
//! `compose.rs` refuses what the platform would reject and otherwise stores
//! the message as pending together with its outbox row. The outbox loop claims due rows
//! (their attempt counted before the call), asks the provider adapter to send,
//! and classifies the answer: accepted -> provider id attached (parked
//! statuses applied); rate-limited -> retry after what the provider said;
//! transient -> exponential backoff with jitter, capped; auth -> the account
//! turns to `error` and its sends wait for a reconnect; permanent -> the
//! message is `failed` with the provider's code and words.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bandeja_domain::AccountStatus;
use bandeja_store::OutboxItem;

use crate::{Core, CoreEvent};

/// After this many attempts a transient failure becomes final.
pub const MAX_ATTEMPTS: i64 = 10;
const BACKOFF_CAP_SECS: i64 = 300;

/// How a provider refused a send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendErrorKind {
    Transient,
    RateLimited { retry_after: Duration },
    Auth,
    Permanent,
}

/// A provider's refusal, with the provider's own code and title.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{title} ({code})")]
pub struct SendError {
    pub kind: SendErrorKind,
    pub code: i64,
    pub title: String,
}

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<String, SendError>> + Send + 'a>>;

/// What the outbox needs from a channel adapter: send one payload for an
/// account and return the provider's message id.
pub trait Outbound: Send + Sync + 'static {
    fn send<'a>(&'a self, account_id: i64, payload: &'a serde_json::Value) -> SendFuture<'a>;
}

/// A send the platform would refuse, caught before it is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendRefused {
    #[error(
        "the 24-hour window is closed: only an approved template can restart this conversation"
    )]
    WindowClosed,
    #[error("the message is empty")]
    Empty,
    #[error("this conversation's contact has no WhatsApp number")]
    NoRecipient,
    #[error("sending email from Bandeja is not available yet")]
    EmailNotYet,
    #[error("the template {name} cannot be sent: Meta's review says {status}")]
    TemplateNotApproved { name: String, status: String },
    #[error("the template {name} needs {expected} values, {given} given")]
    TemplateParams {
        name: String,
        expected: usize,
        given: usize,
    },
    #[error("the template {name} has a {format} header: sending it from Bandeja is not possible yet — choose another template")]
    TemplateNeedsMedia { name: String, format: String },
    #[error("this number has started conversations with {used} customers in the last 24 hours, its limit is {limit}: Meta would refuse more until some of them are over 24 hours old")]
    MessagingLimit { used: u32, limit: u32 },
    #[error("this workspace has started {used} conversations this month and its plan allows {limit}: an owner can raise the limit in Settings → Automation, or wait for next month")]
    PlanQuota { used: u32, limit: u32 },
    #[error("this file cannot be sent on WhatsApp: {0}")]
    Media(String),
    #[error("this email cannot be sent: {0}")]
    Email(String),
    #[error("this message has nothing to send again")]
    NothingToRetry,
    #[error("reactions are for WhatsApp messages that reached the customer")]
    CannotReact,
}

fn backoff(attempts: i64) -> chrono::Duration {
    let base = 2i64
        .saturating_pow(attempts.clamp(0, 20) as u32)
        .min(BACKOFF_CAP_SECS);
    let jitter_ms = (rand_u64() % 1000) as i64;
    chrono::Duration::seconds(base) + chrono::Duration::milliseconds(jitter_ms)
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(std::process::id() as u64);
    h.finish()
}

impl Core {
    /// Send what is due now; returns how many rows were handled.
    pub async fn run_outbox_once(&self, outbound: &dyn Outbound) -> anyhow::Result<usize> {
        let ws = self.workspace().await;
        let items = ws.store.claim_due(self.now(), 32).await?;
        let n = items.len();
        for item in items {
            self.send_one(&ws.store, outbound, item).await?;
        }
        Ok(n)
    }

    async fn send_one(
        &self,
        store: &bandeja_store::Store,
        outbound: &dyn Outbound,
        item: OutboxItem,
    ) -> anyhow::Result<()> {
        let conversation_id = item.conversation_id;
        match outbound.send(item.account_id, &item.payload).await {
            Ok(provider_id) => {
                store.outbox_sent(&item, &provider_id).await?;
                if item.payload["type"] == "email" {
                    // SMTP acceptance is the last news email gives
                    let mut tx = store.begin_ingest().await?;
                    tx.set_delivery(item.message_id, &bandeja_domain::DeliveryState::Sent)
                        .await?;
                    tx.commit().await?;
                }
            }
            Err(e) => match e.kind {
                SendErrorKind::RateLimited { retry_after } => {
                    let at = self.now()
                        + chrono::Duration::from_std(retry_after)
                            .unwrap_or_else(|_| chrono::Duration::seconds(60));
                    store.outbox_retry(&item, at, &e.to_string()).await?;
                }
                SendErrorKind::Transient if item.attempts < MAX_ATTEMPTS => {
                    store
                        .outbox_retry(&item, self.now() + backoff(item.attempts), &e.to_string())
                        .await?;
                }
                SendErrorKind::Auth => {
                    // wait (queued) until the account is reconnected
                    store
                        .outbox_retry(&item, self.now(), &e.to_string())
                        .await?;
                    store
                        .set_account_status(
                            item.account_id,
                            &AccountStatus::Error {
                                reason: format!("{} — reconnect the account", e.title),
                            },
                        )
                        .await?;
                    self.emit(CoreEvent::WorkspaceChanged);
                }
                SendErrorKind::Transient | SendErrorKind::Permanent => {
                    store.outbox_failed(&item, e.code, &e.title).await?;
                }
            },
        }
        self.emit(CoreEvent::ConversationChanged { conversation_id });
        Ok(())
    }

    /// Run the outbox in the background: recover interrupted sends, then
    /// send whenever something is queued (or every few seconds for retries).
    pub fn start_outbox(&self, outbound: Arc<dyn Outbound>) -> tokio::task::JoinHandle<()> {
        let core = self.clone();
        let wake = self
            .inner
            .outbox_wake
            .get_or_init(|| Arc::new(tokio::sync::Notify::new()))
            .clone();
        tokio::spawn(async move {
            if let Err(e) = core.workspace().await.store.outbox_recover().await {
                tracing::error!(error = %e, "outbox recovery failed");
            }
            loop {
                match core.run_outbox_once(outbound.as_ref()).await {
                    Ok(n) if n > 0 => continue,
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = format!("{e:#}"), "outbox pass failed"),
                }
                tokio::select! {
                    _ = wake.notified() => {}
                    _ = tokio::time::sleep(Duration::from_secs(2)) => {}
                }
            }
        })
    }
}
