//! Template management: list (cursor-paged like Graph), create (Meta's
//! validation, then PENDING until the simulated review), edit, delete.

use axum::response::Response;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Map, Value};

use super::{ok, Call};
use crate::error::GraphError;
use crate::sim::Sim;
use crate::templates::{self, Template, TemplateEvent};

const FIELDS: &[&str] = &[
    "name",
    "parameter_format",
    "components",
    "language",
    "status",
    "category",
    "sub_category",
    "id",
    "rejected_reason",
];

fn render(t: &Template, fields: &[String]) -> Result<Value, GraphError> {
    let Value::Object(all) = serde_json::to_value(t).expect("template serialises") else {
        unreachable!("templates are objects")
    };
    if fields.is_empty() {
        let mut m = all;
        m.remove("rejected_reason");
        return Ok(Value::Object(m));
    }
    let mut m = Map::new();
    for f in fields {
        if !FIELDS.contains(&f.as_str()) {
            return Err(GraphError::nonexisting_field(f, "WhatsAppBusinessHSM"));
        }
        let v = match f.as_str() {
            "rejected_reason" => json!(t.rejected_reason.clone().unwrap_or_else(|| "NONE".into())),
            _ => all.get(f).cloned().unwrap_or(Value::Null),
        };
        if !v.is_null() {
            m.insert(f.clone(), v);
        }
    }
    m.insert("id".into(), json!(t.id));
    Ok(Value::Object(m))
}

fn cursor(i: usize) -> String {
    STANDARD.encode(format!("bandeja-sim:{i}"))
}

fn uncursor(c: &str) -> Option<usize> {
    let raw = STANDARD.decode(c).ok()?;
    String::from_utf8(raw)
        .ok()?
        .strip_prefix("bandeja-sim:")?
        .parse()
        .ok()
}

pub fn list(sim: &Sim, call: &Call) -> Result<Response, GraphError> {
    let fields = call.fields();
    let limit = call
        .str("limit")
        .map(|l| {
            l.parse::<usize>()
                .map_err(|_| GraphError::param("Param limit must be a number."))
        })
        .transpose()?
        .unwrap_or(25)
        .clamp(1, 1000);
    let all: Vec<Template> = sim.with_world(|w, _, _| w.templates.clone());
    let matches = |t: &&Template| {
        call.str("status")
            .is_none_or(|s| s.eq_ignore_ascii_case(&t.status))
            && call
                .str("category")
                .is_none_or(|s| s.eq_ignore_ascii_case(&t.category))
            && call
                .str("language")
                .is_none_or(|s| templates::same_language(s, &t.language))
            && call.str("name").is_none_or(|s| t.name.contains(s))
    };
    let filtered: Vec<&Template> = all.iter().filter(matches).collect();
    let start = match (call.str("after"), call.str("before")) {
        (Some(a), _) => uncursor(a)
            .map(|i| i + 1)
            .ok_or_else(|| GraphError::param("Invalid cursor."))?,
        (None, Some(b)) => uncursor(b)
            .map(|i| i.saturating_sub(limit))
            .ok_or_else(|| GraphError::param("Invalid cursor."))?,
        _ => 0,
    };
    let page: Vec<&&Template> = filtered.iter().skip(start).take(limit).collect();
    let data = page
        .iter()
        .map(|t| render(t, &fields))
        .collect::<Result<Vec<_>, _>>()?;
    let mut body = json!({ "data": data });
    if !page.is_empty() {
        let last = start + page.len() - 1;
        let mut paging = json!({ "cursors": { "before": cursor(start), "after": cursor(last) } });
        if last + 1 < filtered.len() {
            let base = call
                .host
                .as_ref()
                .map_or_else(|| sim.base_url(), |h| format!("http://{h}"));
            let waba = sim.config().waba_id;
            let mut next = format!(
                "{base}/v{}.0/{waba}/message_templates?limit={limit}&after={}",
                call.version,
                cursor(last)
            );
            if !fields.is_empty() {
                next.push_str(&format!("&fields={}", fields.join(",")));
            }
            paging["next"] = json!(next);
        }
        if start > 0 {
            paging["previous"] = json!(format!("?limit={limit}&before={}", cursor(start)));
        }
        body["paging"] = paging;
    }
    Ok(ok(body))
}

pub fn create(sim: &Sim, call: &Call) -> Result<Response, GraphError> {
    let body = call.body();
    let t = sim.with_world(|w, now_ms, _| {
        let now_s = now_ms.div_euclid(1000);
        let mut t = templates::validate_create(
            &body,
            &w.templates,
            &w.deleted_names,
            w.cfg.template_limit,
            now_s,
        )?;
        let id = w.ids.template_id();
        t.id = id.to_string();
        w.reviews
            .push((now_s + w.cfg.template_review_seconds as i64, id));
        w.templates.push(t.clone());
        Ok::<_, GraphError>(t)
    })?;
    Ok(ok(
        json!({ "id": t.id, "status": t.status, "category": t.category }),
    ))
}

pub fn delete(sim: &Sim, call: &Call) -> Result<Response, GraphError> {
    let name = call.str("name").map(str::to_string);
    let ids: Option<Vec<String>> = match call.params.get("hsm_ids") {
        Some(Value::Array(a)) => Some(
            a.iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect(),
        ),
        Some(Value::String(s)) => Some(
            serde_json::from_str::<Vec<Value>>(s)
                .map_err(|_| GraphError::param("Param hsm_ids must be an array of ids."))?
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect(),
        ),
        _ => None,
    };
    let hsm_id = call.str("hsm_id").map(str::to_string);
    if name.is_none() && ids.is_none() {
        return Err(GraphError::param("The parameter name is required."));
    }
    sim.with_world(|w, now_ms, out| {
        let now_s = now_ms.div_euclid(1000);
        let hit = |t: &Template| match (&ids, &hsm_id, &name) {
            (Some(ids), _, _) => ids.contains(&t.id),
            (None, Some(id), Some(n)) => t.id == *id && t.name == *n,
            (None, None, Some(n)) => t.name == *n,
            _ => false,
        };
        let victims: Vec<Template> = w.templates.iter().filter(|t| hit(t)).cloned().collect();
        if victims.is_empty() || ids.as_ref().is_some_and(|i| i.len() != victims.len()) {
            return Err(GraphError::template(
                None,
                "Message template not found",
                "No message template matches the name or ids given.",
            ));
        }
        if victims.iter().any(|t| t.status == "DISABLED") {
            return Err(GraphError::template(
                None,
                "Template can't be deleted",
                "Disabled message templates can't be deleted.",
            ));
        }
        let waba = w.cfg.waba_id.clone();
        for mut t in victims {
            if t.status == "APPROVED" {
                w.deleted_names
                    .push((t.name.clone(), t.language.clone(), now_s));
            }
            let ev = TemplateEvent {
                event: "PENDING_DELETION".into(),
                ..TemplateEvent::default()
            };
            let env = templates::apply_event(&mut t, &ev, &waba, now_s);
            out.push(w.template_webhook(&env, "template:PENDING_DELETION".into()));
            w.templates.retain(|x| x.id != t.id);
        }
        Ok(ok(json!({ "success": true })))
    })
}

pub fn get_one(sim: &Sim, id: &str, call: &Call) -> Result<Response, GraphError> {
    let t = sim
        .with_world(|w, _, _| w.templates.iter().find(|t| t.id == id).cloned())
        .ok_or_else(|| GraphError::unknown_object("GET", id))?;
    Ok(ok(render(&t, &call.fields())?))
}

/// `POST /{template_id}`: new components and/or category, then review again.
pub fn edit(sim: &Sim, id: &str, call: &Call) -> Result<Response, GraphError> {
    sim.with_world(|w, now_ms, _| {
        let now_s = now_ms.div_euclid(1000);
        let idx = w
            .templates
            .iter()
            .position(|t| t.id == id)
            .ok_or_else(|| GraphError::unknown_object("POST", id))?;
        let current = w.templates[idx].clone();
        if !matches!(current.status.as_str(), "APPROVED" | "REJECTED" | "PAUSED") {
            return Err(GraphError::template(None, "Template can't be edited", "Only approved, rejected or paused templates can be edited."));
        }
        let category = call.str("category").map(str::to_ascii_uppercase);
        if category.as_ref().is_some_and(|c| *c != current.category) && current.status == "APPROVED" {
            return Err(GraphError::template(None, "Category can't be changed", "The category of an approved template can't be edited."));
        }
        let body = json!({
            "name": current.name,
            "language": current.language,
            "category": category.unwrap_or_else(|| current.category.clone()),
            "parameter_format": current.parameter_format,
            "components": call.params.get("components").cloned().unwrap_or_else(|| json!(current.components)),
        });
        let others: Vec<Template> = w.templates.iter().filter(|t| t.id != id).cloned().collect();
        let mut t = templates::validate_create(&body, &others, &[], usize::MAX, now_s)?;
        t.id = current.id.clone();
        t.pauses = current.pauses;
        w.templates[idx] = t;
        w.reviews.push((now_s + w.cfg.template_review_seconds as i64, current.numeric_id()));
        Ok(ok(json!({ "success": true })))
    })
}
