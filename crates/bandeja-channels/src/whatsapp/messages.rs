//! One entry of `value.messages[]` → one [`InboundEvent`].
//!
//! The fields every message shares (id, timestamp, sender, `context`,
//! `referral`) are read here; what the `type` carries is read in
//! [`super::content`]. The outcome per message is one of:
//!
//! * a normal event (message, reaction, revoke, identity change);
//! * an `Unsupported` message, when the message has an id and a timestamp but
//!   its type is unknown or its content cannot be read — WA-3: a customer
//!   message is never silently dropped, the agent sees a placeholder that
//!   says why;
//! * `Err(reason)` (recorded as skipped by the caller) only when there is no
//!   id or no usable timestamp. Without an id ingest cannot deduplicate
//!   Meta's retries; without the provider's timestamp we would have to invent
//!   one, and the 24-hour window and the conversation order are computed from
//!   it, so a made-up time would be worse than a logged skip.

use bandeja_domain::inbound::{
    AccountRef, IdentityChange, InboundEvent, InboundMessage, ReactionEvent, Referral, RevokeEvent,
    SenderRef,
};
use bandeja_domain::{MessageContent, MessageKind};
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::content::{self, Body};
use super::wire::{self, bool_field, str_field, string_field, Obj, WireContact};

/// Normalize one message of a change whose account is `account` and whose
/// `value.contacts` are `contacts`.
pub(crate) fn message(
    v: &Value,
    account: &AccountRef,
    contacts: &[WireContact],
) -> Result<InboundEvent, String> {
    let obj = v
        .as_object()
        .ok_or_else(|| "message is not a JSON object".to_owned())?;
    let id = string_field(obj, "id").ok_or_else(|| "message has no id".to_owned())?;
    let timestamp = wire::unix_seconds(obj.get("timestamp"))
        .map_err(|e| format!("message {id}: {e}: cannot place it in time"))?;
    let from = sender(obj, contacts);
    let account = account.clone();

    let body = match obj.get("type").and_then(Value::as_str) {
        None => Err("message has no type".to_owned()),
        Some(ty) => content::body(ty, obj),
    };
    let body = body.unwrap_or_else(|reason| Body::unsupported(obj, reason));

    Ok(match body {
        Body::Message {
            kind,
            content,
            media,
        } => InboundEvent::Message(build(
            obj, account, id, from, timestamp, kind, content, media,
        )),
        Body::Reaction { target, emoji } => InboundEvent::Reaction(ReactionEvent {
            account,
            provider_id: id,
            from,
            target_provider_id: target,
            emoji,
            timestamp,
        }),
        Body::Revoke { original } => InboundEvent::Revoke(RevokeEvent {
            account,
            provider_id: id,
            from,
            revoked_provider_id: original,
            timestamp,
        }),
        Body::Identity { new_wa_id, body } => InboundEvent::IdentityChange(IdentityChange {
            account,
            provider_id: id,
            from,
            new_wa_id,
            body,
            timestamp,
        }),
    })
}

#[allow(clippy::too_many_arguments)]
fn build(
    obj: &Obj,
    account: AccountRef,
    provider_id: String,
    from: SenderRef,
    timestamp: DateTime<Utc>,
    kind: MessageKind,
    content: MessageContent,
    media: Option<bandeja_domain::inbound::MediaRef>,
) -> InboundMessage {
    // `context` is auxiliary: an unreadable one costs the reply link, not
    // the message.
    let context = obj.get("context").and_then(Value::as_object);
    let reply_to = context.and_then(|c| string_field(c, "id"));
    let forwarded = context.is_some_and(|c| bool_field(c, "forwarded"));
    let frequently_forwarded = context.is_some_and(|c| bool_field(c, "frequently_forwarded"));
    InboundMessage {
        account,
        provider_id,
        from,
        timestamp,
        kind,
        content,
        media,
        reply_to,
        forwarded,
        frequently_forwarded,
        referral: obj.get("referral").and_then(Value::as_object).map(referral),
    }
}

/// Click-to-WhatsApp ad metadata. `media_type`, `image_url`/`video_url`,
/// `thumbnail_url` and `welcome_message` have no place in [`Referral`].
fn referral(r: &Obj) -> Referral {
    Referral {
        source_type: string_field(r, "source_type"),
        source_id: string_field(r, "source_id"),
        source_url: string_field(r, "source_url"),
        headline: string_field(r, "headline"),
        body: string_field(r, "body"),
        ctwa_clid: string_field(r, "ctwa_clid"),
    }
}

/// Who sent the message: its own `from` (phone-based WhatsApp id) and
/// `from_user_id` (2026 business-scoped id), completed with the matching
/// `value.contacts[]` entry for the profile name and username. The contact is
/// matched by id; a lone contact is used only when the message carries no id
/// of its own, so a batch never lends one customer's name to another.
pub(crate) fn sender(msg: &Obj, contacts: &[WireContact]) -> SenderRef {
    let from = str_field(msg, "from").map(wire::wa_id);
    let from_user_id = string_field(msg, "from_user_id");
    let matches = |c: &&WireContact| {
        (from.is_some() && c.wa_id.as_deref().map(wire::wa_id) == from)
            || (from_user_id.is_some() && c.user_id == from_user_id)
    };
    let contact = contacts.iter().find(matches).or_else(|| {
        (from.is_none() && from_user_id.is_none() && contacts.len() == 1).then(|| &contacts[0])
    });
    let profile = contact.and_then(|c| c.profile.as_ref());
    let non_empty = |s: &Option<String>| s.clone().filter(|s| !s.is_empty());
    SenderRef {
        wa_id: from.or_else(|| {
            contact
                .and_then(|c| non_empty(&c.wa_id))
                .map(|s| wire::wa_id(&s))
        }),
        user_id: from_user_id.or_else(|| contact.and_then(|c| non_empty(&c.user_id))),
        username: profile.and_then(|p| non_empty(&p.username)),
        email: None,
        profile_name: profile.and_then(|p| non_empty(&p.name)),
    }
}
