//! Business profile limits, phone number fields, registration PIN,
//! subscriptions and callback overrides with Meta's handshake.

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn business_profile_limits() {
    let h = Harness::start().await;
    let path = format!("{PNID}/whatsapp_business_profile");
    let bad = [
        json!({ "messaging_product": "whatsapp", "about": "a".repeat(140) }),
        json!({ "messaging_product": "whatsapp", "about": "" }),
        json!({ "messaging_product": "whatsapp", "address": "a".repeat(257) }),
        json!({ "messaging_product": "whatsapp", "description": "a".repeat(513) }),
        json!({ "messaging_product": "whatsapp", "email": "not-an-email" }),
        json!({ "messaging_product": "whatsapp", "websites": ["https://a.example", "https://b.example", "https://c.example"] }),
        json!({ "messaging_product": "whatsapp", "websites": ["ftp://a.example"] }),
        json!({ "messaging_product": "whatsapp", "vertical": "SPACESHIPS" }),
        json!({ "about": "sin producto" }),
    ];
    for b in bad {
        let (s, e) = h.post(&path, &b).await;
        assert_eq!(
            (s, e["error"]["code"].as_u64()),
            (400, Some(100)),
            "{b}: {e}"
        );
    }
    let (s, _) = h
        .post(&path, &json!({ "messaging_product": "whatsapp", "about": "Abierto de 9 a 20 😊", "vertical": "RETAIL" }))
        .await;
    assert_eq!(s, 200);
    let (_, p) = h.get(&format!("{path}?fields=about,vertical")).await;
    assert_eq!(p["data"][0]["about"], "Abierto de 9 a 20 😊");
    assert_eq!(p["data"][0]["vertical"], "RETAIL");
    assert!(p["data"][0].get("email").is_none());
}

#[tokio::test]
async fn phone_number_fields_and_register() {
    let h = Harness::start().await;
    let (s, n) = h
        .get(&format!("{PNID}?fields=quality_rating,throughput,status"))
        .await;
    assert_eq!(s, 200);
    assert_eq!(n["quality_rating"], "GREEN");
    assert_eq!(n["throughput"]["level"], "STANDARD");
    assert_eq!(n["id"], PNID);
    let (s, e) = h.get(&format!("{PNID}?fields=bogus")).await;
    assert_eq!((s, e["error"]["code"].as_u64()), (400, Some(100)));
    let (s, e) = h.get("999999999999999").await;
    assert_eq!((s, e["error"]["error_subcode"].as_u64()), (400, Some(33)));
    let (s, e) = h.get(&format!("{PNID}/nonsense")).await;
    assert_eq!((s, e["error"]["code"].as_u64()), (400, Some(2500)));

    let reg = |pin: &str| json!({ "messaging_product": "whatsapp", "pin": pin });
    assert_eq!(
        h.post(&format!("{PNID}/register"), &reg("12345")).await.0,
        400
    );
    assert_eq!(
        h.post(&format!("{PNID}/register"), &reg("246810")).await.0,
        200
    );
    let (s, e) = h.post(&format!("{PNID}/register"), &reg("111111")).await;
    assert_eq!((s, e["error"]["code"].as_u64()), (400, Some(133005)));
    for _ in 0..8 {
        assert_eq!(
            h.post(&format!("{PNID}/register"), &reg("246810")).await.0,
            200
        );
    }
    let (_, e) = h.post(&format!("{PNID}/register"), &reg("246810")).await;
    assert_eq!(e["error"]["code"], 133016);
}

#[tokio::test]
async fn subscriptions_and_overrides() {
    let mut h = Harness::start().await;
    // override pointing at an endpoint that fails the handshake
    let (s, e) = h
        .post(
            &format!("{WABA}/subscribed_apps"),
            &json!({ "override_callback_uri": h.rx.url, "verify_token": "wrong-token" }),
        )
        .await;
    assert_eq!((s, e["error"]["code"].as_u64()), (400, Some(2200)), "{e}");
    // the simulator's own handshake against the receiver
    let res = h
        .http
        .post(format!("{}/_sim/handshake", h.base))
        .send()
        .await
        .unwrap();
    let ok: serde_json::Value = res.json().await.unwrap();
    assert_eq!(ok["ok"], true, "{ok}");

    let (_, apps) = h.get(&format!("{WABA}/subscribed_apps")).await;
    assert_eq!(apps["data"].as_array().unwrap().len(), 1);
    // unsubscribed: no more webhooks
    assert_eq!(h.delete(&format!("{WABA}/subscribed_apps")).await.0, 200);
    h.sim
        .inbound(bandeja_sim::Inbound::text(ANA, "¿hay alguien?"))
        .unwrap();
    assert_eq!(h.sim.webhooks().last().unwrap().state, "no_url");
    assert_eq!(
        h.post(&format!("{WABA}/subscribed_apps"), &json!({}))
            .await
            .0,
        200
    );
    h.sim
        .inbound(bandeja_sim::Inbound::text(ANA, "hola"))
        .unwrap();
    assert_eq!(
        value(&h.rx.one().await)["messages"][0]["text"]["body"],
        "hola"
    );
}
