//! Tags (TAG-1…3) and saved views (INB-5). A deleted tag disappears from
//! conversations, contacts and templates, but its row stays (marked
//! deleted) so the history of which conversations carried it keeps its
//! name.

use bandeja_domain::Tag;
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::time::{from_millis, to_millis};
use crate::{Result, Store, StoreError};

/// One line of a conversation's tag history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagEvent {
    pub tag_id: i64,
    pub tag_name: String,
    pub added: bool,
    pub member_id: Option<i64>,
    pub at: DateTime<Utc>,
}

/// A member's saved filter of the inbox; `filter` is the UI's query (JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    pub filter: serde_json::Value,
}

impl Store {
    pub async fn update_tag(&self, t: &Tag) -> Result<()> {
        let r = sqlx::query(
            "UPDATE tags SET name = ?, description = ?, color = ? WHERE id = ? AND deleted_at IS NULL",
        )
        .bind(&t.name)
        .bind(&t.description)
        .bind(&t.color)
        .bind(t.id)
        .execute(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        match r.rows_affected() {
            0 => Err(StoreError::NotFound(format!("tag {}", t.id))),
            _ => Ok(()),
        }
    }

    /// Whether a live tag already has this name (any case).
    pub async fn tag_named(&self, name: &str) -> Result<Option<i64>> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM tags WHERE name = ? AND deleted_at IS NULL")
                .bind(name)
                .fetch_optional(&self.reader)
                .await
                .map_err(|e| self.err(e))?;
        Ok(row.map(|r| r.0))
    }

    pub async fn delete_tag(&self, id: i64, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.begin().await?;
        let r = sqlx::query("UPDATE tags SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")
            .bind(to_millis(at))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("tag {id}")));
        }
        for table in ["conversation_tags", "contact_tags", "template_tags"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE tag_id = ?"))
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err(e))?;
        }
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Put a tag on a conversation, keeping the history.
    pub async fn tag_conversation(
        &self,
        conversation_id: i64,
        tag_id: i64,
        member_id: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.change_tag(conversation_id, tag_id, true, member_id, at)
            .await
    }

    /// Take a tag off a conversation, keeping the history.
    pub async fn untag_conversation(
        &self,
        conversation_id: i64,
        tag_id: i64,
        member_id: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.change_tag(conversation_id, tag_id, false, member_id, at)
            .await
    }

    /// Add or remove the link; a change that changed something is recorded.
    async fn change_tag(
        &self,
        conversation_id: i64,
        tag_id: i64,
        on: bool,
        member_id: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let (sql, action) = match on {
            true => (
                "INSERT OR IGNORE INTO conversation_tags (conversation_id, tag_id) VALUES (?, ?)",
                "added",
            ),
            false => (
                "DELETE FROM conversation_tags WHERE conversation_id = ? AND tag_id = ?",
                "removed",
            ),
        };
        let mut tx = self.begin().await?;
        let r = sqlx::query(sql)
            .bind(conversation_id)
            .bind(tag_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        if r.rows_affected() > 0 {
            sqlx::query("INSERT INTO tag_history (conversation_id, tag_id, action, member_id, at) VALUES (?, ?, ?, ?, ?)")
                .bind(conversation_id)
                .bind(tag_id)
                .bind(action)
                .bind(member_id)
                .bind(to_millis(at))
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err(e))?;
        }
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Who tagged the conversation with what, oldest first (deleted tags included).
    pub async fn tag_history(&self, conversation_id: i64) -> Result<Vec<TagEvent>> {
        let rows = sqlx::query(
            "SELECT h.tag_id, t.name, h.action = 'added', h.member_id, h.at FROM tag_history h
             JOIN tags t ON t.id = h.tag_id WHERE h.conversation_id = ? ORDER BY h.at, h.id",
        )
        .bind(conversation_id)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(rows
            .iter()
            .map(|r| TagEvent {
                tag_id: r.get(0),
                tag_name: r.get(1),
                added: r.get(2),
                member_id: r.get(3),
                at: from_millis(r.get(4)),
            })
            .collect())
    }

    pub async fn saved_views(&self, member: i64) -> Result<Vec<SavedView>> {
        let rows = sqlx::query(
            "SELECT id, name, filter FROM saved_views WHERE member_id = ? ORDER BY position, id",
        )
        .bind(member)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        rows.iter()
            .map(|r| {
                Ok(SavedView {
                    id: r.get(0),
                    name: r.get(1),
                    filter: serde_json::from_str(r.get::<&str, _>(2))
                        .map_err(|e| StoreError::InvalidData(format!("saved view: {e}")))?,
                })
            })
            .collect()
    }

    /// Add (`id: None`) or rename/refilter one of the member's views.
    pub async fn save_view(
        &self,
        member: i64,
        id: Option<i64>,
        name: &str,
        filter: &serde_json::Value,
    ) -> Result<i64> {
        match id {
            Some(id) => {
                let r = sqlx::query(
                    "UPDATE saved_views SET name = ?, filter = ? WHERE id = ? AND member_id = ?",
                )
                .bind(name)
                .bind(filter.to_string())
                .bind(id)
                .bind(member)
                .execute(&self.writer)
                .await
                .map_err(|e| self.err(e))?;
                match r.rows_affected() {
                    0 => Err(StoreError::NotFound(format!("view {id}"))),
                    _ => Ok(id),
                }
            }
            None => {
                let r = sqlx::query(
                    "INSERT INTO saved_views (member_id, name, filter, position)
                     VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM saved_views WHERE member_id = ?1))",
                )
                .bind(member)
                .bind(name)
                .bind(filter.to_string())
                .execute(&self.writer)
                .await
                .map_err(|e| self.err(e))?;
                Ok(r.last_insert_rowid())
            }
        }
    }

    pub async fn delete_view(&self, member: i64, id: i64) -> Result<()> {
        sqlx::query("DELETE FROM saved_views WHERE id = ? AND member_id = ?")
            .bind(id)
            .bind(member)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}
