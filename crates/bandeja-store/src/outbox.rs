//! The outbox: a send is a message row (pending) plus an outbox row, written
//! in one transaction before any network call, so nothing typed is ever lost
//! and a restart knows exactly what is still to send.
//!
//! A row is claimed (`sending`, attempts + 1, committed) before the provider
//! is called. A row found in `sending` at start-up was interrupted mid-call:
//! the provider may or may not have accepted it, so it is never re-sent
//! blindly (that could send twice); it is marked failed with an explanation
//! and the member decides.

use bandeja_domain::DeliveryState;
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::time::{from_millis, to_millis};
use crate::{InsertOutcome, NewMessage, Result, Store, StoreError};

/// A claimed outbox row, ready to be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxItem {
    pub id: i64,
    pub message_id: i64,
    pub conversation_id: i64,
    pub account_id: i64,
    /// What to send, as the channel adapter wants it (JSON).
    pub payload: serde_json::Value,
    /// Attempts including this one.
    pub attempts: i64,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Record a message to send and its outbox row, atomically.
    pub async fn enqueue(
        &self,
        message: &NewMessage,
        payload: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<(i64, i64)> {
        let mut tx = self.begin().await?;
        let out = self
            .insert_messages_in(&mut tx, std::slice::from_ref(message))
            .await?;
        let InsertOutcome::Inserted(message_id) = out[0] else {
            return Err(StoreError::InvalidData(
                "outbound message already stored".into(),
            ));
        };
        let id = sqlx::query("INSERT INTO outbox (message_id, account_id, payload, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?)")
            .bind(message_id)
            .bind(message.account_id)
            .bind(payload.to_string())
            .bind(to_millis(now))
            .bind(to_millis(now))
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?
            .last_insert_rowid();
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok((message_id, id))
    }

    /// Claim up to `limit` rows due at `now`: each is marked `sending` with
    /// its attempt counted before anyone calls the provider.
    pub async fn claim_due(&self, now: DateTime<Utc>, limit: u32) -> Result<Vec<OutboxItem>> {
        let mut tx = self.begin().await?;
        let rows = sqlx::query(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1
             WHERE id IN (SELECT o.id FROM outbox o JOIN accounts a ON a.id = o.account_id
                          WHERE o.state = 'queued' AND o.next_attempt_at <= ? AND a.status = 'active'
                          ORDER BY o.next_attempt_at, o.id LIMIT ?)
             RETURNING id, message_id, account_id, payload, attempts, created_at",
        )
        .bind(to_millis(now))
        .bind(i64::from(limit))
        .fetch_all(&mut *tx)
        .await
        .map_err(|e| self.err(e))?;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            let message_id: i64 = r.get(1);
            let (conversation_id,): (i64,) =
                sqlx::query_as("SELECT conversation_id FROM messages WHERE id = ?")
                    .bind(message_id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| self.err(e))?;
            items.push(OutboxItem {
                id: r.get(0),
                message_id,
                conversation_id,
                account_id: r.get(2),
                payload: serde_json::from_str(r.get::<&str, _>(3))
                    .map_err(|e| StoreError::InvalidData(format!("outbox payload: {e}")))?,
                attempts: r.get(4),
                created_at: from_millis(r.get(5)),
            });
        }
        tx.commit().await.map_err(|e| self.err(e))?;
        items.sort_by_key(|i| i.id);
        Ok(items)
    }

    /// The provider accepted the message: remember its id, apply any status
    /// that arrived first, close the row. Returns the resulting state.
    pub async fn outbox_sent(&self, item: &OutboxItem, provider_id: &str) -> Result<DeliveryState> {
        let mut tx = self.begin_ingest().await?;
        let state = tx
            .attach_provider_id(item.message_id, item.account_id, provider_id)
            .await?;
        tx.close_outbox(item.id, "done", None).await?;
        tx.commit().await?;
        Ok(state)
    }

    /// Try again at `next_at` (transient error or rate limit).
    pub async fn outbox_retry(
        &self,
        item: &OutboxItem,
        next_at: DateTime<Utc>,
        error: &str,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET state = 'queued', next_attempt_at = ?, last_error = ? WHERE id = ?",
        )
        .bind(to_millis(next_at))
        .bind(error)
        .bind(item.id)
        .execute(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Give up on a row: the message shows `failed` with the provider's code.
    pub async fn outbox_failed(&self, item: &OutboxItem, code: i64, title: &str) -> Result<()> {
        let mut tx = self.begin_ingest().await?;
        tx.set_delivery(
            item.message_id,
            &DeliveryState::Failed {
                code,
                title: title.to_string(),
            },
        )
        .await?;
        tx.close_outbox(item.id, "failed", Some(title)).await?;
        tx.commit().await
    }

    /// At start-up: rows left in `sending` by a crash are failed, not re-sent.
    pub async fn outbox_recover(&self) -> Result<Vec<OutboxItem>> {
        let rows: Vec<(i64,)> = sqlx::query_as("SELECT id FROM outbox WHERE state = 'sending'")
            .fetch_all(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for (id,) in rows {
            let r = sqlx::query("SELECT o.message_id, o.account_id, o.payload, o.attempts, o.created_at, m.conversation_id FROM outbox o JOIN messages m ON m.id = o.message_id WHERE o.id = ?")
                .bind(id)
                .fetch_one(&self.writer)
                .await
                .map_err(|e| self.err(e))?;
            let item = OutboxItem {
                id,
                message_id: r.get(0),
                account_id: r.get(1),
                payload: serde_json::from_str(r.get::<&str, _>(2)).unwrap_or_default(),
                attempts: r.get(3),
                created_at: from_millis(r.get(4)),
                conversation_id: r.get(5),
            };
            self.outbox_failed(&item, 0, "Interrupted while sending: it may or may not have been delivered. Check with the customer before sending it again.").await?;
            out.push(item);
        }
        Ok(out)
    }
}

impl crate::IngestTx {
    /// Give an outbound message its provider id and fold in statuses that
    /// were parked because they arrived before this moment.
    pub async fn attach_provider_id(
        &mut self,
        message: i64,
        account: i64,
        provider_id: &str,
    ) -> Result<DeliveryState> {
        self.exec_update_provider_id(message, provider_id).await?;
        let mut state = DeliveryState::Pending;
        for parked in self.take_parked(account, provider_id).await? {
            state = bandeja_domain::merge_delivery_state(&state, &parked);
        }
        self.set_delivery(message, &state).await?;
        Ok(state)
    }
}

impl Store {
    /// A member asked to send a failed message again: back to the queue,
    /// shown as pending. Returns false when there is nothing to retry.
    pub async fn outbox_requeue(
        &self,
        member: i64,
        message_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.begin_ingest().await?;
        let r = sqlx::query(
            "UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = ?, last_error = NULL
             WHERE message_id = ? AND state = 'failed'
               AND account_id IN (SELECT account_id FROM account_members WHERE member_id = ?)",
        )
        .bind(to_millis(now))
        .bind(message_id)
        .bind(member)
        .execute(&mut *tx.tx)
        .await
        .map_err(|e| self.err(e))?;
        if r.rows_affected() == 0 {
            return Ok(false);
        }
        tx.set_delivery(message_id, &DeliveryState::Pending).await?;
        tx.commit().await?;
        Ok(true)
    }
}

impl Store {
    /// The different customers an account started conversations with
    /// (business-initiated sends, marked so in their outbox payload) since
    /// `since`, and whether `to` is among them. Failed sends do not count.
    pub async fn business_initiated_since(
        &self,
        account_id: i64,
        since: DateTime<Utc>,
        to: Option<&str>,
    ) -> Result<(u32, bool)> {
        let row = sqlx::query(
            "SELECT COUNT(DISTINCT json_extract(payload, '$.to')),
                    COALESCE(MAX(json_extract(payload, '$.to') = ?), 0)
             FROM outbox WHERE account_id = ? AND created_at >= ? AND state != 'failed'
               AND json_extract(payload, '$.business_initiated') = 1",
        )
        .bind(to)
        .bind(account_id)
        .bind(to_millis(since))
        .fetch_one(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok((row.get::<i64, _>(0) as u32, row.get::<i64, _>(1) == 1))
    }
}
