//! Meta's error bodies, byte-for-byte in shape: the synchronous Graph error
//! envelope (`{"error":{message,type,code,error_subcode?,error_data?,fbtrace_id}}`)
//! and the asynchronous error items that ride in webhooks
//! (`{code,title,message,error_data:{details},href}`).
//!
//! HTTP statuses follow Meta's older documented table (400 for most WhatsApp
//! codes, 401 for 190, 404 for 132001), which is what the research doc tells
//! clients to expect without relying on it.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

static TRACE: AtomicU64 = AtomicU64::new(1);

/// A synchronous Graph API error.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("HTTP {status}: {message} (code {code})")]
pub struct GraphError {
    pub status: u16,
    pub code: u32,
    pub message: String,
    pub subcode: Option<u32>,
    /// `error_data.details` for WhatsApp codes.
    pub details: Option<String>,
    pub user_title: Option<String>,
    pub user_msg: Option<String>,
}

impl GraphError {
    fn new(status: u16, code: u32, message: impl Into<String>) -> Self {
        GraphError {
            status,
            code,
            message: message.into(),
            subcode: None,
            details: None,
            user_title: None,
            user_msg: None,
        }
    }

    pub fn with_subcode(mut self, subcode: u32) -> Self {
        self.subcode = Some(subcode);
        self
    }

    pub fn with_user(mut self, title: impl Into<String>, msg: impl Into<String>) -> Self {
        self.user_title = Some(title.into());
        self.user_msg = Some(msg.into());
        self
    }

    /// A WhatsApp-specific code: `(#code) title` plus `error_data.details`.
    pub fn whatsapp(code: u32, details: impl Into<String>) -> Self {
        let title = title_of(code);
        let status = match code {
            132001 => 404,
            131000 | 131016 => 500,
            131005 => 403,
            _ => 400,
        };
        let mut e = GraphError::new(status, code, format!("(#{code}) {title}"));
        e.details = Some(details.into());
        e
    }

    /// Generic parameter error, code 100.
    pub fn param(message: impl AsRef<str>) -> Self {
        GraphError::new(400, 100, format!("(#100) {}", message.as_ref()))
    }

    /// Template-management errors: `Invalid parameter` + subcode + user texts.
    pub fn template(subcode: Option<u32>, title: &str, msg: impl Into<String>) -> Self {
        let mut e = GraphError::new(400, 100, "Invalid parameter").with_user(title, msg);
        e.subcode = subcode;
        e
    }

    pub fn missing_token() -> Self {
        GraphError::new(
            400,
            104,
            "An access token is required to request this resource.",
        )
    }

    pub fn invalid_token() -> Self {
        GraphError::new(
            401,
            190,
            "Invalid OAuth access token - Cannot parse access token",
        )
    }

    pub fn expired_token(expired_at_s: i64, now_s: i64) -> Self {
        let fmt = |s: i64| {
            chrono::DateTime::from_timestamp(s, 0)
                .unwrap_or_default()
                .format("%A, %d-%b-%y %H:%M:%S UTC")
                .to_string()
        };
        GraphError::new(
            401,
            190,
            format!(
                "Error validating access token: Session has expired on {}. The current time is {}.",
                fmt(expired_at_s),
                fmt(now_s)
            ),
        )
        .with_subcode(463)
    }

    pub fn revoked_token() -> Self {
        GraphError::new(
            401,
            190,
            "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.",
        )
        .with_subcode(460)
    }

    /// What Graph answers for an ID it does not know (or may not show you).
    pub fn unknown_object(method: &str, id: &str) -> Self {
        GraphError::new(
            400,
            100,
            format!(
                "Unsupported {} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
                method.to_ascii_lowercase()
            ),
        )
        .with_subcode(33)
    }

    pub fn unknown_path(path: &str) -> Self {
        GraphError::new(400, 2500, format!("Unknown path components: {path}"))
    }

    pub fn nonexisting_field(field: &str, node: &str) -> Self {
        GraphError::param(format!(
            "Tried accessing nonexisting field ({field}) on node type ({node})"
        ))
    }

    pub fn body(&self) -> Value {
        let mut e = Map::new();
        e.insert("message".into(), json!(self.message));
        e.insert("type".into(), json!("OAuthException"));
        e.insert("code".into(), json!(self.code));
        if let Some(s) = self.subcode {
            e.insert("error_subcode".into(), json!(s));
        }
        if self.user_title.is_some() {
            e.insert("is_transient".into(), json!(false));
            e.insert("error_user_title".into(), json!(self.user_title));
            e.insert("error_user_msg".into(), json!(self.user_msg));
        }
        if let Some(d) = &self.details {
            e.insert(
                "error_data".into(),
                json!({"messaging_product": "whatsapp", "details": d}),
            );
        }
        let n = TRACE.fetch_add(1, Ordering::Relaxed);
        e.insert("fbtrace_id".into(), json!(format!("ASimTrace{n:014}")));
        json!({ "error": e })
    }
}

impl IntoResponse for GraphError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        (status, Json(self.body())).into_response()
    }
}

/// Error item inside webhooks (`statuses[].errors`, `value.errors`,
/// `messages[].errors`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorItem {
    pub code: u32,
    pub title: String,
    pub message: String,
    pub error_data: ErrorData,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorData {
    pub details: String,
}

pub const ERRORS_HREF: &str = "/documentation/business-messaging/whatsapp/support/error-codes";

impl ErrorItem {
    pub fn for_code(code: u32) -> Self {
        let title = title_of(code).to_string();
        ErrorItem {
            code,
            message: title.clone(),
            title,
            error_data: ErrorData {
                details: details_of(code).to_string(),
            },
            href: Some(ERRORS_HREF.into()),
        }
    }

    pub fn with_details(mut self, details: impl Into<String>) -> Self {
        self.error_data.details = details.into();
        self
    }
}

/// Titles as Meta words them (the part after `(#code)`).
pub fn title_of(code: u32) -> &'static str {
    match code {
        130429 => "Rate limit hit",
        131000 => "Something went wrong",
        131005 => "Access denied",
        131008 => "Required parameter is missing",
        131009 => "Parameter value is not valid",
        131021 => "Recipient cannot be sender",
        131026 => "Message undeliverable",
        131047 => "Re-engagement message",
        131048 => "Spam rate limit hit",
        131049 => "Meta chose not to deliver.",
        131051 => "Message type unknown",
        131053 => "Media upload error",
        131056 => "(Business Account, Consumer Account) pair rate limit hit",
        132000 => "Number of parameters does not match the expected number of params",
        132001 => "Template name does not exist in the translation",
        132005 => "Translated text too long",
        132012 => "Parameter format does not match format in the created template",
        132015 => "Template is Paused",
        132016 => "Template is Disabled",
        132018 => "There was an issue with the parameters in your template.",
        133005 => "Two step verification PIN Mismatch",
        133010 => "Account not registered",
        133016 => "Account register deregister rate limit exceeded",
        _ => "Unknown error",
    }
}

fn details_of(code: u32) -> &'static str {
    match code {
        130429 => "Message failed to send because there were too many messages sent from this phone number in a short period of time",
        131026 => "Message Undeliverable.",
        131047 => "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
        131048 => "Message failed to send because there are restrictions on how many messages can be sent from this phone number. This may be because too many previous messages were blocked or flagged as spam.",
        131049 => "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.",
        131051 => "Message type is currently not supported.",
        131053 => "Unable to upload the media used in the message.",
        131056 => "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.",
        132015 => "Template is paused due to low quality so it cannot be sent in a template message.",
        132016 => "Template has been paused too many times due to low quality and is now permanently disabled.",
        131009 => "One or more parameter values are invalid.",
        _ => "Something went wrong.",
    }
}

/// A scripting call the simulator cannot carry out.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimError {
    #[error("unknown phone number id {0}")]
    UnknownPhoneNumber(String),
    #[error("unknown outbound message {0}")]
    UnknownMessage(String),
    #[error("unknown template {0}")]
    UnknownTemplate(String),
    #[error("unknown token {0}")]
    UnknownToken(String),
    #[error("{0}")]
    Invalid(String),
}

impl IntoResponse for SimError {
    fn into_response(self) -> Response {
        let status = match self {
            SimError::Invalid(_) => StatusCode::BAD_REQUEST,
            _ => StatusCode::NOT_FOUND,
        };
        (status, Json(json!({ "error": self.to_string() }))).into_response()
    }
}
