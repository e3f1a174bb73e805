//! The store side of email: the lookups threading needs (which conversation
//! a Message-ID belongs to, the counterpart's recent subjects), the email
//! row beside each message, where it sits on the server, and the IMAP
//! bookkeeping written in the same transaction as the messages it covers —
//! so a crash between the two can neither skip nor double a message.

use std::collections::HashMap;

use bandeja_domain::email_thread::{normalized_subject, SubjectCandidate};
use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Row, Sqlite};

use crate::time::{from_millis, to_millis};
use crate::{IngestTx, Result};

/// The email row of a message, as written on ingest or send.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmailMeta {
    pub raw_file: String,
    pub sender: String,
    pub references: Vec<String>,
    pub reply_to: Vec<String>,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub seen: bool,
    pub answered: bool,
}

/// An email message with what answering it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEmail {
    pub message_id: i64,
    pub conversation_id: i64,
    pub account_id: i64,
    /// Its Message-ID.
    pub header_id: Option<String>,
    pub inbound: bool,
    pub subject: String,
    pub meta: EmailMeta,
}

fn json(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn list(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

impl IngestTx {
    /// Which conversation each of these Message-IDs belongs to.
    pub async fn email_threads(
        &mut self,
        account: i64,
        ids: &[&str],
    ) -> Result<HashMap<String, i64>> {
        // an i64 written into the SQL: nothing to inject
        let select = format!(
            "SELECT ref_id, conversation_id FROM email_thread_refs WHERE account_id = {account} AND ref_id IN ("
        );
        self.pairs_in(&select, ids).await
    }

    /// Contacts known by these email addresses (lower-case).
    pub async fn contacts_by_email(&mut self, addresses: &[&str]) -> Result<HashMap<String, i64>> {
        let select =
            "SELECT value, contact_id FROM contact_identities WHERE kind = 'email' AND value IN (";
        self.pairs_in(select, addresses).await
    }

    /// `(text, id)` rows of `select` (which ends in `IN (`) for all `keys`,
    /// a few hundred keys per statement.
    async fn pairs_in(&mut self, select: &str, keys: &[&str]) -> Result<HashMap<String, i64>> {
        let mut out = HashMap::new();
        for chunk in keys.chunks(400) {
            let mut q = QueryBuilder::<Sqlite>::new(select);
            let mut sep = q.separated(", ");
            for k in chunk {
                sep.push_bind(*k);
            }
            q.push(")");
            let rows = q
                .build()
                .fetch_all(&mut *self.tx)
                .await
                .map_err(|e| self.store.err(e))?;
            out.extend(rows.iter().map(|r| (r.get(0), r.get(1))));
        }
        Ok(out)
    }

    /// Email rows and server locations of a batch, in a few statements.
    pub async fn insert_email_rows(
        &mut self,
        account: i64,
        metas: &[(i64, &EmailMeta)],
        locations: &[(&str, u32, u32, i64)],
    ) -> Result<()> {
        for chunk in metas.chunks(90) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT OR IGNORE INTO email_messages
                 (message_id, account_id, raw_file, sender, refs, reply_to, to_addrs, cc_addrs, seen, answered) ",
            );
            q.push_values(chunk, |mut b, (id, m)| {
                b.push_bind(*id)
                    .push_bind(account)
                    .push_bind(&m.raw_file)
                    .push_bind(m.sender.to_lowercase())
                    .push_bind(json(&m.references))
                    .push_bind(json(&m.reply_to))
                    .push_bind(json(&m.to))
                    .push_bind(json(&m.cc))
                    .push_bind(m.seen as i64)
                    .push_bind(m.answered as i64);
            });
            q.build()
                .execute(&mut *self.tx)
                .await
                .map_err(|e| self.store.err(e))?;
        }
        for chunk in locations.chunks(150) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT OR REPLACE INTO email_locations (account_id, mailbox, uid_validity, uid, message_id) ",
            );
            q.push_values(chunk, |mut b, (mailbox, validity, uid, id)| {
                b.push_bind(account)
                    .push_bind(*mailbox)
                    .push_bind(*validity as i64)
                    .push_bind(*uid as i64)
                    .push_bind(*id);
            });
            q.build()
                .execute(&mut *self.tx)
                .await
                .map_err(|e| self.store.err(e))?;
        }
        Ok(())
    }

    /// Thread refs of a batch: (ref id, conversation), first one wins.
    pub async fn add_thread_refs_batch(
        &mut self,
        account: i64,
        refs: &[(&str, i64)],
    ) -> Result<()> {
        for chunk in refs.chunks(300) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT OR IGNORE INTO email_thread_refs (account_id, ref_id, conversation_id) ",
            );
            q.push_values(chunk, |mut b, (id, conv)| {
                b.push_bind(account).push_bind(*id).push_bind(*conv);
            });
            q.build()
                .execute(&mut *self.tx)
                .await
                .map_err(|e| self.store.err(e))?;
        }
        Ok(())
    }

    /// The counterpart's conversations on `account` active since `since`,
    /// for the subject fallback of threading.
    pub async fn email_subject_candidates(
        &mut self,
        account: i64,
        counterpart: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<SubjectCandidate>> {
        let rows = sqlx::query(
            "SELECT v.id, coalesce(v.subject, ''), v.last_message_at FROM conversations v
             JOIN contact_identities i ON i.contact_id = v.contact_id AND i.kind = 'email' AND i.value = ?
             WHERE v.account_id = ? AND v.last_message_at >= ?",
        )
        .bind(counterpart.to_lowercase())
        .bind(account)
        .bind(to_millis(since))
        .fetch_all(&mut *self.tx)
        .await
        .map_err(|e| self.store.err(e))?;
        Ok(rows
            .iter()
            .map(|r| SubjectCandidate {
                conversation_id: r.get(0),
                normalized_subject: normalized_subject(r.get::<&str, _>(1)),
                counterpart: counterpart.to_lowercase(),
                last_message_at: from_millis(r.get(2)),
            })
            .collect())
    }

    /// Remember that these Message-IDs belong to `conversation` (the first
    /// conversation to name an id keeps it).
    pub async fn add_thread_refs(
        &mut self,
        account: i64,
        conversation: i64,
        ids: &[&str],
    ) -> Result<()> {
        for chunk in ids.chunks(300) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT OR IGNORE INTO email_thread_refs (account_id, ref_id, conversation_id) ",
            );
            q.push_values(chunk, |mut b, id| {
                b.push_bind(account).push_bind(*id).push_bind(conversation);
            });
            q.build()
                .execute(&mut *self.tx)
                .await
                .map_err(|e| self.store.err(e))?;
        }
        Ok(())
    }

    pub async fn insert_email_meta(
        &mut self,
        message: i64,
        account: i64,
        meta: &EmailMeta,
    ) -> Result<()> {
        sqlx::query(
            "INSERT OR IGNORE INTO email_messages
             (message_id, account_id, raw_file, sender, refs, reply_to, to_addrs, cc_addrs, seen, answered)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(message)
        .bind(account)
        .bind(&meta.raw_file)
        .bind(meta.sender.to_lowercase())
        .bind(json(&meta.references))
        .bind(json(&meta.reply_to))
        .bind(json(&meta.to))
        .bind(json(&meta.cc))
        .bind(meta.seen as i64)
        .bind(meta.answered as i64)
        .execute(&mut *self.tx)
        .await
        .map_err(|e| self.store.err(e))?;
        Ok(())
    }

    /// Where a message sits on the server.
    pub async fn add_email_location(
        &mut self,
        account: i64,
        mailbox: &str,
        uid_validity: u32,
        uid: u32,
        message: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT OR REPLACE INTO email_locations (account_id, mailbox, uid_validity, uid, message_id)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(account)
        .bind(mailbox)
        .bind(uid_validity as i64)
        .bind(uid as i64)
        .bind(message)
        .execute(&mut *self.tx)
        .await
        .map_err(|e| self.store.err(e))?;
        Ok(())
    }

    /// New conversations of a batch in one statement; their ids, in order.
    pub async fn create_conversations(
        &mut self,
        account: i64,
        rows: &[(i64, Option<&str>, DateTime<Utc>)],
    ) -> Result<Vec<i64>> {
        let mut ids = Vec::with_capacity(rows.len());
        for chunk in rows.chunks(150) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO conversations (account_id, contact_id, brand_id, subject, last_message_at, created_at) ",
            );
            q.push_values(chunk, |mut b, (contact, subject, at)| {
                b.push_bind(account)
                    .push_bind(*contact)
                    .push("(SELECT brand_id FROM accounts WHERE id = ")
                    .push_bind_unseparated(account)
                    .push_unseparated(")")
                    .push_bind(*subject)
                    .push_bind(to_millis(*at))
                    .push_bind(to_millis(*at));
            });
            let r = q
                .build()
                .execute(&mut *self.tx)
                .await
                .map_err(|e| self.store.err(e))?;
            // one writer, no AUTOINCREMENT: the rows got consecutive ids
            let first = r.last_insert_rowid() - chunk.len() as i64 + 1;
            ids.extend((0..chunk.len() as i64).map(|k| first + k));
        }
        Ok(ids)
    }

    /// [`IngestTx::discount_unread`] for many conversations at once.
    pub async fn discount_unread_batch(&mut self, rows: &[(i64, i64)]) -> Result<()> {
        for chunk in rows.chunks(300) {
            let mut q = QueryBuilder::<Sqlite>::new("WITH v(id, n) AS (");
            q.push_values(chunk, |mut b, (id, n)| {
                b.push_bind(*id).push_bind(*n);
            });
            q.push(") UPDATE conversations SET unread = max(0, unread - v.n) FROM v WHERE conversations.id = v.id");
            q.build()
                .execute(&mut *self.tx)
                .await
                .map_err(|e| self.store.err(e))?;
        }
        Ok(())
    }

    /// [`IngestTx::resolve_quietly`] for many conversations at once.
    pub async fn resolve_quietly_batch(&mut self, rows: &[(i64, DateTime<Utc>)]) -> Result<()> {
        for chunk in rows.chunks(300) {
            let mut q = QueryBuilder::<Sqlite>::new("WITH v(id, at) AS (");
            q.push_values(chunk, |mut b, (id, at)| {
                b.push_bind(*id).push_bind(to_millis(*at));
            });
            q.push(
                ") UPDATE conversations SET status = 'resolved', resolved_at = v.at FROM v
                 WHERE conversations.id = v.id AND conversations.status <> 'resolved'",
            );
            q.build()
                .execute(&mut *self.tx)
                .await
                .map_err(|e| self.store.err(e))?;
        }
        Ok(())
    }

    /// Take back unread counts of inbound mail already read elsewhere.
    pub async fn discount_unread(&mut self, conversation: i64, n: i64) -> Result<()> {
        sqlx::query("UPDATE conversations SET unread = max(0, unread - ?) WHERE id = ?")
            .bind(n)
            .bind(conversation)
            .execute(&mut *self.tx)
            .await
            .map_err(|e| self.store.err(e))?;
        Ok(())
    }

    /// Mark a conversation handled (history that was answered before
    /// Bandeja saw it).
    pub async fn resolve_quietly(&mut self, conversation: i64, at: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "UPDATE conversations SET status = 'resolved', resolved_at = ? WHERE id = ? AND status <> 'resolved'",
        )
        .bind(to_millis(at))
        .bind(conversation)
        .execute(&mut *self.tx)
        .await
        .map_err(|e| self.store.err(e))?;
        Ok(())
    }

    /// [`Store::set_sync_state`] inside the batch's transaction.
    pub async fn set_sync_state(
        &mut self,
        account: i64,
        scope: &str,
        value: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(crate::wa_templates::UPSERT_SYNC_STATE)
            .bind(account)
            .bind(scope)
            .bind(value)
            .bind(to_millis(now))
            .execute(&mut *self.tx)
            .await
            .map_err(|e| self.store.err(e))?;
        Ok(())
    }
}
