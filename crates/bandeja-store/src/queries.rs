//! Reads for the UI. Every query that returns conversations takes the member
//! and only sees accounts the member is authorized for (ACC-4).

use bandeja_domain::{
    Account, AccountStatus, Availability, Brand, ChannelKind, Member, Role, Tag, Workspace,
};
use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};

use crate::fts::fts_query;
use crate::rows::{parse_enum, split_ids, ConversationRecord};
use crate::time::{from_millis, to_millis};
use crate::{Result, Store, StoreError};

/// The default views of the inbox (INB-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    AllOpen,
    Mine,
    Unassigned,
    Snoozed,
    Resolved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowFilter {
    Open,
    Closed,
}

/// Filters of the conversation list; `None` means "any".
#[derive(Debug, Clone)]
pub struct ConversationFilter {
    pub view: View,
    pub account_id: Option<i64>,
    pub channel: Option<ChannelKind>,
    pub tag_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub window: Option<WindowFilter>,
    pub text: Option<String>,
}

impl ConversationFilter {
    pub fn view(view: View) -> Self {
        ConversationFilter {
            view,
            account_id: None,
            channel: None,
            tag_id: None,
            assignee_id: None,
            window: None,
            text: None,
        }
    }
}

pub type ConversationListItem = ConversationRecord;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub all_open: i64,
    pub mine: i64,
    pub unassigned: i64,
    pub snoozed: i64,
    pub resolved: i64,
    pub unread_by_account: Vec<(i64, i64)>,
    pub open_by_tag: Vec<(i64, i64)>,
}

const CONV_COLUMNS: &str = "c.id, c.account_id, a.kind, c.contact_id, ct.name, c.subject, c.status, c.priority, c.assignee_id,
    (SELECT group_concat(tag_id) FROM conversation_tags t WHERE t.conversation_id = c.id),
    c.last_preview, c.last_kind, c.last_direction, c.last_message_at, c.unread, c.window_expires_at, c.snoozed_until,
    c.awaiting_since, c.sla_due_at, c.sla_breached_at";

fn conv_from_row(r: &SqliteRow) -> Result<ConversationRecord> {
    let kind: String = r.get(11);
    Ok(ConversationRecord {
        id: r.get(0),
        account_id: r.get(1),
        account_kind: parse_enum(r.get::<&str, _>(2))?,
        contact_id: r.get(3),
        contact_name: r.get(4),
        subject: r.get(5),
        status: parse_enum(r.get::<&str, _>(6))?,
        priority: parse_enum(r.get::<&str, _>(7))?,
        assignee_id: r.get(8),
        tag_ids: split_ids(r.get(9)),
        preview: r.get(10),
        last_kind: kind
            .parse()
            .unwrap_or(bandeja_domain::MessageKind::Unsupported),
        last_direction: parse_enum(r.get::<&str, _>(12))?,
        last_message_at: from_millis(r.get(13)),
        unread: r.get(14),
        window_expires_at: r.get::<Option<i64>, _>(15).map(from_millis),
        snoozed_until: r.get::<Option<i64>, _>(16).map(from_millis),
        awaiting_since: r.get::<Option<i64>, _>(17).map(from_millis),
        sla_due_at: r.get::<Option<i64>, _>(18).map(from_millis),
        sla_breached_at: r.get::<Option<i64>, _>(19).map(from_millis),
    })
}

/// Keyset cursor of the conversation list: "last_message_at:id".
pub(crate) fn parse_cursor(c: &str) -> Result<(i64, i64)> {
    let (t, id) = c
        .split_once(':')
        .ok_or_else(|| StoreError::InvalidData(format!("bad cursor {c:?}")))?;
    match (t.parse(), id.parse()) {
        (Ok(t), Ok(id)) => Ok((t, id)),
        _ => Err(StoreError::InvalidData(format!("bad cursor {c:?}"))),
    }
}

impl Store {
    pub async fn workspace(&self) -> Result<Option<(Workspace, bool)>> {
        let r = sqlx::query("SELECT id, name, is_demo FROM workspace WHERE id = 1")
            .fetch_optional(&self.reader)
            .await
            .map_err(|e| self.err(e))?;
        Ok(r.map(|r| {
            (
                Workspace {
                    id: r.get(0),
                    name: r.get(1),
                },
                r.get::<bool, _>(2),
            )
        }))
    }

    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        let r: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.reader)
            .await
            .map_err(|e| self.err(e))?;
        Ok(r.map(|r| r.0))
    }

    pub async fn members(&self) -> Result<Vec<(Member, bool)>> {
        let rows = sqlx::query("SELECT id, name, email, role, availability, capacity, color, is_me FROM members ORDER BY name")
            .fetch_all(&self.reader)
            .await
            .map_err(|e| self.err(e))?;
        rows.iter()
            .map(|r| {
                Ok((
                    Member {
                        id: r.get(0),
                        name: r.get(1),
                        email: r.get(2),
                        role: parse_enum::<Role>(r.get::<&str, _>(3))?,
                        availability: parse_enum::<Availability>(r.get::<&str, _>(4))?,
                        capacity: r.get::<Option<i64>, _>(5).map(|c| c as u32),
                        color: r.get(6),
                    },
                    r.get::<bool, _>(7),
                ))
            })
            .collect()
    }

    pub async fn brands(&self) -> Result<Vec<Brand>> {
        let rows = sqlx::query("SELECT id, name, country FROM brands ORDER BY name")
            .fetch_all(&self.reader)
            .await
            .map_err(|e| self.err(e))?;
        Ok(rows
            .iter()
            .map(|r| Brand {
                id: r.get(0),
                name: r.get(1),
                country: r.get(2),
            })
            .collect())
    }

    /// Accounts the member may see (all accounts when `member` is `None`).
    pub async fn accounts(&self, member: Option<i64>) -> Result<Vec<Account>> {
        let rows = sqlx::query(
            "SELECT a.id, a.kind, a.name, a.address, a.status, a.status_reason, a.brand_id, a.reopen_policy,
                    (SELECT group_concat(member_id) FROM account_members am WHERE am.account_id = a.id)
             FROM accounts a
             WHERE a.removed_at IS NULL
               AND (?1 IS NULL OR a.id IN (SELECT account_id FROM account_members WHERE member_id = ?1))
             ORDER BY a.name",
        )
        .bind(member)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        rows.iter()
            .map(|r| {
                let status = match r.get::<&str, _>(4) {
                    "active" => AccountStatus::Active,
                    "paused" => AccountStatus::Paused,
                    _ => AccountStatus::Error {
                        reason: r.get::<Option<String>, _>(5).unwrap_or_default(),
                    },
                };
                Ok(Account {
                    id: r.get(0),
                    kind: parse_enum(r.get::<&str, _>(1))?,
                    name: r.get(2),
                    address: r.get(3),
                    status,
                    brand_id: r.get(6),
                    reopen_policy: serde_json::from_str(r.get::<&str, _>(7)).unwrap_or_default(),
                    authorized: split_ids(r.get(8)),
                })
            })
            .collect()
    }

    pub async fn tags(&self) -> Result<Vec<Tag>> {
        let rows = sqlx::query(
            "SELECT id, name, description, color FROM tags WHERE deleted_at IS NULL ORDER BY name",
        )
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(rows
            .iter()
            .map(|r| Tag {
                id: r.get(0),
                name: r.get(1),
                description: r.get(2),
                color: r.get(3),
            })
            .collect())
    }

    /// One page of the conversation list, newest activity first, and the
    /// cursor of the next page.
    pub async fn list_conversations(
        &self,
        member: i64,
        filter: &ConversationFilter,
        now: DateTime<Utc>,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<(Vec<ConversationRecord>, Option<String>)> {
        let limit = limit.clamp(1, 200);
        let mut q = QueryBuilder::<Sqlite>::new(format!(
            "SELECT {CONV_COLUMNS} FROM conversations c
             JOIN accounts a ON a.id = c.account_id
             JOIN contacts ct ON ct.id = c.contact_id
             WHERE c.account_id IN (SELECT account_id FROM account_members WHERE member_id = "
        ));
        q.push_bind(member).push(")");
        match filter.view {
            View::AllOpen => q.push(" AND c.is_open = 1"),
            View::Mine => q
                .push(" AND c.is_open = 1 AND c.assignee_id = ")
                .push_bind(member),
            View::Unassigned => q.push(" AND c.is_open = 1 AND c.assignee_id IS NULL"),
            View::Snoozed => q.push(" AND c.status = 'snoozed'"),
            View::Resolved => q.push(" AND c.status = 'resolved'"),
        };
        if let Some(a) = filter.account_id {
            q.push(" AND c.account_id = ").push_bind(a);
        }
        if let Some(ch) = filter.channel {
            let kinds = match ch {
                ChannelKind::Whatsapp => "('whatsapp_cloud', 'twilio_whatsapp')",
                ChannelKind::Email => "('email_gmail', 'email_microsoft', 'email_imap')",
            };
            q.push(format!(" AND a.kind IN {kinds}"));
        }
        if let Some(t) = filter.tag_id {
            q.push(" AND c.id IN (SELECT conversation_id FROM conversation_tags WHERE tag_id = ")
                .push_bind(t)
                .push(")");
        }
        if let Some(m) = filter.assignee_id {
            q.push(" AND c.assignee_id = ").push_bind(m);
        }
        match filter.window {
            Some(WindowFilter::Open) => {
                q.push(" AND c.window_expires_at > ")
                    .push_bind(to_millis(now));
            }
            Some(WindowFilter::Closed) => {
                q.push(" AND a.kind IN ('whatsapp_cloud', 'twilio_whatsapp') AND coalesce(c.window_expires_at, 0) <= ")
                    .push_bind(to_millis(now));
            }
            None => {}
        }
        if let Some(fts) = filter.text.as_deref().and_then(fts_query) {
            q.push(" AND (c.contact_id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ")
                .push_bind(fts.clone())
                .push(") OR c.id IN (SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH ")
                .push_bind(fts.clone())
                .push(") OR c.id IN (SELECT m.conversation_id FROM messages m WHERE m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ")
                .push_bind(fts)
                .push(")))");
        }
        if let Some(c) = cursor {
            let (t, id) = parse_cursor(c)?;
            q.push(" AND (c.last_message_at, c.id) < (")
                .push_bind(t)
                .push(", ")
                .push_bind(id)
                .push(")");
        }
        q.push(" ORDER BY c.last_message_at DESC, c.id DESC LIMIT ")
            .push_bind(i64::from(limit) + 1);
        let rows = q
            .build()
            .fetch_all(&self.reader)
            .await
            .map_err(|e| self.err(e))?;
        let mut items = rows.iter().map(conv_from_row).collect::<Result<Vec<_>>>()?;
        let next = if items.len() > limit as usize {
            items.truncate(limit as usize);
            items
                .last()
                .map(|c| format!("{}:{}", to_millis(c.last_message_at), c.id))
        } else {
            None
        };
        Ok((items, next))
    }

    /// A conversation the member may see, or `NotFound`.
    pub async fn conversation(&self, member: i64, id: i64) -> Result<ConversationRecord> {
        let sql = format!(
            "SELECT {CONV_COLUMNS} FROM conversations c
             JOIN accounts a ON a.id = c.account_id
             JOIN contacts ct ON ct.id = c.contact_id
             WHERE c.id = ?1 AND c.account_id IN (SELECT account_id FROM account_members WHERE member_id = ?2)"
        );
        let row = sqlx::query(&sql)
            .bind(id)
            .bind(member)
            .fetch_optional(&self.reader)
            .await
            .map_err(|e| self.err(e))?
            .ok_or_else(|| StoreError::NotFound(format!("conversation {id}")))?;
        conv_from_row(&row)
    }
}
