//! TLS from certificate files: a self-signed certificate made here (rcgen)
//! for `relay.test`, served by the relay, trusted by a rustls client — HTTPS
//! requests and a WebSocket over TLS — while a client that does not trust it
//! is refused; unreadable or mismatched files are clear errors at start.

mod common;

use std::sync::Arc;
use std::time::Duration;

use bandeja_relay::config::Tls;
use bandeja_relay::stream::{ClientFrame, ServerFrame};
use bandeja_relay::{serve, RelayError, ServeConfig};
use common::{enroll_at, next_frame, post_meta_at, say, Relay};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

struct Pem {
    cert: String,
    key: String,
}

fn self_signed(name: &str) -> Pem {
    let made = rcgen::generate_simple_self_signed(vec![name.to_string()]).unwrap();
    Pem {
        cert: made.cert.pem(),
        key: made.key_pair.serialize_pem(),
    }
}

async fn tls_relay(pem: &Pem) -> Relay {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, &pem.cert).unwrap();
    std::fs::write(&key, &pem.key).unwrap();
    let relay = Relay::start_with(|c| c.tls = Tls::Files { cert, key }).await;
    drop(dir); // the files are read at start
    relay
}

fn trusting_client(pem: &Pem, relay: &Relay) -> reqwest::Client {
    reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(pem.cert.as_bytes()).unwrap())
        .resolve("relay.test", relay.addr)
        .build()
        .unwrap()
}

/// `https://relay.test:{port}`, the relay's root as its certificate names it.
fn https_base(relay: &Relay) -> String {
    format!("https://relay.test:{}", relay.addr.port())
}

/// Enroll a device over HTTPS with `client`; its token.
async fn enroll_over(relay: &Relay, client: &reqwest::Client) -> String {
    let code = relay
        .store
        .create_enrollment_code(&relay.tenant.id, bandeja_relay::now_millis(), 60_000)
        .await
        .unwrap();
    enroll_at(client, &https_base(relay), &code).await.token
}

#[tokio::test]
async fn https_with_a_trusted_self_signed_certificate() {
    let pem = self_signed("relay.test");
    let relay = tls_relay(&pem).await;
    let port = relay.addr.port();
    let url = format!(
        "https://relay.test:{port}/hooks/meta/{}?hub.mode=subscribe&hub.challenge=31&hub.verify_token={}",
        relay.tenant.path_token, relay.tenant.verify_token
    );
    let client = trusting_client(&pem, &relay);
    let res = client.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "31");

    // long-poll over TLS too
    let device = enroll_over(&relay, &client).await;
    let res = client
        .get(format!("https://relay.test:{port}/v1/events?wait=0"))
        .bearer_auth(&device)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);

    // a client with only the public roots does not trust it
    let stranger = reqwest::Client::builder()
        .use_rustls_tls()
        .resolve("relay.test", relay.addr)
        .build()
        .unwrap();
    assert!(stranger.get(&url).send().await.is_err());
    // plain HTTP to the TLS port gets no answer
    assert!(relay
        .http
        .get(format!("http://{}/v1/events", relay.addr))
        .send()
        .await
        .is_err());
}

#[tokio::test]
async fn a_websocket_over_tls_gets_its_events() {
    let pem = self_signed("relay.test");
    let relay = tls_relay(&pem).await;
    let client = trusting_client(&pem, &relay);
    let body = r#"{"object":"whatsapp_business_account","entry":[]}"#;
    post_meta_at(&client, &https_base(&relay), &relay.tenant, body).await;
    let token = enroll_over(&relay, &client).await;

    let mut roots = rustls::RootCertStore::empty();
    let der = rustls_pki_types::pem::PemObject::from_pem_slice(pem.cert.as_bytes()).unwrap();
    roots.add(der).unwrap();
    let mut client = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    client.alpn_protocols = vec![b"http/1.1".to_vec()];
    let tcp = tokio::net::TcpStream::connect(relay.addr).await.unwrap();
    let tls = tokio_rustls::TlsConnector::from(Arc::new(client))
        .connect("relay.test".try_into().unwrap(), tcp)
        .await
        .unwrap();
    let mut req = format!("wss://relay.test:{}/v1/stream", relay.addr.port())
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::client_async(req, tls).await.unwrap();
    say(&mut ws, ClientFrame::Hello { last_acked_seq: 0 }).await;
    let frame = next_frame(&mut ws, Duration::from_secs(5)).await;
    assert!(
        matches!(frame, ServerFrame::Deliver { seq: 1, .. }),
        "{frame:?}"
    );
}

#[tokio::test]
async fn missing_garbage_or_mismatched_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let store = bandeja_relay::Store::open(&dir.path().join("relay.db"))
        .await
        .unwrap();
    let a = self_signed("relay.test");
    let b = self_signed("relay.test");
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let (cert_a, key_b) = (write("a.pem", &a.cert), write("b.key", &b.key));
    let garbage = write("garbage.pem", "not a pem file");
    let missing = dir.path().join("missing.pem");
    let cases = [
        (missing.clone(), key_b.clone(), "missing.pem"),
        (garbage.clone(), key_b.clone(), "no CERTIFICATE"),
        (cert_a.clone(), garbage.clone(), "key file"),
        (cert_a.clone(), key_b.clone(), "do not fit"),
    ];
    for (cert, key, expected) in cases {
        let mut config = ServeConfig::new(store.clone(), "127.0.0.1:0".parse().unwrap());
        config.tls = Tls::Files { cert, key };
        match serve(config).await {
            Err(e @ RelayError::Tls(_)) => {
                assert!(e.to_string().contains(expected), "{e} lacks {expected}")
            }
            Err(e) => panic!("expected a TLS error, got {e}"),
            Ok(_) => panic!("served with bad files ({expected})"),
        }
    }
}
