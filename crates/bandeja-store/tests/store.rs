//! The store against real SQLite files in a temp dir.

use bandeja_domain::*;
use bandeja_store::*;
use chrono::{DateTime, Duration, TimeZone, Utc};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap()
}

struct Fx {
    _dir: tempfile::TempDir,
    store: Store,
    ana: i64,
    luis: i64,
    wa: i64,
    mail: i64,
    tag_vip: i64,
}

async fn fixture() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("ws.sqlite")).await.unwrap();
    store
        .create_workspace("Taller Ruiz", false, t0())
        .await
        .unwrap();
    let ana = store
        .insert_member(
            "Ana",
            "ana@x.es",
            Role::Owner,
            Availability::Online,
            None,
            "#f00",
            true,
        )
        .await
        .unwrap();
    let luis = store
        .insert_member(
            "Luis",
            "luis@x.es",
            Role::Agent,
            Availability::Online,
            Some(5),
            "#0f0",
            false,
        )
        .await
        .unwrap();
    let wa = store
        .insert_account(
            AccountKind::WhatsappCloud,
            "WhatsApp",
            "+34600000000",
            &AccountStatus::Active,
            None,
            ReopenPolicy::Reopen,
            &[ana, luis],
            t0(),
        )
        .await
        .unwrap();
    // Luis is not authorized for the mailbox
    let mail = store
        .insert_account(
            AccountKind::EmailImap,
            "Correo",
            "hola@x.es",
            &AccountStatus::Active,
            None,
            ReopenPolicy::Reopen,
            &[ana],
            t0(),
        )
        .await
        .unwrap();
    let tag_vip = store
        .insert_tag("VIP", "Best customers", "#eab308")
        .await
        .unwrap();
    Fx {
        _dir: dir,
        store,
        ana,
        luis,
        wa,
        mail,
        tag_vip,
    }
}

fn text(
    conv: i64,
    account: i64,
    dir: Direction,
    body: &str,
    pid: Option<&str>,
    at: DateTime<Utc>,
) -> NewMessage {
    NewMessage {
        conversation_id: conv,
        account_id: account,
        direction: dir,
        kind: MessageKind::Text,
        content: MessageContent::Text { body: body.into() },
        provider_id: pid.map(Into::into),
        author_member_id: None,
        sender: "x".into(),
        delivery: None,
        reply_to_provider_id: None,
        forwarded: false,
        created_at: at,
        automated: false,
    }
}

async fn contact_and_conv(
    s: &Store,
    name: &str,
    account: i64,
    status: ConversationStatus,
    at: DateTime<Utc>,
) -> (i64, i64) {
    let c = s
        .insert_contacts(
            &[NewContact {
                name: name.into(),
                identities: vec![],
                custom_fields: vec![],
                salesperson_id: None,
            }],
            at,
        )
        .await
        .unwrap()[0];
    let conv = s
        .insert_conversations(&[NewConversation {
            account_id: account,
            contact_id: c,
            subject: None,
            status,
            priority: Priority::Normal,
            assignee_id: None,
            snoozed_until: None,
            created_at: at,
        }])
        .await
        .unwrap()[0];
    (c, conv)
}

#[tokio::test]
async fn migrates_from_empty_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite");
    let s = Store::open(&path).await.unwrap();
    s.create_workspace("W", false, t0()).await.unwrap();
    s.close().await;
    let s = Store::open(&path).await.unwrap();
    assert_eq!(s.workspace().await.unwrap().unwrap().0.name, "W");
    s.check_integrity().await.unwrap();
    s.check_search_index().await.unwrap();
}

#[tokio::test]
async fn refuses_a_database_from_a_newer_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite");
    let s = Store::open(&path).await.unwrap();
    s.close().await;
    // what a future Bandeja would leave behind
    {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", path.display()))
            .await
            .unwrap();
        sqlx::query(&format!("PRAGMA user_version = {}", LATEST_VERSION + 1))
            .execute(&mut c)
            .await
            .unwrap();
        c.close().await.unwrap();
    }
    let err = Store::open(&path).await.unwrap_err();
    assert!(
        matches!(err, StoreError::NewerVersion { found, .. } if found == LATEST_VERSION + 1),
        "{err}"
    );
    assert!(err.to_string().contains("newer version of Bandeja"));
}

#[tokio::test]
async fn a_corrupt_file_is_reported_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.sqlite");
    std::fs::write(&path, vec![0x42u8; 8192]).unwrap();
    let err = Store::open(&path).await.unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("damaged"));
}

#[tokio::test]
async fn a_locked_database_gives_a_clear_error() {
    use sqlx::Connection;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.sqlite");
    let s = Store::open_with(
        &path,
        StoreOptions {
            busy_timeout: std::time::Duration::from_millis(200),
            readers: 1,
        },
    )
    .await
    .unwrap();
    let mut other = sqlx::SqliteConnection::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .unwrap();
    sqlx::query("INSERT INTO tags (name) VALUES ('held')")
        .execute(&mut other)
        .await
        .unwrap();
    let err = s.insert_tag("mine", "", "#000").await.unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    s.insert_tag("mine", "", "#000").await.unwrap();
}

#[tokio::test]
async fn insert_is_idempotent_on_provider_id() {
    let f = fixture().await;
    let (_, conv) = contact_and_conv(&f.store, "Marta", f.wa, ConversationStatus::Open, t0()).await;
    let m = text(
        conv,
        f.wa,
        Direction::Inbound,
        "hola",
        Some("wamid.1"),
        t0(),
    );
    let a = f
        .store
        .insert_messages(std::slice::from_ref(&m))
        .await
        .unwrap();
    let b = f.store.insert_messages(&[m.clone(), m]).await.unwrap();
    assert!(matches!(a[0], InsertOutcome::Inserted(_)));
    assert_eq!(
        b,
        vec![
            InsertOutcome::Duplicate(a[0].id()),
            InsertOutcome::Duplicate(a[0].id())
        ]
    );
    let c = f.store.conversation(f.ana, conv).await.unwrap();
    assert_eq!(c.unread, 1, "a duplicate does not count twice");
}

#[tokio::test]
async fn whatsapp_inbound_sets_the_window_email_does_not() {
    let f = fixture().await;
    let (_, wconv) =
        contact_and_conv(&f.store, "Marta", f.wa, ConversationStatus::Open, t0()).await;
    let (_, mconv) =
        contact_and_conv(&f.store, "Pablo", f.mail, ConversationStatus::Open, t0()).await;
    let at = t0() + Duration::hours(1);
    f.store
        .insert_messages(&[
            text(wconv, f.wa, Direction::Inbound, "hola", Some("w1"), at),
            text(
                wconv,
                f.wa,
                Direction::Outbound,
                "buenas",
                Some("w2"),
                at + Duration::minutes(1),
            ),
            text(
                mconv,
                f.mail,
                Direction::Inbound,
                "correo",
                Some("<m1@x>"),
                at,
            ),
        ])
        .await
        .unwrap();
    let w = f.store.conversation(f.ana, wconv).await.unwrap();
    assert_eq!(w.window_expires_at, Some(at + Duration::hours(24)));
    assert_eq!(w.preview, "buenas");
    assert_eq!(w.last_direction, Direction::Outbound);
    assert_eq!(w.unread, 1);
    let m = f.store.conversation(f.ana, mconv).await.unwrap();
    assert_eq!(m.window_expires_at, None);
}

#[tokio::test]
async fn search_index_follows_updates_and_deletes() {
    let f = fixture().await;
    let (contact, conv) = contact_and_conv(
        &f.store,
        "Marta Gómez",
        f.wa,
        ConversationStatus::Open,
        t0(),
    )
    .await;
    let ids = f
        .store
        .insert_messages(&[
            text(
                conv,
                f.wa,
                Direction::Inbound,
                "¿Tenéis el presupuesto del camión?",
                Some("a"),
                t0(),
            ),
            NewMessage {
                kind: MessageKind::Note,
                content: MessageContent::Note {
                    body: "llamar mañana".into(),
                },
                ..text(conv, f.wa, Direction::Outbound, "", None, t0())
            },
        ])
        .await
        .unwrap();
    // accents and case do not matter
    assert_eq!(f.store.search(f.ana, "camion", 10).await.unwrap().len(), 1);
    assert_eq!(
        f.store.search(f.ana, "PRESUP", 10).await.unwrap().len(),
        1,
        "prefix match"
    );
    f.store
        .edit_note(ids[1].id(), "enviar factura")
        .await
        .unwrap();
    assert!(f
        .store
        .search(f.ana, "llamar", 10)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        f.store.search(f.ana, "factura", 10).await.unwrap()[0].message_id,
        Some(ids[1].id())
    );
    f.store.delete_message(ids[0].id()).await.unwrap();
    assert!(f
        .store
        .search(f.ana, "camion", 10)
        .await
        .unwrap()
        .is_empty());
    f.store.rename_contact(contact, "Marta Ruiz").await.unwrap();
    let hits = f.store.search(f.ana, "ruiz", 10).await.unwrap();
    assert_eq!(hits[0].message_id, None);
    assert_eq!(hits[0].snippet, "Marta \u{e000}Ruiz\u{e001}");
    assert!(f.store.search(f.ana, "gomez", 10).await.unwrap().is_empty());
    f.store.check_search_index().await.unwrap();
}

#[tokio::test]
async fn fts_syntax_in_user_input_is_harmless() {
    let f = fixture().await;
    for q in ["\"", "OR", "a AND", "NEAR(", "*", "-x", "col:val", "())"] {
        f.store.search(f.ana, q, 10).await.unwrap();
        let mut filter = ConversationFilter::view(View::AllOpen);
        filter.text = Some(q.into());
        f.store
            .list_conversations(f.ana, &filter, t0(), None, 10)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn an_unauthorized_member_reaches_nothing() {
    let f = fixture().await;
    let (_, conv) =
        contact_and_conv(&f.store, "Secreto", f.mail, ConversationStatus::Open, t0()).await;
    f.store
        .insert_messages(&[text(
            conv,
            f.mail,
            Direction::Inbound,
            "confidencial",
            Some("<s@x>"),
            t0(),
        )])
        .await
        .unwrap();
    let all = ConversationFilter::view(View::AllOpen);
    assert_eq!(
        f.store
            .list_conversations(f.ana, &all, t0(), None, 50)
            .await
            .unwrap()
            .0
            .len(),
        1
    );
    assert!(f
        .store
        .list_conversations(f.luis, &all, t0(), None, 50)
        .await
        .unwrap()
        .0
        .is_empty());
    assert!(matches!(
        f.store.conversation(f.luis, conv).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(f
        .store
        .messages_page(f.luis, conv, None, 50)
        .await
        .unwrap()
        .0
        .is_empty());
    assert!(f
        .store
        .search(f.luis, "confidencial", 10)
        .await
        .unwrap()
        .is_empty());
    assert!(f
        .store
        .search(f.luis, "secreto", 10)
        .await
        .unwrap()
        .is_empty());
    let c = f.store.counts(f.luis).await.unwrap();
    assert_eq!((c.all_open, c.unread_by_account.len()), (0, 0));
    assert_eq!(f.store.accounts(Some(f.luis)).await.unwrap().len(), 1);
}

#[tokio::test]
async fn views_filters_and_paging() {
    let f = fixture().await;
    let mut convs = vec![];
    for i in 0..30 {
        let status = match i % 3 {
            0 => ConversationStatus::Open,
            1 => ConversationStatus::Resolved,
            _ => ConversationStatus::Snoozed,
        };
        let acc = if i % 2 == 0 { f.wa } else { f.mail };
        let (_, conv) =
            contact_and_conv(&f.store, &format!("Cliente {i}"), acc, status, t0()).await;
        let dir = Direction::Inbound;
        f.store
            .insert_messages(&[text(
                conv,
                acc,
                dir,
                &format!("mensaje {i}"),
                Some(&format!("p{i}")),
                t0() + Duration::minutes(i),
            )])
            .await
            .unwrap();
        convs.push(conv);
    }
    f.store
        .tag_conversation(convs[0], f.tag_vip, Some(f.ana), t0())
        .await
        .unwrap();
    f.store
        .tag_conversation(convs[3], f.tag_vip, Some(f.ana), t0())
        .await
        .unwrap();
    let now = t0() + Duration::hours(2);
    let list = |filter: ConversationFilter| {
        let s = f.store.clone();
        async move {
            s.list_conversations(f.ana, &filter, now, None, 100)
                .await
                .unwrap()
                .0
        }
    };
    assert_eq!(
        list(ConversationFilter::view(View::AllOpen)).await.len(),
        10
    );
    assert_eq!(
        list(ConversationFilter::view(View::Resolved)).await.len(),
        10
    );
    assert_eq!(
        list(ConversationFilter::view(View::Snoozed)).await.len(),
        10
    );
    assert_eq!(
        list(ConversationFilter::view(View::Unassigned)).await.len(),
        10
    );
    assert_eq!(list(ConversationFilter::view(View::Mine)).await.len(), 0);
    let mut by_tag = ConversationFilter::view(View::AllOpen);
    by_tag.tag_id = Some(f.tag_vip);
    let tagged = list(by_tag).await;
    assert_eq!(
        tagged.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![convs[3], convs[0]]
    );
    assert_eq!(tagged[0].tag_ids, vec![f.tag_vip]);
    let mut wa_only = ConversationFilter::view(View::AllOpen);
    wa_only.channel = Some(ChannelKind::Whatsapp);
    assert!(list(wa_only)
        .await
        .iter()
        .all(|c| c.account_kind == AccountKind::WhatsappCloud));
    let mut open_window = ConversationFilter::view(View::AllOpen);
    open_window.window = Some(WindowFilter::Open);
    assert_eq!(list(open_window).await.len(), 5);
    let mut closed_window = ConversationFilter::view(View::AllOpen);
    closed_window.window = Some(WindowFilter::Closed);
    assert_eq!(list(closed_window.clone()).await.len(), 0);
    let later = t0() + Duration::days(2);
    assert_eq!(
        f.store
            .list_conversations(f.ana, &closed_window, later, None, 100)
            .await
            .unwrap()
            .0
            .len(),
        5
    );
    let mut by_text = ConversationFilter::view(View::AllOpen);
    by_text.text = Some("mensaje 12".into());
    assert_eq!(
        list(by_text).await.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![convs[12]]
    );
    let mut by_name = ConversationFilter::view(View::Resolved);
    by_name.text = Some("cliente 1".into());
    assert!(list(by_name).await.iter().any(|c| c.id == convs[1]));
    // keyset paging visits every conversation once, newest first
    let all = ConversationFilter::view(View::AllOpen);
    let mut seen = vec![];
    let mut cursor: Option<String> = None;
    loop {
        let (page, next) = f
            .store
            .list_conversations(f.ana, &all, now, cursor.as_deref(), 3)
            .await
            .unwrap();
        seen.extend(page.iter().map(|c| c.last_message_at));
        match next {
            Some(n) => cursor = Some(n),
            None => break,
        }
    }
    assert_eq!(seen.len(), 10);
    assert!(seen.windows(2).all(|w| w[0] >= w[1]));
    assert!(matches!(
        f.store
            .list_conversations(f.ana, &all, now, Some("garbage"), 3)
            .await,
        Err(StoreError::InvalidData(_))
    ));
    let counts = f.store.counts(f.ana).await.unwrap();
    assert_eq!(
        (counts.all_open, counts.snoozed, counts.resolved),
        (10, 10, 10)
    );
    assert_eq!(counts.open_by_tag, vec![(f.tag_vip, 2)]);
}

#[tokio::test]
async fn messages_page_backwards_with_reactions_and_replies() {
    let f = fixture().await;
    let (_, conv) = contact_and_conv(&f.store, "Marta", f.wa, ConversationStatus::Open, t0()).await;
    let batch: Vec<_> = (0..25)
        .map(|i| {
            text(
                conv,
                f.wa,
                Direction::Inbound,
                &format!("m{i}"),
                Some(&format!("id{i}")),
                t0() + Duration::seconds(i),
            )
        })
        .collect();
    let ids = f.store.insert_messages(&batch).await.unwrap();
    let mut reply = text(
        conv,
        f.wa,
        Direction::Outbound,
        "respuesta",
        Some("id-r"),
        t0() + Duration::minutes(5),
    );
    reply.reply_to_provider_id = Some("id3".into());
    reply.delivery = Some(DeliveryState::Read);
    f.store.insert_messages(&[reply]).await.unwrap();
    f.store
        .add_reaction(ids[24].id(), None, "👍", t0())
        .await
        .unwrap();
    f.store
        .add_reaction(ids[24].id(), None, "❤️", t0())
        .await
        .unwrap();
    let (page, before) = f.store.messages_page(f.ana, conv, None, 10).await.unwrap();
    assert_eq!(page.len(), 10);
    let last = page.last().unwrap();
    assert_eq!(last.reply_to, Some((Some(ids[3].id()), "m3".into())));
    assert_eq!(last.delivery, Some(DeliveryState::Read));
    let m24 = page.iter().find(|m| m.id == ids[24].id()).unwrap();
    assert_eq!(
        m24.reactions,
        vec![ReactionRecord {
            emoji: "❤️".into(),
            member_id: None
        }],
        "a new reaction replaces the old one"
    );
    let (older, _) = f
        .store
        .messages_page(f.ana, conv, before.as_deref(), 10)
        .await
        .unwrap();
    assert_eq!(older.last().unwrap().text.as_deref(), Some("m15"));
    assert!(older.first().unwrap().created_at < page.first().unwrap().created_at);
}

#[tokio::test]
async fn a_message_of_unknown_kind_is_shown_as_unsupported() {
    use sqlx::Connection;
    let f = fixture().await;
    let (_, conv) = contact_and_conv(&f.store, "Marta", f.wa, ConversationStatus::Open, t0()).await;
    let path = f.store.path().to_path_buf();
    let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    sqlx::query("INSERT INTO messages (conversation_id, account_id, direction, kind, content, created_at) VALUES (?, ?, 'inbound', 'poll', '{\"question\":\"?\"}', 1)")
        .bind(conv)
        .bind(f.wa)
        .execute(&mut c)
        .await
        .unwrap();
    sqlx::query("INSERT INTO messages (conversation_id, account_id, direction, kind, content, created_at) VALUES (?, ?, 'inbound', 'text', 'not json', 2)")
        .bind(conv)
        .bind(f.wa)
        .execute(&mut c)
        .await
        .unwrap();
    let (page, _) = f.store.messages_page(f.ana, conv, None, 10).await.unwrap();
    assert_eq!(page.len(), 2);
    assert!(page.iter().all(|m| m.kind == MessageKind::Unsupported));
    assert!(
        matches!(&page[0].content, MessageContent::Unsupported { reason } if reason.contains("poll"))
    );
}

#[tokio::test]
async fn sidebar_counters_always_equal_a_full_recount() {
    use sqlx::Connection;
    let f = fixture().await;
    let tag2 = f.store.insert_tag("Urgente", "", "#f00").await.unwrap();
    let mut convs = vec![];
    for i in 0..12 {
        let acc = if i % 3 == 0 { f.mail } else { f.wa };
        let (_, conv) = contact_and_conv(
            &f.store,
            &format!("C{i}"),
            acc,
            ConversationStatus::Open,
            t0(),
        )
        .await;
        f.store
            .insert_messages(&[text(
                conv,
                acc,
                Direction::Inbound,
                "hola",
                Some(&format!("x{i}")),
                t0(),
            )])
            .await
            .unwrap();
        f.store
            .tag_conversation(conv, f.tag_vip, None, t0())
            .await
            .unwrap();
        if i % 2 == 0 {
            f.store
                .tag_conversation(conv, tag2, None, t0())
                .await
                .unwrap();
        }
        convs.push(conv);
    }
    let check = || async {
        for m in [f.ana, f.luis] {
            assert_eq!(
                f.store.counts(m).await.unwrap(),
                f.store.counts_recomputed(m).await.unwrap()
            );
        }
    };
    check().await;
    // status, assignee, unread, tag and deletion changes, done the raw way
    let path = f.store.path().to_path_buf();
    let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    let steps = [
        format!(
            "UPDATE conversations SET status = 'resolved' WHERE id = {}",
            convs[0]
        ),
        format!(
            "UPDATE conversations SET status = 'snoozed', assignee_id = {} WHERE id = {}",
            f.luis, convs[1]
        ),
        format!(
            "UPDATE conversations SET assignee_id = {} WHERE id = {}",
            f.ana, convs[2]
        ),
        format!(
            "UPDATE conversations SET status = 'pending' WHERE id = {}",
            convs[3]
        ),
        format!(
            "UPDATE conversations SET status = 'open' WHERE id = {}",
            convs[0]
        ),
        format!(
            "DELETE FROM conversation_tags WHERE conversation_id = {} AND tag_id = {}",
            convs[4], f.tag_vip
        ),
        format!("DELETE FROM conversations WHERE id = {}", convs[5]),
        format!("DELETE FROM members WHERE id = {}", f.luis),
    ];
    for (i, sql) in steps.iter().enumerate() {
        sqlx::query(sql).execute(&mut c).await.unwrap();
        if i == 2 {
            f.store.mark_read(convs[6]).await.unwrap();
        }
        check().await;
    }
}

#[tokio::test]
async fn batch_ids_match_their_rows_with_and_without_duplicates() {
    let f = fixture().await;
    let (_, conv) = contact_and_conv(&f.store, "Marta", f.wa, ConversationStatus::Open, t0()).await;
    let mk = |i: usize| {
        text(
            conv,
            f.wa,
            Direction::Inbound,
            &format!("body {i}"),
            Some(&format!("w{i}")),
            t0() + Duration::seconds(i as i64),
        )
    };
    let first: Vec<_> = (0..700).map(mk).collect();
    let out = f.store.insert_messages(&first).await.unwrap();
    // a redelivery mixing known and new messages, with an in-batch duplicate
    let second: Vec<_> = [650, 700, 3, 701, 700, 702].into_iter().map(mk).collect();
    let out2 = f.store.insert_messages(&second).await.unwrap();
    assert!(matches!(out2[0], InsertOutcome::Duplicate(id) if id == out[650].id()));
    assert!(matches!(out2[1], InsertOutcome::Inserted(_)));
    assert!(matches!(out2[2], InsertOutcome::Duplicate(id) if id == out[3].id()));
    assert!(matches!(out2[4], InsertOutcome::Duplicate(id) if id == out2[1].id()));
    let (page, _) = f.store.messages_page(f.ana, conv, None, 500).await.unwrap();
    let by_id: std::collections::HashMap<i64, String> =
        page.into_iter().map(|m| (m.id, m.text.unwrap())).collect();
    for (i, o) in out.iter().enumerate().skip(300) {
        assert_eq!(by_id[&o.id()], format!("body {i}"));
    }
    assert_eq!(by_id[&out2[3].id()], "body 701");
    assert_eq!(by_id[&out2[5].id()], "body 702");
}
