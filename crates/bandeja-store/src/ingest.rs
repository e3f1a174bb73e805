//! The store side of ingest: one write transaction per batch of provider
//! events, with the small reads and writes the core's pipeline composes
//! around the domain rules (routing, delivery-state merge). Nothing here
//! decides; it only finds and records.

use bandeja_domain::routing::LatestConversation;
use bandeja_domain::{
    AccountKind, ConversationStatus, DeliveryState, Identity, MessageContent, MessageKind,
    ReopenPolicy,
};
use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Row, Sqlite, Transaction};

use crate::rows::parse_enum;
use crate::time::{from_millis, to_millis};
use crate::writes::identity_match_key;
use crate::{InsertOutcome, NewMessage, Result, Store};

/// An account as the pipeline needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestAccount {
    pub id: i64,
    pub kind: AccountKind,
    pub reopen_policy: ReopenPolicy,
}

/// A stored message found by its provider id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownMessage {
    pub id: i64,
    pub conversation_id: i64,
    pub delivery: Option<DeliveryState>,
}

/// An open write transaction for one batch of events.
pub struct IngestTx {
    pub(crate) store: Store,
    pub(crate) tx: Transaction<'static, Sqlite>,
    accounts: std::collections::HashMap<String, Option<IngestAccount>>,
}

impl Store {
    pub async fn begin_ingest(&self) -> Result<IngestTx> {
        Ok(IngestTx {
            store: self.clone(),
            tx: self.begin().await?,
            accounts: std::collections::HashMap::new(),
        })
    }
}

impl IngestTx {
    /// The accounts this batch's events were for (known ones only).
    pub fn accounts_seen(&self) -> Vec<i64> {
        self.accounts.values().flatten().map(|a| a.id).collect()
    }

    pub async fn commit(self) -> Result<()> {
        let store = self.store;
        self.tx.commit().await.map_err(|e| store.err(e))
    }

    /// The account for a provider reference (looked up once per batch).
    pub async fn account_by_ref(
        &mut self,
        kinds: &[AccountKind],
        provider_ref: &str,
    ) -> Result<Option<IngestAccount>> {
        if let Some(hit) = self.accounts.get(provider_ref) {
            return Ok(hit.clone());
        }
        let found = self.lookup_account(kinds, provider_ref).await?;
        self.accounts
            .insert(provider_ref.to_string(), found.clone());
        Ok(found)
    }

    async fn lookup_account(
        &mut self,
        kinds: &[AccountKind],
        provider_ref: &str,
    ) -> Result<Option<IngestAccount>> {
        let mut q = QueryBuilder::<Sqlite>::new("SELECT id, kind, reopen_policy FROM accounts WHERE removed_at IS NULL AND provider_ref = ");
        q.push_bind(provider_ref).push(" AND kind IN (");
        let mut sep = q.separated(", ");
        for k in kinds {
            sep.push_bind(k.as_str());
        }
        q.push(")");
        let row = q
            .build()
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(|e| self.store.err(e))?;
        row.map(|r| {
            Ok(IngestAccount {
                id: r.get(0),
                kind: parse_enum(r.get::<&str, _>(1))?,
                reopen_policy: serde_json::from_str(r.get::<&str, _>(2)).unwrap_or_default(),
            })
        })
        .transpose()
    }

    pub async fn message_by_provider_id(
        &mut self,
        account: i64,
        provider_id: &str,
    ) -> Result<Option<KnownMessage>> {
        let row = sqlx::query("SELECT id, conversation_id, delivery FROM messages WHERE account_id = ? AND provider_id = ?")
            .bind(account)
            .bind(provider_id)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(|e| self.store.err(e))?;
        Ok(row.map(|r| KnownMessage {
            id: r.get(0),
            conversation_id: r.get(1),
            delivery: r
                .get::<Option<&str>, _>(2)
                .and_then(|d| serde_json::from_str(d).ok()),
        }))
    }

    /// The contact any of these identities belongs to (phones compared by
    /// their match key, so Brazil's ninth digit does not split a contact),
    /// its name, and the index of the identity that matched exactly (or
    /// `identities.len()` when only a match key did).
    pub async fn find_contact(
        &mut self,
        identities: &[Identity],
    ) -> Result<Option<(i64, String, usize)>> {
        if let Some(first) = identities.first() {
            let exact = sqlx::query("SELECT c.id, c.name FROM contact_identities i JOIN contacts c ON c.id = i.contact_id WHERE i.kind = ? AND i.value = ?")
                .bind(first.kind())
                .bind(first.value())
                .fetch_optional(&mut *self.tx)
                .await
                .map_err(|e| self.store.err(e))?;
            if let Some(r) = exact {
                return Ok(Some((r.get(0), r.get(1), 0)));
            }
        }
        for ident in identities {
            let row = sqlx::query(
                "SELECT c.id, c.name FROM contact_identities i JOIN contacts c ON c.id = i.contact_id
                 WHERE i.match_key = ? ORDER BY c.id LIMIT 1",
            )
            .bind(identity_match_key(ident))
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(|e| self.store.err(e))?;
            if let Some(r) = row {
                return Ok(Some((r.get(0), r.get(1), identities.len())));
            }
        }
        Ok(None)
    }

    pub async fn create_contact(
        &mut self,
        name: &str,
        identities: &[Identity],
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let id = sqlx::query("INSERT INTO contacts (name, created_at) VALUES (?, ?)")
            .bind(name)
            .bind(to_millis(now))
            .execute(&mut *self.tx)
            .await
            .map_err(|e| self.store.err(e))?
            .last_insert_rowid();
        for ident in identities {
            self.add_identity(id, ident).await?;
        }
        Ok(id)
    }

    /// Attach an identity to a contact (no-op when already known).
    pub async fn add_identity(&mut self, contact: i64, ident: &Identity) -> Result<()> {
        sqlx::query("INSERT OR IGNORE INTO contact_identities (kind, value, contact_id, match_key) VALUES (?, ?, ?, ?)")
            .bind(ident.kind())
            .bind(ident.value())
            .bind(contact)
            .bind(identity_match_key(ident))
            .execute(&mut *self.tx)
            .await
            .map_err(|e| self.store.err(e))?;
        Ok(())
    }

    pub async fn rename_contact(&mut self, contact: i64, name: &str) -> Result<()> {
        sqlx::query("UPDATE contacts SET name = ? WHERE id = ?")
            .bind(name)
            .bind(contact)
            .execute(&mut *self.tx)
            .await
            .map_err(|e| self.store.err(e))?;
        Ok(())
    }

    pub async fn latest_conversation(
        &mut self,
        account: i64,
        contact: i64,
    ) -> Result<Option<LatestConversation>> {
        let row = sqlx::query(
            "SELECT id, status, resolved_at FROM conversations WHERE contact_id = ? AND account_id = ?
             ORDER BY last_message_at DESC, id DESC LIMIT 1",
        )
        .bind(contact)
        .bind(account)
        .fetch_optional(&mut *self.tx)
        .await
        .map_err(|e| self.store.err(e))?;
        row.map(|r| {
            Ok(LatestConversation {
                id: r.get(0),
                status: parse_enum::<ConversationStatus>(r.get::<&str, _>(1))?,
                resolved_at: r.get::<Option<i64>, _>(2).map(from_millis),
            })
        })
        .transpose()
    }

    pub async fn create_conversation(
        &mut self,
        account: i64,
        contact: i64,
        subject: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        let id = sqlx::query(
            "INSERT INTO conversations (account_id, contact_id, brand_id, subject, last_message_at, created_at)
             VALUES (?1, ?2, (SELECT brand_id FROM accounts WHERE id = ?1), ?3, ?4, ?4)",
        )
        .bind(account)
        .bind(contact)
        .bind(subject)
        .bind(to_millis(at))
        .execute(&mut *self.tx)
        .await
        .map_err(|e| self.store.err(e))?
        .last_insert_rowid();
        Ok(id)
    }

    /// Back to open: a customer reply unsnoozes or reopens.
    pub async fn reopen(&mut self, conversation: i64) -> Result<()> {
        sqlx::query("UPDATE conversations SET status = 'open', snoozed_until = NULL, resolved_at = NULL WHERE id = ?")
            .bind(conversation)
            .execute(&mut *self.tx)
            .await
            .map_err(|e| self.store.err(e))?;
        Ok(())
    }

    pub async fn insert_messages(&mut self, batch: &[NewMessage]) -> Result<Vec<InsertOutcome>> {
        let store = self.store.clone();
        store.insert_messages_in(&mut self.tx, batch).await
    }

    pub async fn set_delivery(&mut self, message: i64, state: &DeliveryState) -> Result<()> {
        sqlx::query("UPDATE messages SET delivery = ? WHERE id = ?")
            .bind(serde_json::to_string(state).expect("state serializes"))
            .bind(message)
            .execute(&mut *self.tx)
            .await
            .map_err(|e| self.store.err(e))?;
        Ok(())
    }

    /// Keep a status whose message is not stored yet (it may still be in
    /// flight from our own outbox); applied by [`IngestTx::take_parked`].
    pub async fn park_status(
        &mut self,
        account: i64,
        provider_id: &str,
        state: &DeliveryState,
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query("INSERT OR IGNORE INTO parked_statuses (account_id, provider_id, delivery, at) VALUES (?, ?, ?, ?)")
            .bind(account)
            .bind(provider_id)
            .bind(serde_json::to_string(state).expect("state serializes"))
            .bind(to_millis(at))
            .execute(&mut *self.tx)
            .await
            .map_err(|e| self.store.err(e))?;
        Ok(())
    }

    /// The statuses parked for a message, removed from the parking.
    pub async fn take_parked(
        &mut self,
        account: i64,
        provider_id: &str,
    ) -> Result<Vec<DeliveryState>> {
        let rows: Vec<(String,)> = sqlx::query_as("DELETE FROM parked_statuses WHERE account_id = ? AND provider_id = ? RETURNING delivery")
            .bind(account)
            .bind(provider_id)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(|e| self.store.err(e))?;
        Ok(rows
            .iter()
            .filter_map(|(d,)| serde_json::from_str(d).ok())
            .collect())
    }

    /// Set (`Some`) or remove (`None`) a reaction; `member` `None` = the contact.
    pub async fn set_reaction(
        &mut self,
        message: i64,
        member: Option<i64>,
        emoji: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let q = match emoji {
            Some(e) => sqlx::query("INSERT INTO reactions (message_id, reactor, emoji, at) VALUES (?, ?, ?, ?) ON CONFLICT(message_id, reactor) DO UPDATE SET emoji = excluded.emoji, at = excluded.at")
                .bind(message)
                .bind(member.unwrap_or(0))
                .bind(e)
                .bind(to_millis(at)),
            None => sqlx::query("DELETE FROM reactions WHERE message_id = ? AND reactor = ?")
                .bind(message)
                .bind(member.unwrap_or(0)),
        };
        q.execute(&mut *self.tx)
            .await
            .map_err(|e| self.store.err(e))?;
        Ok(())
    }

    /// The customer deleted the message: keep the row, drop its content.
    pub async fn revoke(&mut self, message: i64, reason: &str) -> Result<()> {
        let content = MessageContent::Unsupported {
            reason: reason.to_string(),
        };
        sqlx::query("UPDATE messages SET kind = ?, body = '', content = ? WHERE id = ?")
            .bind(MessageKind::Unsupported.as_str())
            .bind(serde_json::to_string(&content).expect("content serializes"))
            .bind(message)
            .execute(&mut *self.tx)
            .await
            .map_err(|e| self.store.err(e))?;
        Ok(())
    }

    pub(crate) async fn exec_update_provider_id(
        &mut self,
        message: i64,
        provider_id: &str,
    ) -> Result<()> {
        sqlx::query("UPDATE messages SET provider_id = ? WHERE id = ?")
            .bind(provider_id)
            .bind(message)
            .execute(&mut *self.tx)
            .await
            .map_err(|e| self.store.err(e))?;
        Ok(())
    }

    pub(crate) async fn close_outbox(
        &mut self,
        id: i64,
        state: &str,
        error: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET state = ?, last_error = coalesce(?, last_error) WHERE id = ?",
        )
        .bind(state)
        .bind(error)
        .bind(id)
        .execute(&mut *self.tx)
        .await
        .map_err(|e| self.store.err(e))?;
        Ok(())
    }
}
