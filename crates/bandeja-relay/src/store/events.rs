//! The per-tenant event log: group-committed appends, reads, acks, retention.
//!
//! Every append is a job on an mpsc queue. One writer task takes whatever is
//! queued, commits it all in one transaction (one fsync under
//! `synchronous=FULL`) and only then answers each caller, so a 200 to Meta
//! always means "on disk". The seq is taken inside that transaction from
//! `tenants.last_seq`, so seqs are gap-free and strictly increasing per tenant
//! in commit order, whatever the concurrency (with PostgreSQL, across
//! instances too: see `postgres`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use sqlx::Row;
use tokio::sync::{mpsc, oneshot};

use super::{on_backend, Backend, Store, Wakers};
use crate::retention;
use crate::secret::{random_hex, sha256_hex};
use crate::RelayError;

/// Most appends one transaction takes; bounds a commit's latency.
const MAX_BATCH: usize = 512;

/// The outcome of an append: the event's seq, and whether it was already
/// stored (a byte-identical retry), in which case no row was added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    pub seq: i64,
    pub duplicate: bool,
}

/// Which provider sent a webhook: the desktop picks the verifier and parser
/// by it (Meta's JSON with `X-Hub-Signature-256`, or Twilio's form POST).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    #[default]
    Meta,
    Twilio,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Meta => "meta",
            Source::Twilio => "twilio",
        }
    }

    fn parse(s: &str) -> Source {
        if s == "twilio" {
            Source::Twilio
        } else {
            Source::Meta
        }
    }
}

/// One stored webhook envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub seq: i64,
    pub event_id: String,
    pub received_at: i64,
    pub source: Source,
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

/// What a retention pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CleanupReport {
    pub devices_marked_stale: u64,
    pub events_deleted: u64,
}

pub(super) struct AppendJob {
    pub(super) tenant: String,
    pub(super) source: Source,
    pub(super) headers: String,
    pub(super) body: Vec<u8>,
    pub(super) body_sha256: String,
    pub(super) event_id: String,
    pub(super) received_at: i64,
    reply: oneshot::Sender<Result<Appended, RelayError>>,
}

/// The group-commit loop; ends when every [`Store`] clone is dropped.
pub(super) async fn run_writer(
    backend: Backend,
    path: PathBuf,
    mut rx: mpsc::Receiver<AppendJob>,
    wakers: Wakers,
) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        match super::commit::commit_batch(&backend, &batch).await {
            Ok(results) => {
                tracing::debug!(size = batch.len(), "group commit");
                for (job, result) in batch.into_iter().zip(results) {
                    if let Ok(Appended {
                        seq,
                        duplicate: false,
                    }) = result
                    {
                        wakers.wake(&job.tenant, seq);
                    }
                    let _ = job.reply.send(result);
                }
            }
            Err(e) => {
                tracing::error!(db = %path.display(), error = %e, size = batch.len(), "group commit failed");
                let msg = e.to_string();
                for job in batch {
                    let _ = job.reply.send(Err(RelayError::Commit(msg.clone())));
                }
            }
        }
    }
}

impl Store {
    /// Durably append a Meta webhook for `tenant`; returns after COMMIT.
    pub async fn append(
        &self,
        tenant: &str,
        headers: &BTreeMap<String, String>,
        body: Vec<u8>,
    ) -> Result<Appended, RelayError> {
        self.append_from(Source::Meta, tenant, headers, body).await
    }

    /// Durably append a webhook of `source` for `tenant`; returns after COMMIT.
    pub async fn append_from(
        &self,
        source: Source,
        tenant: &str,
        headers: &BTreeMap<String, String>,
        body: Vec<u8>,
    ) -> Result<Appended, RelayError> {
        let (reply, answer) = oneshot::channel();
        let job = AppendJob {
            tenant: tenant.to_string(),
            source,
            headers: serde_json::to_string(headers).expect("a string map serialises"),
            body_sha256: sha256_hex(&body),
            body,
            event_id: random_hex(16)?,
            received_at: crate::now_millis(),
            reply,
        };
        self.appends
            .send(job)
            .await
            .map_err(|_| RelayError::WriterGone)?;
        answer.await.map_err(|_| RelayError::WriterGone)?
    }

    /// Up to `limit` events of `tenant` with seq > `after`, in seq order.
    pub async fn read_after(
        &self,
        tenant: &str,
        after: i64,
        limit: u32,
    ) -> Result<Vec<Event>, RelayError> {
        on_backend!(&self.backend, reader, |pool, _sql| {
            let rows = sqlx::query(
                "SELECT seq, event_id, received_at, source, headers, body FROM events
                 WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            )
            .bind(tenant)
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await
            .map_err(self.db_err())?;
            Ok(rows
                .iter()
                .map(|row| Event {
                    seq: row.get("seq"),
                    event_id: row.get("event_id"),
                    received_at: row.get("received_at"),
                    source: Source::parse(row.get::<&str, _>("source")),
                    headers: serde_json::from_str(row.get::<&str, _>("headers"))
                        .unwrap_or_default(),
                    body: row.get("body"),
                })
                .collect())
        })
    }

    /// The highest seq handed out for `tenant` (0 before the first event).
    pub async fn last_seq(&self, tenant: &str) -> Result<i64, RelayError> {
        on_backend!(&self.backend, reader, |pool, _sql| {
            sqlx::query_scalar("SELECT last_seq FROM tenants WHERE id = $1")
                .bind(tenant)
                .fetch_optional(pool)
                .await
                .map_err(self.db_err())?
                .ok_or_else(|| RelayError::UnknownTenant(tenant.to_string()))
        })
    }

    /// How many events of `tenant` are stored.
    pub async fn event_count(&self, tenant: &str) -> Result<i64, RelayError> {
        on_backend!(&self.backend, reader, |pool, _sql| {
            sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE tenant_id = $1")
                .bind(tenant)
                .fetch_one(pool)
                .await
                .map_err(self.db_err())
        })
    }

    /// Cumulative ack: the device's cursor moves to `up_to_seq`, never
    /// backwards and never past the tenant's last seq. Returns the cursor.
    pub async fn ack(&self, device: &str, up_to_seq: i64, now: i64) -> Result<i64, RelayError> {
        let cursor: Option<i64> = on_backend!(&self.backend, writer, |pool, sql| {
            sqlx::query_scalar(sql.ack)
                .bind(up_to_seq)
                .bind(now)
                .bind(device)
                .fetch_optional(pool)
                .await
                .map_err(self.db_err())?
        });
        cursor.ok_or(RelayError::UnknownDevice)
    }

    /// One retention pass at `now`: mark silent devices stale, then delete
    /// the events every live device acked that are past the window.
    pub async fn cleanup(&self, now: i64) -> Result<CleanupReport, RelayError> {
        let report = on_backend!(&self.backend, writer, |pool, _sql| {
            let mut tx = pool.begin().await.map_err(self.db_err())?;
            let stale = sqlx::query(
                "UPDATE devices SET stale_at = $1
                 WHERE revoked_at IS NULL AND stale_at IS NULL AND last_seen_at < $2",
            )
            .bind(now)
            .bind(now - self.retention_ms)
            .execute(&mut *tx)
            .await
            .map_err(self.db_err())?
            .rows_affected();
            let tenants = sqlx::query("SELECT id, last_seq FROM tenants")
                .fetch_all(&mut *tx)
                .await
                .map_err(self.db_err())?;
            let mut deleted = 0;
            for t in &tenants {
                let id: String = t.get("id");
                let acks: Vec<i64> = sqlx::query_scalar(
                    "SELECT last_acked_seq FROM devices
                     WHERE tenant_id = $1 AND revoked_at IS NULL AND stale_at IS NULL",
                )
                .bind(&id)
                .fetch_all(&mut *tx)
                .await
                .map_err(self.db_err())?;
                let through = retention::acked_by_all(&acks, t.get("last_seq"));
                deleted += sqlx::query(
                    "DELETE FROM events WHERE tenant_id = $1 AND seq <= $2 AND received_at < $3",
                )
                .bind(&id)
                .bind(through)
                .bind(retention::old_before(now, self.retention_ms))
                .execute(&mut *tx)
                .await
                .map_err(self.db_err())?
                .rows_affected();
            }
            tx.commit().await.map_err(self.db_err())?;
            CleanupReport {
                devices_marked_stale: stale,
                events_deleted: deleted,
            }
        });
        tracing::info!(?report, "retention pass");
        Ok(report)
    }
}
