//! Meta's message templates as this computer last saw them (synced from the
//! WhatsApp Business Account, updated by status webhooks), and the account
//! settings a WhatsApp connection needs (app id, WABA id, verify token —
//! never the secrets, which live in the OS keychain).

use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::time::{from_millis, to_millis};
use crate::{IngestTx, Result, Store, StoreError};

/// One template in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct WaTemplate {
    pub id: i64,
    pub account_id: i64,
    pub provider_id: Option<String>,
    pub name: String,
    pub language: String,
    pub category: String,
    pub status: String,
    pub reason: Option<String>,
    pub quality: Option<String>,
    pub components: serde_json::Value,
    pub updated_at: DateTime<Utc>,
}

/// A template as Meta describes it (what sync and submit write).
#[derive(Debug, Clone, PartialEq)]
pub struct WaTemplateData {
    pub provider_id: Option<String>,
    pub name: String,
    pub language: String,
    pub category: String,
    pub status: String,
    pub reason: Option<String>,
    pub quality: Option<String>,
    pub components: serde_json::Value,
}

const COLUMNS: &str = "t.id, t.account_id, t.provider_id, t.name, t.language, t.category, t.status, t.reason, t.quality, t.components, t.updated_at";

fn template(r: &sqlx::sqlite::SqliteRow) -> WaTemplate {
    WaTemplate {
        id: r.get(0),
        account_id: r.get(1),
        provider_id: r.get(2),
        name: r.get(3),
        language: r.get(4),
        category: r.get(5),
        status: r.get(6),
        reason: r.get(7),
        quality: r.get(8),
        components: serde_json::from_str(r.get::<&str, _>(9)).unwrap_or_default(),
        updated_at: from_millis(r.get(10)),
    }
}

impl Store {
    /// Make the account's templates exactly `all` (a full sync).
    pub async fn replace_wa_templates(
        &self,
        account_id: i64,
        all: &[WaTemplateData],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("CREATE TEMP TABLE IF NOT EXISTS synced (name TEXT, language TEXT)")
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        sqlx::query("DELETE FROM temp.synced")
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        for t in all {
            upsert(&mut tx, account_id, t, now)
                .await
                .map_err(|e| self.err(e))?;
            sqlx::query("INSERT INTO temp.synced VALUES (?, ?)")
                .bind(&t.name)
                .bind(&t.language)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err(e))?;
        }
        sqlx::query(
            "DELETE FROM wa_templates WHERE account_id = ?
             AND (name, language) NOT IN (SELECT name, language FROM temp.synced)",
        )
        .bind(account_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.err(e))?;
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Add or update one template (after a submit).
    pub async fn upsert_wa_template(
        &self,
        account_id: i64,
        t: &WaTemplateData,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id = upsert(&mut tx, account_id, t, now)
            .await
            .map_err(|e| self.err(e))?;
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(id)
    }

    /// The templates of an account the member may use, by name.
    pub async fn wa_templates(&self, member: i64, account_id: i64) -> Result<Vec<WaTemplate>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM wa_templates t WHERE t.account_id = ?
               AND t.account_id IN (SELECT account_id FROM account_members WHERE member_id = ?)
             ORDER BY t.name, t.language"
        ))
        .bind(account_id)
        .bind(member)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(rows.iter().map(template).collect())
    }

    /// One template, if the member may use its account.
    pub async fn wa_template(&self, member: i64, id: i64) -> Result<WaTemplate> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM wa_templates t WHERE t.id = ?
               AND t.account_id IN (SELECT account_id FROM account_members WHERE member_id = ?)"
        ))
        .bind(id)
        .bind(member)
        .fetch_optional(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        row.as_ref()
            .map(template)
            .ok_or_else(|| StoreError::NotFound(format!("template {id}")))
    }

    /// A template of an account, for the automation (no member involved).
    pub async fn account_wa_template(&self, account_id: i64, id: i64) -> Result<WaTemplate> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM wa_templates t WHERE t.id = ? AND t.account_id = ?"
        ))
        .bind(id)
        .bind(account_id)
        .fetch_optional(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        row.as_ref()
            .map(template)
            .ok_or_else(|| StoreError::NotFound(format!("template {id}")))
    }

    /// An account's settings object (JSON).
    pub async fn account_settings(&self, account_id: i64) -> Result<serde_json::Value> {
        let row = sqlx::query("SELECT settings FROM accounts WHERE id = ?")
            .bind(account_id)
            .fetch_optional(&self.reader)
            .await
            .map_err(|e| self.err(e))?
            .ok_or_else(|| StoreError::NotFound(format!("account {account_id}")))?;
        Ok(serde_json::from_str(row.get::<&str, _>(0)).unwrap_or_default())
    }

    /// Merge `patch`'s keys into an account's settings.
    pub async fn patch_account_settings(
        &self,
        account_id: i64,
        patch: &serde_json::Value,
    ) -> Result<()> {
        sqlx::query("UPDATE accounts SET settings = json_patch(settings, ?) WHERE id = ?")
            .bind(patch.to_string())
            .bind(account_id)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}

async fn upsert(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    account_id: i64,
    t: &WaTemplateData,
    now: DateTime<Utc>,
) -> std::result::Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO wa_templates (account_id, provider_id, name, language, category, status, reason, quality, components, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (account_id, name, language) DO UPDATE SET
           provider_id = COALESCE(excluded.provider_id, provider_id), category = excluded.category,
           status = excluded.status, reason = excluded.reason, quality = excluded.quality,
           components = excluded.components, updated_at = excluded.updated_at
         RETURNING id",
    )
    .bind(account_id)
    .bind(&t.provider_id)
    .bind(&t.name)
    .bind(&t.language)
    .bind(&t.category)
    .bind(&t.status)
    .bind(&t.reason)
    .bind(&t.quality)
    .bind(t.components.to_string())
    .bind(to_millis(now))
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.get(0))
}

impl IngestTx {
    /// Apply a `message_template_status_update` to every account of the
    /// WABA, with the rest of its batch; returns how many templates changed.
    pub async fn set_wa_template_status(
        &mut self,
        waba_id: &str,
        name: &str,
        language: &str,
        status: &str,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let r = sqlx::query(
            "UPDATE wa_templates SET status = ?, reason = ?, updated_at = ?
             WHERE name = ? AND language = ? AND account_id IN
               (SELECT id FROM accounts WHERE json_extract(settings, '$.waba_id') = ?)",
        )
        .bind(status)
        .bind(reason)
        .bind(to_millis(now))
        .bind(name)
        .bind(language)
        .bind(waba_id)
        .execute(&mut *self.tx)
        .await
        .map_err(|e| self.store.err(e))?;
        Ok(r.rows_affected())
    }
}

/// Write one `sync_state` value (also inside an ingest transaction).
pub(crate) const UPSERT_SYNC_STATE: &str =
    "INSERT INTO sync_state (account_id, scope, value, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (account_id, scope) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";

impl Store {
    /// A per-account bookkeeping value (last sync time, IMAP UIDs, …).
    pub async fn sync_state(&self, account_id: i64, scope: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT value FROM sync_state WHERE account_id = ? AND scope = ?")
            .bind(account_id)
            .bind(scope)
            .fetch_optional(&self.reader)
            .await
            .map_err(|e| self.err(e))?;
        Ok(row.map(|r| r.get(0)))
    }

    pub async fn set_sync_state(
        &self,
        account_id: i64,
        scope: &str,
        value: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(UPSERT_SYNC_STATE)
            .bind(account_id)
            .bind(scope)
            .bind(value)
            .bind(to_millis(now))
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}
