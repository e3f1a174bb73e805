//! What the automation reads and writes: the facts a rule needs about a
//! conversation, the members it may choose from, the history that rate
//! limits auto-replies and remembers handlers, and the scheduler's due work
//! (reminders, auto-close, SLA deadlines, snoozes) found by deadline so a
//! run after a long sleep catches up on everything at once. These run for
//! the workspace, not for one member: no authorization filter here, the
//! rules themselves only choose authorized members.

use bandeja_domain::assign::Candidate;
use bandeja_domain::{AccountKind, Availability};
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::rows::{parse_enum, split_ids};
use crate::time::{from_millis, to_millis};
use crate::{Result, Store, StoreError};

/// A conversation as the rules see it.
#[derive(Debug, Clone, PartialEq)]
pub struct ConversationFacts {
    pub id: i64,
    pub account_id: i64,
    pub account_kind: AccountKind,
    pub contact_id: i64,
    pub contact_name: String,
    pub brand_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub is_open: bool,
    pub window_expires_at: Option<DateTime<Utc>>,
    pub salesperson_id: Option<i64>,
    pub custom_fields: Vec<(String, String)>,
    /// The contact has no other conversation and this one no answer yet.
    pub first_contact: bool,
    pub last_inbound_at: Option<DateTime<Utc>>,
    /// The contact's WhatsApp id, when there is one.
    pub wa_id: Option<String>,
}

/// A conversation waiting for its SLA deadline to be planned.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub conversation_id: i64,
    pub account_id: i64,
    pub since: DateTime<Utc>,
    /// Nobody answered this conversation yet (first-response target).
    pub first: bool,
}

/// A WhatsApp conversation whose window may deserve a reminder.
#[derive(Debug, Clone, PartialEq)]
pub struct ReminderCandidate {
    pub conversation_id: i64,
    pub account_id: i64,
    pub window_expires_at: DateTime<Utc>,
    pub last_inbound_at: DateTime<Utc>,
}

impl Store {
    pub async fn conversation_facts(&self, conversation_id: i64) -> Result<ConversationFacts> {
        let r = sqlx::query(
            "SELECT c.id, c.account_id, a.kind, c.contact_id, ct.name, c.brand_id, c.assignee_id,
                    c.is_open, c.window_expires_at, ct.salesperson_id, ct.custom_fields,
                    (SELECT count(*) FROM conversations o WHERE o.contact_id = c.contact_id AND o.id <> c.id) = 0
                      AND c.first_response_at IS NULL,
                    c.last_inbound_at,
                    (SELECT value FROM contact_identities i WHERE i.contact_id = c.contact_id AND i.kind = 'wa_id' LIMIT 1)
             FROM conversations c JOIN accounts a ON a.id = c.account_id
             JOIN contacts ct ON ct.id = c.contact_id WHERE c.id = ?",
        )
        .bind(conversation_id)
        .fetch_optional(&self.reader)
        .await
        .map_err(|e| self.err(e))?
        .ok_or_else(|| StoreError::NotFound(format!("conversation {conversation_id}")))?;
        let fields: Vec<(String, String)> = serde_json::from_str(r.get::<&str, _>(10))
            .map_err(|e| StoreError::InvalidData(format!("custom fields: {e}")))?;
        Ok(ConversationFacts {
            id: r.get(0),
            account_id: r.get(1),
            account_kind: parse_enum(r.get::<&str, _>(2))?,
            contact_id: r.get(3),
            contact_name: r.get(4),
            brand_id: r.get(5),
            assignee_id: r.get(6),
            is_open: r.get(7),
            window_expires_at: r.get::<Option<i64>, _>(8).map(from_millis),
            salesperson_id: r.get(9),
            custom_fields: fields,
            first_contact: r.get(11),
            last_inbound_at: r.get::<Option<i64>, _>(12).map(from_millis),
            wa_id: r.get(13),
        })
    }

    /// Every member with what assignment needs to know for this account:
    /// open conversations now, authorization and brands.
    pub async fn assignment_candidates(&self, account_id: i64) -> Result<Vec<Candidate>> {
        let rows = sqlx::query(
            "SELECT m.id, m.name, m.email, m.availability, m.capacity, m.last_assigned_at,
                    (SELECT count(*) FROM conversations c WHERE c.assignee_id = m.id AND c.is_open = 1),
                    EXISTS (SELECT 1 FROM account_members am WHERE am.member_id = m.id AND am.account_id = ?),
                    (SELECT group_concat(brand_id) FROM brand_members b WHERE b.member_id = m.id)
             FROM members m ORDER BY m.id",
        )
        .bind(account_id)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        rows.iter()
            .map(|r| {
                Ok(Candidate {
                    id: r.get(0),
                    name: r.get(1),
                    email: r.get(2),
                    availability: parse_enum::<Availability>(r.get::<&str, _>(3))?,
                    capacity: r.get::<Option<i64>, _>(4).map(|c| c as u32),
                    last_assigned_at: r.get::<Option<i64>, _>(5).map(from_millis),
                    open: r.get::<i64, _>(6) as u32,
                    authorized: r.get(7),
                    brands: split_ids(r.get(8)),
                })
            })
            .collect()
    }

    /// The member who handled the contact's latest other conversation.
    pub async fn last_handler(&self, contact_id: i64, except: i64) -> Result<Option<i64>> {
        let row: Option<(Option<i64>,)> = sqlx::query_as(
            "SELECT assignee_id FROM conversations
             WHERE contact_id = ? AND id <> ? AND assignee_id IS NOT NULL
             ORDER BY last_message_at DESC LIMIT 1",
        )
        .bind(contact_id)
        .bind(except)
        .fetch_optional(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(row.and_then(|r| r.0))
    }

    /// Give a conversation to a member (or nobody), by a rule or by a
    /// member's hand, and keep the history.
    pub async fn assign(
        &self,
        conversation_id: i64,
        member_id: Option<i64>,
        by_member: Option<i64>,
        rule: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let r = sqlx::query("UPDATE conversations SET assignee_id = ? WHERE id = ?")
            .bind(member_id)
            .bind(conversation_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!(
                "conversation {conversation_id}"
            )));
        }
        if let Some(m) = member_id {
            sqlx::query("UPDATE members SET last_assigned_at = ? WHERE id = ?")
                .bind(to_millis(now))
                .bind(m)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err(e))?;
        }
        sqlx::query(
            "INSERT INTO assignment_log (conversation_id, member_id, by_member, rule, at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(conversation_id)
        .bind(member_id)
        .bind(by_member)
        .bind(rule)
        .bind(to_millis(now))
        .execute(&mut *tx)
        .await
        .map_err(|e| self.err(e))?;
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(())
    }

    /// When the contact last got an automatic answer from this account.
    pub async fn last_auto_reply(
        &self,
        account_id: i64,
        contact_id: i64,
    ) -> Result<Option<DateTime<Utc>>> {
        let row: (Option<i64>,) = sqlx::query_as(
            "SELECT max(at) FROM auto_reply_log WHERE account_id = ? AND contact_id = ?",
        )
        .bind(account_id)
        .bind(contact_id)
        .fetch_one(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(row.0.map(from_millis))
    }

    pub async fn log_auto_reply(
        &self,
        account_id: i64,
        contact_id: i64,
        trigger: &str,
        message_id: i64,
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO auto_reply_log (account_id, contact_id, trigger, message_id, at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(account_id)
        .bind(contact_id)
        .bind(trigger)
        .bind(message_id)
        .bind(to_millis(at))
        .execute(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        Ok(())
    }
}

#[path = "automation_due.rs"]
mod due;
