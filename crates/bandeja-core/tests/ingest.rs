//! The ingest pipeline with real SQLite files: routing, idempotency,
//! contacts, the window, statuses, reactions, revokes.

use std::sync::Arc;

use bandeja_core::{Core, CoreEvent, ManualClock};
use bandeja_domain::inbound::*;
use bandeja_domain::*;
use bandeja_store::{NewMessage, View};
use chrono::{DateTime, Duration, TimeZone, Utc};

const PHONE_ID: &str = "200000000000002";
const WA: &[AccountKind] = &[AccountKind::WhatsappCloud];

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 12, 0, 0).unwrap()
}

struct Fx {
    _dir: tempfile::TempDir,
    core: Core,
    clock: Arc<ManualClock>,
    account: i64,
    me: i64,
}

async fn fixture(policy: ReopenPolicy) -> Fx {
    let t = bandeja_testkit::TestWorkspace::new(t0()).await;
    let account = t.whatsapp_account(PHONE_ID, policy).await;
    Fx {
        core: t.core,
        clock: t.clock,
        me: t.me,
        account,
        _dir: t.dir,
    }
}

fn account_ref() -> AccountRef {
    AccountRef {
        provider_account_id: PHONE_ID.into(),
        display_address: Some("15550100001".into()),
    }
}

fn from(wa: &str, name: Option<&str>) -> SenderRef {
    SenderRef {
        wa_id: Some(wa.into()),
        profile_name: name.map(Into::into),
        ..SenderRef::default()
    }
}

fn text(id: &str, wa: &str, name: Option<&str>, body: &str, at: DateTime<Utc>) -> InboundEvent {
    InboundEvent::Message(InboundMessage {
        account: account_ref(),
        provider_id: id.into(),
        from: from(wa, name),
        timestamp: at,
        kind: MessageKind::Text,
        content: MessageContent::Text { body: body.into() },
        media: None,
        reply_to: None,
        forwarded: false,
        frequently_forwarded: false,
        referral: None,
    })
}

fn status(id: &str, state: DeliveryState, at: DateTime<Utc>) -> InboundEvent {
    InboundEvent::Status(StatusUpdate {
        account: account_ref(),
        provider_id: id.into(),
        state,
        timestamp: at,
        recipient: Some("15550100123".into()),
        pricing_category: None,
        errors: vec![],
    })
}

async fn conversations(f: &Fx, view: View) -> Vec<bandeja_store::ConversationRecord> {
    bandeja_testkit::conversations(&f.core, view).await
}

#[tokio::test]
async fn a_new_customer_gets_a_contact_a_conversation_and_an_open_window() {
    let f = fixture(ReopenPolicy::Reopen).await;
    let mut events = f.core.subscribe();
    // the provider's timestamp, not our clock, starts the window
    let sent_at = t0() - Duration::minutes(3);
    let r = f
        .core
        .ingest(
            WA,
            vec![text(
                "wamid.1",
                "15550100123",
                Some("Ana Ruiz"),
                "Hola",
                sent_at,
            )],
        )
        .await
        .unwrap();
    assert_eq!(r.messages, 1);
    let list = conversations(&f, View::AllOpen).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].contact_name, "Ana Ruiz");
    assert_eq!(
        list[0].window_expires_at,
        Some(sent_at + Duration::hours(24))
    );
    assert_eq!(list[0].unread, 1);
    let mut saw_incoming = false;
    while let Ok(e) = events.try_recv() {
        if let CoreEvent::IncomingMessage {
            contact_name,
            preview,
            ..
        } = e
        {
            assert_eq!(
                (contact_name.as_str(), preview.as_str()),
                ("Ana Ruiz", "Hola")
            );
            saw_incoming = true;
        }
    }
    assert!(saw_incoming);
}

#[tokio::test]
async fn redelivered_webhooks_store_nothing_twice() {
    let f = fixture(ReopenPolicy::Reopen).await;
    let m = text("wamid.dup", "15550100123", Some("Ana"), "Hola", t0());
    let r = f.core.ingest(WA, vec![m.clone(), m.clone()]).await.unwrap();
    assert_eq!((r.messages, r.duplicates), (1, 1));
    let r = f.core.ingest(WA, vec![m]).await.unwrap();
    assert_eq!((r.messages, r.duplicates), (0, 1));
    let list = conversations(&f, View::AllOpen).await;
    assert_eq!(list[0].unread, 1);
}

#[tokio::test]
async fn later_messages_join_and_resolved_conversations_reopen_per_policy() {
    for (policy, expect_new) in [(ReopenPolicy::Reopen, false), (ReopenPolicy::New, true)] {
        let f = fixture(policy).await;
        f.core
            .ingest(WA, vec![text("a", "15550100123", Some("Ana"), "uno", t0())])
            .await
            .unwrap();
        f.core
            .ingest(WA, vec![text("b", "15550100123", Some("Ana"), "dos", t0())])
            .await
            .unwrap();
        let first = conversations(&f, View::AllOpen).await;
        assert_eq!(first.len(), 1, "second message joins");
        // resolve it the raw way (resolving arrives with the team rules)
        let ws = f.core.workspace().await;
        {
            use sqlx::Connection;
            let mut c =
                sqlx::SqliteConnection::connect(&format!("sqlite:{}", ws.store.path().display()))
                    .await
                    .unwrap();
            sqlx::query("UPDATE conversations SET status = 'resolved', resolved_at = ?")
                .bind(t0().timestamp_millis())
                .execute(&mut c)
                .await
                .unwrap();
        }
        f.clock.advance(Duration::hours(1));
        f.core
            .ingest(
                WA,
                vec![text("c", "15550100123", Some("Ana"), "tres", f.core.now())],
            )
            .await
            .unwrap();
        let open = conversations(&f, View::AllOpen).await;
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].id != first[0].id, expect_new, "{policy:?}");
    }
}

#[tokio::test]
async fn one_batch_routes_each_sender_once_and_later_messages_follow_the_first() {
    // within one batch the senders are looked up once (prefetched); a new
    // sender's second message and a reopened conversation's next one must
    // still land where the first went
    for (policy, expect_new) in [(ReopenPolicy::Reopen, false), (ReopenPolicy::New, true)] {
        let f = fixture(policy).await;
        f.core
            .ingest(
                WA,
                vec![text("b1", "15550100456", Some("Beto"), "hola", t0())],
            )
            .await
            .unwrap();
        let ws = f.core.workspace().await;
        {
            use sqlx::Connection;
            let mut c =
                sqlx::SqliteConnection::connect(&format!("sqlite:{}", ws.store.path().display()))
                    .await
                    .unwrap();
            sqlx::query("UPDATE conversations SET status = 'resolved', resolved_at = ?")
                .bind(t0().timestamp_millis())
                .execute(&mut c)
                .await
                .unwrap();
        }
        let before = ws.store.conversation(f.me, 1).await.unwrap();
        f.clock.advance(Duration::hours(1));
        let at = f.core.now();
        let report = f
            .core
            .ingest(
                WA,
                vec![
                    text("a1", "15550100123", Some("Ana"), "uno", at),
                    text("b2", "15550100456", Some("Beto"), "vuelvo", at),
                    text("a2", "15550100123", Some("Ana"), "dos", at),
                    text("b3", "15550100456", Some("Beto"), "otra vez", at),
                    text("a1", "15550100123", Some("Ana"), "uno", at),
                ],
            )
            .await
            .unwrap();
        assert_eq!((report.messages, report.duplicates), (4, 1));
        let open = conversations(&f, View::AllOpen).await;
        assert_eq!(open.len(), 2, "one conversation per sender: {open:?}");
        let beto = open.iter().find(|c| c.contact_name == "Beto").unwrap();
        assert_eq!(beto.id != before.id, expect_new, "{policy:?}");
        for c in &open {
            assert_eq!(
                bandeja_testkit::messages(&f.core, c.id).await.len(),
                if c.id == before.id { 3 } else { 2 }
            );
        }
        let contacts: i64 = {
            use sqlx::Connection;
            let mut c =
                sqlx::SqliteConnection::connect(&format!("sqlite:{}", ws.store.path().display()))
                    .await
                    .unwrap();
            sqlx::query_scalar("SELECT COUNT(*) FROM contacts")
                .fetch_one(&mut c)
                .await
                .unwrap()
        };
        assert_eq!(contacts, 2);
    }
}

#[tokio::test]
async fn a_profile_name_replaces_a_number_and_brazil_matches_with_or_without_the_nine() {
    let f = fixture(ReopenPolicy::Reopen).await;
    f.core
        .ingest(WA, vec![text("a", "5511987654321", None, "oi", t0())])
        .await
        .unwrap();
    assert_eq!(
        conversations(&f, View::AllOpen).await[0].contact_name,
        "+5511987654321"
    );
    // same person, wa_id without the ninth digit, now with a profile name
    f.core
        .ingest(
            WA,
            vec![text("b", "551187654321", Some("João"), "tudo bem?", t0())],
        )
        .await
        .unwrap();
    let list = conversations(&f, View::AllOpen).await;
    assert_eq!(list.len(), 1, "one contact, one conversation");
    assert_eq!(list[0].contact_name, "João");
}

#[tokio::test]
async fn statuses_merge_monotonically_and_unknown_ones_are_parked() {
    let f = fixture(ReopenPolicy::Reopen).await;
    f.core
        .ingest(
            WA,
            vec![text("in", "15550100123", Some("Ana"), "Hola", t0())],
        )
        .await
        .unwrap();
    let conv = conversations(&f, View::AllOpen).await[0].id;
    let ws = f.core.workspace().await;
    ws.store
        .insert_messages(&[NewMessage {
            conversation_id: conv,
            account_id: f.account,
            direction: Direction::Outbound,
            kind: MessageKind::Text,
            content: MessageContent::Text {
                body: "Sí, la tenemos".into(),
            },
            provider_id: Some("wamid.out".into()),
            author_member_id: Some(f.me),
            sender: "Me".into(),
            delivery: Some(DeliveryState::Pending),
            reply_to_provider_id: None,
            forwarded: false,
            created_at: t0(),
            automated: false,
        }])
        .await
        .unwrap();
    // out of order and duplicated, as Meta does
    let r = f
        .core
        .ingest(
            WA,
            vec![
                status("wamid.out", DeliveryState::Read, t0()),
                status("wamid.out", DeliveryState::Delivered, t0()),
                status("wamid.out", DeliveryState::Sent, t0()),
                status("wamid.out", DeliveryState::Read, t0()),
            ],
        )
        .await
        .unwrap();
    assert_eq!(r.statuses, 4);
    let (page, _) = ws.store.messages_page(f.me, conv, None, 10).await.unwrap();
    assert_eq!(page.last().unwrap().delivery, Some(DeliveryState::Read));
    let r = f
        .core
        .ingest(
            WA,
            vec![status("wamid.unknown", DeliveryState::Delivered, t0())],
        )
        .await
        .unwrap();
    assert_eq!(r.parked, 1);
    let mut tx = ws.store.begin_ingest().await.unwrap();
    assert_eq!(
        tx.take_parked(f.account, "wamid.unknown").await.unwrap(),
        vec![DeliveryState::Delivered]
    );
}

#[tokio::test]
async fn reactions_attach_to_their_message_and_revokes_leave_a_placeholder() {
    let f = fixture(ReopenPolicy::Reopen).await;
    f.core
        .ingest(
            WA,
            vec![text("m1", "15550100123", Some("Ana"), "mira esto", t0())],
        )
        .await
        .unwrap();
    let react = |emoji: Option<&str>| {
        InboundEvent::Reaction(ReactionEvent {
            account: account_ref(),
            provider_id: format!("r-{emoji:?}"),
            from: from("15550100123", Some("Ana")),
            target_provider_id: "m1".into(),
            emoji: emoji.map(Into::into),
            timestamp: t0(),
        })
    };
    let r = f.core.ingest(WA, vec![react(Some("👍"))]).await.unwrap();
    assert_eq!(r.reactions, 1);
    let ws = f.core.workspace().await;
    let conv = conversations(&f, View::AllOpen).await[0].id;
    let msgs = ws
        .store
        .messages_page(f.me, conv, None, 10)
        .await
        .unwrap()
        .0;
    assert_eq!(msgs.len(), 1, "a reaction is not a new bubble");
    assert_eq!(msgs[0].reactions[0].emoji, "👍");
    f.core.ingest(WA, vec![react(None)]).await.unwrap();
    assert!(ws
        .store
        .messages_page(f.me, conv, None, 10)
        .await
        .unwrap()
        .0[0]
        .reactions
        .is_empty());
    let revoke = InboundEvent::Revoke(RevokeEvent {
        account: account_ref(),
        provider_id: "rv".into(),
        from: from("15550100123", None),
        revoked_provider_id: "m1".into(),
        timestamp: t0(),
    });
    assert_eq!(f.core.ingest(WA, vec![revoke]).await.unwrap().revoked, 1);
    let m = &ws
        .store
        .messages_page(f.me, conv, None, 10)
        .await
        .unwrap()
        .0[0];
    assert_eq!(m.kind, MessageKind::Unsupported);
    assert!(
        ws.store.search(f.me, "mira", 10).await.unwrap().is_empty(),
        "deleted text leaves the index"
    );
    ws.store.check_search_index().await.unwrap();
}

#[tokio::test]
async fn events_for_an_unknown_account_store_nothing() {
    let f = fixture(ReopenPolicy::Reopen).await;
    let mut m = text("x", "15550100123", Some("Ana"), "Hola", t0());
    if let InboundEvent::Message(inner) = &mut m {
        inner.account.provider_account_id = "999".into();
    }
    let r = f.core.ingest(WA, vec![m]).await.unwrap();
    assert_eq!((r.unrouted, r.messages), (1, 0));
    assert!(conversations(&f, View::AllOpen).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_share_transactions_and_lose_nothing() {
    let f = fixture(ReopenPolicy::Reopen).await;
    let mut tasks = Vec::new();
    for i in 0..200 {
        let core = f.core.clone();
        // every 10th one is a redelivery of an earlier message
        // a redelivery is the same message from the same customer; which copy
        // lands first is up to the scheduler
        let (id, customer) = if i % 10 == 9 {
            (format!("g{}", i - 1), (i - 1) % 20)
        } else {
            (format!("g{i}"), i % 20)
        };
        tasks.push(tokio::spawn(async move {
            core.ingest_grouped(
                WA,
                vec![text(
                    &id,
                    &format!("3460000{customer:04}"),
                    Some("C"),
                    "hola",
                    t0(),
                )],
            )
            .await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let ws = f.core.workspace().await;
    assert_eq!(ws.store.count_messages(f.account).await.unwrap(), 180);
    // customers 9 and 19 never write: their turns carry the redeliveries
    assert_eq!(conversations(&f, View::AllOpen).await.len(), 18);
}
