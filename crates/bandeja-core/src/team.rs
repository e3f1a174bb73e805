//! The team by hand (ACC-3, ACC-4, INB-3, INB-6): members and the accounts
//! each may see, availability, and what a member does to a conversation —
//! assign it, change its status or priority, snooze it. Owners and admins
//! manage the team and assign to anyone; an agent may take a conversation
//! or let it go. Every action checks that the member may see the
//! conversation first (ACC-4).

use bandeja_domain::{Availability, ConversationStatus, Priority, Role};
use bandeja_store::{MemberFields, StoreError};
use chrono::{DateTime, Utc};

use crate::automation::Forbidden;
use crate::connect::InvalidField;
use crate::{Core, CoreEvent};

fn invalid(field: &str, message: &str) -> anyhow::Error {
    InvalidField {
        field: field.into(),
        message: message.into(),
    }
    .into()
}

impl Core {
    /// Add (`id: None`) or change a member and the accounts they may see.
    pub async fn save_member(
        &self,
        id: Option<i64>,
        fields: MemberFields,
        accounts: &[i64],
    ) -> anyhow::Result<i64> {
        self.require_admin("manage the team").await?;
        let ws = self.workspace().await;
        let name = fields.name.trim();
        if name.is_empty() {
            return Err(invalid("name", "a member needs a name"));
        }
        let email = fields.email.trim().to_lowercase();
        if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
            return Err(invalid("email", "this is not an email address"));
        }
        let members = ws.store.members().await?;
        if members
            .iter()
            .any(|(m, _)| m.email.eq_ignore_ascii_case(&email) && Some(m.id) != id)
        {
            return Err(invalid("email", "another member has this email"));
        }
        let owners = members
            .iter()
            .filter(|(m, _)| m.role == Role::Owner && Some(m.id) != id)
            .count();
        if owners == 0 && fields.role != Role::Owner {
            return Err(invalid("role", "the workspace needs at least one owner"));
        }
        let known = ws.store.accounts(None).await?;
        if let Some(a) = accounts.iter().find(|a| !known.iter().any(|k| k.id == **a)) {
            return Err(StoreError::NotFound(format!("account {a}")).into());
        }
        let fields = MemberFields {
            name: name.to_string(),
            email,
            ..fields
        };
        let id = match id {
            Some(id) => {
                ws.store.update_member(id, &fields).await?;
                id
            }
            None => {
                ws.store
                    .insert_member(
                        &fields.name,
                        &fields.email,
                        fields.role,
                        fields.availability,
                        fields.capacity,
                        "#0ea5e9",
                        false,
                    )
                    .await?
            }
        };
        for a in &known {
            let (was, should) = (a.authorized.contains(&id), accounts.contains(&a.id));
            if was != should {
                let mut authorized: Vec<i64> =
                    a.authorized.iter().copied().filter(|m| *m != id).collect();
                if should {
                    authorized.push(id);
                }
                ws.store.set_account_members(a.id, &authorized).await?;
            }
        }
        self.emit(CoreEvent::WorkspaceChanged);
        Ok(id)
    }

    /// Remove a member (never the one using this installation).
    pub async fn delete_member(&self, id: i64) -> anyhow::Result<()> {
        self.require_admin("manage the team").await?;
        let ws = self.workspace().await;
        if id == ws.me {
            return Err(invalid("member", "you cannot remove yourself"));
        }
        ws.store.delete_member(id).await?;
        self.emit(CoreEvent::WorkspaceChanged);
        Ok(())
    }

    /// The member using this installation is online, away or offline.
    pub async fn set_my_availability(&self, availability: Availability) -> anyhow::Result<()> {
        let ws = self.workspace().await;
        ws.store.set_availability(ws.me, availability).await?;
        self.emit(CoreEvent::WorkspaceChanged);
        Ok(())
    }

    /// Give a conversation to a member (or nobody) by hand.
    pub async fn assign_conversation(
        &self,
        conversation_id: i64,
        member_id: Option<i64>,
    ) -> anyhow::Result<()> {
        let ws = self.workspace().await;
        let conv = ws.store.conversation(ws.me, conversation_id).await?;
        let taking_or_leaving =
            member_id == Some(ws.me) || (member_id.is_none() && conv.assignee_id == Some(ws.me));
        if !taking_or_leaving {
            self.require_admin("assign conversations to others").await?;
        }
        if let Some(m) = member_id {
            // the assignee must be able to see it
            if ws.store.conversation(m, conversation_id).await.is_err() {
                return Err(Forbidden(
                    "assign a conversation to a member who cannot see its account",
                )
                .into());
            }
        }
        ws.store
            .assign(conversation_id, member_id, Some(ws.me), None, self.now())
            .await?;
        if let Some(m) = member_id.filter(|m| *m != ws.me) {
            self.emit(CoreEvent::Notice {
                member_id: m,
                conversation_id,
                kind: crate::NoticeKind::Assigned,
                text: conv.contact_name.clone(),
            });
        }
        self.emit(CoreEvent::ConversationChanged { conversation_id });
        self.emit(CoreEvent::ListChanged);
        Ok(())
    }

    /// Open, pending, snoozed (until a time) or resolved.
    pub async fn set_status(
        &self,
        conversation_id: i64,
        status: ConversationStatus,
        snoozed_until: Option<DateTime<Utc>>,
    ) -> anyhow::Result<()> {
        let ws = self.workspace().await;
        ws.store.conversation(ws.me, conversation_id).await?;
        if status == ConversationStatus::Snoozed && snoozed_until.is_none_or(|t| t <= self.now()) {
            return Err(invalid(
                "snoozed_until",
                "snooze until a time in the future",
            ));
        }
        ws.store
            .set_status(conversation_id, status, snoozed_until, self.now())
            .await?;
        self.emit(CoreEvent::ConversationChanged { conversation_id });
        self.emit(CoreEvent::ListChanged);
        self.wake_scheduler();
        Ok(())
    }

    pub async fn set_priority(
        &self,
        conversation_id: i64,
        priority: Priority,
    ) -> anyhow::Result<()> {
        let ws = self.workspace().await;
        ws.store.conversation(ws.me, conversation_id).await?;
        ws.store.set_priority(conversation_id, priority).await?;
        self.emit(CoreEvent::ConversationChanged { conversation_id });
        Ok(())
    }

    /// Start a conversation with a contact from one of the member's
    /// accounts (INB-10): the open one there if any, else a new one,
    /// assigned to the member. On WhatsApp with no open window only a
    /// template can then be sent; the composer knows from the window.
    pub async fn start_conversation(
        &self,
        contact_id: i64,
        account_id: i64,
    ) -> anyhow::Result<i64> {
        let account = self.authorized_account(account_id).await?;
        let ws = self.workspace().await;
        let contact = ws.store.contact(ws.me, contact_id, None).await?;
        let reachable = match account.kind.channel() {
            bandeja_domain::ChannelKind::Whatsapp => {
                contact.wa_id.is_some() || contact.phone.is_some()
            }
            bandeja_domain::ChannelKind::Email => contact.email.is_some(),
        };
        if !reachable {
            return Err(invalid(
                "account",
                "this contact has no WhatsApp number or email address for this account's channel",
            ));
        }
        let mut tx = ws.store.begin_ingest().await?;
        if let Some(latest) = tx.latest_conversation(account_id, contact_id).await? {
            if latest.status != ConversationStatus::Resolved {
                tx.commit().await?;
                return Ok(latest.id);
            }
        }
        let (started, plan) = self.plan_use().await?;
        if let bandeja_domain::limits::Quota::Exceeded { used, limit } =
            bandeja_domain::limits::plan_quota(started, plan)
        {
            return Err(crate::SendRefused::PlanQuota { used, limit }.into());
        }
        let id = tx
            .create_conversation(account_id, contact_id, None, self.now())
            .await?;
        tx.commit().await?;
        ws.store
            .assign(id, Some(ws.me), Some(ws.me), None, self.now())
            .await?;
        self.emit(CoreEvent::ConversationChanged {
            conversation_id: id,
        });
        self.emit(CoreEvent::ListChanged);
        Ok(id)
    }
}

impl Core {
    /// Add (`id: None`) or change a brand (ACC-2) and its members (AUTO-9).
    pub async fn save_brand(
        &self,
        id: Option<i64>,
        name: &str,
        country: &str,
        members: &[i64],
    ) -> anyhow::Result<i64> {
        self.require_admin("manage brands").await?;
        let name = name.trim();
        if name.is_empty() {
            return Err(invalid("name", "a brand needs a name"));
        }
        let country = country.trim().to_ascii_uppercase();
        if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(invalid(
                "country",
                "the country is a two-letter code such as ES or MX",
            ));
        }
        let ws = self.workspace().await;
        let known = ws.store.members().await?;
        if let Some(m) = members
            .iter()
            .find(|m| !known.iter().any(|(k, _)| k.id == **m))
        {
            return Err(StoreError::NotFound(format!("member {m}")).into());
        }
        let id = match id {
            Some(id) => {
                ws.store.update_brand(id, name, &country).await?;
                id
            }
            None => ws.store.insert_brand(name, &country).await?,
        };
        ws.store.set_brand_members(id, members).await?;
        self.emit(CoreEvent::WorkspaceChanged);
        Ok(id)
    }

    pub async fn delete_brand(&self, id: i64) -> anyhow::Result<()> {
        self.require_admin("manage brands").await?;
        self.workspace().await.store.delete_brand(id).await?;
        self.emit(CoreEvent::WorkspaceChanged);
        Ok(())
    }
}
