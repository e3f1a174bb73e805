//! End to end against the WhatsApp simulator: a customer writes (signed
//! webhook -> receiver -> ingest), the agent answers (outbox -> Graph client
//! -> simulator), ticks come back as status webhooks, the window closes
//! after 24 h, and an expired token turns the account to `error`.

use std::net::SocketAddr;
use std::time::Duration;

use bandeja_channels::graph::GraphConfig;
use bandeja_core::{SendRefused, WhatsappOutbound};
use bandeja_domain::{AccountStatus, DeliveryState, ReopenPolicy};
use bandeja_sim::{Config, Inbound, StatusPlan};
use bandeja_store::View;
use bandeja_testkit::{conversations, messages};
use bandeja_webhooks::{ReceiverConfig, Secret};
use chrono::{TimeZone, Utc};

const PHONE_ID: &str = "200000000000002";
const TOKEN: &str = "bandeja-sim-token";

async fn eventually<F, Fut>(what: &str, f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    bandeja_testkit::eventually(what, 200, f).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whatsapp_conversation_end_to_end() {
    // the simulator, then our receiver, then tell the simulator where to post
    let sim_config = Config::default();
    let (app_secret, verify) = (
        sim_config.app_secret.clone(),
        sim_config.verify_token.clone(),
    );
    let (_addr, server) = bandeja_sim::serve(sim_config).await.unwrap();
    let sim = server.sim().clone();
    let t = bandeja_testkit::TestWorkspace::new(Utc.timestamp_opt(sim.now(), 0).unwrap()).await;
    let account = t.whatsapp_account(PHONE_ID, ReopenPolicy::Reopen).await;
    let (core, clock) = (t.core.clone(), t.clock.clone());
    let ws = core.workspace().await;
    let config = ReceiverConfig {
        verify_token: Secret::new(verify),
        app_secret: Secret::new(app_secret),
    };
    let (recv, _task) =
        bandeja_webhooks::serve(core.clone(), config, SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .unwrap();
    sim.set_webhook_url(Some(format!("http://{recv}/webhooks/whatsapp")));
    let outbound = WhatsappOutbound::new();
    outbound.connect(
        account,
        GraphConfig {
            base_url: server.url(),
            version: "v25.0".into(),
            phone_number_id: PHONE_ID.into(),
            access_token: TOKEN.into(),
        },
    );

    // 1. a customer writes
    sim.inbound(
        Inbound::text("15550100123", "Hola, ¿tienen la talla M en azul?").named("Ana Ruiz"),
    )
    .unwrap();
    let list = || conversations(&core, View::AllOpen);
    eventually("the customer's message is stored", || async {
        !list().await.is_empty()
    })
    .await;
    let conv = list().await[0].clone();
    assert_eq!(conv.contact_name, "Ana Ruiz");
    assert!(conv.window_expires_at.is_some());

    // 2. the agent answers; the simulator reports sent and delivered
    core.send_text(conv.id, "¡Hola Ana! Sí, quedan 3 unidades.", None)
        .await
        .unwrap();
    assert_eq!(core.run_outbox_once(&outbound).await.unwrap(), 1);
    let sent = sim.outbound();
    assert_eq!(sent.len(), 1);
    let last = || async {
        messages(&core, conv.id)
            .await
            .last()
            .unwrap()
            .delivery
            .clone()
    };
    eventually("delivered", || async {
        last().await == Some(DeliveryState::Delivered)
    })
    .await;
    // 3. the customer reads it (the read receipt may come twice and late)
    let wamid = sim.outbound()[0].id.clone();
    sim.statuses(StatusPlan::new(&wamid, &["read"])).unwrap();
    eventually("read", || async {
        last().await == Some(DeliveryState::Read)
    })
    .await;

    // 4. a day later the window is closed: free-form refused before any call
    sim.advance(Duration::from_secs(25 * 3600));
    clock.advance(chrono::Duration::hours(25));
    let e = core
        .send_text(conv.id, "¿Sigue interesada?", None)
        .await
        .unwrap_err();
    assert_eq!(
        e.downcast_ref::<SendRefused>(),
        Some(&SendRefused::WindowClosed)
    );

    // 5. the customer writes again; meanwhile the token expired
    sim.inbound(Inbound::text("15550100123", "Sí, la quiero").named("Ana Ruiz"))
        .unwrap();
    eventually("the new message reopens the window", || async {
        list().await[0]
            .window_expires_at
            .is_some_and(|t| t > core.now())
    })
    .await;
    sim.expire_token(TOKEN).unwrap();
    core.send_text(conv.id, "Perfecto, te la reservo", None)
        .await
        .unwrap();
    core.run_outbox_once(&outbound).await.unwrap();
    let acc = ws
        .store
        .accounts(None)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.id == account)
        .unwrap();
    assert!(
        matches!(acc.status, AccountStatus::Error { .. }),
        "{:?}",
        acc.status
    );
    assert_eq!(
        sim.outbound().len(),
        1,
        "nothing else left while the token was bad"
    );
    server.shutdown().await;
}
