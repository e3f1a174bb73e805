//! The business number itself: its public profile (read and update) and
//! what Meta says about it (display number, verified name, quality rating,
//! messaging limit), so settings can show the account's health.
//!
//! A profile update is checked with `bandeja-domain`'s limits first; Meta
//! refuses the whole update for one bad field with a terse message.

use bandeja_domain::wa_profile::{validate_profile, BusinessProfile};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{parse_error, GraphClient, GraphError};

const PROFILE_FIELDS: &str =
    "about,address,description,email,profile_picture_url,websites,vertical";

/// `messaging_limit_tier` is deprecated; its successor is asked for and
/// either is read.
const NUMBER_FIELDS: &str = "id,display_phone_number,verified_name,quality_rating,\
code_verification_status,name_status,status,whatsapp_business_manager_messaging_limit";

/// What Meta says about one business phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNumberInfo {
    pub id: String,
    /// Formatted by Meta, e.g. `+1 555-010-0001`.
    pub display_phone_number: String,
    pub verified_name: String,
    /// `GREEN`, `YELLOW`, `RED` or `UNKNOWN`.
    pub quality_rating: String,
    /// e.g. `TIER_250` (business-initiated reach per 24 h).
    pub messaging_limit_tier: Option<String>,
    /// `VERIFIED`, `NOT_VERIFIED`, `EXPIRED`.
    pub code_verification_status: String,
    /// Display name review: `APPROVED`, `PENDING_REVIEW`, `DECLINED`, …
    pub name_status: Option<String>,
    /// `CONNECTED`, `PENDING`, …
    pub status: Option<String>,
}

impl PhoneNumberInfo {
    fn from_graph(v: &Value) -> Result<PhoneNumberInfo, GraphError> {
        let s = |k: &str| v[k].as_str().map(str::to_string);
        Ok(PhoneNumberInfo {
            id: s("id").ok_or_else(|| parse_error(200, v.to_string().as_bytes()))?,
            display_phone_number: s("display_phone_number").unwrap_or_default(),
            verified_name: s("verified_name").unwrap_or_default(),
            quality_rating: s("quality_rating").unwrap_or_default(),
            messaging_limit_tier: s("whatsapp_business_manager_messaging_limit")
                .or_else(|| s("messaging_limit_tier")),
            code_verification_status: s("code_verification_status").unwrap_or_default(),
            name_status: s("name_status"),
            status: s("status"),
        })
    }
}

/// The body of a profile update: the fields that are set, and the
/// websites always (an empty list clears them). Read, change, write back.
fn profile_update(p: &BusinessProfile) -> Value {
    let mut body = json!({"messaging_product": "whatsapp", "websites": p.websites});
    for (key, value) in [
        ("about", &p.about),
        ("address", &p.address),
        ("description", &p.description),
        ("email", &p.email),
        ("vertical", &p.vertical),
    ] {
        if let Some(v) = value {
            body[key] = json!(v);
        }
    }
    body
}

impl GraphClient {
    /// The number's public business profile.
    pub async fn business_profile(&self) -> Result<BusinessProfile, GraphError> {
        let path = format!("{}/whatsapp_business_profile", self.config.phone_number_id);
        let v = self.get(&path, &[("fields", PROFILE_FIELDS)]).await?;
        serde_json::from_value(v["data"][0].clone())
            .map_err(|_| parse_error(200, v.to_string().as_bytes()))
    }

    /// Change the profile. Breaking one of Meta's limits is refused here
    /// (code 100, every problem in `details` as JSON), with no request.
    pub async fn update_business_profile(&self, p: &BusinessProfile) -> Result<(), GraphError> {
        let problems = validate_profile(p);
        if !problems.is_empty() {
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            return Err(GraphError::refused(
                format!("the profile was not sent to Meta: {}", list.join("; ")),
                serde_json::to_string(&problems).ok(),
            ));
        }
        let path = format!("{}/whatsapp_business_profile", self.config.phone_number_id);
        self.post(&path, &profile_update(p)).await?;
        Ok(())
    }

    /// This client's number.
    pub async fn phone_number(&self) -> Result<PhoneNumberInfo, GraphError> {
        let v = self
            .get(&self.config.phone_number_id, &[("fields", NUMBER_FIELDS)])
            .await?;
        PhoneNumberInfo::from_graph(&v)
    }

    /// Every number of the WhatsApp Business Account.
    pub async fn phone_numbers(&self, waba_id: &str) -> Result<Vec<PhoneNumberInfo>, GraphError> {
        let path = format!("{waba_id}/phone_numbers");
        let rows = self.all_pages(&path, &[("fields", NUMBER_FIELDS)]).await?;
        rows.iter().map(PhoneNumberInfo::from_graph).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let path = format!(
            "{}/../../../shared/fixtures/whatsapp/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    #[test]
    fn numbers_read_from_the_fixtures() {
        let one =
            PhoneNumberInfo::from_graph(&fixture("phone_number_fields_response.json")).unwrap();
        assert_eq!(one.display_phone_number, "+1 555-010-0001");
        assert_eq!(one.messaging_limit_tier.as_deref(), Some("TIER_250"));
        assert_eq!(one.name_status.as_deref(), Some("APPROVED"));
        let list = fixture("phone_numbers_list_response.json");
        let second = PhoneNumberInfo::from_graph(&list["data"][1]).unwrap();
        assert_eq!(
            (
                second.id.as_str(),
                second.quality_rating.as_str(),
                second.name_status
            ),
            ("200000000000003", "UNKNOWN", None)
        );
        let legacy =
            PhoneNumberInfo::from_graph(&json!({"id": "1", "messaging_limit_tier": "TIER_1K"}))
                .unwrap();
        assert_eq!(legacy.messaging_limit_tier.as_deref(), Some("TIER_1K"));
    }

    #[test]
    fn a_profile_update_matches_the_fixture_request() {
        let want = fixture("business_profile_update_request.json");
        let p = BusinessProfile {
            about: Some("Moda y complementos.".into()),
            address: Some("Calle Falsa 123, Ciudad Ejemplo".into()),
            description: Some("Tienda de ropa de ejemplo.".into()),
            email: Some("hola@tienda.example.invalid".into()),
            websites: vec![
                "https://tienda.example.invalid/".into(),
                "https://instagram.example.invalid/tienda".into(),
            ],
            vertical: Some("APPAREL".into()),
            profile_picture_url: Some("https://pps.whatsapp.net/x.jpg".into()),
        };
        let mut body = profile_update(&p);
        // the picture is changed by upload handle, which Bandeja does not do yet
        body["profile_picture_handle"] = want["profile_picture_handle"].clone();
        assert_eq!(body, want);
        let only_about = profile_update(&BusinessProfile {
            about: Some("Hola".into()),
            ..BusinessProfile::default()
        });
        assert_eq!(
            only_about,
            json!({"messaging_product": "whatsapp", "about": "Hola", "websites": []})
        );
    }
}
