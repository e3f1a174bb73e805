//! Account endpoints: phone
//! numbers and their fields (quality rating, messaging limit, throughput),
//! registration with the two-step PIN, app subscription and callback
//! overrides (each verified with Meta's GET handshake), and the Embedded
//! Signup code exchange.

use axum::response::Response;
use serde_json::{json, Map, Value};

use super::profile::select;
use super::{ok, Call};
use crate::error::GraphError;
use crate::sim::Sim;
use crate::world::World;

/// `+1 555-010-0001` from `15550100001` (NANP), `+<digits>` otherwise.
pub fn formatted(digits: &str) -> String {
    if digits.len() == 11 && digits.starts_with('1') {
        format!("+1 {}-{}-{}", &digits[1..4], &digits[4..7], &digits[7..])
    } else {
        format!("+{digits}")
    }
}

fn number_fields(w: &World, pnid: &str) -> Option<Map<String, Value>> {
    let n = w.number(pnid)?;
    let c = &n.cfg;
    let mut m = Map::new();
    m.insert("verified_name".into(), json!(c.verified_name));
    m.insert(
        "code_verification_status".into(),
        json!(c.code_verification_status),
    );
    m.insert(
        "display_phone_number".into(),
        json!(formatted(&c.display_phone_number)),
    );
    m.insert("quality_rating".into(), json!(c.quality_rating));
    m.insert("platform_type".into(), json!(c.platform_type));
    m.insert("throughput".into(), json!({ "level": c.throughput_level }));
    let mut hooks = Map::new();
    if let Some(u) = w.cfg.webhook_url.as_ref().filter(|_| w.subscribed) {
        hooks.insert("application".into(), json!(u));
    }
    if let Some(u) = &w.override_uri {
        hooks.insert("whatsapp_business_account".into(), json!(u));
    }
    if let Some(u) = w.number_overrides.get(pnid) {
        hooks.insert("phone_number".into(), json!(u));
    }
    if c.status == "CONNECTED" && !hooks.is_empty() {
        m.insert("webhook_configuration".into(), Value::Object(hooks));
    }
    m.insert("id".into(), json!(c.id));
    // fields only returned when asked for
    m.insert("name_status".into(), json!(c.name_status));
    m.insert("status".into(), json!(c.status));
    m.insert(
        "whatsapp_business_manager_messaging_limit".into(),
        json!(w.cfg.messaging_limit),
    );
    m.insert("messaging_limit_tier".into(), json!(w.cfg.messaging_limit));
    m.insert("account_mode".into(), json!("LIVE"));
    m.insert("is_official_business_account".into(), json!(false));
    Some(m)
}

const DEFAULT_NUMBER_FIELDS: &[&str] = &[
    "verified_name",
    "code_verification_status",
    "display_phone_number",
    "quality_rating",
    "platform_type",
    "throughput",
    "webhook_configuration",
    "id",
];

fn number_view(w: &World, pnid: &str, fields: &[String]) -> Result<Value, GraphError> {
    let all = number_fields(w, pnid).ok_or_else(|| GraphError::unknown_object("GET", pnid))?;
    if fields.is_empty() {
        let m = all
            .into_iter()
            .filter(|(k, _)| DEFAULT_NUMBER_FIELDS.contains(&k.as_str()))
            .collect();
        return Ok(Value::Object(m));
    }
    let mut fields = fields.to_vec();
    if !fields.iter().any(|f| f == "id") {
        fields.push("id".into());
    }
    let mut m = Map::new();
    for f in &fields {
        match all.get(f) {
            Some(v) => {
                m.insert(f.clone(), v.clone());
            }
            None if f == "webhook_configuration" => {}
            None => {
                return Err(GraphError::nonexisting_field(
                    f,
                    "WhatsAppBusinessPhoneNumber",
                ))
            }
        }
    }
    Ok(Value::Object(m))
}

pub fn phone_fields(sim: &Sim, pnid: &str, call: &Call) -> Result<Response, GraphError> {
    sim.with_world(|w, _, _| number_view(w, pnid, &call.fields()))
        .map(ok)
}

pub fn phone_numbers(sim: &Sim, call: &Call) -> Result<Response, GraphError> {
    sim.with_world(|w, _, _| {
        let data = w
            .numbers
            .iter()
            .map(|n| number_view(w, &n.cfg.id, &call.fields()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ok(json!({
            "data": data,
            "paging": { "cursors": { "before": "QVFIUmJhbmRlamFTaW1CZWZvcmU", "after": "QVFIUmJhbmRlamFTaW1BZnRlcg" } }
        })))
    })
}

pub fn waba(sim: &Sim, call: &Call) -> Result<Response, GraphError> {
    sim.with_world(|w, _, _| {
        let mut all = Map::new();
        all.insert("id".into(), json!(w.cfg.waba_id));
        all.insert("name".into(), json!(w.numbers[0].cfg.verified_name));
        all.insert("currency".into(), json!("EUR"));
        all.insert("timezone_id".into(), json!("1"));
        all.insert(
            "message_template_namespace".into(),
            json!("bandeja_sim_namespace"),
        );
        select(all, &call.fields(), "WhatsAppBusinessAccount").map(ok)
    })
}

pub fn register(sim: &Sim, pnid: &str, call: &Call) -> Result<Response, GraphError> {
    if call.str("messaging_product") != Some("whatsapp") {
        return Err(GraphError::param(
            "The parameter messaging_product is required.",
        ));
    }
    let pin = call
        .str("pin")
        .ok_or_else(|| GraphError::param("The parameter pin is required."))?;
    if pin.len() != 6 || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(GraphError::param("Param pin must be a 6-digit number."));
    }
    sim.with_world(|w, now_ms, _| {
        let now_s = now_ms.div_euclid(1000);
        let calls = w.registrations.entry(pnid.to_string()).or_default();
        calls.retain(|t| now_s - t < 72 * 3600);
        if calls.len() >= 10 {
            return Err(GraphError::whatsapp(
                133016,
                "Too many register/deregister requests for this number in the last 72 hours.",
            ));
        }
        calls.push(now_s);
        let n = w
            .number_mut(pnid)
            .ok_or_else(|| GraphError::unknown_object("POST", pnid))?;
        if n.pin.as_deref().is_some_and(|p| p != pin) {
            return Err(GraphError::whatsapp(
                133005,
                "The two-step verification PIN is incorrect.",
            ));
        }
        n.pin = Some(pin.to_string());
        n.cfg.status = "CONNECTED".into();
        Ok(ok(json!({ "success": true })))
    })
}

async fn verify_callback(sim: &Sim, uri: &str, token: Option<&str>) -> Result<(), GraphError> {
    if !(uri.starts_with("https://") || uri.starts_with("http://")) {
        return Err(GraphError::param(
            "Param override_callback_uri must be a URL.",
        ));
    }
    sim.handshake(Some(uri), token).await.map_err(|e| {
        let mut err = GraphError::param(format!(
            "Callback verification failed with the following errors: {e}"
        ));
        err.code = 2200;
        err.message =
            format!("(#2200) Callback verification failed with the following errors: {e}");
        err
    })
}

pub async fn subscribed_apps(sim: &Sim, call: &Call) -> Result<Response, GraphError> {
    match call.method.as_str() {
        "GET" => sim.with_world(|w, _, _| {
            let mut data = Vec::new();
            if w.subscribed {
                let mut app = json!({
                    "whatsapp_business_api_data": {
                        "id": w.cfg.app_id,
                        "link": format!("https://www.facebook.com/games/?app_id={}", w.cfg.app_id),
                        "name": "Bandeja"
                    }
                });
                if let Some(u) = &w.override_uri {
                    app["override_callback_uri"] = json!(u);
                }
                data.push(app);
            }
            Ok(ok(json!({ "data": data })))
        }),
        "POST" => {
            let uri = call.str("override_callback_uri").map(str::to_string);
            if let Some(u) = &uri {
                verify_callback(sim, u, call.str("verify_token")).await?;
            }
            sim.with_world(|w, _, _| {
                w.subscribed = true;
                if uri.is_some() {
                    w.override_uri = uri;
                }
            });
            Ok(ok(json!({ "success": true })))
        }
        _ => {
            sim.with_world(|w, _, _| {
                w.subscribed = false;
                w.override_uri = None;
            });
            Ok(ok(json!({ "success": true })))
        }
    }
}

/// `POST /{phone_number_id}`: change the two-step PIN or the number's callback override.
pub async fn number_settings(sim: &Sim, pnid: &str, call: &Call) -> Result<Response, GraphError> {
    if let Some(pin) = call.str("pin") {
        if pin.len() != 6 || !pin.bytes().all(|b| b.is_ascii_digit()) {
            return Err(GraphError::param("Param pin must be a 6-digit number."));
        }
        sim.with_world(|w, _, _| w.number_mut(pnid).map(|n| n.pin = Some(pin.into())));
    }
    if let Some(cfg) = call.params.get("webhook_configuration") {
        match cfg["override_callback_uri"].as_str() {
            Some(u) if !u.is_empty() => {
                verify_callback(sim, u, cfg["verify_token"].as_str()).await?;
                sim.with_world(|w, _, _| w.number_overrides.insert(pnid.into(), u.into()));
            }
            _ => {
                sim.with_world(|w, _, _| w.number_overrides.remove(pnid));
            }
        }
    }
    Ok(ok(json!({ "success": true })))
}

/// Embedded Signup: `GET /oauth/access_token?client_id&client_secret&code`.
pub fn oauth_exchange(sim: &Sim, call: &Call) -> Result<Response, GraphError> {
    sim.with_world(|w, _, _| {
        if call.str("client_id") != Some(w.cfg.app_id.as_str()) {
            return Err(GraphError::param("Invalid client_id."));
        }
        if call.str("client_secret") != Some(w.cfg.app_secret.as_str()) {
            let mut e = GraphError::param("Error validating client secret.");
            e.code = 1;
            e.message = "Error validating client secret.".into();
            return Err(e);
        }
        let code = call.str("code").unwrap_or_default();
        if code.is_empty() {
            return Err(GraphError::param("Invalid verification code format.").with_subcode(36007));
        }
        if w.used_codes.iter().any(|c| c == code) {
            return Err(
                GraphError::param("This authorization code has been used.").with_subcode(36009)
            );
        }
        w.used_codes.push(code.into());
        let token = format!("EAASIM{}", hex::encode(code.as_bytes()).to_uppercase());
        w.tokens.insert(
            token.clone(),
            crate::world::Token {
                expires_at: None,
                revoked: false,
            },
        );
        Ok(ok(json!({ "access_token": token, "token_type": "bearer" })))
    })
}
