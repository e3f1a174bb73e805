//! Sidebar counts. Triggers keep small counter tables up to date (see the
//! migration), so reading the counts never scans conversations; the slow
//! recount exists to prove the counters right.

use sqlx::Row;

use crate::queries::Counts;
use crate::{Result, Store, StoreError};

impl Store {
    /// Sidebar counts from the trigger-kept counters (no scan of conversations).
    pub async fn counts(&self, member: i64) -> Result<Counts> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT status, assignee, sum(n) FROM conversation_counts
             WHERE n > 0 AND account_id IN (SELECT account_id FROM account_members WHERE member_id = ?1)
             GROUP BY status, assignee",
        )
        .bind(member)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        let mut c = Counts::default();
        for (status, assignee, n) in rows {
            match status.as_str() {
                "open" | "pending" => {
                    c.all_open += n;
                    if assignee == member {
                        c.mine += n;
                    }
                    if assignee == 0 {
                        c.unassigned += n;
                    }
                }
                "snoozed" => c.snoozed += n,
                "resolved" => c.resolved += n,
                other => {
                    return Err(StoreError::InvalidData(format!(
                        "status {other:?} in counters"
                    )))
                }
            }
        }
        c.unread_by_account = sqlx::query_as(
            "SELECT account_id, n FROM account_unread
             WHERE n > 0 AND account_id IN (SELECT account_id FROM account_members WHERE member_id = ?1)
             ORDER BY account_id",
        )
        .bind(member)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        c.open_by_tag = sqlx::query_as(
            "SELECT tag_id, sum(n) FROM tag_open_counts
             WHERE n > 0 AND account_id IN (SELECT account_id FROM account_members WHERE member_id = ?1)
             GROUP BY tag_id ORDER BY tag_id",
        )
        .bind(member)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(c)
    }

    /// The same counts computed the slow way, from the conversations
    /// themselves: diagnostics, and the proof in tests that the counters hold.
    pub async fn counts_recomputed(&self, member: i64) -> Result<Counts> {
        let r = sqlx::query(
            "SELECT
                coalesce(sum(status IN ('open', 'pending')), 0),
                coalesce(sum(status IN ('open', 'pending') AND assignee_id = ?1), 0),
                coalesce(sum(status IN ('open', 'pending') AND assignee_id IS NULL), 0),
                coalesce(sum(status = 'snoozed'), 0),
                coalesce(sum(status = 'resolved'), 0)
             FROM conversations
             WHERE account_id IN (SELECT account_id FROM account_members WHERE member_id = ?1)",
        )
        .bind(member)
        .fetch_one(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        let unread: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT account_id, sum(unread) FROM conversations
             WHERE unread > 0 AND account_id IN (SELECT account_id FROM account_members WHERE member_id = ?1)
             GROUP BY account_id ORDER BY account_id",
        )
        .bind(member)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        let tags: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT t.tag_id, count(*) FROM conversation_tags t JOIN conversations c ON c.id = t.conversation_id
             WHERE c.is_open = 1
               AND c.account_id IN (SELECT account_id FROM account_members WHERE member_id = ?1)
             GROUP BY t.tag_id ORDER BY t.tag_id",
        )
        .bind(member)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(Counts {
            all_open: r.get(0),
            mine: r.get(1),
            unassigned: r.get(2),
            snoozed: r.get(3),
            resolved: r.get(4),
            unread_by_account: unread,
            open_by_tag: tags,
        })
    }
}

impl Store {
    /// How many messages an account has stored (benchmarks, diagnostics).
    pub async fn count_messages(&self, account: i64) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM messages WHERE account_id = ?")
            .bind(account)
            .fetch_one(&self.reader)
            .await
            .map_err(|e| self.err(e))?;
        Ok(n)
    }

    /// The customers' messages of an account (without what was sent).
    pub async fn count_inbound(&self, account: i64) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM messages WHERE account_id = ? AND direction = 'inbound'",
        )
        .bind(account)
        .fetch_one(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(n)
    }
}

impl Store {
    /// The provider's id of a message of a conversation (reply-to context).
    pub async fn provider_id_in(&self, conversation: i64, message: i64) -> Result<Option<String>> {
        let r: Option<(Option<String>,)> =
            sqlx::query_as("SELECT provider_id FROM messages WHERE id = ? AND conversation_id = ?")
                .bind(message)
                .bind(conversation)
                .fetch_optional(&self.reader)
                .await
                .map_err(|e| self.err(e))?;
        Ok(r.and_then(|r| r.0))
    }
}

impl Store {
    /// The provider's id for an account (WhatsApp: phone-number id).
    pub async fn account_provider_ref(&self, account: i64) -> Result<Option<String>> {
        let r: Option<(Option<String>,)> =
            sqlx::query_as("SELECT provider_ref FROM accounts WHERE id = ?")
                .bind(account)
                .fetch_optional(&self.reader)
                .await
                .map_err(|e| self.err(e))?;
        Ok(r.and_then(|r| r.0))
    }

    /// The account answering for a provider id, if this workspace has it.
    pub async fn account_by_provider_ref(
        &self,
        kind: bandeja_domain::AccountKind,
        provider_ref: &str,
    ) -> Result<Option<i64>> {
        let r: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM accounts WHERE kind = ? AND provider_ref = ? AND removed_at IS NULL",
        )
        .bind(kind.as_str())
        .bind(provider_ref)
        .fetch_optional(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(r.map(|r| r.0))
    }
}
