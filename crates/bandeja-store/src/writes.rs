//! Inserts and updates. Batches run in one transaction on the writer.

use std::collections::HashMap;

use bandeja_domain::{
    window::window_deadline, AccountKind, AccountStatus, Availability, ChannelKind,
    ConversationStatus, DeliveryState, Direction, Identity, MessageContent, MessageKind, Priority,
    ReopenPolicy, Role,
};
use chrono::{DateTime, Utc};
use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Row, Sqlite};

use crate::rows::preview_of;
use crate::time::to_millis;
use crate::{Result, Store};

/// Rows per multi-row statement (13 parameters each, well under SQLite's limit).
const ROWS_PER_STATEMENT: usize = 400;

const INSERT_MESSAGE: &str = "INSERT INTO messages (conversation_id, account_id, direction, kind, body, content, provider_id, author_member_id, sender, delivery, reply_to_provider_id, forwarded, created_at) ";

fn push_message(b: &mut Separated<'_, '_, Sqlite, &'static str>, m: &NewMessage) {
    b.push_bind(m.conversation_id)
        .push_bind(m.account_id)
        .push_bind(m.direction.as_str())
        .push_bind(m.kind.as_str())
        .push_bind(m.content.searchable_text())
        .push_bind(serde_json::to_string(&m.content).expect("content serializes"))
        .push_bind(m.provider_id.clone())
        .push_bind(m.author_member_id)
        .push_bind(m.sender.clone())
        .push_bind(
            m.delivery
                .as_ref()
                .map(|d| serde_json::to_string(d).expect("delivery serializes")),
        )
        .push_bind(m.reply_to_provider_id.clone())
        .push_bind(m.forwarded)
        .push_bind(to_millis(m.created_at));
}

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

#[derive(Debug, Clone)]
pub struct NewMessage {
    pub conversation_id: i64,
    pub account_id: i64,
    pub direction: Direction,
    pub kind: MessageKind,
    pub content: MessageContent,
    pub provider_id: Option<String>,
    pub author_member_id: Option<i64>,
    pub sender: String,
    pub delivery: Option<DeliveryState>,
    pub reply_to_provider_id: Option<String>,
    pub forwarded: bool,
    pub created_at: DateTime<Utc>,
}

/// Result of an idempotent insert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertOutcome {
    Inserted(i64),
    /// Same (account, provider id) already stored: nothing changed.
    Duplicate(i64),
}

impl InsertOutcome {
    pub fn id(self) -> i64 {
        match self {
            InsertOutcome::Inserted(id) | InsertOutcome::Duplicate(id) => id,
        }
    }
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

    /// Insert a batch of messages in one transaction, idempotent on
    /// (account, provider id), and bring each touched conversation's summary
    /// (last message, unread count, WhatsApp window) up to date once.
    ///
    /// Rows go in as multi-row statements: per-statement overhead, not SQLite,
    /// is what limits a row-at-a-time ingest.
    pub async fn insert_messages(&self, batch: &[NewMessage]) -> Result<Vec<InsertOutcome>> {
        let mut tx = self.begin().await?;
        let out = self.insert_messages_in(&mut tx, batch).await?;
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(out)
    }

    /// [`Store::insert_messages`] inside a caller's transaction.
    pub(crate) async fn insert_messages_in(
        &self,
        tx: &mut sqlx::Transaction<'static, Sqlite>,
        batch: &[NewMessage],
    ) -> Result<Vec<InsertOutcome>> {
        let mut out: Vec<Option<InsertOutcome>> = vec![None; batch.len()];
        let (keyed, unkeyed): (Vec<usize>, Vec<usize>) =
            (0..batch.len()).partition(|&i| batch[i].provider_id.is_some());
        for chunk in keyed.chunks(ROWS_PER_STATEMENT) {
            let mut q = QueryBuilder::<Sqlite>::new(INSERT_MESSAGE);
            q.push_values(chunk, |mut b, &i| push_message(&mut b, &batch[i]));
            q.push(" ON CONFLICT (account_id, provider_id) DO NOTHING");
            let r = q
                .build()
                .execute(&mut **tx)
                .await
                .map_err(|e| self.err(e))?;
            if r.rows_affected() == chunk.len() as u64 {
                // No duplicates: one writer, no AUTOINCREMENT, so the rows got
                // consecutive rowids in VALUES order (no row-by-row RETURNING,
                // which costs a thread hop per row).
                let first = r.last_insert_rowid() - chunk.len() as i64 + 1;
                for (k, &i) in chunk.iter().enumerate() {
                    out[i] = Some(InsertOutcome::Inserted(first + k as i64));
                }
            } else {
                // Some were already stored: find out which rows are ours.
                let last = r.last_insert_rowid();
                let mut q = QueryBuilder::<Sqlite>::new(
                    "SELECT id, account_id, provider_id FROM messages WHERE id > ",
                );
                q.push_bind(last - r.rows_affected() as i64)
                    .push(" AND id <= ")
                    .push_bind(last);
                let rows = q
                    .build()
                    .fetch_all(&mut **tx)
                    .await
                    .map_err(|e| self.err(e))?;
                let mut inserted: HashMap<(i64, String), i64> = rows
                    .iter()
                    .map(|r| ((r.get(1), r.get(2)), r.get(0)))
                    .collect();
                for &i in chunk {
                    let m = &batch[i];
                    let key = (m.account_id, m.provider_id.clone().unwrap_or_default());
                    // the first row with a key inserted it; later ones are duplicates
                    if let Some(id) = inserted.remove(&key) {
                        out[i] = Some(InsertOutcome::Inserted(id));
                    }
                }
            }
        }
        for &i in &unkeyed {
            let mut q = QueryBuilder::<Sqlite>::new(INSERT_MESSAGE);
            q.push_values([&batch[i]], |mut b, m| push_message(&mut b, m));
            let r = q
                .build()
                .execute(&mut **tx)
                .await
                .map_err(|e| self.err(e))?;
            out[i] = Some(InsertOutcome::Inserted(r.last_insert_rowid()));
        }
        for (i, slot) in out.iter_mut().enumerate() {
            if slot.is_none() {
                let m = &batch[i];
                let (id,): (i64,) = sqlx::query_as(
                    "SELECT id FROM messages WHERE account_id = ? AND provider_id = ?",
                )
                .bind(m.account_id)
                .bind(&m.provider_id)
                .fetch_one(&mut **tx)
                .await
                .map_err(|e| self.err(e))?;
                *slot = Some(InsertOutcome::Duplicate(id));
            }
        }
        let out: Vec<InsertOutcome> = out
            .into_iter()
            .map(|o| o.expect("every row decided"))
            .collect();
        self.update_summaries(tx, batch, &out).await?;
        Ok(out)
    }

    async fn update_summaries(
        &self,
        tx: &mut sqlx::Transaction<'static, Sqlite>,
        batch: &[NewMessage],
        out: &[InsertOutcome],
    ) -> Result<()> {
        // conversation -> (latest message index, inbound count, latest inbound time)
        let mut touched: HashMap<i64, (usize, i64, Option<DateTime<Utc>>)> = HashMap::new();
        let mut kinds: HashMap<i64, AccountKind> = HashMap::new();
        for (i, m) in batch.iter().enumerate() {
            if !matches!(out[i], InsertOutcome::Inserted(_)) {
                continue;
            }
            let e = touched.entry(m.conversation_id).or_insert((i, 0, None));
            if m.created_at >= batch[e.0].created_at {
                e.0 = i;
            }
            if m.direction == Direction::Inbound && m.kind != MessageKind::Note {
                e.1 += 1;
                e.2 = e.2.max(Some(m.created_at));
            }
            if let std::collections::hash_map::Entry::Vacant(v) = kinds.entry(m.account_id) {
                let (k,): (String,) = sqlx::query_as("SELECT kind FROM accounts WHERE id = ?")
                    .bind(m.account_id)
                    .fetch_one(&mut **tx)
                    .await
                    .map_err(|e| self.err(e))?;
                v.insert(crate::rows::parse_enum(&k)?);
            }
        }
        let touched: Vec<_> = touched.into_iter().collect();
        for chunk in touched.chunks(ROWS_PER_STATEMENT) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "WITH v(id, at, preview, kind, dir, inbound, last_in, win) AS (",
            );
            q.push_values(chunk, |mut b, (conv, (latest, inbound, last_inbound))| {
                let m = &batch[*latest];
                let whatsapp =
                    kinds.get(&m.account_id).map(|k| k.channel()) == Some(ChannelKind::Whatsapp);
                let window = last_inbound
                    .filter(|_| whatsapp)
                    .map(|t| to_millis(window_deadline(t)));
                b.push_bind(*conv)
                    .push_bind(to_millis(m.created_at))
                    .push_bind(preview_of(&m.content))
                    .push_bind(m.kind.as_str())
                    .push_bind(m.direction.as_str())
                    .push_bind(*inbound)
                    .push_bind(last_inbound.map(to_millis))
                    .push_bind(window);
            });
            q.push(
                ") UPDATE conversations SET
                    last_preview = CASE WHEN v.at >= last_message_at THEN v.preview ELSE last_preview END,
                    last_kind = CASE WHEN v.at >= last_message_at THEN v.kind ELSE last_kind END,
                    last_direction = CASE WHEN v.at >= last_message_at THEN v.dir ELSE last_direction END,
                    last_message_at = max(last_message_at, v.at),
                    unread = unread + v.inbound,
                    last_inbound_at = CASE WHEN v.last_in IS NULL THEN last_inbound_at ELSE max(coalesce(last_inbound_at, 0), v.last_in) END,
                    window_expires_at = CASE WHEN v.win IS NULL THEN window_expires_at ELSE max(coalesce(window_expires_at, 0), v.win) END
                 FROM v WHERE conversations.id = v.id",
            );
            q.build()
                .execute(&mut **tx)
                .await
                .map_err(|e| self.err(e))?;
        }
        Ok(())
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

    /// Tag a conversation and record who did it (tag history survives tag deletion).
    pub async fn tag_conversation(
        &self,
        conversation_id: i64,
        tag_id: i64,
        member_id: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let r = sqlx::query(
            "INSERT OR IGNORE INTO conversation_tags (conversation_id, tag_id) VALUES (?, ?)",
        )
        .bind(conversation_id)
        .bind(tag_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.err(e))?;
        if r.rows_affected() > 0 {
            sqlx::query("INSERT INTO tag_history (conversation_id, tag_id, action, member_id, at) VALUES (?, ?, 'added', ?, ?)")
                .bind(conversation_id)
                .bind(tag_id)
                .bind(member_id)
                .bind(to_millis(at))
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err(e))?;
        }
        tx.commit().await.map_err(|e| self.err(e))?;
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
