//! The shared signature vector and Meta's escaping, byte for byte.

use bandeja_sim::json::{signature, to_meta_bytes, verify_signature};
use bandeja_sim::wire::{Envelope, MessagesValue};
use bandeja_sim::Inbound;

use crate::common::*;

fn vector_body() -> Vec<u8> {
    std::fs::read(fixture_dir().join("signature_vector_body.txt")).unwrap()
}

#[test]
fn signing_the_vector_body_gives_the_vector_header() {
    let v = fixture("signature_vector.json");
    let body = vector_body();
    assert_eq!(body.len() as u64, v["body_length_bytes"].as_u64().unwrap());
    let secret = v["app_secret"].as_str().unwrap();
    assert_eq!(
        signature(secret, &body),
        v["expected_header_value"].as_str().unwrap()
    );
    assert!(verify_signature(
        secret,
        &body,
        v["expected_header_value"].as_str().unwrap()
    ));
}

#[test]
fn the_serializer_reproduces_metas_bytes() {
    let body = vector_body();
    // parse into the simulator's typed webhook and write it back out
    let env: Envelope<MessagesValue> = serde_json::from_slice(&body).unwrap();
    assert_eq!(to_meta_bytes(&env), body);
    // a naive re-serialisation (raw UTF-8) is the negative case and must not verify
    let naive = serde_json::to_vec(&env).unwrap();
    let v = fixture("signature_vector.json");
    assert_eq!(
        signature(SECRET, &naive),
        v["negative_case"]["signature_of_reserialised_body"]
            .as_str()
            .unwrap()
    );
    assert!(!verify_signature(
        SECRET,
        &naive,
        v["expected_header_value"].as_str().unwrap()
    ));
}

#[tokio::test]
async fn a_simulated_inbound_text_is_the_vector_body() {
    let mut h = Harness::start().await;
    let r = h
        .sim
        .inbound(Inbound::text(ANA, "Hola, ¿tienen la talla M en azul?").named("Ana Ruiz"))
        .unwrap();
    let got = h.rx.next(1).await.remove(0);
    // the same bytes as Meta's, once the (unique) wamid is the fixture's
    let raw = String::from_utf8(got.raw).unwrap();
    let same = raw.replace(&r.id, "wamid.QkFOREVKQS5TWU5USC5JTi4wMDAx");
    assert_eq!(same.as_bytes(), vector_body().as_slice());
    assert_eq!(got.signature, signature(SECRET, raw.as_bytes()));
}

#[tokio::test]
async fn slashes_and_emoji_are_escaped_on_the_wire() {
    let mut h = Harness::start().await;
    h.sim
        .inbound(Inbound::text(
            ANA,
            "Mira https://tienda.example.invalid/p/1 👍 ñ",
        ))
        .unwrap();
    let got = h.rx.next(1).await.remove(0);
    let raw = String::from_utf8(got.raw.clone()).unwrap();
    assert!(raw.is_ascii());
    assert!(
        raw.contains(r"https:\/\/tienda.example.invalid\/p\/1 \ud83d\udc4d \u00f1"),
        "{raw}"
    );
    assert_eq!(
        got.json["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"],
        "Mira https://tienda.example.invalid/p/1 👍 ñ"
    );
}
