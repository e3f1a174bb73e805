//! The one error the UI sees: a stable `code` to branch on and a `message`
//! for people. Internal detail goes to the log, not across the boundary.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ApiError {
            code: code.to_string(),
            message: message.into(),
        }
    }

    pub fn bad_input(message: impl Into<String>) -> Self {
        Self::new("bad_input", message)
    }

    pub fn unknown_command(name: &str) -> Self {
        Self::new("unknown_command", format!("unknown command {name:?}"))
    }
}

impl From<bandeja_store::StoreError> for ApiError {
    fn from(e: bandeja_store::StoreError) -> Self {
        use bandeja_store::StoreError as E;
        let code = match &e {
            E::NotFound(_) => "not_found",
            E::NewerVersion { .. } => "database_newer",
            E::Corrupt { .. } => "database_corrupt",
            E::Locked { .. } => "database_locked",
            E::InvalidData(_) => "bad_input",
            E::Io { .. } | E::Sql(_) => "internal",
        };
        if code == "internal" {
            tracing::error!(error = %e, "store error");
        }
        ApiError::new(code, e.to_string())
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        if let Some(r) = e.downcast_ref::<bandeja_core::SendRefused>() {
            let code = match r {
                bandeja_core::SendRefused::WindowClosed => "window_closed",
                bandeja_core::SendRefused::Empty => "bad_input",
                bandeja_core::SendRefused::NoRecipient => "no_recipient",
                bandeja_core::SendRefused::EmailNotYet => "not_available",
                bandeja_core::SendRefused::TemplateNotApproved { .. } => "template_not_approved",
                bandeja_core::SendRefused::MessagingLimit { .. } => "messaging_limit",
                bandeja_core::SendRefused::PlanQuota { .. } => "plan_quota",
                bandeja_core::SendRefused::TemplateParams { .. }
                | bandeja_core::SendRefused::TemplateNeedsMedia { .. }
                | bandeja_core::SendRefused::Media(_)
                | bandeja_core::SendRefused::Email(_)
                | bandeja_core::SendRefused::NothingToRetry
                | bandeja_core::SendRefused::CannotReact => "bad_input",
            };
            return ApiError::new(code, r.to_string());
        }
        if let Some(r) = e.downcast_ref::<bandeja_core::ProviderRefused>() {
            let code = if r.reconnect {
                "reconnect_needed"
            } else {
                "provider_error"
            };
            return ApiError::new(code, r.title.clone());
        }
        if let Some(m) = e.downcast_ref::<bandeja_core::MissingVariables>() {
            return ApiError::new("missing_variables", m.to_string());
        }
        if let Some(f) = e.downcast_ref::<bandeja_core::Forbidden>() {
            return ApiError::new("forbidden", f.to_string());
        }
        if let Some(f) = e.downcast_ref::<bandeja_core::InvalidField>() {
            return ApiError::new("bad_input", f.message.clone());
        }
        if let Some(s) = e.downcast_ref::<bandeja_secrets::SecretError>() {
            tracing::error!(error = %s, "secrets unavailable");
            return ApiError::new("secrets_unavailable", s.to_string());
        }
        match e.downcast::<bandeja_store::StoreError>() {
            Ok(s) => s.into(),
            Err(e) => {
                tracing::error!(error = format!("{e:#}"), "internal error");
                ApiError::new("internal", format!("{e:#}"))
            }
        }
    }
}
