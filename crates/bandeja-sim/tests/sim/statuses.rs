//! Status webhooks: automatic, scripted, out of order, duplicated, batched,
//! v23 vs v24+ shapes, pre-PMP shape, and delivery retries.

use std::time::Duration;

use bandeja_sim::{Delivery, StatusPlan};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn scripted_statuses_out_of_order_and_duplicated() {
    let mut h = Harness::with(|c| c.auto_statuses = vec![]).await;
    h.customer_says(ANA, "hola").await;
    let (_, res) = h.send_text(ANA, "Tu pedido ya salió").await;
    let id = wamid_of(&res);

    let mut plan = StatusPlan::new(&id, &["sent", "delivered", "read"]);
    plan.order = Delivery::Reversed;
    plan.duplicate = true;
    assert_eq!(h.sim.statuses(plan).unwrap(), 6);
    let got: Vec<String> =
        h.rx.next(6)
            .await
            .iter()
            .map(|r| status_of(&r.json).1)
            .collect();
    assert_eq!(
        got,
        ["read", "delivered", "sent", "read", "delivered", "sent"]
    );
    // timestamps still tell the real order
    let all = h.rx.all();
    let ts = |i: usize| {
        value(&all[i].json)["statuses"][0]["timestamp"]
            .as_str()
            .unwrap()
            .parse::<i64>()
            .unwrap()
    };
    assert!(ts(1) > ts(2) && ts(2) > ts(3));

    // batched in one POST, over the control API
    let res = h
        .http
        .post(format!("{}/_sim/statuses", h.base))
        .json(&json!({ "message_id": id, "statuses": ["delivered", "read"], "batch": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let hook = h.rx.one().await;
    assert_eq!(value(&hook)["statuses"].as_array().unwrap().len(), 2);

    // unknown wamid
    assert!(h
        .sim
        .statuses(StatusPlan::new("wamid.nope", &["sent"]))
        .is_err());
}

#[tokio::test]
async fn status_shapes_match_the_fixtures() {
    let mut h = Harness::with(|c| c.auto_statuses = vec![]).await;
    // v23: sent carries the conversation
    let body = fixture("send_template_request.json");
    let res = h
        .http
        .post(format!("{}/v23.0/{PNID}/messages", h.base))
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    let v23: serde_json::Value = res.json().await.unwrap();
    h.sim
        .statuses(StatusPlan::new(&wamid_of(&v23), &["sent"]))
        .unwrap();
    assert_shape(&h.rx.one().await, "status_sent.json");

    // v25: no conversation
    let (_, v25) = h.send(&body).await;
    let id = wamid_of(&v25);
    h.sim
        .statuses(StatusPlan::new(&id, &["delivered", "read", "failed"]))
        .unwrap();
    let hooks = h.rx.next(3).await;
    assert_shape(&hooks[0].json, "status_delivered.json");
    assert_shape(&hooks[1].json, "status_read.json");
    assert_shape(&hooks[2].json, "status_failed.json");
    assert_eq!(
        value(&hooks[2].json)["statuses"][0]["errors"][0]["code"],
        131026
    );

    // a voice note is played
    h.customer_says(ANA, "mándame un audio").await;
    let audio = json!({ "messaging_product": "whatsapp", "to": format!("+{ANA}"), "type": "audio",
                        "audio": { "link": "https://files.example.invalid/a.ogg" } });
    let (_, res) = h.send(&audio).await;
    h.sim
        .statuses(StatusPlan::new(&wamid_of(&res), &["played"]))
        .unwrap();
    assert_shape(&h.rx.one().await, "status_played.json");
}

#[tokio::test]
async fn before_july_2025_statuses_are_conversation_based() {
    let mut h = Harness::with(|c| c.clock.start = Some(1_740_830_400)).await;
    h.customer_says(ANA, "hola").await;
    h.send_text(ANA, "respuesta").await;
    assert_shape(&h.rx.one().await, "status_sent_legacy_cbp.json");
}

#[tokio::test]
async fn failed_deliveries_are_retried_with_backoff() {
    let mut h = Harness::with(|c| {
        c.webhook_retry.initial_ms = 20;
        c.webhook_retry.max_attempts = 4;
    })
    .await;
    h.rx.fail_next(2);
    h.sim
        .inbound(bandeja_sim::Inbound::text(ANA, "¿hola?"))
        .unwrap();
    let hook = h.rx.one().await;
    assert_eq!(value(&hook)["messages"][0]["text"]["body"], "¿hola?");
    h.idle().await;
    let log = h.sim.webhooks();
    assert_eq!(log[0].state, "delivered");
    assert_eq!(log[0].attempts, 3);
    assert_eq!(h.rx.attempts(), 3);

    // a receiver that never answers 200: bounded attempts, then given up
    h.rx.fail_next(100);
    h.sim
        .inbound(bandeja_sim::Inbound::text(ANA, "otra"))
        .unwrap();
    assert!(h.sim.wait_idle(Duration::from_secs(10)).await);
    let log = h.sim.webhooks();
    assert_eq!(log[1].state, "failed");
    assert_eq!(log[1].attempts, 4);
    assert_eq!(log[1].last_status, Some(503));
}

#[tokio::test]
async fn without_a_webhook_url_webhooks_are_only_recorded() {
    let h = Harness::with(|c| c.webhook_url = None).await;
    h.sim
        .inbound(bandeja_sim::Inbound::text(ANA, "hola"))
        .unwrap();
    let log = h.sim.webhooks();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].state, "no_url");
    assert!(log[0].body.contains("\"field\":\"messages\""));
}

#[tokio::test]
async fn automatic_statuses_can_be_scrambled_for_every_send() {
    let mut h = Harness::with(|c| {
        c.auto_statuses = vec!["sent".into(), "delivered".into(), "read".into()];
        c.auto_status_order = Delivery::Reversed;
        c.auto_status_duplicates = true;
    })
    .await;
    h.customer_says(ANA, "hola").await;
    let (_, res) = h.send_text(ANA, "hola Ana").await;
    let hooks = h.rx.next(6).await;
    let got: Vec<(String, String)> = hooks.iter().map(|r| status_of(&r.json)).collect();
    let id = wamid_of(&res);
    let want: Vec<(String, String)> = ["read", "delivered", "sent", "read", "delivered", "sent"]
        .iter()
        .map(|s| (id.clone(), s.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[tokio::test]
async fn shuffled_statuses_are_reproducible_with_the_same_seed() {
    let mut orders = Vec::new();
    for _ in 0..2 {
        let mut h = Harness::with(|c| {
            c.auto_statuses = vec![];
            c.seed = 42;
        })
        .await;
        h.customer_says(ANA, "hola").await;
        let (_, res) = h.send_text(ANA, "hola").await;
        let mut plan = StatusPlan::new(&wamid_of(&res), &["sent", "delivered", "read", "played"]);
        plan.order = Delivery::Shuffled;
        h.sim.statuses(plan).unwrap();
        let got: Vec<String> =
            h.rx.next(4)
                .await
                .iter()
                .map(|r| status_of(&r.json).1)
                .collect();
        orders.push(got);
    }
    assert_eq!(orders[0], orders[1]);
}
