//! A WhatsApp number connected the way a member does it (credentials tested
//! against the Graph API, secrets kept, webhook keys from the connection),
//! then everything beyond text against the simulator: media in and out,
//! reactions, Meta's templates (sync, send after the window closed, submit
//! and review), an expired token and the reconnect.

use std::net::SocketAddr;
use std::time::Duration;

use bandeja_core::{Attachment, Core, ProviderRefused, SendRefused, WhatsappCredentials};
use bandeja_domain::wa_template::{TemplateCategory, TemplateDraft};
use bandeja_domain::{AccountStatus, DeliveryState, MessageKind};
use bandeja_sim::{Config, Inbound, StatusPlan};
use bandeja_store::View;
use bandeja_testkit::{conversations, messages, TestWorkspace, PHONE_ID};
use chrono::{TimeZone, Utc};

async fn eventually<F, Fut>(what: &str, f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    bandeja_testkit::eventually(what, 300, f).await
}

fn inbound(v: serde_json::Value) -> Inbound {
    serde_json::from_value(v).expect("a scripted inbound message")
}

/// Send what is queued and fetch what was announced, as the app's loops do.
async fn work(core: &Core) {
    while core
        .run_outbox_once(core.whatsapp().as_ref())
        .await
        .unwrap()
        > 0
    {}
    while core.fetch_media_once().await.unwrap() > 0 {}
}

fn image_bytes() -> Vec<u8> {
    // a real 1x1 PNG
    vec![
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0,
        0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0a, 0x49, 0x44,
        0x41, 0x54, 0x78, 0x9c, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0d, 0x0a, 0x2d, 0xb4, 0, 0, 0, 0,
        0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connected_number_does_everything_beyond_text() {
    let config = Config::default();
    let (app_id, app_secret, waba) = (
        config.app_id.clone(),
        config.app_secret.clone(),
        config.waba_id.clone(),
    );
    let (_addr, server) = bandeja_sim::serve(config).await.unwrap();
    let sim = server.sim().clone();
    let t = TestWorkspace::new(Utc.timestamp_opt(sim.now(), 0).unwrap()).await;
    let (core, clock) = (t.core.clone(), t.clock.clone());
    core.set_graph_url(&server.url());
    let (recv, _task) = bandeja_webhooks::serve(
        core.clone(),
        bandeja_webhooks::ReceiverConfig::connected_numbers(),
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await
    .unwrap();
    let hook = format!("http://{recv}/webhooks/whatsapp");
    sim.set_webhook_url(Some(hook.clone()));

    // 1. wrong credentials are refused before anything is saved
    let mut creds = WhatsappCredentials {
        app_id,
        app_secret,
        waba_id: waba,
        phone_number_id: PHONE_ID.into(),
        access_token: "not-a-valid-token".into(),
    };
    let e = core.connect_whatsapp(creds.clone()).await.unwrap_err();
    assert!(
        e.downcast_ref::<ProviderRefused>()
            .is_some_and(|r| r.reconnect),
        "{e:#}"
    );
    assert!(core
        .workspace()
        .await
        .store
        .accounts(None)
        .await
        .unwrap()
        .is_empty());
    creds.access_token = "bandeja-sim-token".into();
    let info = core.test_whatsapp(&creds).await.unwrap();
    assert_eq!(info.verified_name, "Tienda Ejemplo");
    let account = core.connect_whatsapp(creds.clone()).await.unwrap();
    let conn = core.connection_info(account).await.unwrap();
    assert!(conn.connected_here && conn.verify_token.len() >= 16);
    assert_eq!(conn.last_event_at, None);
    assert_eq!(conn.secrets_backend, "memory only (nothing is saved)");

    // Meta's handshake with the verify token of the connection
    sim.handshake(Some(&hook), Some(&conn.verify_token))
        .await
        .unwrap();
    assert!(sim.handshake(Some(&hook), Some("wrong")).await.is_err());

    // 2. templates were synced after connecting
    let ws = core.workspace().await;
    eventually("templates synced", || async {
        ws.store.wa_templates(t.me, account).await.unwrap().len() >= 4
    })
    .await;

    // 3. a photo and a voice note arrive; their files are fetched
    let png = image_bytes();
    sim.inbound(Inbound::text("15550100123", "Hola, mire la rueda").named("Ana Ruiz"))
        .unwrap();
    let img = sim
        .inbound(
            inbound(serde_json::json!({"from": "15550100123", "type": "image",
                "image": {"mime_type": "image/png", "caption": "la rueda"}}))
            .with_media_bytes(&png),
        )
        .unwrap();
    let voice_in = sim
        .inbound(
            inbound(serde_json::json!({"from": "15550100123", "type": "audio",
            "audio": {"mime_type": "audio/ogg; codecs=opus", "voice": true}}))
            .with_media_bytes(b"OggS-voice"),
        )
        .unwrap();
    let list = || conversations(&core, View::AllOpen);
    eventually("three messages", || async {
        match list().await.first() {
            Some(c) => messages(&core, c.id).await.len() == 3,
            None => false,
        }
    })
    .await;
    let conv = list().await[0].id;
    // the connection page can now say that Meta's webhooks arrive here
    assert!(core
        .connection_info(account)
        .await
        .unwrap()
        .last_event_at
        .is_some());
    work(&core).await;
    let msgs = messages(&core, conv).await;
    let photo = msgs.iter().find(|m| m.kind == MessageKind::Image).unwrap();
    assert_eq!(photo.media.as_ref().unwrap().state, "ready");
    let file = ws.store.media_file(t.me, photo.id).await.unwrap().unwrap();
    assert_eq!(
        std::fs::read(core.media_path(&file.file).await).unwrap(),
        png
    );
    let voice = msgs.iter().find(|m| m.kind == MessageKind::Voice).unwrap();
    assert_eq!(voice.media.as_ref().unwrap().state, "ready");
    assert!(img.media_id.is_some());

    // opening the conversation sends blue ticks for the customer's latest message
    core.mark_read(conv).await.unwrap();
    eventually("a read receipt", || async { !sim.read_marks().is_empty() }).await;
    assert_eq!(sim.read_marks()[0].message_id, voice_in.id);
    core.mark_read(conv).await.unwrap(); // nothing unread: no second receipt
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(sim.read_marks().len(), 1);

    // 4. the customer reacts; the agent reacts back
    sim.inbound(inbound(
        serde_json::json!({"from": "15550100123", "type": "reaction",
        "reaction": {"message_id": img.id, "emoji": "❤️"}}),
    ))
    .unwrap();
    eventually("the customer's reaction", || async {
        messages(&core, conv)
            .await
            .iter()
            .any(|m| m.reactions.iter().any(|r| r.emoji == "❤️"))
    })
    .await;
    core.react(photo.id, Some("👍".into())).await.unwrap();
    let sent = sim.outbound();
    assert_eq!(sent.last().unwrap().kind, "reaction");

    // 5. the agent sends a photo: uploaded, then sent by media id
    core.send_media(
        conv,
        Attachment {
            filename: "presupuesto.png".into(),
            mime: "image/png".into(),
            bytes: png.clone(),
        },
        Some("Su presupuesto".into()),
        None,
    )
    .await
    .unwrap();
    work(&core).await;
    let last = sim.outbound().last().unwrap().clone();
    assert_eq!(last.kind, "image");
    // too big for WhatsApp: refused at once, nothing queued
    let e = core
        .send_media(
            conv,
            Attachment {
                filename: "big.png".into(),
                mime: "image/png".into(),
                bytes: vec![0; 6 * 1024 * 1024],
            },
            None,
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(
        e.downcast_ref::<SendRefused>(),
        Some(SendRefused::Media(_))
    ));

    // 6. a day later: free-form refused, an approved template restarts it
    sim.advance(Duration::from_secs(25 * 3600));
    clock.advance(chrono::Duration::hours(25));
    let e = core.send_text(conv, "¿Sigue ahí?", None).await.unwrap_err();
    assert_eq!(
        e.downcast_ref::<SendRefused>(),
        Some(&SendRefused::WindowClosed)
    );
    let tpls = ws.store.wa_templates(t.me, account).await.unwrap();
    let pedido = tpls.iter().find(|t| t.name == "pedido_enviado").unwrap();
    let rejected = tpls.iter().find(|t| t.name == "promo_otono").unwrap();
    let e = core
        .send_template(conv, rejected.id, vec![])
        .await
        .unwrap_err();
    assert!(matches!(
        e.downcast_ref::<SendRefused>(),
        Some(SendRefused::TemplateNotApproved { .. })
    ));
    // an image header needs a file: refused, never sent half-filled
    let e = core
        .send_template(
            conv,
            pedido.id,
            vec!["Ana".into(), "A-1042".into(), "7781".into()],
        )
        .await
        .unwrap_err();
    assert!(matches!(
        e.downcast_ref::<SendRefused>(),
        Some(SendRefused::TemplateNeedsMedia { .. })
    ));
    let carrito = tpls
        .iter()
        .find(|t| t.name == "recordatorio_carrito")
        .unwrap();
    let e = core
        .send_template(conv, carrito.id, vec![])
        .await
        .unwrap_err();
    assert!(matches!(
        e.downcast_ref::<SendRefused>(),
        Some(SendRefused::TemplateParams { expected: 1, .. })
    ));
    let id = core
        .send_template(conv, carrito.id, vec!["Ana".into()])
        .await
        .unwrap();
    work(&core).await;
    let sent_tpl = messages(&core, conv).await;
    let sent_tpl = sent_tpl.iter().find(|m| m.id == id).unwrap();
    assert_eq!(
        sim.outbound().last().unwrap().kind,
        "template",
        "{:?}",
        sent_tpl.delivery
    );
    let wamid = sim.outbound().last().unwrap().id.clone();
    sim.statuses(StatusPlan::new(&wamid, &["sent", "delivered"]))
        .unwrap();
    eventually("template delivered", || async {
        messages(&core, conv)
            .await
            .iter()
            .any(|m| m.id == id && m.delivery == Some(DeliveryState::Delivered))
    })
    .await;
    let named = tpls.iter().find(|t| t.name == "cita_confirmada").unwrap();
    core.send_template(conv, named.id, vec!["Ana".into(), "10:00".into()])
        .await
        .unwrap();
    work(&core).await;
    assert_eq!(sim.outbound().last().unwrap().kind, "template");

    // 7. a new template goes to review and Meta's verdict arrives by webhook
    let draft = TemplateDraft {
        name: "presupuesto_listo".into(),
        language: "es".into(),
        category: TemplateCategory::Utility,
        header: None,
        body: "Hola {{1}}, su presupuesto {{2}} está listo.".into(),
        body_examples: vec!["Ana".into(), "P-88".into()],
        footer: Some("Taller Ruiz".into()),
        buttons: vec![],
    };
    let new_id = core.submit_template(account, &draft).await.unwrap();
    assert_eq!(
        ws.store.wa_template(t.me, new_id).await.unwrap().status,
        "PENDING"
    );
    sim.advance(Duration::from_secs(120));
    eventually("the template is reviewed", || async {
        ws.store.wa_template(t.me, new_id).await.unwrap().status != "PENDING"
    })
    .await;

    // 8. the token expires: the account turns to error, a new token fixes it
    sim.expire_token("bandeja-sim-token").unwrap();
    let e = core.sync_templates(account).await.unwrap_err();
    assert!(e
        .downcast_ref::<ProviderRefused>()
        .is_some_and(|r| r.reconnect));
    let status = |core: Core| async move {
        let ws = core.workspace().await;
        ws.store.accounts(None).await.unwrap()[0].status.clone()
    };
    assert!(matches!(
        status(core.clone()).await,
        AccountStatus::Error { .. }
    ));
    sim.add_token("a-fresh-token", None);
    core.reconnect_whatsapp(account, "a-fresh-token")
        .await
        .unwrap();
    assert_eq!(status(core.clone()).await, AccountStatus::Active);
    assert!(core.sync_templates(account).await.unwrap() >= 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_meta_no_longer_has_is_shown_as_failed_with_metas_reason() {
    let config = Config::default();
    let (app_id, app_secret, waba) = (
        config.app_id.clone(),
        config.app_secret.clone(),
        config.waba_id.clone(),
    );
    let (_addr, server) = bandeja_sim::serve(config).await.unwrap();
    let sim = server.sim().clone();
    let t = TestWorkspace::new(Utc.timestamp_opt(sim.now(), 0).unwrap()).await;
    let core = t.core.clone();
    core.set_graph_url(&server.url());
    let account = core
        .connect_whatsapp(WhatsappCredentials {
            app_id,
            app_secret,
            waba_id: waba,
            phone_number_id: PHONE_ID.into(),
            access_token: "bandeja-sim-token".into(),
        })
        .await
        .unwrap();
    // a webhook announcing media the Graph API does not know
    let event =
        bandeja_domain::inbound::InboundEvent::Message(bandeja_domain::inbound::InboundMessage {
            account: bandeja_domain::inbound::AccountRef {
                provider_account_id: PHONE_ID.into(),
                display_address: None,
            },
            provider_id: "wamid.GONE".into(),
            from: bandeja_domain::inbound::SenderRef {
                wa_id: Some("15550100999".into()),
                ..Default::default()
            },
            timestamp: core.now(),
            kind: MessageKind::Document,
            content: bandeja_domain::MessageContent::Media {
                caption: None,
                mime: "application/pdf".into(),
                filename: Some("factura.pdf".into()),
                size: None,
                duration_secs: None,
            },
            media: Some(bandeja_domain::inbound::MediaRef {
                media_id: "987654321098765".into(),
                mime: "application/pdf".into(),
                sha256: None,
                url: None,
            }),
            reply_to: None,
            forwarded: false,
            frequently_forwarded: false,
            referral: None,
        });
    let report = core
        .ingest(&[bandeja_domain::AccountKind::WhatsappCloud], vec![event])
        .await
        .unwrap();
    assert_eq!((report.messages, report.media), (1, 1));
    assert_eq!(core.fetch_media_once().await.unwrap(), 1);
    let conv = conversations(&core, View::AllOpen).await[0].id;
    let m = messages(&core, conv).await.remove(0);
    let media = m.media.unwrap();
    assert_eq!(media.state, "failed", "{media:?}");
    assert!(media.error.is_some_and(|e| !e.is_empty()));
    // the message itself is kept, and a Retry makes the download due again
    assert_eq!(m.kind, MessageKind::Document);
    core.retry_media(m.id).await.unwrap();
    assert_eq!(
        core.workspace()
            .await
            .store
            .media_due(core.now(), 10)
            .await
            .unwrap()
            .len(),
        1
    );
    let _ = account;
}
