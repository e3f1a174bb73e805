//! Inserting messages: the hot path of ingest, batched into multi-row
//! statements, idempotent on (account, provider id), with each touched
//! conversation's summary (last message, unread, WhatsApp window) updated once.

use std::collections::HashMap;

use bandeja_domain::{
    window::window_deadline, AccountKind, ChannelKind, DeliveryState, Direction, MessageContent,
    MessageKind,
};
use chrono::{DateTime, Utc};
use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Row, Sqlite};

use crate::rows::preview_of;
use crate::time::to_millis;
use crate::{Result, Store};

/// Rows per multi-row statement (14 parameters each, well under SQLite's limit).
const ROWS_PER_STATEMENT: usize = 400;

const INSERT_MESSAGE: &str = "INSERT INTO messages (conversation_id, account_id, direction, kind, body, content, provider_id, author_member_id, sender, delivery, reply_to_provider_id, forwarded, created_at, automated) ";

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
        .push_bind(to_millis(m.created_at))
        .push_bind(m.automated);
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
    /// Sent by the app on its own (auto-reply, reminder): not an answer.
    pub automated: bool,
}

/// What a batch changes in one conversation's summary.
#[derive(Default)]
struct Touched {
    /// Index of the latest message.
    latest: usize,
    inbound: i64,
    last_inbound: Option<DateTime<Utc>>,
    /// The first customer message after the batch's last answer.
    waiting_from: Option<DateTime<Utc>>,
    /// The batch's last and first answers by a person.
    answered: Option<DateTime<Utc>>,
    first_answer: Option<DateTime<Utc>>,
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

impl Store {
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
        let mut touched: HashMap<i64, Touched> = HashMap::new();
        let mut kinds: HashMap<i64, AccountKind> = HashMap::new();
        let mut order: Vec<usize> = (0..batch.len())
            .filter(|&i| matches!(out[i], InsertOutcome::Inserted(_)))
            .collect();
        order.sort_by_key(|&i| batch[i].created_at);
        for i in order {
            let m = &batch[i];
            let e = touched.entry(m.conversation_id).or_insert(Touched {
                latest: i,
                ..Touched::default()
            });
            if m.created_at >= batch[e.latest].created_at {
                e.latest = i;
            }
            match (m.direction, m.kind == MessageKind::Note) {
                (_, true) => {}
                (Direction::Inbound, false) => {
                    e.inbound += 1;
                    e.last_inbound = Some(m.created_at);
                    e.waiting_from.get_or_insert(m.created_at);
                }
                (Direction::Outbound, false) if !m.automated => {
                    e.first_answer.get_or_insert(m.created_at);
                    e.answered = Some(m.created_at);
                    e.waiting_from = None;
                }
                (Direction::Outbound, false) => {}
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
                "WITH v(id, at, preview, kind, dir, inbound, last_in, win, waiting, answered, first_answer) AS (",
            );
            q.push_values(chunk, |mut b, (conv, t)| {
                let m = &batch[t.latest];
                let whatsapp =
                    kinds.get(&m.account_id).map(|k| k.channel()) == Some(ChannelKind::Whatsapp);
                let window = t
                    .last_inbound
                    .filter(|_| whatsapp)
                    .map(|t| to_millis(window_deadline(t)));
                b.push_bind(*conv)
                    .push_bind(to_millis(m.created_at))
                    .push_bind(preview_of(&m.content))
                    .push_bind(m.kind.as_str())
                    .push_bind(m.direction.as_str())
                    .push_bind(t.inbound)
                    .push_bind(t.last_inbound.map(to_millis))
                    .push_bind(window)
                    .push_bind(t.waiting_from.map(to_millis))
                    .push_bind(t.answered.map(to_millis))
                    .push_bind(t.first_answer.map(to_millis));
            });
            // an answer in the batch ends the wait (a later customer message
            // starts a new one); otherwise the first unanswered message stays
            q.push(
                ") UPDATE conversations SET
                    last_preview = CASE WHEN v.at >= last_message_at THEN v.preview ELSE last_preview END,
                    last_kind = CASE WHEN v.at >= last_message_at THEN v.kind ELSE last_kind END,
                    last_direction = CASE WHEN v.at >= last_message_at THEN v.dir ELSE last_direction END,
                    last_message_at = max(last_message_at, v.at),
                    unread = unread + v.inbound,
                    last_inbound_at = CASE WHEN v.last_in IS NULL THEN last_inbound_at ELSE max(coalesce(last_inbound_at, 0), v.last_in) END,
                    window_expires_at = CASE WHEN v.win IS NULL THEN window_expires_at ELSE max(coalesce(window_expires_at, 0), v.win) END,
                    awaiting_since = CASE WHEN v.answered IS NOT NULL THEN v.waiting ELSE coalesce(awaiting_since, v.waiting) END,
                    sla_due_at = CASE WHEN v.answered IS NOT NULL THEN NULL ELSE sla_due_at END,
                    sla_breached_at = CASE WHEN v.answered IS NOT NULL THEN NULL ELSE sla_breached_at END,
                    first_response_at = coalesce(first_response_at, v.first_answer)
                 FROM v WHERE conversations.id = v.id",
            );
            q.build()
                .execute(&mut **tx)
                .await
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }
}
