//! The WhatsApp tables against real SQLite files: attachments from
//! announcement to file (or failure), Meta's templates through sync, submit
//! and review webhooks, and retrying a failed send — each only for members
//! authorized for the account.

use bandeja_domain::inbound::MediaRef;
use bandeja_domain::*;
use bandeja_store::*;
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::json;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap()
}

struct Fx {
    _dir: tempfile::TempDir,
    store: Store,
    ana: i64,
    outsider: i64,
    wa: i64,
    conv: i64,
}

async fn fixture() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("ws.sqlite")).await.unwrap();
    store.create_workspace("W", false, t0()).await.unwrap();
    let member = |name: &'static str, me: bool| {
        let store = store.clone();
        async move {
            store
                .insert_member(
                    name,
                    &format!("{name}@x.es"),
                    Role::Agent,
                    Availability::Online,
                    None,
                    "#000",
                    me,
                )
                .await
                .unwrap()
        }
    };
    let ana = member("Ana", true).await;
    let outsider = member("Otro", false).await;
    let wa = store
        .insert_account(
            AccountKind::WhatsappCloud,
            "WhatsApp",
            "+34600000000",
            &AccountStatus::Active,
            None,
            ReopenPolicy::Reopen,
            &[ana],
            t0(),
        )
        .await
        .unwrap();
    store
        .patch_account_settings(wa, &json!({"waba_id": "100000000000001"}))
        .await
        .unwrap();
    let contact = store
        .insert_contacts(
            &[NewContact {
                name: "Lucía".into(),
                identities: vec![],
                custom_fields: vec![],
                salesperson_id: None,
            }],
            t0(),
        )
        .await
        .unwrap()[0];
    let conv = store
        .insert_conversations(&[NewConversation {
            account_id: wa,
            contact_id: contact,
            subject: None,
            status: ConversationStatus::Open,
            priority: Priority::Normal,
            assignee_id: None,
            snoozed_until: None,
            created_at: t0(),
        }])
        .await
        .unwrap()[0];
    Fx {
        _dir: dir,
        store,
        ana,
        outsider,
        wa,
        conv,
    }
}

fn image(conv: i64, account: i64, pid: &str) -> NewMessage {
    NewMessage {
        conversation_id: conv,
        account_id: account,
        direction: Direction::Inbound,
        kind: MessageKind::Image,
        content: MessageContent::Media {
            caption: Some("la rueda".into()),
            mime: "image/jpeg".into(),
            filename: None,
            size: None,
            duration_secs: None,
        },
        provider_id: Some(pid.into()),
        author_member_id: None,
        sender: "Lucía".into(),
        delivery: None,
        reply_to_provider_id: None,
        forwarded: false,
        created_at: t0(),
        automated: false,
    }
}

#[tokio::test]
async fn announced_media_is_fetched_then_shown_or_failed_with_its_reason() {
    let f = fixture().await;
    let mut tx = f.store.begin_ingest().await.unwrap();
    let id = tx
        .insert_messages(&[image(f.conv, f.wa, "wamid.1")])
        .await
        .unwrap()[0]
        .id();
    let media = MediaRef {
        media_id: "900001".into(),
        mime: "image/jpeg".into(),
        sha256: Some("abc".into()),
        url: None,
    };
    tx.insert_media(id, f.wa, &media).await.unwrap();
    // the same announcement again changes nothing
    tx.insert_media(id, f.wa, &media).await.unwrap();
    tx.commit().await.unwrap();

    let due = f.store.media_due(t0(), 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(
        (due[0].provider_ref.as_str(), due[0].attempts),
        ("900001", 0)
    );
    let shown = |f: &Fx| {
        let s = f.store.clone();
        let (me, conv) = (f.ana, f.conv);
        async move {
            s.messages_page(me, conv, None, 10).await.unwrap().0[0]
                .media
                .clone()
                .unwrap()
        }
    };
    assert_eq!(shown(&f).await.state, "pending");
    assert!(f.store.media_file(f.ana, id).await.unwrap().is_none());

    // a failed try waits for its retry time
    f.store
        .media_failed(id, "URL expired", Some(t0() + Duration::seconds(4)))
        .await
        .unwrap();
    assert!(f.store.media_due(t0(), 10).await.unwrap().is_empty());
    assert_eq!(
        f.store
            .media_due(t0() + Duration::seconds(5), 10)
            .await
            .unwrap()[0]
            .attempts,
        1
    );
    // giving up shows the reason; a member's Retry makes it due again
    f.store
        .media_failed(id, "Media not found", None)
        .await
        .unwrap();
    let m = shown(&f).await;
    assert_eq!(
        (m.state.as_str(), m.error.as_deref()),
        ("failed", Some("Media not found"))
    );
    assert!(
        !f.store.media_retry(f.outsider, id, t0()).await.unwrap(),
        "not their account"
    );
    assert!(f.store.media_retry(f.ana, id, t0()).await.unwrap());
    assert_eq!(f.store.media_due(t0(), 10).await.unwrap().len(), 1);

    f.store
        .media_ready(id, &format!("{id}.jpg"), 2048, "image/jpeg")
        .await
        .unwrap();
    assert_eq!(shown(&f).await.state, "ready");
    let file = f.store.media_file(f.ana, id).await.unwrap().unwrap();
    assert_eq!(
        (file.file, file.mime),
        (format!("{id}.jpg"), "image/jpeg".to_string())
    );
    assert!(f.store.media_file(f.outsider, id).await.unwrap().is_none());
    assert!(f
        .store
        .media_due(t0() + Duration::days(1), 10)
        .await
        .unwrap()
        .is_empty());
}

fn tpl(name: &str, lang: &str, status: &str) -> WaTemplateData {
    WaTemplateData {
        provider_id: Some(format!("id-{name}")),
        name: name.into(),
        language: lang.into(),
        category: "UTILITY".into(),
        status: status.into(),
        reason: None,
        quality: None,
        components: json!([{"type": "BODY", "text": "Hola {{1}}"}]),
    }
}

#[tokio::test]
async fn templates_follow_sync_submit_and_reviews() {
    let f = fixture().await;
    let all = [
        tpl("cita", "es", "APPROVED"),
        tpl("cita", "en_US", "APPROVED"),
        tpl("old", "es", "APPROVED"),
    ];
    f.store
        .replace_wa_templates(f.wa, &all, t0())
        .await
        .unwrap();
    assert_eq!(f.store.wa_templates(f.ana, f.wa).await.unwrap().len(), 3);
    assert!(f
        .store
        .wa_templates(f.outsider, f.wa)
        .await
        .unwrap()
        .is_empty());
    // a later sync drops what Meta no longer has and keeps row ids
    let before = f.store.wa_templates(f.ana, f.wa).await.unwrap();
    f.store
        .replace_wa_templates(f.wa, &all[..2], t0())
        .await
        .unwrap();
    let after = f.store.wa_templates(f.ana, f.wa).await.unwrap();
    assert_eq!(after.len(), 2);
    assert_eq!(after[0].id, before[0].id);

    let id = f
        .store
        .upsert_wa_template(f.wa, &tpl("nueva", "es", "PENDING"), t0())
        .await
        .unwrap();
    // Meta's review arrives as a webhook for the WABA
    let mut tx = f.store.begin_ingest().await.unwrap();
    let n = tx
        .set_wa_template_status(
            "100000000000001",
            "nueva",
            "es",
            "REJECTED",
            Some("INVALID_FORMAT"),
            t0(),
        )
        .await
        .unwrap();
    assert_eq!(n, 1);
    let other_waba = tx
        .set_wa_template_status("999", "nueva", "es", "APPROVED", None, t0())
        .await
        .unwrap();
    assert_eq!(other_waba, 0);
    tx.commit().await.unwrap();
    let t = f.store.wa_template(f.ana, id).await.unwrap();
    assert_eq!(
        (t.status.as_str(), t.reason.as_deref()),
        ("REJECTED", Some("INVALID_FORMAT"))
    );
    assert!(f.store.wa_template(f.outsider, id).await.is_err());

    f.store
        .set_sync_state(f.wa, "templates_synced_at", "x", t0())
        .await
        .unwrap();
    f.store
        .set_sync_state(f.wa, "templates_synced_at", "y", t0())
        .await
        .unwrap();
    assert_eq!(
        f.store
            .sync_state(f.wa, "templates_synced_at")
            .await
            .unwrap()
            .as_deref(),
        Some("y")
    );
}

#[tokio::test]
async fn a_failed_send_can_be_queued_again_once() {
    let f = fixture().await;
    let mut m = image(f.conv, f.wa, "x");
    m.provider_id = None;
    m.direction = Direction::Outbound;
    m.delivery = Some(DeliveryState::Pending);
    let (message_id, _) = f
        .store
        .enqueue(&m, &json!({"type": "text"}), t0())
        .await
        .unwrap();
    assert!(
        !f.store
            .outbox_requeue(f.ana, message_id, t0())
            .await
            .unwrap(),
        "not failed yet"
    );
    let item = f.store.claim_due(t0(), 10).await.unwrap().remove(0);
    f.store
        .outbox_failed(&item, 131047, "Re-engagement message")
        .await
        .unwrap();
    assert!(!f
        .store
        .outbox_requeue(f.outsider, message_id, t0())
        .await
        .unwrap());
    assert!(f
        .store
        .outbox_requeue(f.ana, message_id, t0())
        .await
        .unwrap());
    let shown = f
        .store
        .messages_page(f.ana, f.conv, None, 10)
        .await
        .unwrap()
        .0;
    assert_eq!(shown[0].delivery, Some(DeliveryState::Pending));
    let again = f.store.claim_due(t0(), 10).await.unwrap();
    assert_eq!((again.len(), again[0].attempts), (1, 1));
}
