//! Every inbound fixture, replayed through the control API as a customer's
//! message, comes out of the simulator as a webhook of the same shape.

use serde_json::{json, Value};

use crate::common::*;

/// The control-API input for a fixture's message: Meta's own message shape
/// minus what the simulator assigns (id, timestamp, media id/hash/url).
fn script_for(fx: &Value) -> Value {
    let v = value(fx);
    let mut input = v["messages"][0].clone();
    let m = input.as_object_mut().unwrap();
    m.remove("id");
    m.remove("timestamp");
    if let Some(uid) = m.remove("from_user_id") {
        m.insert("user_id".into(), uid);
    }
    let kind = m["type"].as_str().unwrap().to_string();
    if let Some(media) = m.get_mut(&kind).and_then(Value::as_object_mut) {
        if media.contains_key("sha256") {
            media.remove("id");
            media.remove("sha256");
            media.remove("url");
        }
    }
    if let Some(c) = v["contacts"].get(0) {
        m.insert("name".into(), c["profile"]["name"].clone());
        if let Some(u) = c["profile"].get("username") {
            m.insert("username".into(), u.clone());
        }
    }
    input
}

#[tokio::test]
async fn every_inbound_fixture_has_its_shape() {
    let mut h = Harness::start().await;
    let mut names: Vec<String> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("inbound_") && n.ends_with(".json"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 23, "{names:?}");
    for name in &names {
        let fx = fixture(name);
        let input = script_for(&fx);
        let res = h
            .http
            .post(format!("{}/_sim/inbound", h.base))
            .json(&input)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{name}: {}", res.text().await.unwrap());
        let receipt: Value = res.json().await.unwrap();
        let hook = h.rx.one().await;
        assert_shape(&hook, name);
        assert_eq!(value(&hook)["messages"][0]["id"], receipt["id"], "{name}");
    }
}

#[tokio::test]
async fn inbound_media_is_downloadable_from_the_webhook_url() {
    let mut h = Harness::start().await;
    let bytes = b"\xFF\xD8\xFF\xE0 a photo of a t-shirt".to_vec();
    let input = json!({
        "from": ANA, "type": "image", "image": { "caption": "Esta", "mime_type": "image/jpeg" },
        "media_base64": base64_encode(&bytes)
    });
    let res = h
        .http
        .post(format!("{}/_sim/inbound", h.base))
        .json(&input)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let hook = h.rx.one().await;
    let image = &value(&hook)["messages"][0]["image"];
    let url = image["url"].as_str().unwrap();
    let got = h.http.get(url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await.unwrap().as_ref(), bytes.as_slice());
    // and by media id, like any media
    let (s, info) = h.get(image["id"].as_str().unwrap()).await;
    assert_eq!(s, 200);
    assert_eq!(info["mime_type"], "image/jpeg");
}

fn base64_encode(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}

#[tokio::test]
async fn batched_messages_and_value_errors() {
    let mut h = Harness::start().await;
    let batch = json!([
        { "from": ANA, "name": "Ana Ruiz", "type": "text", "text": { "body": "¿Abrís el sábado?" } },
        { "from": LUIS, "name": "Luis Ortega", "type": "text", "text": { "body": "Buenas tardes" } }
    ]);
    let res = h
        .http
        .post(format!("{}/_sim/inbound/batch", h.base))
        .json(&batch)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let hook = h.rx.one().await;
    assert_shape(&hook, "webhook_batched_two_messages.json");
    // both customers' windows are open now
    assert!(h.sim.window_expires(PNID, LUIS).is_some());

    h.sim.value_error(None, 130429).unwrap();
    assert_shape(&h.rx.one().await, "webhook_value_errors.json");
}

#[tokio::test]
async fn system_and_revoke_do_not_open_the_window() {
    let mut h = Harness::start().await;
    let sys = json!({ "from": LUIS, "type": "system",
        "system": { "body": "User changed number", "wa_id": "15550100789", "type": "user_changed_number" } });
    let res = h
        .http
        .post(format!("{}/_sim/inbound", h.base))
        .json(&sys)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let hook = h.rx.one().await;
    assert!(value(&hook).get("contacts").is_none());
    assert_eq!(h.sim.window_expires(PNID, LUIS), None);
    let (status, _) = h.send_text(LUIS, "hola").await;
    assert_eq!(status, 200);
    let failed = h.rx.one().await;
    assert_eq!(status_of(&failed).1, "failed");
}
