//! Reading and changing an account's automation. Changes are checked before
//! anything is stored — a zone that does not exist, an opening after its
//! closing, a fallback to someone who is not a member, a reminder template
//! that is not approved — so a rule never fails later, silently, at 3 a.m.

use bandeja_domain::assign::{AssignRule, Fallback};
use bandeja_domain::{hours, ChannelKind, Role, RuleKind};
use bandeja_store::Store;
use serde_json::Value;

use super::{AccountAutomation, Forbidden};
use crate::connect::InvalidField;
use crate::Core;

fn invalid(field: &str, message: impl Into<String>) -> anyhow::Error {
    InvalidField {
        field: field.to_string(),
        message: message.into(),
    }
    .into()
}

/// The one enabled rule row of a kind, parsed (or the default).
async fn single<T: serde::de::DeserializeOwned + Default>(
    store: &Store,
    account_id: i64,
    kind: RuleKind,
) -> anyhow::Result<T> {
    let rows = store.rules(account_id, kind).await?;
    match rows.into_iter().next() {
        Some(r) => Ok(serde_json::from_value(r.params)?),
        None => Ok(T::default()),
    }
}

/// Read an account's automation from a store (no authorization: the
/// scheduler and ingest run for the whole workspace).
pub(crate) async fn load(store: &Store, account_id: i64) -> anyhow::Result<AccountAutomation> {
    let assignment = store
        .rules(account_id, RuleKind::Assignment)
        .await?
        .into_iter()
        .filter(|r| r.enabled)
        .map(|r| serde_json::from_value(r.params))
        .collect::<Result<Vec<_>, _>>()?;
    let auto_close: Value = single(store, account_id, RuleKind::AutoClose).await?;
    Ok(AccountAutomation {
        hours: store.business_hours(account_id).await?,
        assignment,
        auto_reply: single(store, account_id, RuleKind::AutoReply).await?,
        reminder: single(store, account_id, RuleKind::WindowReminder).await?,
        auto_close: auto_close["enabled"].as_bool().unwrap_or(false),
        sla: single(store, account_id, RuleKind::Sla).await?,
    })
}

impl Core {
    /// Fails unless the member using this installation is an owner or admin.
    pub(crate) async fn require_admin(&self, action: &'static str) -> anyhow::Result<()> {
        let ws = self.workspace().await;
        let me = ws
            .store
            .members()
            .await?
            .into_iter()
            .find(|(m, _)| m.id == ws.me);
        match me.map(|(m, _)| m.role) {
            Some(Role::Owner | Role::Admin) => Ok(()),
            _ => Err(Forbidden(action).into()),
        }
    }

    /// An account's automation, for a member authorized for it.
    pub async fn automation(&self, account_id: i64) -> anyhow::Result<AccountAutomation> {
        let ws = self.workspace().await;
        self.authorized_account(account_id).await?;
        load(&ws.store, account_id).await
    }

    /// Replace an account's automation after checking every part.
    pub async fn set_automation(
        &self,
        account_id: i64,
        a: AccountAutomation,
    ) -> anyhow::Result<AccountAutomation> {
        self.require_admin("change an account's rules").await?;
        let account = self.authorized_account(account_id).await?;
        let ws = self.workspace().await;
        if let Some(h) = &a.hours {
            hours::zone(h).map_err(|m| invalid("timezone", m))?;
            let bad = h.intervals.iter().map(|i| (i.opens, i.closes)).chain(
                h.holidays
                    .iter()
                    .flat_map(|(_, spans)| spans.iter().copied()),
            );
            for (opens, closes) in bad {
                if closes <= opens && closes != chrono::NaiveTime::MIN {
                    return Err(invalid(
                        "hours",
                        format!(
                            "an interval closes before it opens ({}–{})",
                            opens.format("%H:%M"),
                            closes.format("%H:%M")
                        ),
                    ));
                }
            }
        }
        let members = ws.store.members().await?;
        for step in &a.assignment {
            if let AssignRule::CustomField { field } = &step.rule {
                if field.trim().is_empty() {
                    return Err(invalid("assignment", "name the contact field"));
                }
            }
            if let Fallback::Member { member_id } = step.fallback {
                if !members.iter().any(|(m, _)| m.id == member_id) {
                    return Err(invalid(
                        "assignment",
                        format!("member {member_id} does not exist"),
                    ));
                }
            }
        }
        if a.auto_reply.enabled && a.auto_reply.period_hours == 0 {
            return Err(invalid(
                "auto_reply",
                "the period must be at least one hour",
            ));
        }
        let whatsapp = account.kind.channel() == ChannelKind::Whatsapp;
        if a.reminder.enabled {
            if !whatsapp {
                return Err(invalid("reminder", "reminders are for WhatsApp numbers"));
            }
            if a.hours.is_none() {
                return Err(invalid(
                    "reminder",
                    "set the business hours first: reminders follow the account's time zone",
                ));
            }
            let id = a
                .reminder
                .template_id
                .ok_or_else(|| invalid("reminder", "choose the reminder's template"))?;
            let t = ws.store.wa_template(ws.me, id).await?;
            if t.account_id != account_id || t.status != "APPROVED" {
                return Err(invalid(
                    "reminder",
                    format!("the template {} is not approved for this number", t.name),
                ));
            }
        }
        if a.sla.enabled
            && a.sla.first_response_minutes.is_none()
            && a.sla.next_response_minutes.is_none()
        {
            return Err(invalid("sla", "set a first or next response target"));
        }
        let store = &ws.store;
        store
            .set_business_hours(account_id, a.hours.as_ref())
            .await?;
        let steps: Vec<(bool, Value)> = a
            .assignment
            .iter()
            .map(|s| (true, serde_json::to_value(s).expect("steps serialize")))
            .collect();
        store
            .set_rules(account_id, RuleKind::Assignment, &steps)
            .await?;
        let one = |enabled: bool, v: Value| vec![(enabled, v)];
        store
            .set_rules(
                account_id,
                RuleKind::AutoReply,
                &one(a.auto_reply.enabled, serde_json::to_value(&a.auto_reply)?),
            )
            .await?;
        store
            .set_rules(
                account_id,
                RuleKind::WindowReminder,
                &one(a.reminder.enabled, serde_json::to_value(&a.reminder)?),
            )
            .await?;
        store
            .set_rules(
                account_id,
                RuleKind::AutoClose,
                &one(a.auto_close, serde_json::json!({"enabled": a.auto_close})),
            )
            .await?;
        store
            .set_rules(
                account_id,
                RuleKind::Sla,
                &one(a.sla.enabled, serde_json::to_value(&a.sla)?),
            )
            .await?;
        // new deadlines for the waits of this account
        store.replan_sla(account_id).await?;
        self.wake_scheduler();
        load(store, account_id).await
    }

    /// The account, if the member using this installation may see it.
    pub(crate) async fn authorized_account(
        &self,
        account_id: i64,
    ) -> anyhow::Result<bandeja_domain::Account> {
        let ws = self.workspace().await;
        ws.store
            .accounts(Some(ws.me))
            .await?
            .into_iter()
            .find(|a| a.id == account_id)
            .ok_or_else(|| {
                bandeja_store::StoreError::NotFound(format!("account {account_id}")).into()
            })
    }
}
