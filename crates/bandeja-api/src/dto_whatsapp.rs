//! What crosses the UI boundary for WhatsApp Cloud API numbers: connecting,
//! templates, the business profile, numbers, and the richer sends
//! (template, file, reaction, retry).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use bandeja_domain::wa_profile::{BusinessProfile, ProfileProblem};
pub use bandeja_domain::wa_template::{
    TemplateButton, TemplateCategory, TemplateDraft, TemplateHeader, TemplateProblem,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MessageIdInput {
    pub message_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountIdInput {
    pub account_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SendTemplateInput {
    pub conversation_id: i64,
    pub template_id: i64,
    /// Values for `{{1}}`…`{{n}}` of the body, in order.
    pub params: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SendMediaInput {
    pub conversation_id: i64,
    pub filename: String,
    pub mime: String,
    /// The file's bytes, base64.
    pub data_base64: String,
    pub caption: Option<String>,
    pub reply_to_message_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReactInput {
    pub message_id: i64,
    /// `null` removes the reaction.
    pub emoji: Option<String>,
}

/// An attachment of a message and whether its file is here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MediaDto {
    /// `pending` (downloading), `ready` or `failed`.
    pub state: String,
    pub mime: String,
    pub size: Option<i64>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WaTemplateDto {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub language: String,
    /// MARKETING, UTILITY or AUTHENTICATION.
    pub category: String,
    /// APPROVED, PENDING, REJECTED, PAUSED, DISABLED, …
    pub status: String,
    pub reason: Option<String>,
    pub quality: Option<String>,
    pub header: Option<String>,
    pub body: String,
    pub footer: Option<String>,
    pub buttons: Vec<String>,
    /// How many values a send needs (body, then text header, then URL buttons).
    pub param_count: u32,
    /// What each value is, in order: a body placeholder (`1`, `nombre`), the
    /// header's, or a URL button's label.
    pub param_names: Vec<String>,
    /// `IMAGE`, `VIDEO`, `DOCUMENT`…: the header needs a file, which the
    /// picker cannot send yet.
    pub media_header: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WaTemplateList {
    pub items: Vec<WaTemplateDto>,
    pub synced_at: Option<String>,
    /// Different customers this number started conversations with in the
    /// last 24 h (templates sent outside the window).
    pub business_initiated_24h: u32,
    /// Its tier's limit (`null`: unlimited or unknown).
    pub messaging_limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SubmitTemplateInput {
    pub account_id: i64,
    pub draft: TemplateDraft,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateCheck {
    pub problems: Vec<TemplateProblem>,
    /// The body with the sample values filled in.
    pub preview: String,
}

/// The values from Meta's App Dashboard.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WhatsappConnectInput {
    pub app_id: String,
    pub app_secret: String,
    pub waba_id: String,
    pub phone_number_id: String,
    pub access_token: String,
}

impl std::fmt::Debug for WhatsappConnectInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WhatsappConnectInput")
            .field("app_id", &self.app_id)
            .field("waba_id", &self.waba_id)
            .field("phone_number_id", &self.phone_number_id)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReconnectInput {
    pub account_id: i64,
    pub access_token: String,
}

impl std::fmt::Debug for ReconnectInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReconnectInput")
            .field("account_id", &self.account_id)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PhoneNumberDto {
    pub id: String,
    pub display_phone_number: String,
    pub verified_name: String,
    /// GREEN, YELLOW, RED or UNKNOWN.
    pub quality_rating: Option<String>,
    /// e.g. TIER_1K, TIER_UNLIMITED (Meta's `whatsapp_business_manager_messaging_limit`).
    pub messaging_limit_tier: Option<String>,
    /// VERIFIED, NOT_VERIFIED or EXPIRED.
    pub code_verification_status: Option<String>,
    /// The display name's review: APPROVED, PENDING_REVIEW, DECLINED…
    pub name_status: Option<String>,
    /// CONNECTED, PENDING, …
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PhoneNumbers {
    pub items: Vec<PhoneNumberDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConnectionDto {
    pub account_id: i64,
    pub app_id: String,
    pub waba_id: String,
    pub phone_number_id: String,
    /// What to type in Meta's webhook settings.
    pub verify_token: String,
    /// Where Meta must post webhooks, when this computer receives them itself.
    pub callback_url: Option<String>,
    pub connected_here: bool,
    /// Where the token and app secret are kept ("the system keychain", …).
    pub secrets_backend: String,
    /// The last webhook received for this number since Bandeja started
    /// (`null`: none yet — Meta's settings may not point here).
    pub last_event_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UpdateProfileInput {
    pub account_id: i64,
    pub profile: BusinessProfile,
}
