//! The demo's customers' phones. In the demo workspace nothing leaves the
//! computer: a send is accepted at once and, a moment later, the "phone"
//! reports it sent, delivered and read — through the same ingest path real
//! status webhooks take, so the demo shows real ticks.

use std::sync::Arc;
use std::time::Duration;

use bandeja_domain::inbound::{AccountRef, InboundEvent, StatusUpdate};
use bandeja_domain::{AccountKind, DeliveryState};

use crate::outbox::{Outbound, SendError, SendErrorKind, SendFuture};
use crate::{Core, WhatsappOutbound};

/// Sends for the workspace shown: the demo's simulated phones, or the
/// providers of the real workspace.
pub struct WorkspaceOutbound {
    core: Core,
    whatsapp: Arc<WhatsappOutbound>,
}

impl WorkspaceOutbound {
    pub fn new(core: Core, whatsapp: Arc<WhatsappOutbound>) -> Self {
        WorkspaceOutbound { core, whatsapp }
    }
}

const DEMO_TICKS: [(u64, DeliveryState); 3] = [
    (700, DeliveryState::Sent),
    (1_600, DeliveryState::Delivered),
    (4_000, DeliveryState::Read),
];

impl Outbound for WorkspaceOutbound {
    fn send<'a>(&'a self, account_id: i64, payload: &'a serde_json::Value) -> SendFuture<'a> {
        Box::pin(async move {
            let ws = self.core.workspace().await;
            if !ws.is_demo && payload["type"] == "email" {
                return self.core.submit_email(account_id, payload).await;
            }
            if !ws.is_demo {
                return self.whatsapp.send(account_id, payload).await;
            }
            let provider_ref = ws
                .store
                .account_provider_ref(account_id)
                .await
                .ok()
                .flatten()
                .ok_or_else(|| SendError {
                    kind: SendErrorKind::Permanent,
                    code: 0,
                    title: "This demo account cannot send".into(),
                })?;
            let wamid = format!(
                "wamid.DEMO.{}.{}",
                account_id,
                self.core.now().timestamp_nanos_opt().unwrap_or_default()
            );
            let (core, id) = (self.core.clone(), wamid.clone());
            tokio::spawn(async move {
                let mut waited = 0;
                for (at, state) in DEMO_TICKS {
                    tokio::time::sleep(Duration::from_millis(at - waited)).await;
                    waited = at;
                    let status = InboundEvent::Status(StatusUpdate {
                        account: AccountRef {
                            provider_account_id: provider_ref.clone(),
                            display_address: None,
                        },
                        provider_id: id.clone(),
                        state,
                        timestamp: core.now(),
                        recipient: None,
                        pricing_category: Some("service".into()),
                        errors: vec![],
                    });
                    if let Err(e) = core.ingest(AccountKind::ALL, vec![status]).await {
                        tracing::warn!(error = format!("{e:#}"), "demo status not applied");
                        return;
                    }
                }
            });
            Ok(wamid)
        })
    }
}
