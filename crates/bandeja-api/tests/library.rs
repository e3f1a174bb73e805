//! Tags (TAG-1…3), saved views (INB-5), the business's templates (TPL-1,
//! TPL-2, TPL-5) and private notes with @mentions (INB-8), with their bad
//! input.

use bandeja_api::call;
use bandeja_core::{CoreEvent, NoticeKind};
use bandeja_domain::{Availability, Role};
use serde_json::{json, Value};

#[path = "support/fixture.rs"]
mod fixture;
use fixture::*;

#[tokio::test]
async fn tags_are_created_inline_edited_and_deleted_keeping_history() {
    let f = fixture().await;
    let t = call(
        &f.core,
        "create_tag",
        json!({"name": "Presupuestos", "description": "", "color": "#16a34a"}),
    )
    .await
    .unwrap();
    let id = t["id"].as_i64().unwrap();
    // the same name while tagging reuses it
    let again = call(
        &f.core,
        "create_tag",
        json!({"name": " presupuestos ", "description": "", "color": "#16a34a"}),
    )
    .await
    .unwrap();
    assert_eq!(again["id"], id);
    assert_eq!(
        err(
            &f.core,
            "create_tag",
            json!({"name": "X", "description": "", "color": "green"})
        )
        .await
        .0,
        "bad_input"
    );
    assert_eq!(
        err(
            &f.core,
            "create_tag",
            json!({"name": " ", "description": "", "color": "#000000"})
        )
        .await
        .0,
        "bad_input"
    );
    let on =
        |tag: i64, on: bool| json!({"conversation_id": f.conversation, "tag_id": tag, "on": on});
    call(&f.core, "tag_conversation", on(id, true))
        .await
        .unwrap();
    assert_eq!(
        err(&f.core, "tag_conversation", on(999, true)).await.0,
        "not_found"
    );
    let other = call(
        &f.core,
        "create_tag",
        json!({"name": "Urgente", "description": "", "color": "#dc2626"}),
    )
    .await
    .unwrap();
    let mut renamed = other.clone();
    renamed["name"] = json!("Presupuestos");
    assert!(err(&f.core, "update_tag", renamed)
        .await
        .1
        .contains("another tag"));
    let mut edited = t.clone();
    edited["name"] = json!("Cotizaciones");
    edited["color"] = json!("#2563eb");
    call(&f.core, "update_tag", edited).await.unwrap();
    // the other tag on and off again: both recorded, once each
    let other_id = other["id"].as_i64().unwrap();
    for change in [true, false, false] {
        call(&f.core, "tag_conversation", on(other_id, change))
            .await
            .unwrap();
    }
    call(&f.core, "delete_tag", json!({"tag_id": id}))
        .await
        .unwrap();
    let conv = call(&f.core, "get_conversation", json!({"id": f.conversation}))
        .await
        .unwrap();
    assert_eq!(conv["summary"]["tag_ids"], json!([]));
    let history = call(&f.core, "tag_history", json!({"id": f.conversation}))
        .await
        .unwrap();
    assert_eq!(history[0]["tag_name"], "Cotizaciones");
    assert_eq!(history[0]["added"], true);
    let urgent: Vec<bool> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["tag_name"] == "Urgente")
        .map(|e| e["added"].as_bool().unwrap())
        .collect();
    assert_eq!(urgent, vec![true, false]);
    for (cmd, input) in [
        ("tag_history", json!({"id": 999})),
        (
            "update_tag",
            json!({"id": 999, "name": "X", "description": "", "color": "#000000"}),
        ),
        (
            "tag_conversation",
            json!({"conversation_id": 999, "tag_id": other_id, "on": true}),
        ),
    ] {
        assert_eq!(err(&f.core, cmd, input).await.0, "not_found", "{cmd}");
    }
    assert_eq!(
        err(&f.core, "delete_tag", json!({"tag_id": id})).await.0,
        "not_found"
    );
}

#[tokio::test]
async fn saved_views_belong_to_the_member() {
    let f = fixture().await;
    let query = json!({"view": "all_open", "account_id": null, "channel": "whatsapp", "tag_id": null,
                       "assignee_id": null, "window": "open", "text": null, "cursor": "x:1", "limit": 50});
    let views = call(
        &f.core,
        "save_view",
        json!({"id": null, "name": "Solo WhatsApp", "query": query}),
    )
    .await
    .unwrap();
    assert_eq!(views[0]["name"], "Solo WhatsApp");
    assert_eq!(views[0]["query"]["channel"], "whatsapp");
    assert_eq!(views[0]["query"]["cursor"], Value::Null);
    let id = views[0]["id"].clone();
    assert_eq!(
        err(
            &f.core,
            "save_view",
            json!({"id": id, "name": "  ", "query": views[0]["query"]})
        )
        .await
        .0,
        "bad_input"
    );
    assert_eq!(
        err(
            &f.core,
            "save_view",
            json!({"id": 999, "name": "X", "query": views[0]["query"]})
        )
        .await
        .0,
        "not_found"
    );
    let views = call(&f.core, "delete_view", json!({"view_id": id}))
        .await
        .unwrap();
    assert_eq!(views, json!([]));
}

#[tokio::test]
async fn templates_fill_their_variables_or_name_the_missing_ones() {
    let f = fixture().await;
    let tag = call(
        &f.core,
        "create_tag",
        json!({"name": "Presupuestos", "description": "", "color": "#16a34a"}),
    )
    .await
    .unwrap();
    let quote = json!({"id": 0, "account_id": f.account, "name": "Presupuesto enviado",
        "content": "Hola {{customer_name}}, soy {{user_name}} de {{company_name}}: tu presupuesto {{quote_number}} (pedido {{Pedido}}) está listo.",
        "template_type": "reply", "tag_ids": [tag["id"]], "variables": []});
    let saved = call(&f.core, "save_template", quote).await.unwrap();
    assert_eq!(
        saved["variables"],
        json!([
            "customer_name",
            "user_name",
            "company_name",
            "quote_number",
            "Pedido"
        ])
    );
    call(
        &f.core,
        "save_template",
        json!({"id": 0, "account_id": null, "name": "Bienvenida", "content": "¡Hola!",
        "template_type": "start", "tag_ids": [], "variables": []}),
    )
    .await
    .unwrap();
    let list = |q: Value| call(&f.core, "list_templates", q);
    let q = |t: Value, tag: Value, text: Value| json!({"account_id": f.account, "template_type": t, "tag_id": tag, "text": text});
    assert_eq!(
        list(q(Value::Null, Value::Null, Value::Null))
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        list(q(json!("reply"), Value::Null, Value::Null))
            .await
            .unwrap()[0]["name"],
        "Presupuesto enviado"
    );
    assert_eq!(
        list(q(Value::Null, tag["id"].clone(), Value::Null))
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        list(q(Value::Null, Value::Null, json!("bienvenida")))
            .await
            .unwrap()[0]["name"],
        "Bienvenida"
    );

    let render = |values: Value| json!({"template_id": saved["id"], "conversation_id": f.conversation, "values": values});
    let unknown = json!({"template_id": 999, "conversation_id": f.conversation, "values": []});
    assert_eq!(
        err(&f.core, "render_template", unknown).await.0,
        "not_found"
    );
    let (c, m) = err(&f.core, "render_template", render(json!([]))).await;
    assert_eq!(c, "missing_variables");
    assert!(
        m.contains("quote_number") && !m.contains("customer_name"),
        "{m}"
    );
    let text = call(
        &f.core,
        "render_template",
        render(json!([{"name": "quote_number", "value": "P-2026-118"}])),
    )
    .await
    .unwrap();
    let text = text["text"].as_str().unwrap();
    assert!(text.starts_with("Hola Ana Ruiz, soy "), "{text}");
    assert!(
        text.ends_with("tu presupuesto P-2026-118 (pedido A-77) está listo."),
        "{text}"
    );

    let bad = json!({"id": 0, "account_id": null, "name": "", "content": "x", "template_type": "reply", "tag_ids": [], "variables": []});
    assert_eq!(err(&f.core, "save_template", bad).await.0, "bad_input");
    let bad = json!({"id": 0, "account_id": 999, "name": "x", "content": "x", "template_type": "reply", "tag_ids": [], "variables": []});
    assert_eq!(err(&f.core, "save_template", bad).await.0, "not_found");
    let bad = json!({"id": 0, "account_id": null, "name": "x", "content": "x", "template_type": "whenever", "tag_ids": [], "variables": []});
    assert_eq!(err(&f.core, "save_template", bad).await.0, "bad_input");
}

#[tokio::test]
async fn a_note_mentions_only_members_who_may_see_the_conversation() {
    let f = fixture().await;
    let ws = f.core.workspace().await;
    let marta = ws
        .store
        .insert_member(
            "Marta López",
            "marta@tienda.example",
            Role::Agent,
            Availability::Online,
            None,
            "#0ea5e9",
            false,
        )
        .await
        .unwrap();
    let pablo = ws
        .store
        .insert_member(
            "Pablo",
            "pablo@tienda.example",
            Role::Agent,
            Availability::Online,
            None,
            "#0ea5e9",
            false,
        )
        .await
        .unwrap();
    ws.store
        .set_account_members(f.account, &[ws.me, marta])
        .await
        .unwrap();
    let mut events = f.core.subscribe();
    call(&f.core, "add_note", json!({"conversation_id": f.conversation, "body": "@marta llama a la clienta; @Pablo no ve esta cuenta"})).await.unwrap();
    let mut notices = Vec::new();
    while let Ok(e) = events.try_recv() {
        if let CoreEvent::Notice {
            member_id, kind, ..
        } = e
        {
            notices.push((member_id, kind));
        }
    }
    assert_eq!(notices, vec![(marta, NoticeKind::Mentioned)]);
    assert!(!notices.iter().any(|(m, _)| *m == pablo));
    let page = call(
        &f.core,
        "list_messages",
        json!({"conversation_id": f.conversation, "before": null, "limit": 10}),
    )
    .await
    .unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.last().unwrap()["kind"], "note");
    assert_eq!(
        err(
            &f.core,
            "add_note",
            json!({"conversation_id": f.conversation, "body": "  "})
        )
        .await
        .0,
        "bad_input"
    );
    assert_eq!(
        err(
            &f.core,
            "add_note",
            json!({"conversation_id": 999, "body": "x"})
        )
        .await
        .0,
        "not_found"
    );
}

#[tokio::test]
async fn usage_shows_the_plan_and_each_number() {
    let f = fixture().await;
    let u = call(&f.core, "get_usage", Value::Null).await.unwrap();
    assert_eq!(u["conversations_this_month"], 1);
    assert_eq!(u["plan_limit"], Value::Null);
    assert_eq!(u["numbers"][0]["account_id"], f.account);
    let u = call(&f.core, "set_plan_limit", json!({"limit": 1000}))
        .await
        .unwrap();
    assert_eq!(u["plan_limit"], 1000);
    assert_eq!(
        err(&f.core, "set_plan_limit", json!({"limit": 0})).await.0,
        "bad_input"
    );
    assert_eq!(
        err(&f.core, "set_plan_limit", json!({"limit": -5})).await.0,
        "bad_input"
    );
}
