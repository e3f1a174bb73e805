//! The core with real SQLite files in a temp data dir.

use std::sync::Arc;

use bandeja_core::{Core, CoreEvent, ManualClock};
use bandeja_domain::MessageKind;
use bandeja_store::{ConversationFilter, View};
use chrono::{TimeZone, Utc};

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap(),
    ))
}

#[tokio::test]
async fn first_run_creates_an_empty_workspace_with_its_owner() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path(), clock()).await.unwrap();
    let ws = core.workspace().await;
    assert!(!ws.is_demo);
    assert!(ws.store.accounts(None).await.unwrap().is_empty());
    let members = ws.store.members().await.unwrap();
    assert_eq!(members.len(), 1);
    assert!(members[0].1, "the only member is me");
}

#[tokio::test]
async fn demo_is_a_separate_living_workspace_and_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path(), clock()).await.unwrap();
    let mut events = core.subscribe();
    let demo = core.open_demo().await.unwrap();
    assert_eq!(events.recv().await.unwrap(), CoreEvent::WorkspaceChanged);
    assert!(demo.is_demo);
    let page = bandeja_testkit::conversations(&core, View::AllOpen).await;
    assert!(
        page.len() >= 15,
        "a living inbox: {} open conversations",
        page.len()
    );
    let mut kinds = std::collections::HashSet::new();
    for view in [View::AllOpen, View::Snoozed, View::Resolved] {
        let filter = ConversationFilter::view(view);
        for c in demo
            .store
            .list_conversations(demo.me, &filter, core.now(), None, 100)
            .await
            .unwrap()
            .0
        {
            for m in demo
                .store
                .messages_page(demo.me, c.id, None, 100)
                .await
                .unwrap()
                .0
            {
                kinds.insert(m.kind);
            }
        }
    }
    for k in MessageKind::ALL {
        if *k != MessageKind::Unsupported {
            assert!(kinds.contains(k), "demo shows {k}");
        }
    }
    demo.store.check_search_index().await.unwrap();
    assert!(!demo
        .store
        .search(demo.me, "presupuesto", 10)
        .await
        .unwrap()
        .is_empty());
    // the real workspace is untouched
    assert!(core.home().store.accounts(None).await.unwrap().is_empty());
    drop(core);
    // reopening shows the demo again
    let core = Core::open(dir.path(), clock()).await.unwrap();
    assert!(core.workspace().await.is_demo);
    let home = core.close_demo().await.unwrap();
    assert!(!home.is_demo);
    let core = Core::open(dir.path(), clock()).await.unwrap();
    assert!(!core.workspace().await.is_demo);
    // opening the demo twice rebuilds it instead of duplicating it
    core.open_demo().await.unwrap();
    let again = core.open_demo().await.unwrap();
    assert_eq!(again.store.members().await.unwrap().len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_the_demo_a_reply_gets_simulated_ticks_and_nothing_leaves_the_computer() {
    use bandeja_core::{WhatsappOutbound, WorkspaceOutbound};
    use bandeja_domain::{ChannelKind, DeliveryState};
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path(), clock()).await.unwrap();
    let demo = core.open_demo().await.unwrap();
    let list = bandeja_testkit::conversations(&core, View::AllOpen).await;
    let open = list
        .iter()
        .find(|c| {
            c.account_kind.channel() == ChannelKind::Whatsapp
                && c.window_expires_at.is_some_and(|t| t > core.now())
        })
        .expect("an open window in the demo");
    core.send_text(open.id, "¡Claro! Te esperamos a las 10.", None)
        .await
        .unwrap();
    // WhatsappOutbound has no connected account: anything reaching it would fail
    let outbound =
        WorkspaceOutbound::new(core.clone(), std::sync::Arc::new(WhatsappOutbound::new()));
    assert_eq!(core.run_outbox_once(&outbound).await.unwrap(), 1);
    let last = || async {
        demo.store
            .messages_page(demo.me, open.id, None, 50)
            .await
            .unwrap()
            .0
            .last()
            .unwrap()
            .delivery
            .clone()
    };
    for _ in 0..100 {
        if last().await == Some(DeliveryState::Read) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the demo phone never read it: {:?}", last().await);
}
