//! Every creation rule, one table row each, starting from the fixture's
//! valid `pedido_enviado` draft and breaking one thing at a time.

use super::*;

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../../../shared/fixtures/whatsapp/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `template_create_request.json` as a draft.
fn pedido() -> TemplateDraft {
    TemplateDraft {
        name: "pedido_enviado".into(),
        language: "es".into(),
        category: TemplateCategory::Utility,
        header: Some(TemplateHeader::Image {
            example_handle: Some("4::SYNTHETIC_HANDLE".into()),
        }),
        body: "Hola {{1}}, tu pedido {{2}} ya va en camino.".into(),
        body_examples: vec!["Ana".into(), "#7781".into()],
        footer: Some("Tienda Ejemplo".into()),
        buttons: vec![
            TemplateButton::QuickReply {
                text: "¿Dónde está?".into(),
            },
            TemplateButton::Url {
                text: "Ver pedido".into(),
                url: "https://tienda.example.invalid/pedidos/{{1}}".into(),
                example: Some("7781".into()),
            },
        ],
    }
}

fn qr(text: &str) -> TemplateButton {
    TemplateButton::QuickReply { text: text.into() }
}

fn url(u: &str, example: Option<&str>) -> TemplateButton {
    TemplateButton::Url {
        text: "Ver".into(),
        url: u.into(),
        example: example.map(str::to_string),
    }
}

fn phone(n: &str) -> TemplateButton {
    TemplateButton::PhoneNumber {
        text: "Llamar".into(),
        phone_number: n.into(),
    }
}

fn text_header(text: &str, example: Option<&str>) -> Option<TemplateHeader> {
    Some(TemplateHeader::Text {
        text: text.into(),
        example: example.map(str::to_string),
    })
}

fn codes(d: &TemplateDraft) -> Vec<(String, String)> {
    validate(d).into_iter().map(|p| (p.field, p.code)).collect()
}

#[test]
fn the_fixture_draft_is_valid_and_becomes_the_fixture_components() {
    let d = pedido();
    assert_eq!(validate(&d), vec![]);
    let want = fixture("template_create_request.json");
    assert_eq!(to_graph_components(&d), want["components"]);
    assert_eq!(d.category.graph_name(), want["category"]);
    // a full sample URL is kept as given
    let mut d = pedido();
    d.buttons[1] = TemplateButton::Url {
        text: "Ver pedido".into(),
        url: "https://tienda.example.invalid/pedidos/{{1}}".into(),
        example: Some("https://tienda.example.invalid/pedidos/7781".into()),
    };
    assert_eq!(to_graph_components(&d), want["components"]);
}

#[test]
fn components_for_text_header_phone_and_no_parameters() {
    let d = TemplateDraft {
        name: "aviso".into(),
        language: "es_MX".into(),
        category: TemplateCategory::Marketing,
        header: text_header("Hola {{1}}", Some("Ana")),
        body: "Tu taller está listo para recibirte mañana.".into(),
        body_examples: vec![],
        footer: None,
        buttons: vec![qr("Sí"), qr("No"), phone("+34 612 34 56 78")],
    };
    assert_eq!(validate(&d), vec![]);
    assert_eq!(
        to_graph_components(&d),
        json!([
            {"type": "HEADER", "format": "TEXT", "text": "Hola {{1}}", "example": {"header_text": ["Ana"]}},
            {"type": "BODY", "text": "Tu taller está listo para recibirte mañana."},
            {"type": "BUTTONS", "buttons": [
                {"type": "QUICK_REPLY", "text": "Sí"},
                {"type": "QUICK_REPLY", "text": "No"},
                {"type": "PHONE_NUMBER", "text": "Llamar", "phone_number": "+34 612 34 56 78"}
            ]}
        ])
    );
}

#[test]
fn serde_is_snake_case_with_tags() {
    let v = serde_json::to_value(pedido()).unwrap();
    assert_eq!(v["category"], "utility");
    assert_eq!(v["header"]["format"], "image");
    assert_eq!(v["buttons"][0]["type"], "quick_reply");
    assert_eq!(v["buttons"][1]["type"], "url");
    let back: TemplateDraft = serde_json::from_value(v).unwrap();
    assert_eq!(back, pedido());
}

type Case = (
    &'static str,
    fn(&mut TemplateDraft),
    &'static str,
    &'static str,
);

/// (what, how to break the valid draft, field, code)
#[rustfmt::skip]
fn cases() -> Vec<Case> {
    vec![
        ("empty name", |d| d.name.clear(), "name", "name_empty"),
        ("upper case name", |d| d.name = "Pedido".into(), "name", "name_invalid"),
        ("name with dash", |d| d.name = "pedido-1".into(), "name", "name_invalid"),
        ("name with space", |d| d.name = "pedido 1".into(), "name", "name_invalid"),
        ("name too long", |d| d.name = "a".repeat(513), "name", "name_too_long"),
        ("language shape", |d| d.language = "es-MX".into(), "language", "language_invalid"),
        ("language case", |d| d.language = "ES".into(), "language", "language_invalid"),
        ("language region case", |d| d.language = "es_mx".into(), "language", "language_invalid"),
        ("language unknown", |d| d.language = "xx".into(), "language", "language_unsupported"),
        ("empty body", |d| d.body = "  ".into(), "body", "body_empty"),
        ("body too long", |d| d.body = format!("Hola {{{{1}}}}, tu pedido {{{{2}}}} {}", "a".repeat(1000)), "body", "body_too_long"),
        ("gap", |d| d.body = "Hola {{1}}, tu pedido {{3}} ya va en camino.".into(), "body", "body_parameters_not_sequential"),
        ("not from 1", |d| { d.body = "Hola {{2}}, tu pedido ya va en camino.".into(); d.body_examples.pop(); }, "body", "body_parameters_not_sequential"),
        ("named", |d| d.body = "Hola {{nombre}}, tu pedido {{2}} ya va en camino.".into(), "body", "body_parameter_invalid"),
        ("zero", |d| d.body = "Hola {{0}}, tu pedido {{1}} ya va en camino.".into(), "body", "body_parameter_invalid"),
        ("spaces inside", |d| d.body = "Hola {{ 1 }}, tu pedido {{2}} ya va en camino.".into(), "body", "body_parameter_invalid"),
        ("unclosed", |d| d.body = "Hola {{1}}, tu pedido {{2 ya va en camino.".into(), "body", "body_parameter_invalid"),
        ("stray close", |d| d.body = "Hola {{1}}, tu pedido }} {{2}} ya va en camino.".into(), "body", "body_parameter_invalid"),
        ("starts with param", |d| d.body = "{{1}}, tu pedido {{2}} ya va en camino.".into(), "body", "body_parameter_at_edge"),
        ("ends with param", |d| d.body = "Hola {{1}}, tu pedido ya va en camino {{2}}".into(), "body", "body_parameter_at_edge"),
        ("ends with param and spaces", |d| d.body = "Hola {{1}}, tu pedido ya va en camino {{2}}  ".into(), "body", "body_parameter_at_edge"),
        ("adjacent", |d| d.body = "Hola amiga, tu pedido {{1}} {{2}} ya va en camino.".into(), "body", "body_parameters_adjacent"),
        ("too many params", |d| d.body = "Hola {{1}} y {{2}}.".into(), "body", "body_too_many_parameters"),
        ("missing example", |d| { d.body_examples.pop(); }, "body_examples", "body_examples_count"),
        ("extra example", |d| d.body_examples.push("x".into()), "body_examples", "body_examples_count"),
        ("blank example", |d| d.body_examples[1] = " ".into(), "body_examples[1]", "body_example_empty"),
        ("media header without sample", |d| d.header = Some(TemplateHeader::Video { example_handle: None }), "header.example_handle", "header_example_missing"),
        ("document header blank sample", |d| d.header = Some(TemplateHeader::Document { example_handle: Some("".into()) }), "header.example_handle", "header_example_missing"),
        ("empty text header", |d| d.header = text_header("", None), "header.text", "header_empty"),
        ("text header too long", |d| d.header = text_header(&"h".repeat(61), None), "header.text", "header_too_long"),
        ("two header params", |d| d.header = text_header("Hola {{1}} {{2}}", Some("a")), "header.text", "header_too_many_parameters"),
        ("header param 2", |d| d.header = text_header("Hola {{2}}", Some("a")), "header.text", "header_parameters_not_sequential"),
        ("header named param", |d| d.header = text_header("Hola {{x}}", Some("a")), "header.text", "header_parameter_invalid"),
        ("header param without sample", |d| d.header = text_header("Hola {{1}}", None), "header.example", "header_example_missing"),
        ("header sample without param", |d| d.header = text_header("Hola", Some("Ana")), "header.example", "header_example_unexpected"),
        ("empty footer", |d| d.footer = Some(String::new()), "footer", "footer_empty"),
        ("footer too long", |d| d.footer = Some("f".repeat(61)), "footer", "footer_too_long"),
        ("footer param", |d| d.footer = Some("Hola {{1}}".into()), "footer", "footer_has_parameters"),
        ("4 quick replies", |d| d.buttons = vec![qr("a"), qr("b"), qr("c"), qr("d")], "buttons", "too_many_quick_replies"),
        ("11 buttons", |d| d.buttons = (0..11).map(|_| phone("+34612345678")).collect(), "buttons", "too_many_buttons"),
        ("2 url buttons", |d| d.buttons.push(url("https://a.example.invalid/", None)), "buttons", "too_many_url_buttons"),
        ("2 phone buttons", |d| d.buttons = vec![phone("+34612345678"), phone("+34612345679")], "buttons", "too_many_phone_buttons"),
        ("interleaved", |d| d.buttons.push(qr("Otra")), "buttons", "quick_replies_not_grouped"),
        ("quick reply text 21", |d| d.buttons[0] = qr(&"q".repeat(21)), "buttons[0].text", "button_text_too_long"),
        ("url text 26", |d| d.buttons[1] = TemplateButton::Url { text: "u".repeat(26), url: "https://a.example.invalid/".into(), example: None }, "buttons[1].text", "button_text_too_long"),
        ("empty button text", |d| d.buttons[0] = qr(" "), "buttons[0].text", "button_text_empty"),
        ("button text param", |d| d.buttons[0] = qr("Hola {{1}}"), "buttons[0].text", "button_text_has_parameters"),
        ("url not http", |d| d.buttons[1] = url("ftp://a.example.invalid/", None), "buttons[1].url", "url_invalid"),
        ("url too long", |d| d.buttons[1] = url(&format!("https://a.example.invalid/{}", "p".repeat(2000)), None), "buttons[1].url", "url_too_long"),
        ("url param in middle", |d| d.buttons[1] = url("https://a.example.invalid/{{1}}/x", Some("7")), "buttons[1].url", "url_parameter_invalid"),
        ("url two params", |d| d.buttons[1] = url("https://a.example.invalid/{{1}}{{2}}", Some("7")), "buttons[1].url", "url_parameter_invalid"),
        ("url param 2", |d| d.buttons[1] = url("https://a.example.invalid/{{2}}", Some("7")), "buttons[1].url", "url_parameter_invalid"),
        ("url param without sample", |d| d.buttons[1] = url("https://a.example.invalid/{{1}}", None), "buttons[1].example", "url_example_missing"),
        ("url sample without param", |d| d.buttons[1] = url("https://a.example.invalid/", Some("7")), "buttons[1].example", "url_example_unexpected"),
        ("phone letters", |d| d.buttons[1] = phone("call me"), "buttons[1].phone_number", "phone_number_invalid"),
        ("phone too long", |d| d.buttons[1] = phone("+34 (612) 34-56-78 000"), "buttons[1].phone_number", "phone_number_invalid"),
    ]
}

#[test]
fn each_rule_reports_its_field_and_code() {
    for (what, break_it, field, code) in cases() {
        let mut d = pedido();
        break_it(&mut d);
        let got = codes(&d);
        assert!(
            got.contains(&(field.to_string(), code.to_string())),
            "{what}: expected {field}/{code}, got {got:?}"
        );
    }
}

#[test]
fn all_problems_are_reported_at_once() {
    let d = TemplateDraft {
        name: "Mal Nombre".into(),
        language: "klingon".into(),
        category: TemplateCategory::Marketing,
        header: None,
        body: "{{1}}".into(),
        body_examples: vec![],
        footer: Some("{{1}}".into()),
        buttons: vec![qr("a"), qr("b"), qr("c"), qr("d")],
    };
    let got: Vec<String> = validate(&d).into_iter().map(|p| p.code).collect();
    for code in [
        "name_invalid",
        "language_invalid",
        "body_parameter_at_edge",
        "body_examples_count",
        "footer_has_parameters",
        "too_many_quick_replies",
    ] {
        assert!(got.iter().any(|c| c == code), "{code} missing from {got:?}");
    }
    let p = &validate(&d)[0];
    assert_eq!(p.to_string(), format!("{}: {}", p.field, p.message));
}

#[test]
fn parameter_count_and_render() {
    assert_eq!(body_parameter_count("Hola {{1}}, pedido {{2}}, {{1}}"), 2);
    assert_eq!(body_parameter_count("sin parámetros"), 0);
    assert_eq!(body_parameter_count("{{1}} {{3}}"), 2);
    let params = vec!["Ana".to_string(), "#7781".to_string()];
    assert_eq!(
        render("Hola {{1}}, tu pedido {{2}} ya va en camino.", &params),
        "Hola Ana, tu pedido #7781 ya va en camino."
    );
    assert_eq!(
        render("{{1}} y {{3}} y {{1}}", &params[..1]),
        "Ana y {{3}} y Ana"
    );
    // values are not re-scanned
    assert_eq!(render("a {{1}} b", &["{{1}}".into()]), "a {{1}} b");
    assert_eq!(render("a {{x}} b", &params), "a {{x}} b");
}
