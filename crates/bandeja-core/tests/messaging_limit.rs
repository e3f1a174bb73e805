//! Meta's messaging limit counted before sending: a number on TIER_50 may
//! start conversations (templates outside the window) with 50 different
//! customers per rolling 24 h; the 51st is refused with a clear reason,
//! while a customer already reached today, or one inside the window, is not
//! held back, and the count frees up 24 h later.

use bandeja_core::*;
use bandeja_domain::inbound::*;
use bandeja_domain::*;
use bandeja_store::{View, WaTemplateData};
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::json;

const PHONE_ID: &str = "200000000000002";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 12, 0, 0).unwrap()
}

fn hello(n: usize, at: DateTime<Utc>) -> InboundEvent {
    InboundEvent::Message(InboundMessage {
        account: AccountRef {
            provider_account_id: PHONE_ID.into(),
            display_address: None,
        },
        provider_id: format!("wamid.in.{n}.{}", at.timestamp()),
        from: SenderRef {
            wa_id: Some(format!("3460000{n:04}")),
            profile_name: Some(format!("Cliente {n}")),
            ..SenderRef::default()
        },
        timestamp: at,
        kind: MessageKind::Text,
        content: MessageContent::Text {
            body: "Hola".into(),
        },
        media: None,
        reply_to: None,
        forwarded: false,
        frequently_forwarded: false,
        referral: None,
    })
}

#[tokio::test]
async fn business_initiated_sends_stop_at_the_tier_and_free_up_after_a_day() {
    let t = bandeja_testkit::TestWorkspace::new(t0()).await;
    let account = t.whatsapp_account(PHONE_ID, ReopenPolicy::Reopen).await;
    let ws = t.core.workspace().await;
    ws.store
        .patch_account_settings(account, &json!({"messaging_limit_tier": "TIER_50"}))
        .await
        .unwrap();
    let template = ws
        .store
        .upsert_wa_template(
            account,
            &WaTemplateData {
                provider_id: Some("1".into()),
                name: "seguimiento".into(),
                language: "es".into(),
                category: "MARKETING".into(),
                status: "APPROVED".into(),
                reason: None,
                quality: None,
                components: json!([{"type": "BODY", "text": "¿Seguimos con su pedido?"}]),
            },
            t0(),
        )
        .await
        .unwrap();
    let events = (0..52).map(|n| hello(n, t0())).collect();
    t.core
        .ingest(&[AccountKind::WhatsappCloud], events)
        .await
        .unwrap();
    // two days later every window is closed
    t.clock.advance(Duration::hours(48));
    let convs = bandeja_testkit::conversations(&t.core, View::AllOpen).await;
    assert_eq!(convs.len(), 52);
    for c in &convs[..50] {
        t.core.send_template(c.id, template, vec![]).await.unwrap();
    }
    let ((used, _), limit) = t.core.business_initiated_use(account, None).await.unwrap();
    assert_eq!((used, limit), (50, Some(50)));
    let e = t
        .core
        .send_template(convs[50].id, template, vec![])
        .await
        .unwrap_err();
    assert_eq!(
        e.downcast_ref::<SendRefused>(),
        Some(&SendRefused::MessagingLimit {
            used: 50,
            limit: 50
        })
    );
    // a customer already reached today costs nothing more
    t.core
        .send_template(convs[0].id, template, vec![])
        .await
        .unwrap();
    // a customer inside the window is not business-initiated
    t.core
        .ingest(&[AccountKind::WhatsappCloud], vec![hello(51, t.core.now())])
        .await
        .unwrap();
    let c51 = bandeja_testkit::conversations(&t.core, View::AllOpen)
        .await
        .into_iter()
        .find(|c| c.contact_name == "Cliente 51")
        .unwrap();
    t.core
        .send_template(c51.id, template, vec![])
        .await
        .unwrap();
    // a day later the count is free again
    t.clock.advance(Duration::hours(24) + Duration::seconds(1));
    t.core
        .send_template(convs[50].id, template, vec![])
        .await
        .unwrap();
}

#[tokio::test]
async fn the_monthly_plan_stops_new_conversations_but_never_customers() {
    let t = bandeja_testkit::TestWorkspace::new(t0()).await;
    let account = t.whatsapp_account(PHONE_ID, ReopenPolicy::Reopen).await;
    let ws = t.core.workspace().await;
    let template = ws
        .store
        .upsert_wa_template(
            account,
            &WaTemplateData {
                provider_id: Some("1".into()),
                name: "seguimiento".into(),
                language: "es".into(),
                category: "UTILITY".into(),
                status: "APPROVED".into(),
                reason: None,
                quality: None,
                components: json!([{"type": "BODY", "text": "¿Seguimos?"}]),
            },
            t0(),
        )
        .await
        .unwrap();
    t.core.set_plan_limit(Some(3)).await.unwrap();
    // four customers write: all are stored, over the plan or not
    let events = (0..4).map(|n| hello(n, t0())).collect();
    t.core
        .ingest(&[AccountKind::WhatsappCloud], events)
        .await
        .unwrap();
    assert_eq!(t.core.plan_use().await.unwrap(), (4, Some(3)));
    t.clock.advance(Duration::hours(30));
    let convs = bandeja_testkit::conversations(&t.core, View::AllOpen).await;
    assert_eq!(convs.len(), 4);
    // starting one more (a template outside the window) is refused
    let e = t
        .core
        .send_template(convs[0].id, template, vec![])
        .await
        .unwrap_err();
    assert_eq!(
        e.downcast_ref::<SendRefused>(),
        Some(&SendRefused::PlanQuota { used: 4, limit: 3 })
    );
    assert!(e.to_string().contains("plan allows 3"), "{e}");
    // raising the plan lets it go
    t.core.set_plan_limit(Some(10)).await.unwrap();
    t.core
        .send_template(convs[0].id, template, vec![])
        .await
        .unwrap();
    // the first of next month the count starts again
    t.core.set_plan_limit(Some(3)).await.unwrap();
    t.clock.set("2026-10-01T00:00:00Z".parse().unwrap());
    assert_eq!(t.core.plan_use().await.unwrap(), (0, Some(3)));
    t.core
        .send_template(convs[1].id, template, vec![])
        .await
        .unwrap();
}
