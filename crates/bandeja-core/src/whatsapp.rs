//! The WhatsApp Cloud API side of the outbox: one Graph client per
//! connected account, and Meta's error classes mapped to what the outbox does.

use std::collections::HashMap;
use std::sync::RwLock;

use bandeja_channels::graph::{ErrorKind, GraphClient, GraphConfig};

use crate::outbox::{Outbound, SendError, SendErrorKind, SendFuture};

/// Sends through Meta's Graph API for the accounts it was given.
#[derive(Default)]
pub struct WhatsappOutbound {
    clients: RwLock<HashMap<i64, GraphClient>>,
}

impl WhatsappOutbound {
    pub fn new() -> Self {
        Self::default()
    }

    /// Use these credentials for an account (connect or reconnect).
    pub fn connect(&self, account_id: i64, config: GraphConfig) {
        self.clients
            .write()
            .expect("clients lock")
            .insert(account_id, GraphClient::new(config));
    }
}

impl Outbound for WhatsappOutbound {
    fn send<'a>(&'a self, account_id: i64, payload: &'a serde_json::Value) -> SendFuture<'a> {
        let client = self
            .clients
            .read()
            .expect("clients lock")
            .get(&account_id)
            .cloned();
        Box::pin(async move {
            let Some(client) = client else {
                return Err(SendError {
                    kind: SendErrorKind::Auth,
                    code: 0,
                    title: "This WhatsApp account is not connected on this computer".into(),
                });
            };
            client.send(payload).await.map_err(|e| SendError {
                kind: match e.kind() {
                    ErrorKind::Transient => SendErrorKind::Transient,
                    ErrorKind::RateLimited { retry_after } => {
                        SendErrorKind::RateLimited { retry_after }
                    }
                    ErrorKind::Auth => SendErrorKind::Auth,
                    ErrorKind::Permanent => SendErrorKind::Permanent,
                },
                code: e.code,
                title: e.title,
            })
        })
    }
}
