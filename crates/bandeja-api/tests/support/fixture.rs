//! The workspace the API tests share: a real core over temporary SQLite
//! files, one WhatsApp account the owner may see, and one open conversation
//! with a contact that has a custom field; the clock stands at Friday 20
//! November 2026, 10:00 UTC (11:00 in Madrid).

use std::sync::Arc;

use bandeja_api::call;
use bandeja_core::{Core, ManualClock};
use bandeja_domain::{AccountKind, AccountStatus, ConversationStatus, Priority, ReopenPolicy};
use bandeja_store::{NewContact, NewConversation};
use chrono::{TimeZone, Utc};
use serde_json::Value;

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub core: Core,
    pub account: i64,
    pub conversation: i64,
}

/// The shared workspace.
pub async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap();
    let core = Core::open_with(
        dir.path(),
        Arc::new(ManualClock::new(now)),
        bandeja_core::Secrets::in_memory(),
    )
    .await
    .unwrap();
    let ws = core.workspace().await;
    let account = ws
        .store
        .insert_account(
            AccountKind::WhatsappCloud,
            "Tienda",
            "+34910000000",
            &AccountStatus::Active,
            None,
            ReopenPolicy::default(),
            &[ws.me],
            now,
        )
        .await
        .unwrap();
    let contact = ws
        .store
        .insert_contacts(
            &[NewContact {
                name: "Ana Ruiz".into(),
                identities: vec![],
                custom_fields: vec![("Pedido".into(), "A-77".into())],
                salesperson_id: None,
            }],
            now,
        )
        .await
        .unwrap()[0];
    let conversation = ws
        .store
        .insert_conversations(&[NewConversation {
            account_id: account,
            contact_id: contact,
            subject: None,
            status: ConversationStatus::Open,
            priority: Priority::Normal,
            assignee_id: None,
            snoozed_until: None,
            created_at: now,
        }])
        .await
        .unwrap()[0];
    Fixture {
        _dir: dir,
        core,
        account,
        conversation,
    }
}

/// The error a command answers: (code, message).
pub async fn err(core: &Core, cmd: &str, input: Value) -> (String, String) {
    let e = call(core, cmd, input).await.unwrap_err();
    (e.code, e.message)
}
