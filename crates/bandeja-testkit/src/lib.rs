//! Test harness shared by the crates' integration tests: a real core over
//! real SQLite files in a temporary data dir, a clock the test moves, and a
//! WhatsApp Cloud account tied to the simulator's phone-number id.
//! `mail` starts real mail servers (Dovecot and Postfix) for email tests.

pub mod mail;

use std::sync::Arc;

use bandeja_core::{Core, ManualClock};
use bandeja_domain::{AccountKind, AccountStatus, ReopenPolicy};
use bandeja_store::{ConversationFilter, ConversationRecord, MessageRecord, View};
use chrono::{DateTime, Utc};

/// The fixtures' business phone-number id (see `shared/fixtures/README.md`).
pub const PHONE_ID: &str = "200000000000002";

/// A temporary workspace; the data dir lives as long as this value.
pub struct TestWorkspace {
    pub dir: tempfile::TempDir,
    pub core: Core,
    pub clock: Arc<ManualClock>,
    /// The member using this installation.
    pub me: i64,
}

impl TestWorkspace {
    /// An empty workspace whose clock stands at `now`.
    pub async fn new(now: DateTime<Utc>) -> TestWorkspace {
        let dir = tempfile::tempdir().expect("temp dir");
        let clock = Arc::new(ManualClock::new(now));
        // secrets in memory: tests never touch the machine's keychain
        let core = Core::open_with(
            dir.path(),
            clock.clone(),
            bandeja_core::Secrets::in_memory(),
        )
        .await
        .expect("core opens");
        let me = core.workspace().await.me;
        TestWorkspace {
            dir,
            core,
            clock,
            me,
        }
    }

    /// Add a WhatsApp Cloud account answering for `phone_id`, authorized for me.
    pub async fn whatsapp_account(&self, phone_id: &str, policy: ReopenPolicy) -> i64 {
        let ws = self.core.workspace().await;
        let id = ws
            .store
            .insert_account(
                AccountKind::WhatsappCloud,
                "WhatsApp",
                "+15550100001",
                &AccountStatus::Active,
                None,
                policy,
                &[self.me],
                self.core.now(),
            )
            .await
            .expect("account inserted");
        ws.store
            .set_provider_ref(id, phone_id)
            .await
            .expect("provider ref");
        id
    }
}

/// The conversations of a view that the member using `core` sees, newest first.
pub async fn conversations(core: &Core, view: View) -> Vec<ConversationRecord> {
    let ws = core.workspace().await;
    ws.store
        .list_conversations(
            ws.me,
            &ConversationFilter::view(view),
            core.now(),
            None,
            200,
        )
        .await
        .expect("conversation list")
        .0
}

/// The latest messages of a conversation, oldest first.
pub async fn messages(core: &Core, conversation: i64) -> Vec<MessageRecord> {
    let ws = core.workspace().await;
    ws.store
        .messages_page(ws.me, conversation, None, 200)
        .await
        .expect("messages page")
        .0
}

/// Poll `f` every 25 ms until it holds; panics with `what` after `tries`
/// polls. For results that arrive asynchronously (webhooks, loops).
pub async fn eventually<F, Fut>(what: &str, tries: u32, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..tries {
        if f().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("timed out waiting for: {what}");
}
