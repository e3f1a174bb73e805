//! Embedded Signup server side against a real `bandeja-sim` playing Graph:
//! the page, and the code exchange for an enrolled device only — a used or
//! wrong code, a wrong app secret, unauthenticated or revoked devices, Graph
//! down, and bad input.

mod common;

use bandeja_relay::config::Signup;
use bandeja_relay::signup::{ExchangeResponse, CSP};
use bandeja_relay::{now_millis, NewTenant};
use common::{json, Relay, SECRET};

struct WithSim {
    relay: Relay,
    _sim: bandeja_sim::Server,
}

async fn start() -> WithSim {
    let config = bandeja_sim::Config::default();
    assert_eq!(
        config.app_secret, SECRET,
        "the sim signs with the tenant's secret"
    );
    let app_id = config.app_id.clone();
    let (_addr, sim) = bandeja_sim::serve(config).await.unwrap();
    let graph_base = format!("{}/v25.0", sim.url());
    let relay = Relay::start_with(|c| {
        c.signup = Some(Signup {
            app_id,
            config_id: "cfg-123".into(),
            graph_base,
        })
    })
    .await;
    WithSim { relay, _sim: sim }
}

async fn exchange(relay: &Relay, token: Option<&str>, body: &str) -> reqwest::Response {
    let mut req = relay
        .http
        .post(relay.url("/v1/signup/exchange"))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn the_page_loads_metas_sdk_with_the_app_and_config() {
    let t = start().await;
    let res = t
        .relay
        .http
        .get(t.relay.url("/signup"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/html; charset=utf-8");
    assert_eq!(res.headers()["content-security-policy"], CSP);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"data-app-id="700000000000001""#));
    assert!(html.contains(r#"data-config-id="cfg-123""#));
    assert!(html.contains(r#"src="https://connect.facebook.net/en_US/sdk.js""#));
    assert!(!html.contains("<script>"), "no inline script under the CSP");
    let js = t
        .relay
        .http
        .get(t.relay.url("/signup/signup.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(js.status(), 200);
    let js = js.text().await.unwrap();
    assert!(js.contains("FB.login") && js.contains("WA_EMBEDDED_SIGNUP"));
}

#[tokio::test]
async fn an_enrolled_device_gets_the_business_token_once_per_code() {
    let t = start().await;
    let device = t.relay.enroll().await;
    let res = exchange(&t.relay, Some(&device.token), r#"{"code":"AQB-code-1"}"#).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let token: ExchangeResponse = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    assert!(
        token.access_token.starts_with("EAASIM"),
        "{}",
        token.access_token
    );
    assert_eq!(token.token_type.as_deref(), Some("bearer"));

    let again = exchange(&t.relay, Some(&device.token), r#"{"code":"AQB-code-1"}"#).await;
    assert_eq!(again.status(), 400);
    let err = json(again).await;
    assert!(
        err["error"].as_str().unwrap().contains("has been used"),
        "{err}"
    );
    assert_eq!(err["graph_subcode"], 36009);
}

#[tokio::test]
async fn unauthenticated_and_revoked_devices_never_reach_graph() {
    let t = start().await;
    let body = r#"{"code":"AQB-code-2"}"#;
    assert_eq!(exchange(&t.relay, None, body).await.status(), 401);
    assert_eq!(exchange(&t.relay, Some("nope"), body).await.status(), 401);
    let revoked = t.relay.enroll().await;
    t.relay
        .store
        .revoke(&revoked.device_id, now_millis())
        .await
        .unwrap();
    assert_eq!(
        exchange(&t.relay, Some(&revoked.token), body)
            .await
            .status(),
        403
    );
    // none of those spent the code: an enrolled device can still use it
    let device = t.relay.enroll().await;
    assert_eq!(
        exchange(&t.relay, Some(&device.token), body).await.status(),
        200
    );
}

#[tokio::test]
async fn a_wrong_app_secret_or_bad_input_is_a_clear_error() {
    let t = start().await;
    // a tenant whose stored app secret is not the Meta app's
    let other = t
        .relay
        .store
        .create_tenant(
            NewTenant {
                name: "Other".into(),
                app_secret: "not-the-app-secret".into(),
            },
            now_millis(),
        )
        .await
        .unwrap();
    let code = t
        .relay
        .store
        .create_enrollment_code(&other.id, now_millis(), 60_000)
        .await
        .unwrap();
    let enrolled = t
        .relay
        .store
        .enroll(&code, "x", now_millis())
        .await
        .unwrap();
    let res = exchange(&t.relay, Some(&enrolled.token), r#"{"code":"AQB-3"}"#).await;
    assert_eq!(res.status(), 400);
    let err = json(res).await;
    assert!(
        err["error"].as_str().unwrap().contains("client secret"),
        "{err}"
    );
    assert!(!err.to_string().contains("not-the-app-secret"));

    let device = t.relay.enroll().await;
    for body in [
        "",
        "{}",
        r#"{"code":""}"#,
        r#"{"code":"  "}"#,
        r#"{"code":5}"#,
    ] {
        let res = exchange(&t.relay, Some(&device.token), body).await;
        assert_eq!(res.status(), 400, "{body}");
        assert!(json(res).await["error"].is_string(), "{body}");
    }
}

#[tokio::test]
async fn graph_down_is_502_without_the_secret_and_no_app_is_404() {
    // a port nothing listens on
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let graph_base = format!("http://{}/v25.0", dead.local_addr().unwrap());
    drop(dead);
    let relay = Relay::start_with(|c| {
        c.signup = Some(Signup {
            app_id: "700000000000001".into(),
            config_id: "cfg".into(),
            graph_base,
        })
    })
    .await;
    let device = relay.enroll().await;
    let res = exchange(&relay, Some(&device.token), r#"{"code":"AQB-4"}"#).await;
    assert_eq!(res.status(), 502);
    let err = json(res).await.to_string();
    assert!(err.contains("cannot reach Graph"), "{err}");
    assert!(!err.contains(SECRET) && !err.contains("AQB-4"), "{err}");

    let plain = Relay::start().await;
    let device = plain.enroll().await;
    assert_eq!(
        plain
            .http
            .get(plain.url("/signup"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let res = exchange(&plain, Some(&device.token), r#"{"code":"AQB-5"}"#).await;
    assert_eq!(res.status(), 404);
    assert!(json(res).await["error"]
        .as_str()
        .unwrap()
        .contains("not configured"));
}
