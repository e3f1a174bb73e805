//! Time-driven rules: snoozes that end, SLA deadlines to plan and flag,
//! window reminders to send, conversations to close when their window
//! ends. One pass ([`Core::run_due`]) does everything due at `now`, found
//! by deadline, so it is the same code whether it runs on the minute or
//! after the computer slept for a night. The loop sleeps until the next
//! deadline (at most 30 s, which also notices a wake from sleep), or until
//! something changes ([`Core::wake_scheduler`]).

use std::collections::HashMap;
use std::sync::Arc;

use bandeja_domain::reminder::{reminder_due, ReminderDue};
use bandeja_domain::{hours, sla, vars, MessageContent, MessageKind, RuleKind};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use tokio::sync::Notify;

use super::settings::load;
use super::AccountAutomation;
use crate::compose::{template_body, Outgoing};
use crate::template_fields::TemplateFields;
use crate::{Core, CoreEvent, Workspace};

const LONGEST_SLEEP: std::time::Duration = std::time::Duration::from_secs(30);

/// The scheduler's wake-up call.
#[derive(Default)]
pub(crate) struct Scheduler {
    wake: Arc<Notify>,
}

/// What one pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct DueReport {
    pub unsnoozed: usize,
    pub sla_planned: usize,
    pub sla_breached: usize,
    pub reminders_sent: usize,
    pub reminders_skipped: usize,
    pub closed: usize,
    /// The next instant something falls due (for the loop's sleep).
    pub next: Option<DateTime<Utc>>,
}

impl Core {
    /// Ask the scheduler to look again now (settings or waits changed).
    pub fn wake_scheduler(&self) {
        self.inner.scheduler.wake.notify_one();
    }

    /// Start the scheduler loop.
    pub(crate) fn start_scheduler(&self) -> tokio::task::JoinHandle<()> {
        let core = self.clone();
        let wake = self.inner.scheduler.wake.clone();
        tokio::spawn(async move {
            loop {
                let next = match core.run_due().await {
                    Ok(r) => r.next,
                    Err(e) => {
                        tracing::error!(error = format!("{e:#}"), "scheduler pass failed");
                        None
                    }
                };
                let sleep = next
                    .and_then(|t| (t - core.now()).to_std().ok())
                    .map_or(LONGEST_SLEEP, |d| d.min(LONGEST_SLEEP));
                tokio::select! {
                    _ = tokio::time::sleep(sleep) => {}
                    _ = wake.notified() => {}
                }
            }
        })
    }

    /// Do everything that is due at the clock's `now`.
    pub async fn run_due(&self) -> anyhow::Result<DueReport> {
        let ws = self.workspace().await;
        let now = self.now();
        let mut report = DueReport::default();
        let mut settings: HashMap<i64, AccountAutomation> = HashMap::new();
        let mut changed: Vec<i64> = Vec::new();

        let woke = ws.store.wake_snoozed(now).await?;
        report.unsnoozed = woke.len();
        changed.extend(woke);

        // SLA: plan the deadline of every new wait, then flag those past
        let sla_accounts = ws.store.accounts_with_rule(RuleKind::Sla).await?;
        for w in ws.store.waiting_unplanned(&sla_accounts).await? {
            let a = cached(&ws, &mut settings, w.account_id).await?;
            let zone = match &a.hours {
                Some(h) => Some((h, hours::zone(h).map_err(anyhow::Error::msg)?)),
                None => None,
            };
            if let Some(due) = sla::due_at(&a.sla, zone, w.since, w.first) {
                ws.store
                    .set_sla_due(w.conversation_id, w.since, due)
                    .await?;
                report.sla_planned += 1;
                changed.push(w.conversation_id);
            }
        }
        let breached = ws.store.flag_sla_breaches(now).await?;
        report.sla_breached = breached.len();
        for &c in &breached {
            tracing::warn!(conversation = c, "response target missed");
            let facts = ws.store.conversation_facts(c).await?;
            if let Some(member_id) = facts.assignee_id {
                self.emit(CoreEvent::Notice {
                    member_id,
                    conversation_id: c,
                    kind: crate::NoticeKind::SlaBreached,
                    text: facts.contact_name,
                });
            }
        }
        changed.extend(breached);

        // window reminders
        let mut next_reminder: Option<DateTime<Utc>> = None;
        let reminding = ws
            .store
            .accounts_with_rule(RuleKind::WindowReminder)
            .await?;
        for c in ws.store.reminder_candidates(&reminding, now).await? {
            let a = cached(&ws, &mut settings, c.account_id).await?;
            let Some(h) = &a.hours else { continue };
            let tz = hours::zone(h).map_err(anyhow::Error::msg)?;
            match reminder_due(c.window_expires_at, c.last_inbound_at, tz, now) {
                ReminderDue::Wait(at) => {
                    next_reminder = Some(next_reminder.map_or(at, |n| n.min(at)));
                }
                ReminderDue::Never => {
                    ws.store
                        .set_reminded(c.conversation_id, c.window_expires_at)
                        .await?;
                    report.reminders_skipped += 1;
                }
                ReminderDue::Now => {
                    // decided first: a failure is logged, never retried in a loop
                    ws.store
                        .set_reminded(c.conversation_id, c.window_expires_at)
                        .await?;
                    match self.send_reminder(&ws, c.conversation_id, a).await {
                        Ok(_) => report.reminders_sent += 1,
                        Err(e) => {
                            report.reminders_skipped += 1;
                            tracing::error!(
                                conversation = c.conversation_id,
                                error = format!("{e:#}"),
                                "reminder not sent"
                            );
                        }
                    }
                    changed.push(c.conversation_id);
                }
            }
        }

        // auto-close when the window ended after our last message
        let closing = ws.store.accounts_with_rule(RuleKind::AutoClose).await?;
        let closed = ws.store.auto_close_due(&closing, now).await?;
        report.closed = closed.len();
        changed.extend(closed);

        for conversation_id in &changed {
            self.emit(CoreEvent::ConversationChanged {
                conversation_id: *conversation_id,
            });
        }
        if !changed.is_empty() {
            self.emit(CoreEvent::ListChanged);
        }
        let deadline = ws.store.next_deadline(now).await?;
        report.next = match (deadline, next_reminder) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Ok(report)
    }

    /// Queue the account's reminder template in a conversation.
    async fn send_reminder(
        &self,
        ws: &Workspace,
        conversation_id: i64,
        a: &AccountAutomation,
    ) -> anyhow::Result<i64> {
        let facts = ws.store.conversation_facts(conversation_id).await?;
        let template_id = a
            .reminder
            .template_id
            .ok_or_else(|| anyhow::anyhow!("no reminder template chosen"))?;
        let t = ws
            .store
            .account_wa_template(facts.account_id, template_id)
            .await?;
        if t.status != "APPROVED" {
            anyhow::bail!("the reminder template {} is {}", t.name, t.status);
        }
        let to = facts.wa_id.clone().ok_or(crate::SendRefused::NoRecipient)?;
        let values = self.variables(ws, &facts).await?;
        let fields = TemplateFields::of(&t.components);
        let params = a
            .reminder
            .params
            .iter()
            .take(fields.len())
            .map(|p| vars::render(p, &values))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|missing| anyhow::anyhow!("no value for {}", missing.join(", ")))?;
        if params.len() != fields.len() || params.iter().any(|p| p.trim().is_empty()) {
            anyhow::bail!(
                "the reminder template {} needs {} values, {} are set",
                t.name,
                fields.len(),
                params.len()
            );
        }
        let mut template = json!({"name": t.name, "language": {"code": t.language}});
        if !params.is_empty() {
            template["components"] = fields.components(&params);
        }
        let out = Outgoing {
            kind: MessageKind::Template,
            content: MessageContent::Template {
                name: t.name.clone(),
                language: t.language.clone(),
                body: fields.render(&template_body(&t.components), &params),
            },
            payload: json!({"type": "template", "to": to, "template": template,
                            "business_initiated": false}),
            reply_to: None,
            automated: true,
        };
        let id = self
            .enqueue_outgoing(ws, (facts.id, facts.account_id), out)
            .await?;
        tracing::info!(conversation = facts.id, template = %t.name, "window reminder queued");
        Ok(id)
    }
}

/// An account's automation, read once per pass.
pub(super) async fn cached<'a>(
    ws: &Workspace,
    settings: &'a mut HashMap<i64, AccountAutomation>,
    account_id: i64,
) -> anyhow::Result<&'a AccountAutomation> {
    use std::collections::hash_map::Entry;
    Ok(match settings.entry(account_id) {
        Entry::Occupied(e) => e.into_mut(),
        Entry::Vacant(v) => v.insert(load(&ws.store, account_id).await?),
    })
}
