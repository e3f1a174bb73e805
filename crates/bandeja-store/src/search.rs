//! Full-text search over message bodies, subjects and contact names (SRCH).
//!
//! Newest matches come first: FTS5 walks its index by rowid in descending
//! order and stops at the limit, which keeps common words as fast as rare
//! ones. Matches are marked with U+E000 … U+E001 for the UI to highlight.

use bandeja_domain::{AccountKind, ChannelKind};
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::fts::{exact_query, fts_query};
use crate::rows::parse_enum;
use crate::time::from_millis;
use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub conversation_id: i64,
    /// `None` when the contact's name or the subject matched.
    pub message_id: Option<i64>,
    pub contact_name: String,
    pub channel: ChannelKind,
    pub snippet: String,
    pub at: DateTime<Utc>,
}

impl Store {
    pub async fn search(&self, member: i64, text: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let Some(q) = fts_query(text) else {
            return Ok(Vec::new());
        };
        let limit = i64::from(limit.clamp(1, 200));
        let mut hits = Vec::new();
        // contacts and subjects first: few rows, and what people look for most
        let named = sqlx::query(
            "SELECT c.id, ct.name, a.kind, c.last_message_at,
                    highlight(contacts_fts, 0, char(57344), char(57345))
             FROM contacts_fts f
             JOIN contacts ct ON ct.id = f.rowid
             JOIN conversations c ON c.id = (
                SELECT id FROM conversations c2 WHERE c2.contact_id = ct.id
                  AND c2.account_id IN (SELECT account_id FROM account_members WHERE member_id = ?2)
                ORDER BY last_message_at DESC LIMIT 1)
             JOIN accounts a ON a.id = c.account_id
             WHERE contacts_fts MATCH ?1
             ORDER BY f.rowid DESC LIMIT 5",
        )
        .bind(&q)
        .bind(member)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        for r in named {
            hits.push(SearchHit {
                conversation_id: r.get(0),
                message_id: None,
                contact_name: r.get(1),
                channel: parse_enum::<AccountKind>(r.get::<&str, _>(2))?.channel(),
                snippet: r.get(4),
                at: from_millis(r.get(3)),
            });
        }
        let exact = exact_query(text).unwrap_or_default();
        let mut messages = self.search_messages(member, &exact, limit).await?;
        if (messages.len() as i64) < limit {
            // the last word may be unfinished: widen to a prefix match
            messages = self.search_messages(member, &q, limit).await?;
        }
        for r in messages {
            hits.push(SearchHit {
                conversation_id: r.get(1),
                message_id: Some(r.get(0)),
                contact_name: r.get(2),
                channel: parse_enum::<AccountKind>(r.get::<&str, _>(3))?.channel(),
                snippet: r.get(5),
                at: from_millis(r.get(4)),
            });
        }
        hits.truncate(limit as usize);
        Ok(hits)
    }

    async fn search_messages(
        &self,
        member: i64,
        fts: &str,
        limit: i64,
    ) -> Result<Vec<sqlx::sqlite::SqliteRow>> {
        sqlx::query(
            "SELECT m.id, m.conversation_id, ct.name, a.kind, m.created_at,
                    snippet(messages_fts, 0, char(57344), char(57345), '…', 16)
             FROM messages_fts f
             JOIN messages m ON m.id = f.rowid
             JOIN conversations c ON c.id = m.conversation_id
             JOIN contacts ct ON ct.id = c.contact_id
             JOIN accounts a ON a.id = m.account_id
             WHERE messages_fts MATCH ?1
               AND m.account_id IN (SELECT account_id FROM account_members WHERE member_id = ?2)
             ORDER BY f.rowid DESC LIMIT ?3",
        )
        .bind(fts)
        .bind(member)
        .bind(limit)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))
    }
}
