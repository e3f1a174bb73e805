//! Media upload rules, 5-minute download URLs on the simulated clock, delete.

use std::time::Duration;

use serde_json::Value;

use crate::common::*;

async fn upload(h: &Harness, bytes: Vec<u8>, mime: &str) -> (u16, Value) {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name("f")
        .mime_str(mime)
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("messaging_product", "whatsapp")
        .text("type", mime.to_string())
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
async fn upload_fetch_url_download_expire_delete() {
    let h = Harness::start().await;
    let pdf = b"%PDF-1.4 factura".to_vec();
    let (s, up) = upload(&h, pdf.clone(), "application/pdf").await;
    assert_eq!(s, 200, "{up}");
    let id = up["id"].as_str().unwrap();

    let (s, info) = h.get(id).await;
    assert_eq!(s, 200);
    assert_eq!(info["file_size"], pdf.len().to_string());
    assert_eq!(info["mime_type"], "application/pdf");
    let url = info["url"].as_str().unwrap().to_string();

    // the URL needs the bearer token
    let res = h.http.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let res = h.http.get(&url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.bytes().await.unwrap().as_ref(), pdf.as_slice());

    // a tampered URL is refused
    let forged = url.replace("hash=", "hash=00");
    assert_eq!(
        h.http
            .get(&forged)
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    // five simulated minutes later the URL is dead; re-querying gives a fresh one
    h.sim.advance(Duration::from_secs(299));
    assert_eq!(
        h.http
            .get(&url)
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    h.sim.advance(Duration::from_secs(1));
    assert_eq!(
        h.http
            .get(&url)
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let (_, info) = h.get(id).await;
    let fresh = info["url"].as_str().unwrap();
    assert_ne!(fresh, url);
    assert_eq!(
        h.http
            .get(fresh)
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    // only served for the owning number when asked
    let (s, e) = h
        .get(&format!("{id}?phone_number_id=200000000000003"))
        .await;
    assert_eq!((s, e["error"]["error_subcode"].as_u64()), (400, Some(33)));

    let (s, res) = h.delete(id).await;
    assert_eq!(s, 200);
    assert_eq!(res["success"], true);
    let (s, e) = h.get(id).await;
    assert_eq!((s, e["error"]["code"].as_u64()), (400, Some(100)));
}

#[tokio::test]
async fn upload_rules() {
    let h = Harness::start().await;
    // unsupported type
    let (s, e) = upload(&h, b"GIF89a".to_vec(), "image/gif").await;
    assert_eq!((s, e["error"]["code"].as_u64()), (400, Some(100)));
    assert!(e["error"]["message"]
        .as_str()
        .unwrap()
        .contains("image/jpeg"));
    // over the 5 MB image limit
    let mut big = vec![0xFF, 0xD8, 0xFF, 0xE0];
    big.resize(5 * 1024 * 1024 + 1, 0);
    let (s, e) = upload(&h, big, "image/jpeg").await;
    assert_eq!((s, e["error"]["code"].as_u64()), (400, Some(131053)));
    // a PNG that is really a JPEG
    let (s, e) = upload(&h, vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2], "image/png").await;
    assert_eq!((s, e["error"]["code"].as_u64()), (400, Some(131053)));
    // a 10 MB video is fine
    let mut video = b"\0\0\0\x18ftypmp42".to_vec();
    video.resize(10 * 1024 * 1024, 0);
    assert_eq!(upload(&h, video, "video/mp4").await.0, 200);
    // a media id nobody uploaded cannot be sent
    let mut body = fixture("send_image_by_id_request.json");
    body["image"]["id"] = serde_json::json!("900000000000999");
    let (s, e) = h.send(&body).await;
    assert_eq!((s, e["error"]["code"].as_u64()), (400, Some(131009)));
}
