//! The team (ACC-3, ACC-4, ACC-2): members, who may see which account,
//! brands and their members; and the hand-set state of a conversation
//! (INB-3 status, snooze, priority).

use bandeja_domain::{Availability, ConversationStatus, Priority, Role};
use chrono::{DateTime, Utc};

use crate::time::to_millis;
use crate::{Result, Store, StoreError};

/// A member's editable fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFields {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub availability: Availability,
    pub capacity: Option<u32>,
}

impl Store {
    pub async fn update_member(&self, id: i64, m: &MemberFields) -> Result<()> {
        let r = sqlx::query(
            "UPDATE members SET name = ?, email = ?, role = ?, availability = ?, capacity = ? WHERE id = ?",
        )
        .bind(&m.name)
        .bind(&m.email)
        .bind(m.role.as_str())
        .bind(m.availability.as_str())
        .bind(m.capacity.map(i64::from))
        .bind(id)
        .execute(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        match r.rows_affected() {
            0 => Err(StoreError::NotFound(format!("member {id}"))),
            _ => Ok(()),
        }
    }

    pub async fn set_availability(&self, id: i64, availability: Availability) -> Result<()> {
        sqlx::query("UPDATE members SET availability = ? WHERE id = ?")
            .bind(availability.as_str())
            .bind(id)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub async fn delete_member(&self, id: i64) -> Result<()> {
        sqlx::query("DELETE FROM members WHERE id = ? AND is_me = 0")
            .bind(id)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Replace the members authorized for an account.
    pub async fn set_account_members(&self, account_id: i64, members: &[i64]) -> Result<()> {
        self.replace_members("account_members", "account_id", account_id, members)
            .await
    }

    /// Replace a brand's members.
    pub async fn set_brand_members(&self, brand_id: i64, members: &[i64]) -> Result<()> {
        self.replace_members("brand_members", "brand_id", brand_id, members)
            .await
    }

    /// Replace the member links of one row of `table` (fixed names, never input).
    async fn replace_members(
        &self,
        table: &'static str,
        key: &'static str,
        id: i64,
        members: &[i64],
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query(&format!("DELETE FROM {table} WHERE {key} = ?"))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        for m in members {
            sqlx::query(&format!(
                "INSERT OR IGNORE INTO {table} ({key}, member_id) VALUES (?, ?)"
            ))
            .bind(id)
            .bind(m)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        }
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(())
    }

    /// A brand's members.
    pub async fn brand_members(&self, brand_id: i64) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT member_id FROM brand_members WHERE brand_id = ? ORDER BY member_id",
        )
        .bind(brand_id)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Set a conversation's status (a snooze needs its end).
    pub async fn set_status(
        &self,
        conversation_id: i64,
        status: ConversationStatus,
        snoozed_until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let resolved = (status == ConversationStatus::Resolved).then(|| to_millis(now));
        let snooze = match status {
            ConversationStatus::Snoozed => Some(to_millis(snoozed_until.ok_or_else(|| {
                StoreError::InvalidData("a snooze needs the time it ends".into())
            })?)),
            _ => None,
        };
        let r = sqlx::query(
            "UPDATE conversations SET status = ?, snoozed_until = ?, resolved_at = ? WHERE id = ?",
        )
        .bind(status.as_str())
        .bind(snooze)
        .bind(resolved)
        .bind(conversation_id)
        .execute(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        match r.rows_affected() {
            0 => Err(StoreError::NotFound(format!(
                "conversation {conversation_id}"
            ))),
            _ => Ok(()),
        }
    }

    pub async fn set_priority(&self, conversation_id: i64, priority: Priority) -> Result<()> {
        sqlx::query("UPDATE conversations SET priority = ? WHERE id = ?")
            .bind(priority.as_str())
            .bind(conversation_id)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}

impl Store {
    /// Conversations started since `since`, in every account (WA-9's plan).
    pub async fn conversations_started_since(&self, since: DateTime<Utc>) -> Result<u32> {
        let (n,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM conversations WHERE created_at >= ?")
                .bind(to_millis(since))
                .fetch_one(&self.reader)
                .await
                .map_err(|e| self.err(e))?;
        Ok(n as u32)
    }
}

impl Store {
    /// Change a brand's name and country.
    pub async fn update_brand(&self, id: i64, name: &str, country: &str) -> Result<()> {
        let r = sqlx::query("UPDATE brands SET name = ?, country = ? WHERE id = ?")
            .bind(name)
            .bind(country)
            .bind(id)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        match r.rows_affected() {
            0 => Err(StoreError::NotFound(format!("brand {id}"))),
            _ => Ok(()),
        }
    }

    /// Remove a brand; its accounts and conversations keep going without one.
    pub async fn delete_brand(&self, id: i64) -> Result<()> {
        sqlx::query("DELETE FROM brands WHERE id = ?")
            .bind(id)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}
