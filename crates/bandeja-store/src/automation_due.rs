//! The scheduler's queries: work found by deadline (`<= now`), so one run
//! after the computer slept does everything that came due meanwhile.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{ReminderCandidate, Waiting};
use crate::time::{from_millis, to_millis};
use crate::{Result, Store};

impl Store {
    /// WhatsApp conversations of these accounts whose window is open, with
    /// a customer message no person has answered, and whose window has not
    /// had its reminder decided yet.
    pub async fn reminder_candidates(
        &self,
        accounts: &[i64],
        now: DateTime<Utc>,
    ) -> Result<Vec<ReminderCandidate>> {
        if accounts.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids(accounts);
        let rows = sqlx::query(&format!(
            "SELECT id, account_id, window_expires_at, last_inbound_at FROM conversations
             WHERE status IN ('open', 'pending') AND window_expires_at > ? AND account_id IN ({list})
               AND awaiting_since IS NOT NULL AND last_inbound_at IS NOT NULL
               AND reminded_for IS NOT window_expires_at"
        ))
        .bind(to_millis(now))
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(rows
            .iter()
            .map(|r| ReminderCandidate {
                conversation_id: r.get(0),
                account_id: r.get(1),
                window_expires_at: from_millis(r.get(2)),
                last_inbound_at: from_millis(r.get(3)),
            })
            .collect())
    }

    /// Record that the reminder of this window was sent or skipped.
    pub async fn set_reminded(&self, conversation_id: i64, window: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE conversations SET reminded_for = ? WHERE id = ?")
            .bind(to_millis(window))
            .bind(conversation_id)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Resolve the open conversations of these accounts whose window closed
    /// after our last message — a person's or a reminder — that the customer
    /// did not answer (private notes do not count). Returns them.
    pub async fn auto_close_due(&self, accounts: &[i64], now: DateTime<Utc>) -> Result<Vec<i64>> {
        if accounts.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids(accounts);
        let rows: Vec<(i64,)> = sqlx::query_as(&format!(
            "UPDATE conversations SET status = 'resolved', resolved_at = ?1
             WHERE status IN ('open', 'pending') AND window_expires_at <= ?1 AND account_id IN ({list})
               AND (SELECT m.direction FROM messages m WHERE m.conversation_id = conversations.id
                      AND m.kind <> 'note' ORDER BY m.created_at DESC, m.id DESC LIMIT 1) = 'outbound'
             RETURNING id"
        ))
        .bind(to_millis(now))
        .fetch_all(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Open conversations with a customer waiting and no deadline planned.
    pub async fn waiting_unplanned(&self, accounts: &[i64]) -> Result<Vec<Waiting>> {
        if accounts.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids(accounts);
        let rows = sqlx::query(&format!(
            "SELECT id, account_id, awaiting_since, first_response_at IS NULL FROM conversations
             WHERE awaiting_since IS NOT NULL AND sla_due_at IS NULL AND is_open = 1
               AND account_id IN ({list})"
        ))
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(rows
            .iter()
            .map(|r| Waiting {
                conversation_id: r.get(0),
                account_id: r.get(1),
                since: from_millis(r.get(2)),
                first: r.get(3),
            })
            .collect())
    }

    /// Plan the deadline of a wait (only if it is still the same wait).
    pub async fn set_sla_due(
        &self,
        conversation_id: i64,
        since: DateTime<Utc>,
        due: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query("UPDATE conversations SET sla_due_at = ? WHERE id = ? AND awaiting_since = ?")
            .bind(to_millis(due))
            .bind(conversation_id)
            .bind(to_millis(since))
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Forget the planned deadlines of an account's waits (its targets or
    /// hours changed): the scheduler plans them again.
    pub async fn replan_sla(&self, account_id: i64) -> Result<()> {
        sqlx::query(
            "UPDATE conversations SET sla_due_at = NULL, sla_breached_at = NULL
             WHERE account_id = ? AND awaiting_since IS NOT NULL",
        )
        .bind(account_id)
        .execute(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Flag the open conversations whose deadline passed; returns them.
    pub async fn flag_sla_breaches(&self, now: DateTime<Utc>) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "UPDATE conversations SET sla_breached_at = sla_due_at
             WHERE awaiting_since IS NOT NULL AND sla_due_at <= ? AND sla_breached_at IS NULL AND is_open = 1
             RETURNING id",
        )
        .bind(to_millis(now))
        .fetch_all(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Reopen snoozed conversations whose time came; returns them.
    pub async fn wake_snoozed(&self, now: DateTime<Utc>) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "UPDATE conversations SET status = 'open', snoozed_until = NULL
             WHERE status = 'snoozed' AND snoozed_until <= ? RETURNING id",
        )
        .bind(to_millis(now))
        .fetch_all(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// The earliest future deadline the scheduler should wake for (windows,
    /// SLA, snoozes), so it sleeps exactly as long as it may.
    pub async fn next_deadline(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let row: (Option<i64>,) = sqlx::query_as(
            "SELECT min(t) FROM (
                SELECT min(sla_due_at) AS t FROM conversations WHERE awaiting_since IS NOT NULL AND sla_due_at > ?1
                UNION ALL SELECT min(snoozed_until) FROM conversations WHERE status = 'snoozed' AND snoozed_until > ?1
                UNION ALL SELECT min(window_expires_at) FROM conversations WHERE status IN ('open', 'pending') AND window_expires_at > ?1
             )",
        )
        .bind(to_millis(now))
        .fetch_one(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(row.0.map(from_millis))
    }
}

/// Account ids (integers, so safe to inline) as an SQL list.
fn ids(accounts: &[i64]) -> String {
    accounts
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl Store {
    /// Conversations started in `[from, to)` on accounts the member may see,
    /// as the reports aggregate them.
    pub async fn report_rows(
        &self,
        member: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<bandeja_domain::report::ReportRow>> {
        let rows = sqlx::query(
            "SELECT c.account_id, a.kind, c.assignee_id,
                    (SELECT group_concat(tag_id) FROM conversation_tags t WHERE t.conversation_id = c.id),
                    c.created_at, c.first_response_at, c.resolved_at
             FROM conversations c JOIN accounts a ON a.id = c.account_id
             WHERE c.created_at >= ?1 AND c.created_at < ?2
               AND c.account_id IN (SELECT account_id FROM account_members WHERE member_id = ?3)",
        )
        .bind(to_millis(from))
        .bind(to_millis(to))
        .bind(member)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        rows.iter()
            .map(|r| {
                let kind: bandeja_domain::AccountKind =
                    crate::rows::parse_enum(r.get::<&str, _>(1))?;
                Ok(bandeja_domain::report::ReportRow {
                    account_id: r.get(0),
                    channel: kind.channel(),
                    assignee: r.get(2),
                    tags: crate::rows::split_ids(r.get(3)),
                    created_at: from_millis(r.get(4)),
                    first_response_at: r.get::<Option<i64>, _>(5).map(from_millis),
                    resolved_at: r.get::<Option<i64>, _>(6).map(from_millis),
                })
            })
            .collect()
    }
}
