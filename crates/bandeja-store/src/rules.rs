//! An account's automation settings: business hours and its rules (an
//! ordered list of assignment steps, and one row each for auto-reply,
//! window reminder, auto-close and SLA). Parameters are JSON owned by the
//! domain types; the store only keeps them in order.

use bandeja_domain::{BusinessHours, RuleKind};
use sqlx::Row;

use crate::rows::parse_enum;
use crate::{Result, Store, StoreError};

/// One stored rule.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleRow {
    pub kind: RuleKind,
    pub enabled: bool,
    pub params: serde_json::Value,
}

impl Store {
    /// The account's business hours, if it has any.
    pub async fn business_hours(&self, account_id: i64) -> Result<Option<BusinessHours>> {
        let row = sqlx::query(
            "SELECT timezone, intervals, holidays FROM business_hours WHERE account_id = ?",
        )
        .bind(account_id)
        .fetch_optional(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        let Some(r) = row else { return Ok(None) };
        let json = |i: usize| -> Result<serde_json::Value> {
            serde_json::from_str(r.get::<&str, _>(i))
                .map_err(|e| StoreError::InvalidData(format!("business hours: {e}")))
        };
        let value = serde_json::json!({
            "timezone": r.get::<String, _>(0),
            "intervals": json(1)?,
            "holidays": json(2)?,
        });
        serde_json::from_value(value)
            .map(Some)
            .map_err(|e| StoreError::InvalidData(format!("business hours: {e}")))
    }

    /// Replace the account's business hours (`None` = always open).
    pub async fn set_business_hours(
        &self,
        account_id: i64,
        hours: Option<&BusinessHours>,
    ) -> Result<()> {
        let q = match hours {
            Some(h) => sqlx::query(
                "INSERT INTO business_hours (account_id, timezone, intervals, holidays) VALUES (?, ?, ?, ?)
                 ON CONFLICT (account_id) DO UPDATE SET timezone = excluded.timezone,
                    intervals = excluded.intervals, holidays = excluded.holidays",
            )
            .bind(account_id)
            .bind(&h.timezone)
            .bind(serde_json::to_string(&h.intervals).expect("intervals serialize"))
            .bind(serde_json::to_string(&h.holidays).expect("holidays serialize")),
            None => sqlx::query("DELETE FROM business_hours WHERE account_id = ?").bind(account_id),
        };
        q.execute(&self.writer).await.map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The account's rules of one kind, in order.
    pub async fn rules(&self, account_id: i64, kind: RuleKind) -> Result<Vec<RuleRow>> {
        let rows = sqlx::query(
            "SELECT kind, enabled, params FROM rules WHERE account_id = ? AND kind = ? ORDER BY position, id",
        )
        .bind(account_id)
        .bind(kind.as_str())
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        rows.iter()
            .map(|r| {
                Ok(RuleRow {
                    kind: parse_enum(r.get::<&str, _>(0))?,
                    enabled: r.get(1),
                    params: serde_json::from_str(r.get::<&str, _>(2))
                        .map_err(|e| StoreError::InvalidData(format!("rule params: {e}")))?,
                })
            })
            .collect()
    }

    /// Replace the account's rules of one kind with `rows`, in that order.
    pub async fn set_rules(
        &self,
        account_id: i64,
        kind: RuleKind,
        rows: &[(bool, serde_json::Value)],
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM rules WHERE account_id = ? AND kind = ?")
            .bind(account_id)
            .bind(kind.as_str())
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        for (position, (enabled, params)) in rows.iter().enumerate() {
            sqlx::query(
                "INSERT INTO rules (account_id, kind, position, enabled, params) VALUES (?, ?, ?, ?, ?)",
            )
            .bind(account_id)
            .bind(kind.as_str())
            .bind(position as i64)
            .bind(enabled)
            .bind(params.to_string())
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        }
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Accounts with an enabled rule of this kind.
    pub async fn accounts_with_rule(&self, kind: RuleKind) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT DISTINCT r.account_id FROM rules r JOIN accounts a ON a.id = r.account_id
             WHERE r.kind = ? AND r.enabled = 1 AND a.removed_at IS NULL",
        )
        .bind(kind.as_str())
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }
}
