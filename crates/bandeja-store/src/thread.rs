//! What a conversation view shows: the contact panel and the messages,
//! paged backwards, with reactions and the quoted message of a reply.

use sqlx::{QueryBuilder, Row, Sqlite};

use bandeja_domain::ConversationStatus;

use crate::queries::parse_cursor;
use crate::rows::{
    decode_content, parse_enum, split_ids, ContactRecord, MessageRecord, ReactionRecord,
};
use crate::time::{from_millis, to_millis};
use crate::{Result, Store, StoreError};

impl Store {
    pub async fn contact(
        &self,
        member: i64,
        id: i64,
        except_conversation: Option<i64>,
    ) -> Result<ContactRecord> {
        let row = sqlx::query(
            "SELECT name, custom_fields,
                (SELECT group_concat(tag_id) FROM contact_tags WHERE contact_id = c.id)
             FROM contacts c WHERE id = ?1
               -- ACC-4: known through an account the member may see (or not yet through any)
               AND (EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = c.id
                              AND v.account_id IN (SELECT account_id FROM account_members WHERE member_id = ?2))
                    OR NOT EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = c.id))",
        )
        .bind(id)
        .bind(member)
        .fetch_optional(&self.reader)
        .await
        .map_err(|e| self.err(e))?
        .ok_or_else(|| StoreError::NotFound(format!("contact {id}")))?;
        let idents = sqlx::query(
            "SELECT kind, value FROM contact_identities WHERE contact_id = ? ORDER BY kind, value",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        let first = |k: &str| {
            idents
                .iter()
                .find(|r| r.get::<&str, _>(0) == k)
                .map(|r| r.get::<String, _>(1))
        };
        let others = sqlx::query(
            "SELECT id, subject, status, last_message_at FROM conversations
             WHERE contact_id = ?1 AND id IS NOT ?2
               AND account_id IN (SELECT account_id FROM account_members WHERE member_id = ?3)
             ORDER BY last_message_at DESC LIMIT 20",
        )
        .bind(id)
        .bind(except_conversation)
        .bind(member)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        Ok(ContactRecord {
            id,
            name: row.get(0),
            phone: first("phone"),
            email: first("email"),
            wa_id: first("wa_id"),
            tag_ids: split_ids(row.get(2)),
            custom_fields: serde_json::from_str(row.get::<&str, _>(1)).unwrap_or_default(),
            other_conversations: others
                .iter()
                .map(|r| {
                    Ok((
                        r.get(0),
                        r.get(1),
                        parse_enum::<ConversationStatus>(r.get::<&str, _>(2))?,
                        from_millis(r.get(3)),
                    ))
                })
                .collect::<Result<_>>()?,
        })
    }

    /// The messages of a conversation, oldest first, ending before the
    /// `before` cursor ("created_at:id"), and the cursor of the older page.
    pub async fn messages_page(
        &self,
        member: i64,
        conversation_id: i64,
        before: Option<&str>,
        limit: u32,
    ) -> Result<(Vec<MessageRecord>, Option<String>)> {
        let limit = limit.clamp(1, 500);
        let (bt, bid) = match before {
            Some(c) => parse_cursor(c)?,
            None => (i64::MAX, i64::MAX),
        };
        let rows = sqlx::query(
            "SELECT m.id, m.direction, m.kind, m.content, m.body, m.author_member_id, m.sender, m.delivery, m.created_at,
                    m.forwarded, m.reply_to_provider_id, r.id, r.body, md.state, md.mime, md.size, md.error, m.automated
             FROM messages m
             LEFT JOIN messages r ON r.account_id = m.account_id AND r.provider_id = m.reply_to_provider_id
             LEFT JOIN media md ON md.message_id = m.id
             WHERE m.conversation_id = ?1
               AND (m.created_at, m.id) < (?2, ?3)
               AND m.account_id IN (SELECT account_id FROM account_members WHERE member_id = ?4)
             ORDER BY m.created_at DESC, m.id DESC LIMIT ?5",
        )
        .bind(conversation_id)
        .bind(bt)
        .bind(bid)
        .bind(member)
        .bind(i64::from(limit) + 1)
        .fetch_all(&self.reader)
        .await
        .map_err(|e| self.err(e))?;
        let more = rows.len() > limit as usize;
        let mut items = Vec::with_capacity(rows.len().min(limit as usize));
        for r in rows.iter().take(limit as usize) {
            let (kind, content) = decode_content(r.get(2), r.get(3));
            let body: String = r.get(4);
            let reply_to = r.get::<Option<String>, _>(10).map(|_| {
                (
                    r.get::<Option<i64>, _>(11),
                    r.get::<Option<String>, _>(12).unwrap_or_default(),
                )
            });
            items.push(MessageRecord {
                id: r.get(0),
                conversation_id,
                direction: parse_enum(r.get::<&str, _>(1))?,
                kind,
                content,
                text: (!body.is_empty()).then_some(body),
                author_member_id: r.get(5),
                sender: r.get(6),
                delivery: r
                    .get::<Option<&str>, _>(7)
                    .and_then(|d| serde_json::from_str(d).ok()),
                created_at: from_millis(r.get(8)),
                reactions: Vec::new(),
                reply_to,
                forwarded: r.get(9),
                automated: r.get(17),
                media: r
                    .get::<Option<String>, _>(13)
                    .map(|state| crate::MediaRecord {
                        state,
                        mime: r.get(14),
                        size: r.get(15),
                        error: r.get(16),
                    }),
            });
        }
        let next = if more {
            items
                .last()
                .map(|m| format!("{}:{}", to_millis(m.created_at), m.id))
        } else {
            None
        };
        if !items.is_empty() {
            let mut q = QueryBuilder::<Sqlite>::new(
                "SELECT message_id, reactor, emoji FROM reactions WHERE message_id IN (",
            );
            let mut sep = q.separated(", ");
            for m in &items {
                sep.push_bind(m.id);
            }
            q.push(") ORDER BY at");
            let rs = q
                .build()
                .fetch_all(&self.reader)
                .await
                .map_err(|e| self.err(e))?;
            for r in rs {
                let mid: i64 = r.get(0);
                let reactor: i64 = r.get(1);
                if let Some(m) = items.iter_mut().find(|m| m.id == mid) {
                    m.reactions.push(ReactionRecord {
                        emoji: r.get(2),
                        member_id: (reactor != 0).then_some(reactor),
                    });
                }
            }
        }
        items.reverse();
        Ok((items, next))
    }
}
