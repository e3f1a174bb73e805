//! Twilio ingest over real HTTP: the signature is checked against the
//! configured public URL (with and without the default port), the envelope
//! is stored with source "twilio" and reaches a device in its `deliver`
//! frame, and every refusal stores nothing.

mod common;

use std::time::Duration;

use bandeja_relay::stream::{ClientFrame, ServerFrame};
use bandeja_relay::twilio::signature::sign;
use bandeja_relay::twilio::{EMPTY_TWIML, SIGNED_URL_HEADER};
use bandeja_relay::Source;
use common::{next_frame_text, say, Relay, TWILIO_TOKEN};

const PUBLIC: &str = "https://relay.bandeja.example";
const BODY: &str = "AccountSid=AC00000000000000000000000000000001&ApiVersion=2010-04-01&Body=Hola&From=whatsapp%3A%2B15550100123&MessageSid=SM00000000000000000000000000005001&NumMedia=0&ProfileName=Ana+Ruiz&SmsMessageSid=SM00000000000000000000000000005001&SmsSid=SM00000000000000000000000000005001&SmsStatus=received&To=whatsapp%3A%2B15550100001&WaId=15550100123";

async fn twilio_relay() -> (Relay, String) {
    let relay = Relay::start_with(|c| c.public_url = Some(PUBLIC.into())).await;
    let path = relay
        .store
        .set_twilio_auth_token(&relay.tenant.id, Some(TWILIO_TOKEN))
        .await
        .unwrap();
    (relay, format!("/hooks/twilio/{path}"))
}

/// Twilio's signature of `body` posted to `path` under [`PUBLIC`].
fn signed(path: &str, body: &str) -> String {
    sign(
        TWILIO_TOKEN.as_bytes(),
        &format!("{PUBLIC}{path}"),
        body.as_bytes(),
    )
}

async fn post(relay: &Relay, path: &str, sig: Option<&str>, body: &str) -> reqwest::Response {
    let mut req = relay
        .http
        .post(relay.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_string());
    if let Some(sig) = sig {
        req = req.header("X-Twilio-Signature", sig);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn signed_post_is_stored_and_answered_with_empty_twiml() {
    let (relay, path) = twilio_relay().await;
    let sig = signed(&path, BODY);
    let res = post(&relay, &path, Some(&sig), BODY).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/xml");
    assert_eq!(res.text().await.unwrap(), EMPTY_TWIML);
    let events = relay.events().await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].source, Source::Twilio);
    assert_eq!(events[0].body, BODY.as_bytes());
    assert_eq!(events[0].headers["x-twilio-signature"], sig);
    assert_eq!(
        events[0].headers[SIGNED_URL_HEADER],
        format!("{PUBLIC}{path}")
    );

    // Twilio's retry of the same body: 200, no new row
    assert_eq!(post(&relay, &path, Some(&sig), BODY).await.status(), 200);
    assert_eq!(relay.event_count().await, 1);
}

#[tokio::test]
async fn the_url_signed_with_the_default_port_or_a_query_is_accepted() {
    let (relay, path) = twilio_relay().await;
    let with_port = sign(
        TWILIO_TOKEN.as_bytes(),
        &format!("https://relay.bandeja.example:443{path}"),
        BODY.as_bytes(),
    );
    assert_eq!(
        post(&relay, &path, Some(&with_port), BODY).await.status(),
        200
    );
    let query = format!("{path}?tenant=t_0001");
    let body = BODY.replace("Hola", "Adios");
    let sig = signed(&query, &body);
    assert_eq!(post(&relay, &query, Some(&sig), &body).await.status(), 200);
    assert_eq!(relay.event_count().await, 2);
}

#[tokio::test]
async fn bad_signatures_are_403_and_store_nothing() {
    let (relay, path) = twilio_relay().await;
    let url = format!("{PUBLIC}{path}");
    let cases = [
        Some(sign(b"another-token", &url, BODY.as_bytes())),
        // signed for another host, or another tenant's path
        Some(sign(
            TWILIO_TOKEN.as_bytes(),
            "https://evil.example/x",
            BODY.as_bytes(),
        )),
        Some(sign(
            TWILIO_TOKEN.as_bytes(),
            &format!("{url}x"),
            BODY.as_bytes(),
        )),
        // the body changed after signing
        Some(sign(TWILIO_TOKEN.as_bytes(), &url, b"Body=Hola")),
        Some("not base64 at all".to_string()),
        None,
    ];
    for sig in cases {
        let res = post(&relay, &path, sig.as_deref(), BODY).await;
        assert_eq!(res.status(), 403, "{sig:?}");
    }
    assert_eq!(relay.event_count().await, 0);
}

#[tokio::test]
async fn unknown_paths_tenants_without_a_token_and_no_public_url() {
    let (relay, path) = twilio_relay().await;
    let sig = signed(&path, BODY);
    assert_eq!(
        post(&relay, "/hooks/twilio/nope", Some(&sig), BODY)
            .await
            .status(),
        404
    );
    // the Meta path is not a Twilio path
    let meta = format!("/hooks/twilio/{}", relay.tenant.path_token);
    assert_eq!(post(&relay, &meta, Some(&sig), BODY).await.status(), 404);
    // Twilio switched off for the tenant: the path answers 404
    relay
        .store
        .set_twilio_auth_token(&relay.tenant.id, None)
        .await
        .unwrap();
    assert_eq!(post(&relay, &path, Some(&sig), BODY).await.status(), 404);

    // a relay that does not know its public URL cannot check signatures
    let bare = Relay::start().await;
    let path = bare
        .store
        .set_twilio_auth_token(&bare.tenant.id, Some(TWILIO_TOKEN))
        .await
        .unwrap();
    let res = post(&bare, &format!("/hooks/twilio/{path}"), Some(&sig), BODY).await;
    assert_eq!(res.status(), 503);
    assert!(res.text().await.unwrap().contains("public_url"));
    assert_eq!(bare.event_count().await, 0);
}

#[tokio::test]
async fn a_body_over_4_mib_is_413() {
    let (relay, path) = twilio_relay().await;
    let big = format!("Body={}", "x".repeat(bandeja_relay::BODY_LIMIT));
    let sig = signed(&path, &big);
    assert_eq!(post(&relay, &path, Some(&sig), &big).await.status(), 413);
    assert_eq!(relay.event_count().await, 0);
}

#[tokio::test]
async fn deliver_frames_say_which_provider_sent_the_envelope() {
    let (relay, path) = twilio_relay().await;
    relay
        .post_meta(r#"{"object":"whatsapp_business_account"}"#)
        .await;
    let sig = signed(&path, BODY);
    assert_eq!(post(&relay, &path, Some(&sig), BODY).await.status(), 200);

    let device = relay.enroll().await;
    let mut ws = relay.connect(&device.token).await.unwrap();
    say(&mut ws, ClientFrame::Hello { last_acked_seq: 0 }).await;
    let mut sources = Vec::new();
    while sources.len() < 2 {
        // the source as sent, not as a default would fill it in
        let t = next_frame_text(&mut ws, Duration::from_secs(5)).await;
        let raw: serde_json::Value = serde_json::from_str(&t).unwrap();
        sources.push(raw["source"].as_str().unwrap().to_string());
        assert!(matches!(
            serde_json::from_str(&t).unwrap(),
            ServerFrame::Deliver { .. }
        ));
    }
    assert_eq!(sources, ["meta", "twilio"]);
}
