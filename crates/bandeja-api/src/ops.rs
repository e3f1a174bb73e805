//! The operations behind each command: map DTOs to store calls and back.

use bandeja_core::Core;
use bandeja_domain::{Account, Member};
use bandeja_store::{self as store, ConversationRecord};
use chrono::{DateTime, SecondsFormat, Utc};

use crate::dto::*;
use crate::ApiError;

const LOCALE_KEY: &str = "locale";

pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn member_dto(m: Member) -> MemberDto {
    MemberDto {
        id: m.id,
        name: m.name,
        email: m.email,
        role: m.role,
        availability: m.availability,
        capacity: m.capacity,
        color: m.color,
    }
}

fn account_dto(a: Account) -> AccountDto {
    AccountDto {
        id: a.id,
        channel: a.kind.channel(),
        name: a.name,
        kind: a.kind,
        address: a.address,
        status: a.status,
        brand_id: a.brand_id,
    }
}

fn summary(c: ConversationRecord) -> ConversationSummary {
    ConversationSummary {
        id: c.id,
        account_id: c.account_id,
        channel: c.account_kind.channel(),
        contact_id: c.contact_id,
        contact_name: c.contact_name,
        subject: c.subject,
        status: c.status,
        priority: c.priority,
        assignee_id: c.assignee_id,
        tag_ids: c.tag_ids,
        preview: c.preview,
        last_kind: c.last_kind,
        last_direction: c.last_direction,
        last_message_at: ts(c.last_message_at),
        unread: c.unread,
        window_expires_at: c.window_expires_at.map(ts),
        snoozed_until: c.snoozed_until.map(ts),
        awaiting_since: c.awaiting_since.map(ts),
        // warn_at is filled per account by `fill_sla_warnings`
        sla: c.sla_due_at.map(|due| SlaDto {
            due_at: ts(due),
            warn_at: ts(due - chrono::Duration::minutes(15)),
            breached: c.sla_breached_at.is_some(),
        }),
    }
}

pub async fn get_workspace(core: &Core) -> Result<WorkspaceDto, ApiError> {
    let ws = core.workspace().await;
    let (info, is_demo) = ws
        .store
        .workspace()
        .await?
        .ok_or_else(|| ApiError::new("internal", "workspace is missing"))?;
    let members: Vec<_> = ws.store.members().await?;
    let me = members
        .iter()
        .find(|(m, _)| m.id == ws.me)
        .map(|(m, _)| member_dto(m.clone()))
        .ok_or_else(|| {
            ApiError::new("internal", "the member using this installation is missing")
        })?;
    Ok(WorkspaceDto {
        id: info.id,
        name: info.name,
        is_demo,
        now: ts(core.now()),
        me,
        members: members.into_iter().map(|(m, _)| member_dto(m)).collect(),
        accounts: ws
            .store
            .accounts(Some(ws.me))
            .await?
            .into_iter()
            .map(account_dto)
            .collect(),
        tags: ws
            .store
            .tags()
            .await?
            .into_iter()
            .map(|t| TagDto {
                id: t.id,
                name: t.name,
                description: t.description,
                color: t.color,
            })
            .collect(),
        brands: ws
            .store
            .brands()
            .await?
            .into_iter()
            .map(|b| BrandDto {
                id: b.id,
                name: b.name,
                country: b.country,
            })
            .collect(),
    })
}

pub async fn open_demo_workspace(core: &Core) -> Result<WorkspaceDto, ApiError> {
    core.open_demo().await?;
    get_workspace(core).await
}

pub async fn close_demo_workspace(core: &Core) -> Result<WorkspaceDto, ApiError> {
    core.close_demo().await?;
    get_workspace(core).await
}

pub async fn list_conversations(
    core: &Core,
    q: ConversationQuery,
) -> Result<ConversationPage, ApiError> {
    let ws = core.workspace().await;
    let filter = store::ConversationFilter {
        view: match q.view {
            View::AllOpen => store::View::AllOpen,
            View::Mine => store::View::Mine,
            View::Unassigned => store::View::Unassigned,
            View::Snoozed => store::View::Snoozed,
            View::Resolved => store::View::Resolved,
        },
        account_id: q.account_id,
        channel: q.channel,
        tag_id: q.tag_id,
        assignee_id: q.assignee_id,
        window: q.window.map(|w| match w {
            WindowFilter::Open => store::WindowFilter::Open,
            WindowFilter::Closed => store::WindowFilter::Closed,
        }),
        text: q.text.filter(|t| !t.trim().is_empty()),
    };
    let (items, next) = ws
        .store
        .list_conversations(ws.me, &filter, core.now(), q.cursor.as_deref(), q.limit)
        .await?;
    let mut items: Vec<ConversationSummary> = items.into_iter().map(summary).collect();
    crate::ops_team::fill_sla_warnings(core, &mut items).await;
    Ok(ConversationPage {
        items,
        next_cursor: next,
    })
}

pub async fn get_conversation(
    core: &Core,
    input: ConversationIdInput,
) -> Result<ConversationDetail, ApiError> {
    let ws = core.workspace().await;
    let c = ws.store.conversation(ws.me, input.id).await?;
    let contact = ws.store.contact(ws.me, c.contact_id, Some(c.id)).await?;
    let account = ws
        .store
        .accounts(Some(ws.me))
        .await?
        .into_iter()
        .find(|a| a.id == c.account_id)
        .ok_or_else(|| ApiError::new("not_found", format!("account {}", c.account_id)))?;
    Ok(ConversationDetail {
        summary: summary(c),
        contact: ContactDto {
            id: contact.id,
            name: contact.name,
            phone: contact.phone,
            email: contact.email,
            wa_id: contact.wa_id,
            tag_ids: contact.tag_ids,
            custom_fields: contact
                .custom_fields
                .into_iter()
                .map(|(key, value)| CustomField { key, value })
                .collect(),
            other_conversations: contact
                .other_conversations
                .into_iter()
                .map(|(id, subject, status, at)| ConversationRef {
                    id,
                    subject,
                    status,
                    last_message_at: ts(at),
                })
                .collect(),
        },
        account: account_dto(account),
    })
}

pub async fn list_messages(core: &Core, q: MessagesQuery) -> Result<MessagePage, ApiError> {
    let ws = core.workspace().await;
    // NotFound for a conversation the member may not see
    ws.store.conversation(ws.me, q.conversation_id).await?;
    let (items, next) = ws
        .store
        .messages_page(ws.me, q.conversation_id, q.before.as_deref(), q.limit)
        .await?;
    Ok(MessagePage {
        items: items
            .into_iter()
            .map(|m| MessageDto {
                id: m.id,
                conversation_id: m.conversation_id,
                direction: m.direction,
                kind: m.kind,
                author_member_id: m.author_member_id,
                automated: m.automated,
                sender: m.sender,
                text: m.text,
                created_at: ts(m.created_at),
                delivery: m.delivery,
                content: m.content,
                reactions: m
                    .reactions
                    .into_iter()
                    .map(|r| Reaction {
                        emoji: r.emoji,
                        from_contact: r.member_id.is_none(),
                        member_id: r.member_id,
                    })
                    .collect(),
                reply_to: m.reply_to.map(|(message_id, preview)| ReplyRef {
                    message_id,
                    preview,
                }),
                forwarded: m.forwarded,
                media: m.media.map(|md| MediaDto {
                    state: md.state,
                    mime: md.mime,
                    size: md.size,
                    error: md.error,
                }),
            })
            .collect(),
        next_before: next,
    })
}

pub async fn mark_read(core: &Core, input: ConversationIdInput) -> Result<(), ApiError> {
    Ok(core.mark_read(input.id).await?)
}

pub async fn counts(core: &Core) -> Result<Counts, ApiError> {
    let ws = core.workspace().await;
    let c = ws.store.counts(ws.me).await?;
    Ok(Counts {
        all_open: c.all_open,
        mine: c.mine,
        unassigned: c.unassigned,
        snoozed: c.snoozed,
        resolved: c.resolved,
        unread_by_account: c
            .unread_by_account
            .into_iter()
            .map(|(account_id, unread)| AccountCount { account_id, unread })
            .collect(),
        open_by_tag: c
            .open_by_tag
            .into_iter()
            .map(|(tag_id, count)| TagCount { tag_id, count })
            .collect(),
    })
}

pub async fn search(core: &Core, q: SearchQuery) -> Result<SearchResults, ApiError> {
    let ws = core.workspace().await;
    let hits = ws.store.search(ws.me, &q.text, q.limit).await?;
    Ok(SearchResults {
        hits: hits
            .into_iter()
            .map(|h| SearchHit {
                conversation_id: h.conversation_id,
                message_id: h.message_id,
                contact_name: h.contact_name,
                channel: h.channel,
                snippet: h.snippet,
                at: ts(h.at),
            })
            .collect(),
    })
}

pub async fn get_settings(core: &Core) -> Result<Settings, ApiError> {
    let stored = core.home().store.setting(LOCALE_KEY).await?;
    // an unknown stored value (hand-edited, newer version) means "follow the OS"
    let locale = match stored.as_deref() {
        Some("es") => Some(Locale::Es),
        Some("en") => Some(Locale::En),
        _ => None,
    };
    Ok(Settings { locale })
}

pub async fn set_locale(core: &Core, input: LocaleInput) -> Result<Settings, ApiError> {
    let value = input.locale.map(|l| match l {
        Locale::Es => "es",
        Locale::En => "en",
    });
    core.home().store.set_setting(LOCALE_KEY, value).await?;
    get_settings(core).await
}

pub async fn send_message(core: &Core, input: SendMessageInput) -> Result<MessageRef, ApiError> {
    let reply_to = match input.reply_to_message_id {
        Some(id) => {
            let ws = core.workspace().await;
            Some(
                ws.store
                    .provider_id_in(input.conversation_id, id)
                    .await?
                    .ok_or_else(|| {
                        ApiError::new("not_found", format!("message {id} in this conversation"))
                    })?,
            )
        }
        None => None,
    };
    let id = core
        .send_text(input.conversation_id, &input.text, reply_to)
        .await?;
    Ok(MessageRef { id })
}

pub use crate::ops_email::*;
pub use crate::ops_relay::*;
pub use crate::ops_tags::*;
pub use crate::ops_team::*;
pub use crate::ops_whatsapp::*;
