//! Attachments. A provider announces media by id; the file is fetched in the
//! background (URLs expire, servers fail) so ingest never waits on a
//! download, and the row says whether the file is here, still coming, or
//! could not be fetched and why. Files live under the data dir's `media/`.

use bandeja_domain::inbound::MediaRef;
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::time::to_millis;
use crate::{IngestTx, Result, Store};

/// Where an attachment stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaRecord {
    /// `pending`, `ready` or `failed`.
    pub state: String,
    pub mime: String,
    pub size: Option<i64>,
    pub error: Option<String>,
}

/// A download to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaJob {
    pub message_id: i64,
    pub account_id: i64,
    pub provider_ref: String,
    pub mime: String,
    pub sha256: Option<String>,
    pub attempts: i64,
}

/// A file ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    pub file: String,
    pub mime: String,
    pub filename: Option<String>,
}

impl IngestTx {
    /// Remember that an inbound message carries media to fetch.
    pub async fn insert_media(
        &mut self,
        message_id: i64,
        account_id: i64,
        m: &MediaRef,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO media (message_id, account_id, provider_ref, mime, sha256, state)
             VALUES (?, ?, ?, ?, ?, 'pending') ON CONFLICT (message_id) DO NOTHING",
        )
        .bind(message_id)
        .bind(account_id)
        .bind(&m.media_id)
        .bind(&m.mime)
        .bind(&m.sha256)
        .execute(&mut *self.tx)
        .await
        .map_err(|e| self.store.err(e))?;
        Ok(())
    }
}

impl Store {
    /// Record a file a member attached (already copied into `media/`).
    pub async fn attach_local_media(
        &self,
        message_id: i64,
        account_id: i64,
        mime: &str,
        file: &str,
        size: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO media (message_id, account_id, mime, file, size, state) VALUES (?, ?, ?, ?, ?, 'ready')",
        )
        .bind(message_id)
        .bind(account_id)
        .bind(mime)
        .bind(file)
        .bind(size)
        .execute(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Downloads due at `now` for active accounts, oldest first.
    pub async fn media_due(&self, now: DateTime<Utc>, limit: u32) -> Result<Vec<MediaJob>> {
        let rows = sqlx::query(
            "SELECT m.message_id, m.account_id, m.provider_ref, m.mime, m.sha256, m.attempts
             FROM media m JOIN accounts a ON a.id = m.account_id
             WHERE m.state = 'pending' AND m.next_attempt_at <= ? AND m.provider_ref IS NOT NULL
               AND a.status = 'active'
             ORDER BY m.next_attempt_at, m.message_id LIMIT ?",
        )
        .bind(to_millis(now))
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(rows
            .iter()
            .map(|r| MediaJob {
                message_id: r.get(0),
                account_id: r.get(1),
                provider_ref: r.get(2),
                mime: r.get(3),
                sha256: r.get(4),
                attempts: r.get(5),
            })
            .collect())
    }

    /// The file is here.
    pub async fn media_ready(
        &self,
        message_id: i64,
        file: &str,
        size: i64,
        mime: &str,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE media SET state = 'ready', file = ?, size = ?, mime = ?, error = NULL, attempts = attempts + 1 WHERE message_id = ?",
        )
        .bind(file)
        .bind(size)
        .bind(mime)
        .bind(message_id)
        .execute(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Try again at `at` (or give up when `at` is `None`), keeping the reason.
    pub async fn media_failed(
        &self,
        message_id: i64,
        error: &str,
        at: Option<DateTime<Utc>>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE media SET state = CASE WHEN ?1 IS NULL THEN 'failed' ELSE 'pending' END,
                    next_attempt_at = COALESCE(?1, next_attempt_at), error = ?2, attempts = attempts + 1
             WHERE message_id = ?3",
        )
        .bind(at.map(to_millis))
        .bind(error)
        .bind(message_id)
        .execute(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// A member asked to try a failed download again.
    pub async fn media_retry(
        &self,
        member: i64,
        message_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let r = sqlx::query(
            "UPDATE media SET state = 'pending', attempts = 0, next_attempt_at = ?, error = NULL
             WHERE message_id = ? AND state = 'failed'
               AND account_id IN (SELECT account_id FROM account_members WHERE member_id = ?)",
        )
        .bind(to_millis(now))
        .bind(message_id)
        .bind(member)
        .execute(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        Ok(r.rows_affected() == 1)
    }

    /// The stored file of a message, if the member may see it and it is here.
    pub async fn media_file(&self, member: i64, message_id: i64) -> Result<Option<MediaFile>> {
        let row = sqlx::query(
            "SELECT md.file, md.mime, m.content FROM media md JOIN messages m ON m.id = md.message_id
             WHERE md.message_id = ? AND md.state = 'ready'
               AND md.account_id IN (SELECT account_id FROM account_members WHERE member_id = ?)",
        )
        .bind(message_id)
        .bind(member)
        .fetch_optional(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(row.map(|r| {
            let content: serde_json::Value =
                serde_json::from_str(r.get::<&str, _>(2)).unwrap_or_default();
            MediaFile {
                file: r.get(0),
                mime: r.get(1),
                filename: content["filename"].as_str().map(str::to_string),
            }
        }))
    }
}

impl Store {
    /// The conversation a message belongs to.
    pub async fn conversation_of_message(&self, message_id: i64) -> Result<Option<i64>> {
        let row = sqlx::query("SELECT conversation_id FROM messages WHERE id = ?")
            .bind(message_id)
            .fetch_optional(&self.reader)
            .await
            .map_err(|e| self.err(e))?;
        Ok(row.map(|r| r.get(0)))
    }
}

impl Store {
    /// The emoji a member has on a message, if any.
    pub async fn my_reaction(&self, member: i64, message_id: i64) -> Result<Option<String>> {
        let row = sqlx::query("SELECT emoji FROM reactions WHERE message_id = ? AND reactor = ?")
            .bind(message_id)
            .bind(member)
            .fetch_optional(&self.reader)
            .await
            .map_err(|e| self.err(e))?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Set (or with `None` remove) a member's reaction on a message.
    pub async fn set_member_reaction(
        &self,
        message_id: i64,
        member: i64,
        emoji: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.begin_ingest().await?;
        tx.set_reaction(message_id, Some(member), emoji, at).await?;
        tx.commit().await
    }
}

impl Store {
    /// The provider id of a conversation's latest message from the customer
    /// (what a read receipt names).
    pub async fn latest_inbound_provider_id(&self, conversation_id: i64) -> Result<Option<String>> {
        let row = sqlx::query(
            "SELECT provider_id FROM messages WHERE conversation_id = ? AND direction = 'inbound'
               AND provider_id IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT 1",
        )
        .bind(conversation_id)
        .fetch_optional(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(row.map(|r| r.get(0)))
    }
}
