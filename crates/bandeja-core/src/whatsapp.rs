//! The connected WhatsApp Cloud API numbers of the workspace shown: one
//! Graph client per account, the webhook keys the local receiver (and later
//! the relay client) check signatures with, and Meta's error classes mapped
//! to what the outbox does.
//!
//! Credentials come from the keychain at start-up (`connect.rs`) and are
//! held only in memory here; nothing in this registry is ever logged.

use std::collections::HashMap;
use std::sync::RwLock;

use bandeja_channels::graph::{ErrorKind, GraphClient, GraphConfig, GraphError};

use crate::outbox::{Outbound, SendError, SendErrorKind, SendFuture};

/// What a webhook for an account must match.
#[derive(Clone, Default)]
pub struct WebhookKeys {
    /// The Meta app's secret: the HMAC key of `X-Hub-Signature-256`.
    pub app_secret: String,
    /// The token typed into Meta's webhook settings.
    pub verify_token: String,
}

impl std::fmt::Debug for WebhookKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookKeys(***)")
    }
}

#[derive(Clone)]
struct Connected {
    client: GraphClient,
    waba_id: String,
    keys: WebhookKeys,
}

/// Sends through Meta's Graph API for the accounts it was given.
#[derive(Default)]
pub struct WhatsappOutbound {
    accounts: RwLock<HashMap<i64, Connected>>,
}

impl WhatsappOutbound {
    pub fn new() -> Self {
        Self::default()
    }

    /// Use these credentials for an account (connect or reconnect), without
    /// webhook keys (sending only).
    pub fn connect(&self, account_id: i64, config: GraphConfig) {
        self.connect_account(account_id, config, String::new(), WebhookKeys::default());
    }

    /// Use these credentials and webhook keys for an account.
    pub fn connect_account(
        &self,
        account_id: i64,
        config: GraphConfig,
        waba_id: String,
        keys: WebhookKeys,
    ) {
        self.accounts.write().expect("accounts lock").insert(
            account_id,
            Connected {
                client: GraphClient::new(config),
                waba_id,
                keys,
            },
        );
    }

    /// Forget an account's credentials (removed, or another workspace shown).
    pub fn disconnect(&self, account_id: i64) {
        self.accounts
            .write()
            .expect("accounts lock")
            .remove(&account_id);
    }

    pub fn disconnect_all(&self) {
        self.accounts.write().expect("accounts lock").clear();
    }

    /// The Graph client of a connected account.
    pub fn client(&self, account_id: i64) -> Option<GraphClient> {
        self.accounts
            .read()
            .expect("accounts lock")
            .get(&account_id)
            .map(|c| c.client.clone())
    }

    /// The client and WhatsApp Business Account id of a connected account.
    pub fn business(&self, account_id: i64) -> Option<(GraphClient, String)> {
        self.accounts
            .read()
            .expect("accounts lock")
            .get(&account_id)
            .map(|c| (c.client.clone(), c.waba_id.clone()))
    }

    /// Every app secret a webhook may be signed with (one per Meta app).
    pub fn app_secrets(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .accounts
            .read()
            .expect("accounts lock")
            .values()
            .map(|c| c.keys.app_secret.clone())
            .filter(|s| !s.is_empty())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Whether `token` is the verify token of a connected account.
    pub fn is_verify_token(&self, token: &str) -> bool {
        !token.is_empty()
            && self
                .accounts
                .read()
                .expect("accounts lock")
                .values()
                .any(|c| c.keys.verify_token == token)
    }
}

/// Meta's refusal in the outbox's terms.
pub(crate) fn send_error(e: GraphError) -> SendError {
    SendError {
        kind: match e.kind() {
            ErrorKind::Transient => SendErrorKind::Transient,
            ErrorKind::RateLimited { retry_after } => SendErrorKind::RateLimited { retry_after },
            ErrorKind::Auth => SendErrorKind::Auth,
            ErrorKind::Permanent => SendErrorKind::Permanent,
        },
        code: e.code,
        title: e.title,
    }
}

pub(crate) fn not_connected() -> SendError {
    SendError {
        kind: SendErrorKind::Auth,
        code: 0,
        title: "This WhatsApp account is not connected on this computer".into(),
    }
}

impl Outbound for WhatsappOutbound {
    fn send<'a>(&'a self, account_id: i64, payload: &'a serde_json::Value) -> SendFuture<'a> {
        let client = self.client(account_id);
        Box::pin(async move {
            let client = client.ok_or_else(not_connected)?;
            if payload["type"] == "media" && payload["media_id"].is_null() {
                // a member's file: upload it (media ids live 30 days), then send
                let path = payload["path"].as_str().unwrap_or_default();
                let bytes = tokio::fs::read(path).await.map_err(|e| SendError {
                    kind: SendErrorKind::Permanent,
                    code: 0,
                    title: format!("the attached file is no longer readable: {e}"),
                })?;
                let mime = payload["mime"]
                    .as_str()
                    .unwrap_or("application/octet-stream");
                let filename = payload["filename"].as_str().unwrap_or("file");
                let id = client
                    .upload_media(bytes, mime, filename)
                    .await
                    .map_err(send_error)?;
                let mut with_id = payload.clone();
                with_id["media_id"] = serde_json::Value::String(id);
                return client.send(&with_id).await.map_err(send_error);
            }
            client.send(payload).await.map_err(send_error)
        })
    }
}
