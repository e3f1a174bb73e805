//! Upload then send by id, media lookup and download, links that expire
//! after 5 simulated minutes, forged links, checksum mismatches, and files
//! refused before any request.

use std::time::Duration;

use axum::body::Body;
use axum::http::header::CONTENT_LENGTH;
use axum::response::Response;
use bandeja_channels::graph::{ErrorKind, GraphError};
use bandeja_sim::Inbound;
use serde_json::{json, Value};

use crate::common::*;

#[tokio::test]
async fn upload_then_send_an_image_by_id() {
    let h = Harness::start().await;
    let id = h
        .client
        .upload_media(jpeg(2048), "image/jpeg", "azul.jpg")
        .await
        .unwrap();
    h.sim()
        .inbound(Inbound::text(ANA, "¿La tenéis en azul?"))
        .unwrap();
    let payload = json!({"type": "media", "to": format!("+{ANA}"), "media_kind": "image",
        "media_id": id, "caption": "Modelo azul, talla M", "filename": "azul.jpg"});
    let wamid = h.client.send(&payload).await.unwrap();
    let sent = h.sim().outbound();
    let record = sent
        .iter()
        .find(|r| r.id == wamid)
        .expect("the send was recorded");
    assert_eq!(record.kind, "image");
    assert_eq!(
        record.request["image"],
        json!({"id": id, "caption": "Modelo azul, talla M"})
    );
}

#[tokio::test]
async fn media_url_then_download_gives_the_same_bytes() {
    let h = Harness::start().await;
    let pdf = b"%PDF-1.4 factura 0914".to_vec();
    let id = h
        .client
        .upload_media(pdf.clone(), "application/pdf", "factura.pdf")
        .await
        .unwrap();
    let info = h.client.media_url(&id).await.unwrap();
    assert_eq!(info.mime_type, "application/pdf");
    assert_eq!(info.file_size, Some(pdf.len() as u64));
    assert!(info.sha256.is_some());
    assert_eq!(h.client.download(&info.url).await.unwrap(), pdf);
    let (fetched, bytes) = h.client.fetch_media(&id).await.unwrap();
    assert_eq!(
        (fetched.mime_type.as_str(), bytes),
        ("application/pdf", pdf)
    );
}

#[tokio::test]
async fn an_expired_media_url_is_recognisable_and_a_fresh_lookup_fixes_it() {
    let h = Harness::start().await;
    let id = h
        .client
        .upload_media(jpeg(100), "image/jpeg", "a.jpg")
        .await
        .unwrap();
    let info = h.client.media_url(&id).await.unwrap();
    h.sim().advance(Duration::from_secs(5 * 60 + 1));
    let e = h.client.download(&info.url).await.unwrap_err();
    assert!(e.is_expired_media_url(), "{e:?}");
    assert_eq!(e.http_status, Some(404));
    assert_eq!(e.kind(), ErrorKind::Transient);
    let fresh = h.client.media_url(&id).await.unwrap();
    assert_ne!(fresh.url, info.url);
    assert_eq!(h.client.download(&fresh.url).await.unwrap(), jpeg(100));
    assert_eq!(h.client.fetch_media(&id).await.unwrap().1, jpeg(100));
}

#[tokio::test]
async fn a_forged_link_is_a_404_and_an_unknown_media_id_is_metas_error() {
    let h = Harness::start().await;
    let id = h
        .client
        .upload_media(jpeg(100), "image/jpeg", "a.jpg")
        .await
        .unwrap();
    let info = h.client.media_url(&id).await.unwrap();
    let forged = info.url.replace("hash=", "hash=00");
    let e = h.client.download(&forged).await.unwrap_err();
    assert!(e.is_expired_media_url());
    assert_eq!(e.http_status, Some(404));
    let e = h.client.media_url("900000000099999").await.unwrap_err();
    assert_eq!((e.code, e.kind()), (100, ErrorKind::Permanent));
    assert!(!e.is_expired_media_url());
    // the token is never sent to a plain-HTTP host other than the Graph host
    let e = h
        .client
        .download("http://files.example.invalid/a.jpg")
        .await
        .unwrap_err();
    assert_eq!((e.code, e.http_status), (100, None));
}

/// The real simulator's answers, with every `sha256` replaced.
async fn corrupt_sha(res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let out = match serde_json::from_slice::<Value>(&bytes) {
        Ok(mut v) if v.get("sha256").is_some() => {
            v["sha256"] = json!("0".repeat(64));
            serde_json::to_vec(&v).unwrap()
        }
        _ => bytes.to_vec(),
    };
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(out))
}

#[tokio::test]
async fn a_download_that_does_not_match_its_sha256_is_refused() {
    let h = Harness::start().await;
    let app = bandeja_sim::app(h.sim().clone()).layer(axum::middleware::map_response(corrupt_sha));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = client_for(&format!("http://{addr}"));
    let id = client
        .upload_media(jpeg(300), "image/jpeg", "a.jpg")
        .await
        .unwrap();
    let e = client.fetch_media(&id).await.unwrap_err();
    assert_eq!(e.code, GraphError::MEDIA_CORRUPT, "{e:?}");
    assert_eq!(e.kind(), ErrorKind::Transient);
}

#[tokio::test]
async fn files_whatsapp_would_refuse_are_refused_without_a_request() {
    let h = Harness::start().await;
    let e = h
        .client
        .upload_media(b"GIF89a".to_vec(), "image/gif", "a.gif")
        .await
        .unwrap_err();
    assert_eq!((e.code, e.http_status), (100, None));
    assert!(e.title.contains("can't be sent on WhatsApp"), "{}", e.title);
    // 5 MB + 1 byte: Meta's limit read as decimal megabytes
    let e = h
        .client
        .upload_media(jpeg(5_000_001), "image/jpeg", "big.jpg")
        .await
        .unwrap_err();
    assert_eq!((e.code, e.http_status), (100, None));
    assert!(e.title.contains("at most 5 MB"), "{}", e.title);
    // the simulator's own refusal (content contradicts the type) comes back as Meta's error
    let e = h
        .client
        .upload_media(b"%PDF-1.4".to_vec(), "image/png", "a.png")
        .await
        .unwrap_err();
    assert_eq!((e.code, e.http_status), (131053, Some(400)));
}

#[tokio::test]
async fn an_expired_token_is_code_190_and_means_reconnect() {
    let h = Harness::start().await;
    let id = h
        .client
        .upload_media(jpeg(100), "image/jpeg", "a.jpg")
        .await
        .unwrap();
    let info = h.client.media_url(&id).await.unwrap();
    h.sim().expire_token(TOKEN).unwrap();
    for e in [
        h.client.phone_number().await.unwrap_err(),
        h.client.templates(WABA).await.unwrap_err(),
        h.client.download(&info.url).await.unwrap_err(),
    ] {
        assert_eq!((e.code, e.kind()), (190, ErrorKind::Auth), "{e:?}");
        assert_eq!(e.http_status, Some(401));
    }
}
