//! Inserts and updates. Batches run in one transaction on the writer.

use bandeja_domain::{
    AccountKind, AccountStatus, Availability, ConversationStatus, Identity, MessageContent,
    Priority, ReopenPolicy, Role,
};
use chrono::{DateTime, Utc};

use crate::time::to_millis;
use crate::{Result, Store};

#[derive(Debug, Clone)]
pub struct NewContact {
    pub name: String,
    pub identities: Vec<Identity>,
    pub custom_fields: Vec<(String, String)>,
    pub salesperson_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewConversation {
    pub account_id: i64,
    pub contact_id: i64,
    pub subject: Option<String>,
    pub status: ConversationStatus,
    pub priority: Priority,
    pub assignee_id: Option<i64>,
    pub snoozed_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

pub(crate) fn identity_match_key(id: &Identity) -> String {
    match id {
        Identity::WhatsappUser(v) => v.clone(),
        Identity::WhatsappId(v) | Identity::Phone(v) => {
            let e164 = if v.starts_with('+') {
                v.clone()
            } else {
                format!("+{v}")
            };
            bandeja_domain::phone::phone_match_key(&e164)
        }
        Identity::Email(v) => v.to_lowercase(),
    }
}

impl Store {
    pub async fn create_workspace(
        &self,
        name: &str,
        is_demo: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query("INSERT INTO workspace (id, name, is_demo, created_at) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name")
            .bind(name)
            .bind(is_demo)
            .bind(to_millis(now))
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub async fn set_setting(&self, key: &str, value: Option<&str>) -> Result<()> {
        let q = match value {
            Some(v) => sqlx::query("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").bind(key).bind(v),
            None => sqlx::query("DELETE FROM settings WHERE key = ?").bind(key),
        };
        q.execute(&self.writer).await.map_err(|e| self.err(e))?;
        Ok(())
    }

    pub async fn insert_brand(&self, name: &str, country: &str) -> Result<i64> {
        let r = sqlx::query("INSERT INTO brands (name, country) VALUES (?, ?)")
            .bind(name)
            .bind(country)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(r.last_insert_rowid())
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_member(
        &self,
        name: &str,
        email: &str,
        role: Role,
        availability: Availability,
        capacity: Option<u32>,
        color: &str,
        is_me: bool,
    ) -> Result<i64> {
        let r = sqlx::query("INSERT INTO members (name, email, role, availability, capacity, color, is_me) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .bind(name)
            .bind(email)
            .bind(role.as_str())
            .bind(availability.as_str())
            .bind(capacity.map(i64::from))
            .bind(color)
            .bind(is_me)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(r.last_insert_rowid())
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_account(
        &self,
        kind: AccountKind,
        name: &str,
        address: &str,
        status: &AccountStatus,
        brand_id: Option<i64>,
        reopen_policy: ReopenPolicy,
        authorized: &[i64],
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let (status, reason) = match status {
            AccountStatus::Active => ("active", None),
            AccountStatus::Paused => ("paused", None),
            AccountStatus::Error { reason } => ("error", Some(reason.as_str())),
        };
        let mut tx = self.begin().await?;
        let id = sqlx::query("INSERT INTO accounts (kind, name, address, status, status_reason, brand_id, reopen_policy, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(kind.as_str())
            .bind(name)
            .bind(address)
            .bind(status)
            .bind(reason)
            .bind(brand_id)
            .bind(serde_json::to_string(&reopen_policy).expect("policy serializes"))
            .bind(to_millis(now))
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?
            .last_insert_rowid();
        for m in authorized {
            sqlx::query("INSERT INTO account_members (account_id, member_id) VALUES (?, ?)")
                .bind(id)
                .bind(m)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err(e))?;
        }
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(id)
    }

    pub async fn insert_tag(&self, name: &str, description: &str, color: &str) -> Result<i64> {
        let r = sqlx::query("INSERT INTO tags (name, description, color) VALUES (?, ?, ?)")
            .bind(name)
            .bind(description)
            .bind(color)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(r.last_insert_rowid())
    }

    pub async fn insert_contacts(
        &self,
        contacts: &[NewContact],
        now: DateTime<Utc>,
    ) -> Result<Vec<i64>> {
        let mut tx = self.begin().await?;
        let mut ids = Vec::with_capacity(contacts.len());
        for c in contacts {
            let id = sqlx::query("INSERT INTO contacts (name, custom_fields, salesperson_id, created_at) VALUES (?, ?, ?, ?)")
                .bind(&c.name)
                .bind(serde_json::to_string(&c.custom_fields).expect("fields serialize"))
                .bind(c.salesperson_id)
                .bind(to_millis(now))
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err(e))?
                .last_insert_rowid();
            for ident in &c.identities {
                sqlx::query("INSERT INTO contact_identities (kind, value, contact_id, match_key) VALUES (?, ?, ?, ?)")
                    .bind(ident.kind())
                    .bind(ident.value())
                    .bind(id)
                    .bind(identity_match_key(ident))
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| self.err(e))?;
            }
            ids.push(id);
        }
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(ids)
    }

    /// Tie an account to the provider's id for it (WhatsApp: phone-number id).
    pub async fn set_provider_ref(&self, account_id: i64, provider_ref: &str) -> Result<()> {
        sqlx::query("UPDATE accounts SET provider_ref = ? WHERE id = ?")
            .bind(provider_ref)
            .bind(account_id)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub async fn rename_contact(&self, id: i64, name: &str) -> Result<()> {
        sqlx::query("UPDATE contacts SET name = ? WHERE id = ?")
            .bind(name)
            .bind(id)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub async fn insert_conversations(&self, convs: &[NewConversation]) -> Result<Vec<i64>> {
        let mut tx = self.begin().await?;
        let mut ids = Vec::with_capacity(convs.len());
        for c in convs {
            let id = sqlx::query("INSERT INTO conversations (account_id, contact_id, brand_id, subject, status, priority, assignee_id, snoozed_until, resolved_at, last_message_at, created_at) VALUES (?, ?, (SELECT brand_id FROM accounts WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(c.account_id)
                .bind(c.contact_id)
                .bind(c.account_id)
                .bind(&c.subject)
                .bind(c.status.as_str())
                .bind(c.priority.as_str())
                .bind(c.assignee_id)
                .bind(c.snoozed_until.map(to_millis))
                .bind((c.status == ConversationStatus::Resolved).then(|| to_millis(c.created_at)))
                .bind(to_millis(c.created_at))
                .bind(to_millis(c.created_at))
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err(e))?
                .last_insert_rowid();
            ids.push(id);
        }
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(ids)
    }

    pub async fn delete_message(&self, id: i64) -> Result<()> {
        sqlx::query("DELETE FROM messages WHERE id = ?")
            .bind(id)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Replace a private note's text (notes are the only editable messages).
    pub async fn edit_note(&self, id: i64, body: &str) -> Result<()> {
        let content = serde_json::to_string(&MessageContent::Note {
            body: body.to_string(),
        })
        .expect("content serializes");
        let r =
            sqlx::query("UPDATE messages SET body = ?, content = ? WHERE id = ? AND kind = 'note'")
                .bind(body)
                .bind(content)
                .bind(id)
                .execute(&self.writer)
                .await
                .map_err(|e| self.err(e))?;
        if r.rows_affected() == 0 {
            return Err(crate::StoreError::NotFound(format!("note {id}")));
        }
        Ok(())
    }

    pub async fn add_reaction(
        &self,
        message_id: i64,
        member_id: Option<i64>,
        emoji: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query("INSERT INTO reactions (message_id, reactor, emoji, at) VALUES (?, ?, ?, ?) ON CONFLICT(message_id, reactor) DO UPDATE SET emoji = excluded.emoji, at = excluded.at")
            .bind(message_id)
            .bind(member_id.unwrap_or(0))
            .bind(emoji)
            .bind(to_millis(at))
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub async fn tag_contact(&self, contact_id: i64, tag_id: i64) -> Result<()> {
        sqlx::query("INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) VALUES (?, ?)")
            .bind(contact_id)
            .bind(tag_id)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The member has opened the conversation: nothing in it is unread.
    pub async fn mark_read(&self, conversation_id: i64) -> Result<bool> {
        let r = sqlx::query("UPDATE conversations SET unread = 0 WHERE id = ? AND unread > 0")
            .bind(conversation_id)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(r.rows_affected() > 0)
    }
}

impl Store {
    /// Set how many messages of a conversation are unread (imports, demo).
    pub async fn set_unread(&self, conversation_id: i64, unread: i64) -> Result<()> {
        sqlx::query("UPDATE conversations SET unread = ? WHERE id = ?")
            .bind(unread.max(0))
            .bind(conversation_id)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}

impl Store {
    /// Set an account's health (an auth failure moves it to `error`).
    pub async fn set_account_status(&self, account_id: i64, status: &AccountStatus) -> Result<()> {
        let (status, reason) = match status {
            AccountStatus::Active => ("active", None),
            AccountStatus::Paused => ("paused", None),
            AccountStatus::Error { reason } => ("error", Some(reason.as_str())),
        };
        sqlx::query("UPDATE accounts SET status = ?, status_reason = ? WHERE id = ?")
            .bind(status)
            .bind(reason)
            .bind(account_id)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}
