//! Listing every page, creating (PENDING, then APPROVED after the simulated
//! review), sending and deleting, local refusals without a request, and
//! Meta's own refusals.

use std::time::Duration;

use bandeja_channels::graph::{ErrorKind, GraphTemplate};
use bandeja_domain::wa_template::{TemplateButton, TemplateCategory, TemplateDraft};
use bandeja_sim::Inbound;
use serde_json::json;

use crate::common::*;

fn draft(name: &str) -> TemplateDraft {
    TemplateDraft {
        name: name.into(),
        language: "es".into(),
        category: TemplateCategory::Utility,
        header: None,
        body: "Hola {{1}}, tu coche {{2}} ya está listo en el taller.".into(),
        body_examples: vec!["Ana".into(), "1234-ABC".into()],
        footer: Some("Taller Ejemplo".into()),
        buttons: vec![
            TemplateButton::QuickReply {
                text: "Voy hoy".into(),
            },
            TemplateButton::QuickReply {
                text: "Mañana".into(),
            },
        ],
    }
}

fn find<'a>(all: &'a [GraphTemplate], name: &str) -> &'a GraphTemplate {
    all.iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("{name} not listed"))
}

#[tokio::test]
async fn templates_are_listed_across_every_page() {
    let h = Harness::start().await;
    let seeded = h.sim().templates().len();
    // pages of 100: three pages in all
    for i in 0..210 {
        h.client
            .create_template(WABA, &draft(&format!("aviso_{i:03}")))
            .await
            .unwrap();
    }
    let all = h.client.templates(WABA).await.unwrap();
    assert_eq!(all.len(), seeded + 210);
    let mut names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all.len(), "a page was repeated");
    let pedido = find(&all, "pedido_enviado");
    assert_eq!(
        (pedido.status.as_str(), pedido.category.as_str()),
        ("APPROVED", "UTILITY")
    );
    assert_eq!(pedido.components[1]["type"], "BODY");
    assert_eq!(find(&all, "promo_otono").status, "REJECTED");
    assert_eq!(find(&all, "aviso_209").status, "PENDING");
}

#[tokio::test]
async fn a_created_template_is_pending_then_reviewed_then_sendable_and_deletable() {
    let h = Harness::start().await;
    let created = h
        .client
        .create_template(WABA, &draft("coche_listo"))
        .await
        .unwrap();
    // the simulator's review rejects names containing "reject" as PROMOTIONAL
    h.client
        .create_template(WABA, &draft("oferta_reject"))
        .await
        .unwrap();
    assert_eq!(
        (created.status.as_str(), created.category.as_str()),
        ("PENDING", "UTILITY")
    );
    let listed = h.client.templates(WABA).await.unwrap();
    let t = find(&listed, "coche_listo");
    assert_eq!(
        (t.id.as_str(), t.status.as_str()),
        (created.id.as_str(), "PENDING")
    );
    assert_eq!(t.rejected_reason, None);
    // what Meta stored is what the draft said
    assert_eq!(
        t.components,
        bandeja_domain::wa_template::to_graph_components(&draft("coche_listo"))
    );

    h.sim().advance(Duration::from_secs(61));
    let listed = h.client.templates(WABA).await.unwrap();
    assert_eq!(find(&listed, "coche_listo").status, "APPROVED");
    let rejected = find(&listed, "oferta_reject");
    assert_eq!(rejected.status, "REJECTED");
    assert_eq!(rejected.rejected_reason.as_deref(), Some("PROMOTIONAL"));

    h.sim().inbound(Inbound::text(ANA, "Hola")).unwrap();
    let payload = json!({"type": "template", "to": format!("+{ANA}"), "template": {
        "name": "coche_listo", "language": {"code": "es"},
        "components": [{"type": "body", "parameters": [
            {"type": "text", "text": "Ana"}, {"type": "text", "text": "1234-ABC"}]}]}});
    h.client.send(&payload).await.unwrap();

    h.client.delete_template(WABA, "coche_listo").await.unwrap();
    let listed = h.client.templates(WABA).await.unwrap();
    assert!(listed.iter().all(|t| t.name != "coche_listo"));
    let e = h
        .client
        .delete_template(WABA, "coche_listo")
        .await
        .unwrap_err();
    assert_eq!((e.code, e.http_status), (100, Some(400)));
}

#[tokio::test]
async fn a_template_with_four_quick_replies_is_refused_without_a_request() {
    let h = Harness::start().await;
    let before = h.sim().templates().len();
    let mut d = draft("cuatro_botones");
    for text in ["Sí", "No"] {
        d.buttons
            .push(TemplateButton::QuickReply { text: text.into() });
    }
    let e = h.client.create_template(WABA, &d).await.unwrap_err();
    assert_eq!(
        (e.code, e.http_status, e.kind()),
        (100, None, ErrorKind::Permanent)
    );
    assert!(e.title.contains("at most 3 quick reply"), "{}", e.title);
    let problems: serde_json::Value = serde_json::from_str(e.details.as_deref().unwrap()).unwrap();
    assert_eq!(problems[0]["code"], "too_many_quick_replies");
    assert_eq!(
        h.sim().templates().len(),
        before,
        "nothing reached the simulator"
    );
}

#[tokio::test]
async fn metas_own_refusals_come_back_with_its_subcode() {
    let h = Harness::start().await;
    let mut d = draft("pedido_enviado");
    d.body = "Hola {{1}}, tu pedido {{2}} ya va en camino.".into();
    let e = h.client.create_template(WABA, &d).await.unwrap_err();
    assert_eq!(
        (e.code, e.subcode, e.http_status),
        (100, Some(2388024), Some(400))
    );
    assert_eq!(e.title, "Content in This Language Already Exists");
}
