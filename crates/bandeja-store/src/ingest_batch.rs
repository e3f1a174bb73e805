//! Looking up a whole batch at once: which of its messages are already
//! stored (redeliveries) and which senders are already contacts, with their
//! latest conversation — one statement per account instead of several per
//! message, because each statement is a round trip to SQLite's thread.

use bandeja_domain::routing::LatestConversation;
use bandeja_domain::ConversationStatus;
use sqlx::{QueryBuilder, Row, Sqlite};

use crate::rows::parse_enum;
use crate::time::from_millis;
use crate::{IngestTx, Result};

/// A sender found by [`IngestTx::senders_by_wa_id`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownSender {
    pub contact: i64,
    pub name: String,
    pub latest: Option<LatestConversation>,
}

impl IngestTx {
    /// Which of these provider ids an account already has (one statement for
    /// a whole batch instead of one lookup per message).
    pub async fn known_provider_ids(
        &mut self,
        account: i64,
        provider_ids: &[&str],
    ) -> Result<std::collections::HashSet<String>> {
        let mut known = std::collections::HashSet::new();
        for chunk in provider_ids.chunks(500) {
            let mut q =
                QueryBuilder::<Sqlite>::new("SELECT provider_id FROM messages WHERE account_id = ");
            q.push_bind(account).push(" AND provider_id IN (");
            let mut ids = q.separated(", ");
            for id in chunk {
                ids.push_bind(*id);
            }
            q.push(")");
            let rows = q
                .build()
                .fetch_all(&mut *self.tx)
                .await
                .map_err(|e| self.store.err(e))?;
            known.extend(rows.iter().map(|r| r.get::<String, _>(0)));
        }
        Ok(known)
    }

    /// For a batch: the contacts known by these WhatsApp ids (exact match),
    /// with their name and their latest conversation on `account` — what
    /// [`IngestTx::find_contact`] and [`IngestTx::latest_conversation`] give
    /// one message at a time, in two statements for the whole batch.
    pub async fn senders_by_wa_id(
        &mut self,
        account: i64,
        wa_ids: &[&str],
    ) -> Result<std::collections::HashMap<String, KnownSender>> {
        let mut out = std::collections::HashMap::new();
        for chunk in wa_ids.chunks(400) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "SELECT i.value, c.id, c.name, v.id, v.status, v.resolved_at
                 FROM contact_identities i JOIN contacts c ON c.id = i.contact_id
                 LEFT JOIN conversations v ON v.id = (
                     SELECT id FROM conversations WHERE contact_id = c.id AND account_id = ",
            );
            q.push_bind(account).push(
                " ORDER BY last_message_at DESC, id DESC LIMIT 1)
                 WHERE i.kind = 'wa_id' AND i.value IN (",
            );
            let mut ids = q.separated(", ");
            for id in chunk {
                ids.push_bind(*id);
            }
            q.push(")");
            let rows = q
                .build()
                .fetch_all(&mut *self.tx)
                .await
                .map_err(|e| self.store.err(e))?;
            for r in rows {
                let latest = match r.get::<Option<i64>, _>(3) {
                    Some(id) => Some(LatestConversation {
                        id,
                        status: parse_enum::<ConversationStatus>(r.get::<&str, _>(4))?,
                        resolved_at: r.get::<Option<i64>, _>(5).map(from_millis),
                    }),
                    None => None,
                };
                out.insert(
                    r.get::<String, _>(0),
                    KnownSender {
                        contact: r.get(1),
                        name: r.get(2),
                        latest,
                    },
                );
            }
        }
        Ok(out)
    }
}
