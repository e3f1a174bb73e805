//! One group commit: a whole queue of appends in one transaction, with a
//! handful of statements per tenant instead of three per webhook.
//!
//! Per tenant of the batch (in id order, so two PostgreSQL instances lock in
//! the same order): lock the tenant row, find byte-identical twins already
//! stored with one `IN (…)` query, reserve the seqs of the new events with
//! one `UPDATE … last_seq = last_seq + k`, insert them with multi-row
//! INSERTs, NOTIFY the newest seq; then COMMIT once. The seqs are the same
//! gap-free, commit-ordered ones the row-at-a-time loop gave: the tenant row
//! is locked (or, on SQLite, the one writer is busy) for the whole batch.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::events::{AppendJob, Appended};
use super::{on_backend, postgres, Backend};
use crate::RelayError;

/// Rows per multi-row INSERT (8 parameters each, far under every limit).
const INSERT_CHUNK: usize = 64;
/// Hashes per duplicate lookup.
const LOOKUP_CHUNK: usize = 256;

/// Commit `batch`; the result of each job in order, or the error that
/// rolled the whole transaction back.
pub(super) async fn commit_batch(
    backend: &Backend,
    batch: &[AppendJob],
) -> Result<Vec<Result<Appended, RelayError>>, sqlx::Error> {
    let mut by_tenant: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, job) in batch.iter().enumerate() {
        by_tenant.entry(job.tenant.as_str()).or_default().push(i);
    }
    let mut results: Vec<Option<Result<Appended, RelayError>>> =
        (0..batch.len()).map(|_| None).collect();
    on_backend!(backend, writer, |pool, sql| {
        let mut tx = pool.begin().await?;
        for (tenant, jobs) in &by_tenant {
            if let Some(lock) = sql.lock_tenant {
                sqlx::query(lock)
                    .bind(*tenant)
                    .fetch_optional(&mut *tx)
                    .await?;
            }
            // twins already stored, then twins inside this batch
            let mut seq_of: HashMap<String, i64> = HashMap::new();
            for chunk in jobs.chunks(LOOKUP_CHUNK) {
                let mut q = sqlx::QueryBuilder::new(
                    "SELECT body_sha256, seq FROM events WHERE tenant_id = ",
                );
                q.push_bind(*tenant).push(" AND body_sha256 IN (");
                let mut list = q.separated(", ");
                for &i in chunk {
                    list.push_bind(batch[i].body_sha256.as_str());
                }
                q.push(")");
                let rows: Vec<(String, i64)> = q.build_query_as().fetch_all(&mut *tx).await?;
                seq_of.extend(rows);
            }
            let mut fresh: Vec<usize> = Vec::new();
            let mut fresh_shas: HashSet<&str> = HashSet::new();
            let mut twins: Vec<usize> = Vec::new();
            for &i in jobs {
                let sha = batch[i].body_sha256.as_str();
                if let Some(&seq) = seq_of.get(sha) {
                    results[i] = Some(Ok(Appended {
                        seq,
                        duplicate: true,
                    }));
                } else if !fresh_shas.insert(sha) {
                    twins.push(i); // a retry inside this very batch
                } else {
                    fresh.push(i);
                }
            }
            if fresh.is_empty() {
                continue;
            }
            let reserved: Option<i64> = sqlx::query_scalar(
                "UPDATE tenants SET last_seq = last_seq + $1 WHERE id = $2 RETURNING last_seq",
            )
            .bind(fresh.len() as i64)
            .bind(*tenant)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(last) = reserved else {
                for &i in jobs {
                    results[i] = Some(Err(RelayError::UnknownTenant(tenant.to_string())));
                }
                continue;
            };
            let first_seq = last - fresh.len() as i64 + 1;
            for chunk in fresh.chunks(INSERT_CHUNK).enumerate() {
                let (n, chunk) = chunk;
                let base = first_seq + (n * INSERT_CHUNK) as i64;
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO events
                         (tenant_id, seq, event_id, received_at, source, headers, body, body_sha256) ",
                );
                q.push_values(chunk.iter().enumerate(), |mut row, (k, &i)| {
                    let job = &batch[i];
                    row.push_bind(*tenant)
                        .push_bind(base + k as i64)
                        .push_bind(job.event_id.as_str())
                        .push_bind(job.received_at)
                        .push_bind(job.source.as_str())
                        .push_bind(job.headers.as_str())
                        .push_bind(job.body.as_slice())
                        .push_bind(job.body_sha256.as_str());
                });
                q.build().execute(&mut *tx).await?;
            }
            let mut new_seq: HashMap<&str, i64> = HashMap::new();
            for (k, &i) in fresh.iter().enumerate() {
                let seq = first_seq + k as i64;
                new_seq.insert(batch[i].body_sha256.as_str(), seq);
                results[i] = Some(Ok(Appended {
                    seq,
                    duplicate: false,
                }));
            }
            for &i in &twins {
                results[i] = Some(Ok(Appended {
                    seq: new_seq[batch[i].body_sha256.as_str()],
                    duplicate: true,
                }));
            }
            if let Some(notify) = sql.notify {
                sqlx::query(notify)
                    .bind(postgres::payload(tenant, last))
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(results
            .into_iter()
            .map(|r| r.expect("every job has a result"))
            .collect())
    })
}
