//! What a customer's message sets off once its batch is committed (on the
//! automation's worker, [`super::queue`]): the
//! conversation gets an assignee if it has none (the account's steps), and
//! the customer may get an automatic answer. Both run after the commit, so
//! a failing rule never loses a message; a failure is logged and the
//! message stays as it arrived (unassigned, unanswered) for people to see.

use std::collections::{BTreeMap, HashMap};

use bandeja_domain::assign::{choose, AssignContext, AssignRule, Assignment};
use bandeja_domain::auto_reply::{auto_reply, Arrival};
use bandeja_domain::{hours, is_window_open, vars, ChannelKind, MessageContent, MessageKind};
use bandeja_store::ConversationFacts;
use chrono::Duration;
use serde_json::json;

use super::AccountAutomation;
use crate::compose::Outgoing;
use crate::email::{Answer, OutgoingEmail};
use crate::{Core, CoreEvent, Workspace};

/// A message older than this gets no automatic answer: after a backlog
/// (the computer was off), "we are closed" hours later misleads.
const FRESH: Duration = Duration::hours(1);

pub(crate) fn rule_name(rule: &AssignRule) -> &'static str {
    match rule {
        AssignRule::Salesperson => "salesperson",
        AssignRule::CustomField { .. } => "custom_field",
        AssignRule::LastHandler => "last_handler",
        AssignRule::Rotation => "rotation",
        AssignRule::Brand => "brand",
        AssignRule::Random => "random",
    }
}

fn random_u64() -> u64 {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("system randomness");
    u64::from_le_bytes(b)
}

impl Core {
    /// Run the rules for conversations that just received customer
    /// messages. Never fails: problems are logged.
    pub(crate) async fn run_incoming(&self, conversations: &[i64]) {
        if let Err(e) = self.automate_incoming(conversations).await {
            tracing::error!(
                error = format!("{e:#}"),
                "automation after incoming messages"
            );
        }
        // new waits get their SLA deadline; windows their reminders
        self.wake_scheduler();
    }

    async fn automate_incoming(&self, conversations: &[i64]) -> anyhow::Result<()> {
        let ws = self.workspace().await;
        let assigning = ws
            .store
            .accounts_with_rule(bandeja_domain::RuleKind::Assignment)
            .await?;
        let replying = ws
            .store
            .accounts_with_rule(bandeja_domain::RuleKind::AutoReply)
            .await?;
        if assigning.is_empty() && replying.is_empty() {
            return Ok(());
        }
        let mut seen = std::collections::HashSet::new();
        let mut settings: HashMap<i64, AccountAutomation> = HashMap::new();
        for &id in conversations {
            if !seen.insert(id) {
                continue;
            }
            let facts = ws.store.conversation_facts(id).await?;
            if !facts.is_open {
                continue;
            }
            let (assign, reply) = (
                assigning.contains(&facts.account_id) && facts.assignee_id.is_none(),
                replying.contains(&facts.account_id),
            );
            if !assign && !reply {
                continue;
            }
            let a = super::scheduler::cached(&ws, &mut settings, facts.account_id).await?;
            if assign {
                if let Err(e) = self.auto_assign(&ws, &facts, a).await {
                    tracing::error!(conversation = id, error = format!("{e:#}"), "assignment");
                }
            }
            if reply {
                if let Err(e) = self.send_auto_reply(&ws, &facts, a).await {
                    tracing::error!(conversation = id, error = format!("{e:#}"), "auto-reply");
                }
            }
        }
        Ok(())
    }

    async fn auto_assign(
        &self,
        ws: &Workspace,
        facts: &ConversationFacts,
        a: &AccountAutomation,
    ) -> anyhow::Result<()> {
        let members = ws.store.assignment_candidates(facts.account_id).await?;
        let ctx = AssignContext {
            salesperson: facts.salesperson_id,
            custom_fields: facts.custom_fields.clone(),
            last_handler: ws.store.last_handler(facts.contact_id, facts.id).await?,
            brand: facts.brand_id,
            random: random_u64(),
        };
        let Assignment::Member { member_id, step } = choose(&a.assignment, &members, &ctx) else {
            return Ok(());
        };
        let rule = rule_name(&a.assignment[step].rule);
        ws.store
            .assign(facts.id, Some(member_id), None, Some(rule), self.now())
            .await?;
        tracing::info!(
            conversation = facts.id,
            member = member_id,
            rule,
            "assigned"
        );
        self.emit(CoreEvent::ConversationChanged {
            conversation_id: facts.id,
        });
        self.emit(CoreEvent::ListChanged);
        Ok(())
    }

    async fn send_auto_reply(
        &self,
        ws: &Workspace,
        facts: &ConversationFacts,
        a: &AccountAutomation,
    ) -> anyhow::Result<()> {
        let now = self.now();
        let Some(at) = facts.last_inbound_at else {
            return Ok(());
        };
        if now - at > FRESH {
            return Ok(());
        }
        let open = match &a.hours {
            Some(h) => Some(hours::is_open(
                h,
                hours::zone(h).map_err(anyhow::Error::msg)?,
                at,
            )),
            None => None,
        };
        let whatsapp = facts.account_kind.channel() == ChannelKind::Whatsapp;
        let mut arrival = Arrival {
            at,
            first_contact: facts.first_contact,
            open,
            last_auto_reply: None,
            can_send_free_text: !whatsapp || is_window_open(now, facts.window_expires_at),
        };
        // no trigger applies even without history: nothing to look up
        if auto_reply(&a.auto_reply, &arrival, now).is_none() {
            return Ok(());
        }
        arrival.last_auto_reply = ws
            .store
            .last_auto_reply(facts.account_id, facts.contact_id)
            .await?;
        let Some((trigger, text)) = auto_reply(&a.auto_reply, &arrival, now) else {
            return Ok(());
        };
        if !whatsapp && self.sent_by_a_program(ws, facts.id).await? {
            // never answer an auto-reply, a list or a bounce: that is how loops start
            tracing::info!(
                conversation = facts.id,
                "mail from a program: no auto-reply"
            );
            return Ok(());
        }
        let body = match vars::render(text, &self.variables(ws, facts).await?) {
            Ok(b) => b,
            Err(missing) => {
                tracing::warn!(
                    conversation = facts.id,
                    ?missing,
                    "auto-reply has variables without a value; not sent"
                );
                return Ok(());
            }
        };
        let message_id = match whatsapp {
            true => {
                let to = facts.wa_id.clone().ok_or(crate::SendRefused::NoRecipient)?;
                let out = Outgoing {
                    kind: MessageKind::Text,
                    content: MessageContent::Text { body: body.clone() },
                    payload: json!({"type": "text", "to": to, "body": body, "reply_to": null}),
                    reply_to: None,
                    automated: true,
                };
                self.enqueue_outgoing(ws, (facts.id, facts.account_id), out)
                    .await?
            }
            false => self.email_auto_reply(ws, facts, body).await?,
        };
        ws.store
            .log_auto_reply(
                facts.account_id,
                facts.contact_id,
                trigger.as_str(),
                message_id,
                now,
            )
            .await?;
        tracing::info!(
            conversation = facts.id,
            trigger = trigger.as_str(),
            "auto-reply queued"
        );
        Ok(())
    }

    async fn email_auto_reply(
        &self,
        ws: &Workspace,
        facts: &ConversationFacts,
        text: String,
    ) -> anyhow::Result<i64> {
        let parent = ws
            .store
            .latest_email(facts.id)
            .await?
            .ok_or(crate::SendRefused::NoRecipient)?;
        let draft = self.email_draft(parent, Answer::Reply).await?;
        self.send_email(OutgoingEmail {
            conversation_id: facts.id,
            parent_message_id: Some(parent),
            answer: Answer::Reply,
            to: draft.to,
            cc: Vec::new(),
            text,
            html: None,
            attachments: Vec::new(),
            signature: true,
            automated: true,
        })
        .await
    }

    /// Whether the conversation's latest mail was sent by a program.
    async fn sent_by_a_program(&self, ws: &Workspace, conversation: i64) -> anyhow::Result<bool> {
        let Some(latest) = ws.store.latest_email(conversation).await? else {
            return Ok(false);
        };
        let (_, raw) = self.raw_of(latest).await?;
        Ok(bandeja_channels::email::parse(&raw).is_ok_and(|p| p.automatic))
    }

    /// The values of named variables for a conversation's texts.
    pub(crate) async fn variables(
        &self,
        ws: &Workspace,
        facts: &ConversationFacts,
    ) -> anyhow::Result<BTreeMap<String, String>> {
        let mut v: BTreeMap<String, String> = facts.custom_fields.iter().cloned().collect();
        v.insert("customer_name".into(), facts.contact_name.clone());
        if let Some((w, _)) = ws.store.workspace().await? {
            v.insert("company_name".into(), w.name);
        }
        Ok(v)
    }
}
