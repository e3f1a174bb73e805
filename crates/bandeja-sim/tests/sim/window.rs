//! The 24-hour customer service window per (business number, customer).

use std::time::Duration;

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn free_form_inside_the_window_then_131047_after_25_hours() {
    let mut h = Harness::start().await;
    h.customer_says(ANA, "Hola").await;

    // inside: accepted, sent + delivered (free service pricing)
    let (s, res) = h.send_text(ANA, "¡Hola Ana!").await;
    assert_eq!(s, 200, "{res}");
    let id = wamid_of(&res);
    let hooks = h.rx.next(2).await;
    assert_eq!(status_of(&hooks[0].json), (id.clone(), "sent".into()));
    assert_eq!(status_of(&hooks[1].json), (id.clone(), "delivered".into()));
    assert_shape(&hooks[0].json, "status_sent_free_service.json");

    // 25 hours later: still 200 + a wamid, then a failed status with 131047
    h.sim.advance(Duration::from_secs(25 * 3600));
    let (s, res) = h.send_text(ANA, "¿Sigues ahí?").await;
    assert_eq!(s, 200, "{res}");
    assert_shape(&res, "send_response.json");
    let failed = h.rx.one().await;
    assert_eq!(status_of(&failed), (wamid_of(&res), "failed".into()));
    assert_eq!(value(&failed)["statuses"][0]["errors"][0]["code"], 131047);
    assert_shape(&failed, "status_failed_131047.json");

    // a template is still accepted and goes out (business-initiated, billed)
    let (s, res) = h.send(&fixture("send_template_request.json")).await;
    assert_eq!(s, 200, "{res}");
    let sent = h.rx.one().await;
    assert_eq!(status_of(&sent), (wamid_of(&res), "sent".into()));
    let pricing = &value(&sent)["statuses"][0]["pricing"];
    assert_eq!(pricing["type"], "regular");
    assert_eq!(pricing["category"], "utility");

    // the customer answers: the window opens again
    h.rx.next(1).await; // delivered of the template
    h.customer_says(ANA, "Sí").await;
    let (s, _) = h.send_text(ANA, "Perfecto").await;
    assert_eq!(s, 200);
    assert_eq!(status_of(&h.rx.one().await).1, "sent");
}

#[tokio::test]
async fn the_window_is_per_business_number_and_uses_the_message_timestamp() {
    let mut h = Harness::start().await;
    h.customer_says(ANA, "Hola").await;
    // the second number never heard from Ana (and must be registered first)
    let body = json!({ "messaging_product": "whatsapp", "to": format!("+{ANA}"), "type": "text", "text": { "body": "hola" } });
    let (s, e) = h.post("200000000000003/messages", &body).await;
    assert_eq!((s, e["error"]["code"].as_u64()), (400, Some(133010)));
    let pin = json!({ "messaging_product": "whatsapp", "pin": "135790" });
    assert_eq!(h.post("200000000000003/register", &pin).await.0, 200);
    let (s, _) = h.post("200000000000003/messages", &body).await;
    assert_eq!(s, 200);
    assert_eq!(status_of(&h.rx.one().await).1, "failed");

    // a delayed inbound with an old timestamp does not open a fresh window
    let old = h.sim.now() - 30 * 3600;
    let mut late = bandeja_sim::Inbound::text(LUIS, "mensaje viejo");
    late.timestamp = Some(old);
    h.sim.inbound(late).unwrap();
    h.rx.next(1).await;
    assert_eq!(h.sim.window_expires(PNID, LUIS), Some(old + 86_400));
    let (s, _) = h.send_text(LUIS, "hola").await;
    assert_eq!(s, 200);
    assert_eq!(status_of(&h.rx.one().await).1, "failed");

    // the window closes exactly 24 h after the last message
    let r = h
        .http
        .get(format!("{}/_sim/window?wa_id={ANA}", h.base))
        .send()
        .await
        .unwrap();
    let w: serde_json::Value = r.json().await.unwrap();
    assert_eq!(w["open"], true);
    h.sim.advance(Duration::from_secs(24 * 3600));
    let r = h
        .http
        .get(format!("{}/_sim/window?wa_id={ANA}", h.base))
        .send()
        .await
        .unwrap();
    let w: serde_json::Value = r.json().await.unwrap();
    assert_eq!(w["open"], false);
}

#[tokio::test]
async fn clock_advance_over_http() {
    let h = Harness::start().await;
    let before = h.sim.now();
    let res = h
        .http
        .post(format!("{}/_sim/clock/advance", h.base))
        .json(&json!({ "duration": "25h" }))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["now"], before + 25 * 3600);
    assert_eq!(h.sim.now(), before + 25 * 3600);
}
