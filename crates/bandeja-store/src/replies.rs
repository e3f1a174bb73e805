//! The business's own message templates (TPL-1, TPL-2, TPL-5): saved
//! replies and openers with named variables, per account or shared, tagged,
//! of a type. (Meta's WhatsApp templates live in `wa_templates`.)

use bandeja_domain::{Template, TemplateType};
use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Row, Sqlite};

use crate::rows::{parse_enum, split_ids};
use crate::time::to_millis;
use crate::{Result, Store, StoreError};

/// Which templates to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateFilter {
    /// Templates usable on this account (its own and the shared ones).
    pub account_id: Option<i64>,
    pub template_type: Option<TemplateType>,
    pub tag_id: Option<i64>,
    /// Words in the name or the content.
    pub text: Option<String>,
}

impl Store {
    /// Templates the member may use (shared ones, and those of accounts
    /// they are authorized for), filtered, by name.
    pub async fn templates(&self, member: i64, f: &TemplateFilter) -> Result<Vec<Template>> {
        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT t.id, t.account_id, t.name, t.content, t.template_type,
                    (SELECT group_concat(tag_id) FROM template_tags g WHERE g.template_id = t.id)
             FROM templates t WHERE (t.account_id IS NULL OR t.account_id IN
                (SELECT account_id FROM account_members WHERE member_id = ",
        );
        q.push_bind(member).push("))");
        if let Some(a) = f.account_id {
            q.push(" AND (t.account_id IS NULL OR t.account_id = ")
                .push_bind(a)
                .push(")");
        }
        if let Some(k) = f.template_type {
            q.push(" AND t.template_type = ").push_bind(k.as_str());
        }
        if let Some(tag) = f.tag_id {
            q.push(" AND t.id IN (SELECT template_id FROM template_tags WHERE tag_id = ")
                .push_bind(tag)
                .push(")");
        }
        for word in f.text.iter().flat_map(|t| t.split_whitespace()) {
            let like = format!("%{}%", word.replace(['%', '_'], ""));
            q.push(" AND (t.name LIKE ")
                .push_bind(like.clone())
                .push(" OR t.content LIKE ")
                .push_bind(like)
                .push(")");
        }
        q.push(" ORDER BY t.name COLLATE NOCASE, t.id");
        let rows = q
            .build()
            .fetch_all(&self.reader)
            .await
            .map_err(|e| self.err(e))?;
        rows.iter()
            .map(|r| {
                Ok(Template {
                    id: r.get(0),
                    account_id: r.get(1),
                    name: r.get(2),
                    content: r.get(3),
                    template_type: parse_enum(r.get::<&str, _>(4))?,
                    tags: split_ids(r.get(5)),
                })
            })
            .collect()
    }

    /// Add (`id == 0`) or change a template and its tags; returns its id.
    pub async fn save_template(&self, t: &Template, now: DateTime<Utc>) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id = if t.id == 0 {
            sqlx::query(
                "INSERT INTO templates (account_id, name, content, template_type, created_at) VALUES (?, ?, ?, ?, ?)",
            )
            .bind(t.account_id)
            .bind(&t.name)
            .bind(&t.content)
            .bind(t.template_type.as_str())
            .bind(to_millis(now))
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?
            .last_insert_rowid()
        } else {
            let r = sqlx::query(
                "UPDATE templates SET account_id = ?, name = ?, content = ?, template_type = ? WHERE id = ?",
            )
            .bind(t.account_id)
            .bind(&t.name)
            .bind(&t.content)
            .bind(t.template_type.as_str())
            .bind(t.id)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound(format!("template {}", t.id)));
            }
            t.id
        };
        sqlx::query("DELETE FROM template_tags WHERE template_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        for tag in &t.tags {
            sqlx::query("INSERT OR IGNORE INTO template_tags (template_id, tag_id) VALUES (?, ?)")
                .bind(id)
                .bind(tag)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err(e))?;
        }
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(id)
    }

    pub async fn delete_template(&self, id: i64) -> Result<()> {
        sqlx::query("DELETE FROM templates WHERE id = ?")
            .bind(id)
            .execute(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}
