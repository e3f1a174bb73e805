//! `POST /{phone_number_id}/messages`: what Meta checks synchronously and
//! what it reports later. Validation, template checks and the throughput and
//! pair rate limits answer with an error right away; the customer service
//! window, the messaging limit and a paused template do not — the send gets
//! 200 and a wamid, and a `failed` status webhook follows (as Meta does;
//! `window_errors: "sync"` turns the window check into a 131047 response).

mod validate;

pub use validate::resolve_to;

use serde_json::{json, Value};

use crate::config::{tier_limit, WindowErrors};
use crate::error::{ErrorItem, GraphError};
use crate::limits::Bucket;
use crate::templates;
use crate::wire::MessagesValue;
use crate::world::{OutboundRecord, Outgoing, World, DAY};

/// Handle one call to the messages edge; webhooks to post go to `out`.
pub fn handle(
    w: &mut World,
    pnid: &str,
    api_version: u32,
    body: &Value,
    now_ms: i64,
    out: &mut Vec<Outgoing>,
) -> Result<Value, GraphError> {
    let now_s = now_ms.div_euclid(1000);
    match body["messaging_product"].as_str() {
        Some("whatsapp") => {}
        None => {
            return Err(GraphError::param(
                "The parameter messaging_product is required.",
            ))
        }
        Some(other) => {
            return Err(GraphError::param(format!(
                "Param messaging_product must be one of {{WHATSAPP}} - got \"{other}\"."
            )))
        }
    }
    if w.number(pnid).is_some_and(|n| n.cfg.status != "CONNECTED") {
        return Err(GraphError::whatsapp(
            133010,
            "The phone number is not registered on the WhatsApp Business Platform.",
        ));
    }
    if body.get("status").is_some() {
        return mark_read(w, pnid, body, now_s);
    }
    if body["recipient_type"]
        .as_str()
        .is_some_and(|r| r != "individual")
    {
        return Err(GraphError::whatsapp(
            131009,
            "recipient_type must be individual (groups are not simulated).",
        ));
    }
    let to = body["to"]
        .as_str()
        .ok_or_else(|| GraphError::whatsapp(131008, "The parameter to is required."))?;
    let cc = w
        .number(pnid)
        .map(|n| n.cfg.country_code.clone())
        .unwrap_or_default();
    let wa_id = resolve_to(to, &cc).ok_or_else(|| {
        GraphError::whatsapp(
            131009,
            format!("Parameter to ({to}) is not a valid phone number."),
        )
    })?;
    if w.number(pnid)
        .is_some_and(|n| n.cfg.display_phone_number == wa_id)
    {
        return Err(GraphError::whatsapp(131021, "Recipient cannot be sender."));
    }
    let kind = body["type"].as_str().unwrap_or("text").to_string();
    validate::content(w, &kind, body, now_s)?;
    if body.get("context").is_some() {
        if kind == "reaction" {
            return Err(GraphError::whatsapp(
                131009,
                "context is not allowed with reactions.",
            ));
        }
        if body["context"]["message_id"].as_str().is_none() {
            return Err(GraphError::whatsapp(
                131008,
                "The parameter context['message_id'] is required.",
            ));
        }
    }
    let callback = body["biz_opaque_callback_data"]
        .as_str()
        .map(str::to_string);
    if callback.as_ref().is_some_and(|c| c.chars().count() > 512) {
        return Err(GraphError::param(
            "Param biz_opaque_callback_data must be at most 512 characters long.",
        ));
    }

    // Template definition checks (synchronous).
    let mut template_info = None;
    if kind == "template" {
        let name = body["template"]["name"].as_str().unwrap_or("");
        let lang = body["template"]["language"]["code"].as_str().unwrap_or("");
        let t = w
            .templates
            .iter()
            .find(|t| t.name == name && templates::same_language(&t.language, lang))
            .filter(|t| matches!(t.status.as_str(), "APPROVED" | "PAUSED" | "DISABLED"))
            .ok_or_else(|| {
                GraphError::whatsapp(
                    132001,
                    format!("template name ({name}) does not exist in {lang}"),
                )
            })?;
        if t.status == "DISABLED" {
            return Err(GraphError::whatsapp(
                132016,
                format!("Template {name} is disabled."),
            ));
        }
        let comps = body["template"]["components"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        templates::check_send(t, &comps)?;
        template_info = Some((
            t.name.clone(),
            t.category.to_ascii_lowercase(),
            t.status == "PAUSED",
            t.paced,
        ));
    }

    // Rate limits (synchronous).
    let limits = w.cfg.limits.clone();
    let bucket = w
        .throughput
        .entry(pnid.to_string())
        .or_insert_with(|| Bucket::full(limits.mps, now_ms));
    if !bucket.take(limits.mps, f64::from(limits.mps) / 1000.0, now_ms) {
        return Err(GraphError::whatsapp(
            130429,
            "Cloud API message throughput has been reached.",
        ));
    }
    let pair = w
        .pairs
        .entry((pnid.to_string(), wa_id.clone()))
        .or_insert_with(|| Bucket::full(limits.pair_burst, now_ms));
    if !pair.take(
        limits.pair_burst,
        1.0 / limits.pair_interval_ms.max(1) as f64,
        now_ms,
    ) {
        return Err(GraphError::whatsapp(
            131056,
            "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.",
        ));
    }

    // Window and messaging limit (asynchronous by default).
    let window_open = w.window_open(pnid, &wa_id, now_s);
    let mut fails_with: Option<ErrorItem> = None;
    if template_info.is_none() && !window_open {
        if w.cfg.window_errors == WindowErrors::Sync {
            return Err(GraphError::whatsapp(
                131047,
                "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
            ));
        }
        fails_with = Some(ErrorItem::for_code(131047));
    }
    if let Some((name, _, paused, _)) = &template_info {
        if *paused {
            fails_with = Some(ErrorItem::for_code(132015).with_details(format!(
                "Template {name} is paused due to low quality so it cannot be sent in a template message."
            )));
        } else if !window_open {
            fails_with = reach(w, &wa_id, now_s);
        }
    }
    if kind == "reaction" {
        let target = body["reaction"]["message_id"].as_str().unwrap_or("");
        if !w.inbound.contains_key(target) && w.outbound_index(target).is_none() {
            fails_with = Some(ErrorItem::for_code(131009).with_details(
                "The message you are reacting to is unknown, deleted, too old or itself a reaction.",
            ));
        }
    }

    let (category, free) = match &template_info {
        Some((_, cat, _, _)) => (cat.clone(), window_open && cat == "utility"),
        None => ("service".to_string(), true),
    };
    let id = w.ids.outbound_wamid();
    let record = OutboundRecord {
        id: id.clone(),
        phone_number_id: pnid.into(),
        to: to.into(),
        wa_id: wa_id.clone(),
        kind: kind.clone(),
        accepted_at: now_s,
        request: body.clone(),
        template: template_info.as_ref().map(|t| t.0.clone()),
        category,
        free,
        window_open,
        api_version,
        conversation_id: w.ids.conversation_id(),
        fails_with: fails_with.as_ref().map(|e| e.code),
        biz_opaque_callback_data: callback,
    };
    let delay = w.cfg.status_delay_ms;
    let mut statuses: Vec<(String, Option<ErrorItem>)> = match fails_with {
        Some(e) => vec![("failed".into(), Some(e))],
        None if kind == "reaction" => vec![("sent".into(), None)],
        None => w
            .cfg
            .auto_statuses
            .iter()
            .map(|s| (s.clone(), None))
            .collect(),
    };
    // timestamps follow what happened; posting order may be scrambled
    let mut statuses: Vec<_> = statuses
        .drain(..)
        .enumerate()
        .map(|(i, (status, err))| w.status_for(&record, &status, now_s + i as i64, err))
        .collect();
    let (order, dup) = (w.cfg.auto_status_order, w.cfg.auto_status_duplicates);
    order.arrange(&mut statuses, dup, &mut w.rng);
    for status in statuses {
        let label = format!("status:{}", status.status);
        let mut value = MessagesValue::new(w.metadata(pnid));
        value.statuses = Some(vec![status]);
        out.push(w.messages_webhook(value, label, delay));
    }
    w.outbound.push(record);

    let mut message = json!({ "id": id });
    if template_info.as_ref().is_some_and(|t| t.3) {
        message["message_status"] = json!("held_for_quality_assessment");
    }
    Ok(json!({
        "messaging_product": "whatsapp",
        "contacts": [{ "input": to, "wa_id": wa_id }],
        "messages": [message],
    }))
}

/// Business-initiated reach: unique users outside the window per rolling 24 h.
fn reach(w: &mut World, wa_id: &str, now_s: i64) -> Option<ErrorItem> {
    w.reach.retain(|_, t| now_s - *t < DAY);
    if !w.reach.contains_key(wa_id) {
        let limit = tier_limit(&w.cfg.messaging_limit).flatten();
        if limit.is_some_and(|l| w.reach.len() >= l) {
            return Some(ErrorItem::for_code(131048).with_details(format!(
                "Message failed to send because the business reached its messaging limit ({}) of unique users outside a customer service window in 24 hours.",
                w.cfg.messaging_limit
            )));
        }
    }
    w.reach.insert(wa_id.to_string(), now_s);
    None
}

/// `{"status":"read","message_id":…}` (+ typing indicator) → `{"success":true}`.
fn mark_read(w: &mut World, pnid: &str, body: &Value, now_s: i64) -> Result<Value, GraphError> {
    if body["status"].as_str() != Some("read") {
        return Err(GraphError::param("Param status must be one of {read}."));
    }
    let id = body["message_id"]
        .as_str()
        .ok_or_else(|| GraphError::whatsapp(131008, "The parameter message_id is required."))?;
    let known = w.inbound.get(id).is_some_and(|(p, _)| p == pnid);
    if !known {
        return Err(GraphError::whatsapp(
            131009,
            format!("Message ID {id} is not valid for this phone number."),
        ));
    }
    let typing = match body.get("typing_indicator") {
        None => false,
        Some(t) if t["type"].as_str() == Some("text") => true,
        Some(_) => {
            return Err(GraphError::whatsapp(
                131009,
                "typing_indicator['type'] must be text.",
            ))
        }
    };
    w.read_marks.push(crate::world::ReadMark {
        message_id: id.into(),
        phone_number_id: pnid.into(),
        typing_indicator: typing,
        at: now_s,
    });
    Ok(json!({ "success": true }))
}
