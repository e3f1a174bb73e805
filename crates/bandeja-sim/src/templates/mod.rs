//! The WABA's message templates: the registry, Meta's review (PENDING for a
//! while, then APPROVED or REJECTED), later quality events (PAUSED,
//! DISABLED…) and the `message_template_status_update` webhook each change
//! produces.
//!
//! Review is deterministic so tests can rely on it: two variables with no
//! text between them are rejected as `INVALID_FORMAT` (like the fixture's
//! `promo_otono`), a name containing `reject` is rejected as `PROMOTIONAL`,
//! everything else is approved. Any transition can also be scripted.

mod create;
mod send;
mod vars;

pub use create::validate_create;
pub use send::check_send;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::wire::{
    Change, DisableInfo, Entry, OtherInfo, RejectionInfo, TemplateEnvelope, TemplateStatusValue,
    OBJECT,
};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Template {
    pub name: String,
    pub parameter_format: String,
    pub components: Vec<Value>,
    pub language: String,
    pub status: String,
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_category: Option<String>,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_reason: Option<String>,
    /// Sends answer `message_status: held_for_quality_assessment` (pacing).
    #[serde(skip)]
    pub paced: bool,
    #[serde(skip)]
    pub pauses: u32,
}

impl Template {
    pub fn numeric_id(&self) -> u64 {
        self.id.parse().unwrap_or_default()
    }

    pub fn component(&self, kind: &str) -> Option<&Value> {
        self.components.iter().find(|c| {
            c["type"]
                .as_str()
                .is_some_and(|t| t.eq_ignore_ascii_case(kind))
        })
    }
}

/// The fixture's templates plus two more useful ones, so a fresh simulator
/// can send `send_template_request.json` as is.
pub fn seeds() -> Vec<Template> {
    serde_json::from_str(include_str!("seeds.json")).expect("seed templates parse")
}

/// What Meta's review decides for a freshly created template.
pub fn review_outcome(t: &Template) -> (String, String, Option<RejectionInfo>) {
    let body = t
        .component("BODY")
        .and_then(|b| b["text"].as_str())
        .unwrap_or("");
    if vars::has_adjacent(body) {
        return (
            "REJECTED".into(),
            "INVALID_FORMAT".into(),
            Some(RejectionInfo {
                reason: "Two variables are adjacent with no text between them.".into(),
                recommendation: "Put descriptive words between the variables.".into(),
            }),
        );
    }
    if t.name.contains("reject") {
        return ("REJECTED".into(), "PROMOTIONAL".into(), None);
    }
    ("APPROVED".into(), "NONE".into(), None)
}

/// A scripted or reviewed status change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TemplateEvent {
    /// `APPROVED`, `REJECTED`, `PAUSED`, `DISABLED`, `FLAGGED`, `REINSTATED`,
    /// `IN_APPEAL`, `PENDING_DELETION`, `ARCHIVED`, …
    pub event: String,
    /// Defaults to `NONE`.
    #[serde(default)]
    pub reason: Option<String>,
    /// `other_info.title` for pauses (default `FIRST_PAUSE`/`SECOND_PAUSE`…).
    #[serde(default)]
    pub title: Option<String>,
    /// `other_info.description`, or `rejection_info.reason` for INVALID_FORMAT.
    #[serde(default)]
    pub description: Option<String>,
    /// `rejection_info.recommendation` for INVALID_FORMAT.
    #[serde(default)]
    pub recommendation: Option<String>,
}

/// Apply `ev` to `t` and build the webhook Meta sends for it.
pub fn apply_event(
    t: &mut Template,
    ev: &TemplateEvent,
    waba_id: &str,
    now_s: i64,
) -> TemplateEnvelope {
    let event = ev.event.to_ascii_uppercase();
    let reason = match event.as_str() {
        "PENDING_DELETION" => ev.reason.clone(),
        _ => Some(ev.reason.clone().unwrap_or_else(|| "NONE".into())),
    };
    let mut value = TemplateStatusValue {
        event: event.clone(),
        message_template_id: t.numeric_id(),
        message_template_name: t.name.clone(),
        message_template_language: t.language.clone(),
        reason: reason.clone(),
        message_template_category: t.category.clone(),
        rejection_info: None,
        other_info: None,
        disable_info: None,
    };
    match event.as_str() {
        "PAUSED" => {
            t.pauses += 1;
            let title = ev.title.clone().unwrap_or_else(|| {
                match t.pauses {
                    1 => "FIRST_PAUSE",
                    _ => "SECOND_PAUSE",
                }
                .into()
            });
            value.other_info = Some(OtherInfo {
                title,
                description: ev.description.clone().unwrap_or_else(|| {
                    "Your message template has been paused because of low quality.".into()
                }),
            });
        }
        "DISABLED" => {
            value.disable_info = Some(DisableInfo {
                disable_date: chrono::DateTime::from_timestamp(now_s, 0)
                    .unwrap_or_default()
                    .format("%B %-d, %Y")
                    .to_string(),
            });
        }
        "REJECTED" if reason.as_deref() == Some("INVALID_FORMAT") => {
            value.rejection_info = Some(RejectionInfo {
                reason: ev
                    .description
                    .clone()
                    .unwrap_or_else(|| "The template does not follow the formatting rules.".into()),
                recommendation: ev.recommendation.clone().unwrap_or_else(|| {
                    "Review the template formatting guidelines and submit again.".into()
                }),
            });
        }
        "APPROVED" if t.status == "PAUSED" => {
            value.other_info = Some(OtherInfo {
                title: "UNPAUSE".into(),
                description: ev
                    .description
                    .clone()
                    .unwrap_or_else(|| "Your message template has been unpaused.".into()),
            });
        }
        _ => {}
    }
    t.status = match event.as_str() {
        "REINSTATED" | "UNARCHIVED" => "APPROVED".into(),
        "FLAGGED" => t.status.clone(),
        other => other.into(),
    };
    t.rejected_reason = (t.status == "REJECTED").then(|| reason.clone().unwrap_or_default());
    TemplateEnvelope {
        entry: vec![Entry {
            id: waba_id.into(),
            time: Some(now_s),
            changes: vec![Change {
                value,
                field: "message_template_status_update".into(),
            }],
        }],
        object: OBJECT.into(),
    }
}

/// The event Meta's review produces for a pending template.
pub fn review_event(t: &Template) -> TemplateEvent {
    let (event, reason, info) = review_outcome(t);
    TemplateEvent {
        event,
        reason: Some(reason),
        title: None,
        description: info.as_ref().map(|i| i.reason.clone()),
        recommendation: info.map(|i| i.recommendation),
    }
}

/// Normalise `en-US` / `en_US` when matching languages.
pub fn same_language(a: &str, b: &str) -> bool {
    a.replace('-', "_")
        .eq_ignore_ascii_case(&b.replace('-', "_"))
}
