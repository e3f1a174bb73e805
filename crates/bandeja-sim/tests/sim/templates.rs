//! Template creation rules, review over simulated time, status webhooks,
//! send-time parameter checks, deletion and paging.

use std::time::Duration;

use bandeja_sim::TemplateEvent;
use serde_json::{json, Value};

use crate::common::*;

fn body_template(name: &str, text: &str, example: Value) -> Value {
    json!({
        "name": name, "language": "es", "category": "UTILITY",
        "components": [ { "type": "BODY", "text": text, "example": { "body_text": [example] } } ]
    })
}

async fn create(h: &Harness, body: &Value) -> (u16, Value) {
    h.post(&format!("{WABA}/message_templates"), body).await
}

#[tokio::test]
async fn creation_errors_are_metas() {
    let h = Harness::start().await;
    let cases: Vec<(Value, Option<u64>, &str)> = vec![
        (
            body_template("Pedido Listo", "Hola {{1}}, ya está.", json!(["Ana"])),
            None,
            "Invalid template name",
        ),
        (
            json!({"name": "x1", "language": "es", "category": "PROMO", "components": [{"type": "BODY", "text": "hola"}]}),
            None,
            "category",
        ),
        (
            json!({"name": "x2", "language": "xx_YY", "category": "UTILITY", "components": [{"type": "BODY", "text": "hola"}]}),
            None,
            "Invalid language",
        ),
        (
            body_template(
                "pedido_enviado",
                "Hola {{1}}, tu pedido está en camino.",
                json!(["Ana"]),
            ),
            Some(2388024),
            "Already Exists",
        ),
        (
            body_template("x3", "{{1}}, tu pedido está en camino.", json!(["Ana"])),
            Some(2388299),
            "start or end",
        ),
        (
            body_template("x4", "Hola {{1}}, tu pedido {{2}} ya va.", json!(["Ana"])),
            None,
            "Missing sample values",
        ),
        (
            body_template("x5", &"a".repeat(1025), json!([])),
            Some(2388040),
            "character limit",
        ),
        (
            body_template(
                "x6",
                "Hola {{1}} {{2}} {{3}} y fin.",
                json!(["a", "b", "c"]),
            ),
            Some(2388293),
            "Too many variables",
        ),
        (
            body_template(
                "x7",
                "Hola {{1}}, y {{3}} fin del mensaje aquí.",
                json!(["a", "b"]),
            ),
            None,
            "Invalid parameter format",
        ),
        (
            json!({"name": "x8", "language": "es", "category": "UTILITY", "components": [
            {"type": "BODY", "text": "Hola"},
            {"type": "BUTTONS", "buttons": [
                {"type": "QUICK_REPLY", "text": "Sí"}, {"type": "URL", "text": "Web", "url": "https://x.example.invalid"},
                {"type": "QUICK_REPLY", "text": "No"}]}]}),
            Some(2388047),
            "grouped",
        ),
        (
            json!({"name": "x9", "language": "es", "category": "UTILITY", "components": [{"type": "FOOTER", "text": "solo pie"}]}),
            Some(2388047),
            "BODY",
        ),
    ];
    for (body, subcode, needle) in cases {
        let (s, e) = create(&h, &body).await;
        assert_eq!(s, 400, "{body}: {e}");
        assert_eq!(e["error"]["code"], 100, "{e}");
        assert_eq!(e["error"]["error_subcode"].as_u64(), subcode, "{e}");
        let text = format!(
            "{} {} {}",
            e["error"]["message"], e["error"]["error_user_title"], e["error"]["error_user_msg"]
        );
        assert!(text.contains(needle), "{needle} not in {text}");
    }
}

#[tokio::test]
async fn review_over_time_emits_status_webhooks() {
    let mut h = Harness::start().await;
    let (s, ok) = create(
        &h,
        &body_template(
            "aviso_recogida",
            "Hola {{1}}, tu pedido está listo para recoger.",
            json!(["Ana"]),
        ),
    )
    .await;
    assert_eq!(s, 200, "{ok}");
    let (_, bad) = create(
        &h,
        &body_template(
            "oferta_reject_me",
            "Hola {{1}}, tenemos ofertas para ti.",
            json!(["Ana"]),
        ),
    )
    .await;
    let (_, adj) = create(
        &h,
        &body_template(
            "descuento_doble",
            "Oferta: {{1}}{{2}} de descuento hoy.",
            json!(["20", "%"]),
        ),
    )
    .await;

    // pending: cannot be sent yet
    let send = json!({ "messaging_product": "whatsapp", "to": format!("+{ANA}"), "type": "template",
        "template": { "name": "aviso_recogida", "language": { "code": "es" },
          "components": [ { "type": "body", "parameters": [ { "type": "text", "text": "Ana" } ] } ] } });
    assert_eq!(h.send(&send).await.1["error"]["code"], 132001);
    h.sim.advance(Duration::from_secs(59));
    assert!(h.rx.all().is_empty());

    h.sim.advance(Duration::from_secs(1));
    let hooks = h.rx.next(3).await;
    let by_id = |id: &Value| {
        hooks
            .iter()
            .map(|r| &r.json)
            .find(|j| {
                value(j)["message_template_id"]
                    .as_u64()
                    .map(|n| n.to_string())
                    .as_deref()
                    == id.as_str()
            })
            .unwrap()
            .clone()
    };
    let approved = by_id(&ok["id"]);
    assert_eq!(value(&approved)["event"], "APPROVED");
    assert_shape(&approved, "template_status_update_approved.json");
    let rejected = by_id(&bad["id"]);
    assert_eq!(value(&rejected)["event"], "REJECTED");
    assert_eq!(value(&rejected)["reason"], "PROMOTIONAL");
    let invalid = by_id(&adj["id"]);
    assert_eq!(value(&invalid)["reason"], "INVALID_FORMAT");
    assert_shape(&invalid, "template_status_update_rejected.json");

    // approved: it sends; wrong parameter count is 132000
    h.rx.skip_all();
    let (s, res) = h.send(&send).await;
    assert_eq!(s, 200, "{res}");
    let mut wrong = send.clone();
    wrong["template"]["components"][0]["parameters"] = json!([]);
    let (s, e) = h.send(&wrong).await;
    assert_eq!((s, e["error"]["code"].as_u64()), (400, Some(132000)));

    // list filters by status
    let (_, list) = h
        .get(&format!(
            "{WABA}/message_templates?status=REJECTED&fields=name,status"
        ))
        .await;
    let names: Vec<&str> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec!["promo_otono", "oferta_reject_me", "descuento_doble"]
    );
}

#[tokio::test]
async fn paused_and_disabled_templates() {
    let mut h = Harness::start().await;
    let t = h
        .sim
        .template_event(
            "recordatorio_carrito",
            TemplateEvent {
                event: "PAUSED".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(t.status, "PAUSED");
    let hook = h.rx.one().await;
    assert_shape(&hook, "template_status_update_paused.json");
    assert_eq!(value(&hook)["other_info"]["title"], "FIRST_PAUSE");

    // a paused template is accepted, then fails with 132015
    let send = json!({ "messaging_product": "whatsapp", "to": format!("+{ANA}"), "type": "template",
        "template": { "name": "recordatorio_carrito", "language": { "code": "es" },
          "components": [ { "type": "body", "parameters": [ { "type": "text", "text": "Ana" } ] } ] } });
    let (s, _) = h.send(&send).await;
    assert_eq!(s, 200);
    let failed = h.rx.one().await;
    assert_shape(&failed, "status_failed_132015_paused.json");

    // disabled over the control API: synchronous 132016
    let res = h
        .http
        .post(format!("{}/_sim/templates/500000000000003/status", h.base))
        .json(&json!({ "event": "DISABLED" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let hook = h.rx.one().await;
    assert_eq!(value(&hook)["event"], "DISABLED");
    assert!(value(&hook)["disable_info"]["disable_date"].is_string());
    assert_eq!(h.send(&send).await.1["error"]["code"], 132016);
}

#[tokio::test]
async fn named_parameters_are_checked() {
    let h = Harness::start().await;
    let mut send = fixture("send_template_named_params_request.json");
    assert_eq!(h.send(&send).await.0, 200);
    send["template"]["components"][0]["parameters"][1]["parameter_name"] = json!("dia");
    assert_eq!(h.send(&send).await.1["error"]["code"], 132000);
    send["template"]["components"][0]["parameters"][1]
        .as_object_mut()
        .unwrap()
        .remove("parameter_name");
    assert_eq!(h.send(&send).await.1["error"]["code"], 132012);
    // a newline inside a parameter
    let mut send = fixture("send_template_named_params_request.json");
    send["template"]["components"][0]["parameters"][0]["text"] = json!("Ana\nRuiz");
    assert_eq!(h.send(&send).await.1["error"]["code"], 132018);
    // header media of the wrong type
    let mut t = fixture("send_template_request.json");
    t["template"]["components"][0]["parameters"][0] =
        json!({"type": "document", "document": {"id": "1"}});
    assert_eq!(h.send(&t).await.1["error"]["code"], 132012);
}

#[tokio::test]
async fn delete_by_name_and_paging() {
    let mut h = Harness::start().await;
    // paging: two per page, following the cursor
    let (_, page1) = h.get(&format!("{WABA}/message_templates?limit=2")).await;
    assert_eq!(page1["data"].as_array().unwrap().len(), 2);
    let after = page1["paging"]["cursors"]["after"].as_str().unwrap();
    assert!(page1["paging"]["next"].as_str().unwrap().contains("after="));
    let (_, page2) = h
        .get(&format!("{WABA}/message_templates?limit=2&after={after}"))
        .await;
    assert_ne!(page1["data"][0]["name"], page2["data"][0]["name"]);

    let (s, res) = h
        .delete(&format!("{WABA}/message_templates?name=cita_confirmada"))
        .await;
    assert_eq!(s, 200, "{res}");
    assert_shape(&res, "success_response.json");
    let hook = h.rx.one().await;
    assert_eq!(value(&hook)["event"], "PENDING_DELETION");
    assert!(value(&hook)["reason"].is_null());
    assert_eq!(
        h.send(&fixture("send_template_named_params_request.json"))
            .await
            .1["error"]["code"],
        132001
    );
    // the name cannot come back for 30 days
    let again = json!({ "name": "cita_confirmada", "language": "es", "category": "UTILITY",
        "components": [ { "type": "BODY", "text": "Tu cita está confirmada." } ] });
    assert_eq!(
        create(&h, &again).await.1["error"]["error_subcode"],
        2388023
    );
    let (s, _) = h
        .delete(&format!("{WABA}/message_templates?name=no_such_template"))
        .await;
    assert_eq!(s, 400);
}
