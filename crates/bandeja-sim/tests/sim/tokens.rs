//! Bearer tokens: missing (104), unknown (190), expired (190/463), revoked (190/460).

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn token_errors() {
    let h = Harness::start().await;
    let url = h.url(&format!("{PNID}/messages"));
    let body = fixture("send_template_request.json");

    let res = h.http.post(&url).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 400);
    let e: serde_json::Value = res.json().await.unwrap();
    assert_eq!(e["error"]["code"], 104);

    let res = h
        .http
        .post(&url)
        .bearer_auth("nope")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let e: serde_json::Value = res.json().await.unwrap();
    assert_eq!(e["error"]["code"], 190);

    // the token as a query parameter works like Graph's
    let res = h
        .http
        .get(format!(
            "{}?access_token={TOKEN}",
            h.url(&format!("{PNID}/whatsapp_business_profile"))
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    // expire over the control API
    let res = h
        .http
        .post(format!("{}/_sim/tokens/{TOKEN}/expire", h.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (s, e) = h.send(&body).await;
    assert_eq!(s, 401);
    assert_eq!(
        (
            e["error"]["code"].as_u64(),
            e["error"]["error_subcode"].as_u64()
        ),
        (Some(190), Some(463))
    );
    assert!(e["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Session has expired"));

    // a new token, later revoked
    let res = h
        .http
        .post(format!("{}/_sim/tokens", h.base))
        .json(&json!({ "token": "second" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let ok = h
        .http
        .post(&url)
        .bearer_auth("second")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    h.sim.revoke_token("second").unwrap();
    let res = h
        .http
        .post(&url)
        .bearer_auth("second")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let e: serde_json::Value = res.json().await.unwrap();
    assert_eq!(e["error"]["error_subcode"], 460);
}

#[tokio::test]
async fn a_token_with_an_expiry_in_the_config_expires_on_the_simulated_clock() {
    let h = Harness::with(|c| {
        c.access_tokens = vec![bandeja_sim::config::TokenSpec::Full {
            token: TOKEN.into(),
            expires_at: Some(bandeja_sim::FIXTURE_T0 + 3600),
        }];
    })
    .await;
    assert_eq!(
        h.get(&format!("{PNID}/whatsapp_business_profile")).await.0,
        200
    );
    h.sim.advance(std::time::Duration::from_secs(3600));
    let (s, e) = h.get(&format!("{PNID}/whatsapp_business_profile")).await;
    assert_eq!((s, e["error"]["code"].as_u64()), (401, Some(190)));
}
