//! The ingest pipeline: provider events in, one committed transaction out,
//! then change events for the UI.
//!
//! Every channel ends here (WhatsApp through the local receiver or the relay,
//! later Twilio and email). A batch is applied in ONE write transaction: a
//! crash leaves either all of it or none, and the provider (or relay) sees
//! its acknowledgement only after the commit — at-least-once delivery plus
//! idempotent inserts on (account, provider id) make it effectively once.

use bandeja_domain::inbound::{InboundEvent, InboundMessage, SenderRef, StatusUpdate};
use bandeja_domain::routing::LatestConversation;
use bandeja_domain::{
    merge_delivery_state, route_inbound, AccountKind, ConversationStatus, DeliveryState, Direction,
    RouteDecision,
};
use bandeja_store::{IngestTx, InsertOutcome, KnownMessage, KnownSender, NewMessage};
use serde::Serialize;

mod senders;

use senders::{display_name, identities, is_just_a_number, prefetch};

use crate::{Core, CoreEvent};

/// What a batch did (for logs, receivers and benchmarks).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    pub messages: usize,
    pub duplicates: usize,
    pub statuses: usize,
    /// Statuses whose message is not stored yet, kept for later.
    pub parked: usize,
    pub reactions: usize,
    pub revoked: usize,
    /// Attachments to fetch in the background.
    pub media: usize,
    /// Events for an account this workspace does not have.
    pub unrouted: usize,
    /// Events understood but with nothing to apply (unknown targets…).
    pub ignored: usize,
}

/// A routed message waiting to be inserted with the rest of its batch.
struct Pending {
    message: NewMessage,
    contact_name: String,
    preview: String,
    media: Option<bandeja_domain::inbound::MediaRef>,
}

struct Applied {
    report: IngestReport,
    events: Vec<CoreEvent>,
    /// Messages are inserted together (one multi-row statement), before any
    /// other kind of event is applied and at the end of the batch.
    pending: Vec<Pending>,
    /// (account, provider id) of the batch's messages already stored.
    known: std::collections::HashSet<(i64, String)>,
    /// Senders of the batch by (account, wa_id), with their latest
    /// conversation, kept current as the batch is applied.
    senders: std::collections::HashMap<(i64, String), KnownSender>,
}

async fn flush(tx: &mut IngestTx, out: &mut Applied) -> anyhow::Result<()> {
    if out.pending.is_empty() {
        return Ok(());
    }
    let pending = std::mem::take(&mut out.pending);
    let batch: Vec<NewMessage> = pending.iter().map(|p| p.message.clone()).collect();
    let outcomes = tx.insert_messages(&batch).await?;
    for (p, outcome) in pending.into_iter().zip(outcomes) {
        match outcome {
            InsertOutcome::Inserted(message_id) => {
                let conversation_id = p.message.conversation_id;
                if let Some(media) = &p.media {
                    tx.insert_media(message_id, p.message.account_id, media)
                        .await?;
                    out.report.media += 1;
                }
                out.report.messages += 1;
                out.events
                    .push(CoreEvent::ConversationChanged { conversation_id });
                out.events.push(CoreEvent::IncomingMessage {
                    conversation_id,
                    message_id,
                    contact_name: p.contact_name,
                    preview: p.preview,
                });
            }
            // the same message twice in one batch
            InsertOutcome::Duplicate(_) => out.report.duplicates += 1,
        }
    }
    Ok(())
}

impl Core {
    /// Apply a batch of events from accounts of the given provider kinds.
    pub async fn ingest(
        &self,
        kinds: &[AccountKind],
        batch: Vec<InboundEvent>,
    ) -> anyhow::Result<IngestReport> {
        let ws = self.workspace().await;
        let mut tx = ws.store.begin_ingest().await?;
        let mut applied = Applied {
            report: IngestReport::default(),
            events: Vec::new(),
            pending: Vec::new(),
            known: std::collections::HashSet::new(),
            senders: std::collections::HashMap::new(),
        };
        prefetch(&mut tx, kinds, &batch, &mut applied).await?;
        for event in batch {
            if !matches!(event, InboundEvent::Message(_)) {
                flush(&mut tx, &mut applied).await?;
            }
            self.apply(&mut tx, kinds, event, &mut applied).await?;
        }
        flush(&mut tx, &mut applied).await?;
        let seen = tx.accounts_seen();
        tx.commit().await?;
        self.record_provider_events(&seen);
        let changed = !applied.events.is_empty();
        let incoming: Vec<i64> = applied
            .events
            .iter()
            .filter_map(|e| match e {
                CoreEvent::IncomingMessage {
                    conversation_id, ..
                } => Some(*conversation_id),
                _ => None,
            })
            .collect();
        for e in applied.events {
            self.emit(e);
        }
        self.after_incoming(&incoming);
        if changed {
            self.emit(CoreEvent::ListChanged);
        }
        if applied.report.media > 0 {
            self.wake_media();
        }
        Ok(applied.report)
    }

    async fn apply(
        &self,
        tx: &mut IngestTx,
        kinds: &[AccountKind],
        event: InboundEvent,
        out: &mut Applied,
    ) -> anyhow::Result<()> {
        match event {
            InboundEvent::Message(m) => self.apply_message(tx, kinds, m, out).await,
            InboundEvent::Status(s) => apply_status(tx, kinds, s, out).await,
            InboundEvent::Reaction(r) => {
                let Some(target) = find_target(
                    tx,
                    kinds,
                    &r.account.provider_account_id,
                    &r.target_provider_id,
                    out,
                )
                .await?
                else {
                    return Ok(());
                };
                tx.set_reaction(target.id, None, r.emoji.as_deref(), r.timestamp)
                    .await?;
                out.report.reactions += 1;
                out.events.push(CoreEvent::ConversationChanged {
                    conversation_id: target.conversation_id,
                });
                Ok(())
            }
            InboundEvent::Revoke(r) => {
                let Some(target) = find_target(
                    tx,
                    kinds,
                    &r.account.provider_account_id,
                    &r.revoked_provider_id,
                    out,
                )
                .await?
                else {
                    return Ok(());
                };
                tx.revoke(target.id, "This message was deleted by the customer")
                    .await?;
                out.report.revoked += 1;
                out.events.push(CoreEvent::ConversationChanged {
                    conversation_id: target.conversation_id,
                });
                Ok(())
            }
            InboundEvent::IdentityChange(c) => {
                if tx
                    .account_by_ref(kinds, &c.account.provider_account_id)
                    .await?
                    .is_none()
                {
                    out.report.unrouted += 1;
                    return Ok(());
                }
                match (tx.find_contact(&identities(&c.from)).await?, &c.new_wa_id) {
                    (Some((contact, _, _)), Some(new)) => {
                        let from = SenderRef {
                            wa_id: Some(new.clone()),
                            ..SenderRef::default()
                        };
                        for ident in identities(&from) {
                            tx.add_identity(contact, &ident).await?;
                        }
                    }
                    _ => out.report.ignored += 1,
                }
                Ok(())
            }
            InboundEvent::TemplateStatus(t) => {
                tracing::info!(template = %t.name, status = %t.status, "template status update");
                let changed = tx
                    .set_wa_template_status(
                        &t.waba_id,
                        &t.name,
                        &t.language,
                        &t.status,
                        t.reason.as_deref(),
                        t.timestamp,
                    )
                    .await?;
                if changed > 0 {
                    out.events.push(CoreEvent::TemplatesChanged);
                } else {
                    out.report.ignored += 1;
                }
                Ok(())
            }
            InboundEvent::Error { account, error } => {
                tracing::warn!(account = ?account.map(|a| a.provider_account_id), code = error.code, title = %error.title, "provider reported an error");
                out.report.ignored += 1;
                Ok(())
            }
        }
    }

    async fn apply_message(
        &self,
        tx: &mut IngestTx,
        kinds: &[AccountKind],
        m: InboundMessage,
        out: &mut Applied,
    ) -> anyhow::Result<()> {
        let Some(account) = tx
            .account_by_ref(kinds, &m.account.provider_account_id)
            .await?
        else {
            out.report.unrouted += 1;
            return Ok(());
        };
        let waiting = out.pending.iter().any(|p| {
            p.message.account_id == account.id
                && p.message.provider_id.as_deref() == Some(m.provider_id.as_str())
        });
        if waiting || out.known.contains(&(account.id, m.provider_id.clone())) {
            out.report.duplicates += 1;
            return Ok(());
        }
        let ids = identities(&m.from);
        let name = display_name(&m.from);
        let key = m.from.wa_id.clone().map(|w| (account.id, w));
        let cached = key.as_ref().and_then(|k| out.senders.get(k).cloned());
        let (contact, current, latest) = match cached {
            Some(known) => (known.contact, known.name, known.latest),
            None => {
                let (contact, current) = match tx.find_contact(&ids).await? {
                    Some((id, current, matched)) => {
                        // known by another identity (e.g. the phone without Brazil's
                        // ninth digit): remember this one too
                        if matched > 0 {
                            for ident in &ids {
                                tx.add_identity(id, ident).await?;
                            }
                        }
                        (id, current)
                    }
                    None => (
                        tx.create_contact(&name, &ids, self.now()).await?,
                        name.clone(),
                    ),
                };
                let latest = tx.latest_conversation(account.id, contact).await?;
                (contact, current, latest)
            }
        };
        let current =
            if m.from.profile_name.is_some() && is_just_a_number(&current) && current != name {
                tx.rename_contact(contact, &name).await?;
                name.clone()
            } else {
                current
            };
        let decision = route_inbound(self.now(), latest, account.reopen_policy);
        let conversation = match decision {
            RouteDecision::Append { id } => id,
            RouteDecision::Unsnooze { id } | RouteDecision::Reopen { id } => {
                tx.reopen(id).await?;
                id
            }
            RouteDecision::New => {
                tx.create_conversation(account.id, contact, None, m.timestamp)
                    .await?
            }
        };
        // later messages of this sender in the batch start from here
        if let Some(key) = key {
            let latest = match decision {
                RouteDecision::Append { .. } => latest,
                _ => Some(LatestConversation {
                    id: conversation,
                    status: ConversationStatus::Open,
                    resolved_at: None,
                }),
            };
            out.senders.insert(
                key,
                KnownSender {
                    contact,
                    name: current,
                    latest,
                },
            );
        }
        let preview = m.content.searchable_text();
        out.pending.push(Pending {
            message: NewMessage {
                conversation_id: conversation,
                account_id: account.id,
                direction: Direction::Inbound,
                kind: m.kind,
                content: m.content,
                provider_id: Some(m.provider_id),
                author_member_id: None,
                sender: name.clone(),
                delivery: None,
                reply_to_provider_id: m.reply_to,
                forwarded: m.forwarded || m.frequently_forwarded,
                created_at: m.timestamp,
                automated: false,
            },
            contact_name: name,
            preview,
            media: m.media,
        });
        Ok(())
    }
}

/// The stored message an event refers to; counts the event as unrouted
/// (unknown account) or ignored (unknown message) when there is none.
async fn find_target(
    tx: &mut IngestTx,
    kinds: &[AccountKind],
    account_ref: &str,
    provider_id: &str,
    out: &mut Applied,
) -> anyhow::Result<Option<KnownMessage>> {
    let Some(account) = tx.account_by_ref(kinds, account_ref).await? else {
        out.report.unrouted += 1;
        return Ok(None);
    };
    let target = tx.message_by_provider_id(account.id, provider_id).await?;
    if target.is_none() {
        out.report.ignored += 1;
    }
    Ok(target)
}

async fn apply_status(
    tx: &mut IngestTx,
    kinds: &[AccountKind],
    s: StatusUpdate,
    out: &mut Applied,
) -> anyhow::Result<()> {
    let Some(account) = tx
        .account_by_ref(kinds, &s.account.provider_account_id)
        .await?
    else {
        out.report.unrouted += 1;
        return Ok(());
    };
    match tx
        .message_by_provider_id(account.id, &s.provider_id)
        .await?
    {
        Some(msg) => {
            let current = msg.delivery.clone().unwrap_or(DeliveryState::Pending);
            let merged = merge_delivery_state(&current, &s.state);
            if merged != current || msg.delivery.is_none() {
                tx.set_delivery(msg.id, &merged).await?;
                out.events.push(CoreEvent::ConversationChanged {
                    conversation_id: msg.conversation_id,
                });
            }
            out.report.statuses += 1;
        }
        None => {
            tx.park_status(account.id, &s.provider_id, &s.state, s.timestamp)
                .await?;
            out.report.parked += 1;
        }
    }
    Ok(())
}
