//! The business profile (`/{phone_number_id}/whatsapp_business_profile`)
//! with Meta's field limits: about 1–139 characters, address ≤ 256,
//! description ≤ 512, a valid email ≤ 128, at most 2 http(s) websites of
//! ≤ 256, and a vertical from Meta's list.

use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::{ok, Call};
use crate::config::PhoneNumberConfig;
use crate::error::GraphError;
use crate::sim::Sim;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BusinessProfile {
    pub about: String,
    pub address: String,
    pub description: String,
    pub email: String,
    pub messaging_product: String,
    pub profile_picture_url: String,
    pub websites: Vec<String>,
    pub vertical: String,
}

impl BusinessProfile {
    pub fn seed(n: &PhoneNumberConfig) -> Self {
        BusinessProfile {
            about: "Moda y complementos. Respondemos en horario comercial.".into(),
            address: "Calle Falsa 123, Ciudad Ejemplo".into(),
            description: format!(
                "{}: tienda de ejemplo para pruebas de Bandeja.",
                n.verified_name
            ),
            email: "hola@tienda.example.invalid".into(),
            messaging_product: "whatsapp".into(),
            profile_picture_url: "https://pps.whatsapp.net/v/synthetic-profile.jpg".into(),
            websites: vec!["https://tienda.example.invalid/".into()],
            vertical: "APPAREL".into(),
        }
    }
}

const VERTICALS: &[&str] = &[
    "",
    "ALCOHOL",
    "APPAREL",
    "AUTO",
    "BEAUTY",
    "EDU",
    "ENTERTAIN",
    "EVENT_PLAN",
    "FINANCE",
    "GOVT",
    "GROCERY",
    "HEALTH",
    "HOTEL",
    "NONPROFIT",
    "ONLINE_GAMBLING",
    "OTC_DRUGS",
    "OTHER",
    "PHYSICAL_GAMBLING",
    "PROF_SERVICES",
    "RESTAURANT",
    "RETAIL",
    "TRAVEL",
];

pub(super) fn select(
    all: Map<String, Value>,
    fields: &[String],
    node: &str,
) -> Result<Value, GraphError> {
    if fields.is_empty() {
        return Ok(Value::Object(all));
    }
    let mut m = Map::new();
    for f in fields {
        let v = all
            .get(f)
            .ok_or_else(|| GraphError::nonexisting_field(f, node))?;
        m.insert(f.clone(), v.clone());
    }
    Ok(Value::Object(m))
}

pub fn profile_get(sim: &Sim, pnid: &str, call: &Call) -> Result<Response, GraphError> {
    let p = sim.with_world(|w, _, _| w.number(pnid).map(|n| n.profile.clone()));
    let p = p.ok_or_else(|| GraphError::unknown_object("GET", pnid))?;
    let Value::Object(all) = serde_json::to_value(p).expect("profile serialises") else {
        unreachable!()
    };
    let mut fields = call.fields();
    if !fields.is_empty() && !fields.iter().any(|f| f == "messaging_product") {
        fields.push("messaging_product".into());
    }
    let one = select(all, &fields, "WhatsAppBusinessProfile")?;
    Ok(ok(json!({ "data": [one] })))
}

fn too_long(field: &str, max: usize) -> GraphError {
    GraphError::param(format!(
        "Param {field} must be at most {max} characters long."
    ))
}

pub fn profile_post(sim: &Sim, pnid: &str, call: &Call) -> Result<Response, GraphError> {
    if call.str("messaging_product") != Some("whatsapp") {
        return Err(GraphError::param(
            "The parameter messaging_product is required.",
        ));
    }
    let base = sim.base_url();
    sim.with_world(|w, _, _| {
        let mut p = w
            .number(pnid)
            .map(|n| n.profile.clone())
            .ok_or_else(|| GraphError::unknown_object("POST", pnid))?;
        for (k, v) in &call.params {
            let text = v.as_str().unwrap_or_default();
            match k.as_str() {
                "messaging_product" | "access_token" => {}
                "about" => {
                    if text.is_empty() {
                        return Err(GraphError::param(
                            "Param about must be at least 1 character long.",
                        ));
                    }
                    if text.chars().count() > 139 {
                        return Err(too_long("about", 139));
                    }
                    p.about = text.into();
                }
                "address" if text.chars().count() > 256 => return Err(too_long("address", 256)),
                "address" => p.address = text.into(),
                "description" if text.chars().count() > 512 => {
                    return Err(too_long("description", 512))
                }
                "description" => p.description = text.into(),
                "email" => {
                    let valid = text.len() <= 128
                        && !text.contains(char::is_whitespace)
                        && text.split_once('@').is_some_and(|(a, d)| {
                            !a.is_empty() && d.contains('.') && !d.ends_with('.')
                        });
                    if !valid {
                        return Err(GraphError::param(
                            "Param email must be a valid email address of at most 128 characters.",
                        ));
                    }
                    p.email = text.into();
                }
                "websites" => {
                    let list: Vec<String> = match v {
                        Value::Array(a) => a
                            .iter()
                            .map(|x| x.as_str().unwrap_or_default().to_string())
                            .collect(),
                        _ => return Err(GraphError::param("Param websites must be an array.")),
                    };
                    if list.len() > 2 {
                        return Err(GraphError::param(
                            "Param websites must have at most 2 elements.",
                        ));
                    }
                    if list.iter().any(|u| {
                        u.len() > 256 || !(u.starts_with("http://") || u.starts_with("https://"))
                    }) {
                        return Err(GraphError::param(
                            "Param websites[] must be http(s) URLs of at most 256 characters.",
                        ));
                    }
                    p.websites = list;
                }
                "vertical" if VERTICALS.contains(&text) => p.vertical = text.into(),
                "vertical" => {
                    return Err(GraphError::param(format!(
                        "Param vertical must be one of {{{}}} - got \"{text}\".",
                        VERTICALS[1..].join(", ")
                    )))
                }
                "profile_picture_handle" if !text.is_empty() => {
                    p.profile_picture_url =
                        format!("{base}/pps/{}.jpg", hex::encode(text.as_bytes()));
                }
                other => {
                    return Err(GraphError::param(format!(
                        "Param {other} is not a field of the business profile."
                    )))
                }
            }
        }
        if let Some(n) = w.number_mut(pnid) {
            n.profile = p;
        }
        Ok(ok(json!({ "success": true })))
    })
}
