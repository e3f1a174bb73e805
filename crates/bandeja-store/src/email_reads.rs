//! Reading email back: a message with what answering it needs, where it
//! sits on the server, flags coming from the server, and which senders'
//! remote images a member allowed.

use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::email::{list, EmailMeta, StoredEmail};
use crate::time::to_millis;
use crate::{Result, Store};

impl Store {
    /// An email message with its answering details.
    pub async fn email(&self, message: i64) -> Result<Option<StoredEmail>> {
        let row = sqlx::query(
            "SELECT m.id, m.conversation_id, m.account_id, m.provider_id, m.direction, coalesce(v.subject, ''),
                    e.raw_file, e.sender, e.refs, e.reply_to, e.to_addrs, e.cc_addrs, e.seen, e.answered
             FROM messages m JOIN email_messages e ON e.message_id = m.id
             JOIN conversations v ON v.id = m.conversation_id WHERE m.id = ?",
        )
        .bind(message)
        .fetch_optional(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(row.map(|r| StoredEmail {
            message_id: r.get(0),
            conversation_id: r.get(1),
            account_id: r.get(2),
            header_id: r.get(3),
            inbound: r.get::<&str, _>(4) == "inbound",
            subject: r.get(5),
            meta: EmailMeta {
                raw_file: r.get(6),
                sender: r.get(7),
                references: list(r.get(8)),
                reply_to: list(r.get(9)),
                to: list(r.get(10)),
                cc: list(r.get(11)),
                seen: r.get::<i64, _>(12) != 0,
                answered: r.get::<i64, _>(13) != 0,
            },
        }))
    }

    /// The conversation a message belongs to.
    pub async fn message_conversation(&self, message: i64) -> Result<Option<i64>> {
        let row = sqlx::query("SELECT conversation_id FROM messages WHERE id = ?")
            .bind(message)
            .fetch_optional(&self.reader)
            .await
            .map_err(|e| self.err(e))?;
        Ok(row.map(|r| r.get(0)))
    }

    /// The newest email of a conversation (what "Reply" answers by default).
    pub async fn latest_email(&self, conversation: i64) -> Result<Option<i64>> {
        let row = sqlx::query(
            "SELECT m.id FROM messages m JOIN email_messages e ON e.message_id = m.id
             WHERE m.conversation_id = ? ORDER BY m.created_at DESC, m.id DESC LIMIT 1",
        )
        .bind(conversation)
        .fetch_optional(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Forget where messages sat in a mailbox whose UIDVALIDITY changed.
    pub async fn forget_email_locations(&self, account: i64, mailbox: &str) -> Result<u64> {
        let r = sqlx::query("DELETE FROM email_locations WHERE account_id = ? AND mailbox = ?")
            .bind(account)
            .bind(mailbox)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(r.rows_affected())
    }

    /// A message's UID in a mailbox, for setting flags on the server.
    pub async fn email_location(&self, message: i64) -> Result<Option<(String, u32, u32)>> {
        let row = sqlx::query(
            "SELECT mailbox, uid_validity, uid FROM email_locations WHERE message_id = ? ORDER BY mailbox LIMIT 1",
        )
        .bind(message)
        .fetch_optional(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(row.map(|r| {
            (
                r.get(0),
                r.get::<i64, _>(1) as u32,
                r.get::<i64, _>(2) as u32,
            )
        }))
    }

    /// Apply flags read from the server; returns the messages whose `seen`
    /// changed with their conversation.
    pub async fn set_email_flags(
        &self,
        account: i64,
        mailbox: &str,
        uid_validity: u32,
        flags: &[(u32, bool, bool)],
    ) -> Result<u64> {
        let mut tx = self.begin().await?;
        let mut changed = 0;
        for &(uid, seen, answered) in flags {
            let r = sqlx::query(
                "UPDATE email_messages SET seen = ?, answered = ? WHERE message_id =
                 (SELECT message_id FROM email_locations WHERE account_id = ? AND mailbox = ? AND uid_validity = ? AND uid = ?)
                 AND (seen <> ? OR answered <> ?)",
            )
            .bind(seen as i64)
            .bind(answered as i64)
            .bind(account)
            .bind(mailbox)
            .bind(uid_validity as i64)
            .bind(uid as i64)
            .bind(seen as i64)
            .bind(answered as i64)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
            changed += r.rows_affected();
        }
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(changed)
    }

    /// Unseen inbound mail of a conversation, with its place on the server,
    /// marked seen here (the caller sets `\Seen` there).
    pub async fn take_unseen_email(&self, conversation: i64) -> Result<Vec<(String, u32, u32)>> {
        let rows = sqlx::query(
            "UPDATE email_messages SET seen = 1 WHERE seen = 0 AND message_id IN
             (SELECT id FROM messages WHERE conversation_id = ? AND direction = 'inbound')
             RETURNING message_id",
        )
        .bind(conversation)
        .fetch_all(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in rows {
            if let Some(loc) = self.email_location(r.get(0)).await? {
                out.push(loc);
            }
        }
        Ok(out)
    }

    /// Mark a message answered here; returns where it sits on the server.
    pub async fn mark_email_answered(&self, message: i64) -> Result<Option<(String, u32, u32)>> {
        sqlx::query("UPDATE email_messages SET answered = 1 WHERE message_id = ?")
            .bind(message)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        self.email_location(message).await
    }

    pub async fn email_message_count(&self, account: i64) -> Result<i64> {
        let (n,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM email_messages WHERE account_id = ?")
                .bind(account)
                .fetch_one(&self.reader)
                .await
                .map_err(|e| self.err(e))?;
        Ok(n)
    }

    pub async fn remote_images_allowed(&self, sender: &str) -> Result<bool> {
        let row = sqlx::query("SELECT 1 FROM remote_image_senders WHERE sender = ?")
            .bind(sender)
            .fetch_optional(&self.reader)
            .await
            .map_err(|e| self.err(e))?;
        Ok(row.is_some())
    }

    pub async fn allow_remote_images(&self, sender: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "INSERT OR IGNORE INTO remote_image_senders (sender, allowed_at) VALUES (?, ?)",
        )
        .bind(sender.trim().to_lowercase())
        .bind(to_millis(now))
        .execute(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        Ok(())
    }
}
