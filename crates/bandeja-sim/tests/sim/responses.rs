//! Every request fixture is accepted, and every response has its fixture's shape.

use serde_json::{json, Value};

use crate::common::*;

async fn upload_jpeg(h: &Harness) -> (u16, Value) {
    let part = reqwest::multipart::Part::bytes(b"\xFF\xD8\xFF\xE0 jpeg bytes".to_vec())
        .file_name("camiseta.jpg")
        .mime_str("image/jpeg")
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("messaging_product", "whatsapp")
        .text("type", "image/jpeg")
        .part("file", part);
    let res = h
        .http
        .post(h.url(&format!("{PNID}/media")))
        .bearer_auth(TOKEN)
        .multipart(form)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn every_send_request_fixture_is_accepted_with_the_send_response_shape() {
    let mut h = Harness::start().await;
    let inbound = h.customer_says(ANA, "Hola").await;
    let (s, media) = upload_jpeg(&h).await;
    assert_eq!(s, 200);
    assert_shape(&media, "media_upload_response.json");
    for name in [
        "send_text_request.json",
        "send_reply_text_request.json",
        "send_image_by_id_request.json",
        "send_document_by_link_request.json",
        "send_interactive_buttons_request.json",
        "send_interactive_list_request.json",
        "send_template_request.json",
        "send_template_named_params_request.json",
        "send_reaction_request.json",
    ] {
        let mut body = fixture(name);
        if name == "send_image_by_id_request.json" {
            body["image"]["id"] = media["id"].clone();
        }
        if name == "send_reaction_request.json" {
            body["reaction"]["message_id"] = json!(inbound);
        }
        let (status, res) = h.send(&body).await;
        assert_eq!(status, 200, "{name}: {res}");
        assert_shape(&res, "send_response.json");
        assert_eq!(res["contacts"][0]["wa_id"], ANA);
    }
    for name in ["mark_read_request.json", "mark_read_typing_request.json"] {
        let mut body = fixture(name);
        body["message_id"] = json!(inbound);
        let (status, res) = h.send(&body).await;
        assert_eq!(status, 200, "{name}: {res}");
        assert_shape(&res, "success_response.json");
    }
    assert_eq!(h.sim.read_marks().len(), 2);
    assert!(h.sim.read_marks()[1].typing_indicator);
    assert_eq!(h.sim.outbound().len(), 9);
}

#[tokio::test]
async fn a_paced_template_answers_held_for_quality_assessment() {
    let h = Harness::start().await;
    h.sim.set_template_paced("pedido_enviado", true).unwrap();
    let (status, res) = h.send(&fixture("send_template_request.json")).await;
    assert_eq!(status, 200, "{res}");
    assert_shape(&res, "send_response_template_paced.json");
}

#[tokio::test]
async fn media_responses() {
    let h = Harness::start().await;
    let (_, up) = upload_jpeg(&h).await;
    let (status, info) = h.get(up["id"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    assert_shape(&info, "media_url_response.json");
}

#[tokio::test]
async fn template_responses() {
    let h = Harness::start().await;
    let (status, list) = h.get(&format!("{WABA}/message_templates")).await;
    assert_eq!(status, 200);
    // compare the fixture's three templates (the simulator seeds two more)
    let wanted: Vec<Value> = fixture("template_list_response.json")["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].clone())
        .collect();
    let mut picked = list.clone();
    picked["data"] = json!(list["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| wanted.contains(&t["name"]))
        .cloned()
        .collect::<Vec<_>>());
    assert_shape(&picked, "template_list_response.json");

    let mut create = fixture("template_create_request.json");
    create["name"] = json!("pedido_enviado_v2");
    let (status, res) = h.post(&format!("{WABA}/message_templates"), &create).await;
    assert_eq!(status, 200, "{res}");
    assert_shape(&res, "template_create_response.json");
    assert_eq!(res["status"], "PENDING");
}

#[tokio::test]
async fn account_responses() {
    let h = Harness::start().await;
    let (s, profile) = h.get(&format!("{PNID}/whatsapp_business_profile")).await;
    assert_eq!(s, 200);
    assert_shape(&profile, "business_profile_response.json");
    let (s, res) = h
        .post(
            &format!("{PNID}/whatsapp_business_profile"),
            &fixture("business_profile_update_request.json"),
        )
        .await;
    assert_eq!(s, 200, "{res}");
    assert_shape(&res, "success_response.json");

    let (s, numbers) = h.get(&format!("{WABA}/phone_numbers")).await;
    assert_eq!(s, 200);
    assert_shape(&numbers, "phone_numbers_list_response.json");

    let fields = "verified_name,display_phone_number,quality_rating,code_verification_status,name_status,status,throughput,whatsapp_business_manager_messaging_limit";
    let (s, one) = h.get(&format!("{PNID}?fields={fields}")).await;
    assert_eq!(s, 200);
    assert_shape(&one, "phone_number_fields_response.json");
    assert_eq!(one["display_phone_number"], "+1 555-010-0001");

    let (s, res) = h
        .post(
            &format!("{PNID}/register"),
            &fixture("register_request.json"),
        )
        .await;
    assert_eq!(s, 200, "{res}");
    assert_shape(&res, "success_response.json");

    let mut sub = fixture("subscribed_apps_override_request.json");
    sub["override_callback_uri"] = json!(h.rx.url);
    sub["verify_token"] = json!("bandeja-sim-verify-token");
    let (s, res) = h.post(&format!("{WABA}/subscribed_apps"), &sub).await;
    assert_eq!(s, 200, "{res}");
    assert_shape(&res, "success_response.json");

    let res = h
        .http
        .get(format!("{}/v25.0/oauth/access_token", h.base))
        .query(&[
            ("client_id", "700000000000001"),
            ("client_secret", SECRET),
            ("code", "abc123"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let token: Value = res.json().await.unwrap();
    assert_shape(&token, "oauth_access_token_response.json");
    // the new business token works
    let res = h
        .http
        .get(h.url(&format!("{PNID}/whatsapp_business_profile")))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn error_fixtures() {
    // 131047 as a synchronous error (window_errors = sync)
    let h = Harness::with(|c| c.window_errors = bandeja_sim::config::WindowErrors::Sync).await;
    let (s, e) = h.send_text(ANA, "hola").await;
    assert_eq!(s, 400);
    assert_shape(&e, "error_131047.json");
    assert_eq!(e["error"]["code"], 131047);

    // 132001: no such template language
    let mut t = fixture("send_template_request.json");
    t["template"]["language"]["code"] = json!("es_MX");
    let (s, e) = h.send(&t).await;
    assert_eq!(s, 404);
    assert_shape(&e, "error_132001.json");
    assert_eq!(
        e["error"]["error_data"]["details"],
        "template name (pedido_enviado) does not exist in es_MX"
    );

    // 130429 and 131056
    let h = Harness::with(|c| {
        c.limits.mps = 1;
    })
    .await;
    h.send(&fixture("send_template_request.json")).await;
    let (s, e) = h.send(&fixture("send_template_request.json")).await;
    assert_eq!(s, 400);
    assert_shape(&e, "error_130429.json");
    let h = Harness::with(|c| c.limits.pair_burst = 1).await;
    h.send(&fixture("send_template_request.json")).await;
    let (s, e) = h.send(&fixture("send_template_request.json")).await;
    assert_eq!(s, 400);
    assert_shape(&e, "error_131056.json");

    // 190
    h.sim.expire_token(TOKEN).unwrap();
    let (s, e) = h.send(&fixture("send_template_request.json")).await;
    assert_eq!(s, 401);
    assert_shape(&e, "error_190.json");
    assert_eq!(e["error"]["error_subcode"], 463);
}
