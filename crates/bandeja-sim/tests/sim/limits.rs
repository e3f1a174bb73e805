//! Throughput (130429), pair rate (131056) and the messaging limit.

use std::time::Duration;

use bandeja_sim::Limits;
use serde_json::json;

use crate::common::*;

fn template_to(to: &str) -> serde_json::Value {
    let mut t = fixture("send_template_request.json");
    t["to"] = json!(format!("+{to}"));
    t
}

#[tokio::test]
async fn per_number_throughput_is_enforced_and_refills_with_time() {
    let h = Harness::start().await;
    h.sim.set_limits(Limits {
        mps: 5,
        pair_burst: 45,
        pair_interval_ms: 6000,
    });
    for i in 0..5 {
        let (s, res) = h.send(&template_to(&format!("1555060{i:04}"))).await;
        assert_eq!(s, 200, "{res}");
    }
    let (s, e) = h.send(&template_to("15550109999")).await;
    assert_eq!(s, 400);
    assert_eq!(e["error"]["code"], 130429);
    h.sim.advance(Duration::from_secs(1));
    let (s, _) = h.send(&template_to("15550109999")).await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn default_throughput_is_80_per_second() {
    let h = Harness::start().await;
    for i in 0..80 {
        let (s, res) = h.send(&template_to(&format!("1555020{i:04}"))).await;
        assert_eq!(s, 200, "message {i}: {res}");
    }
    let (s, e) = h.send(&template_to("15550300000")).await;
    assert_eq!((s, e["error"]["code"].as_u64()), (400, Some(130429)));
}

#[tokio::test]
async fn pair_rate_limit_to_one_user() {
    let h = Harness::start().await;
    h.sim.set_limits(Limits {
        mps: 80,
        pair_burst: 3,
        pair_interval_ms: 6000,
    });
    for _ in 0..3 {
        assert_eq!(h.send(&template_to(ANA)).await.0, 200);
    }
    let (s, e) = h.send(&template_to(ANA)).await;
    assert_eq!(s, 400);
    assert_eq!(e["error"]["code"], 131056);
    // another customer is not affected
    assert_eq!(h.send(&template_to(LUIS)).await.0, 200);
    // one message every 6 s comes back
    h.sim.advance(Duration::from_secs(6));
    assert_eq!(h.send(&template_to(ANA)).await.0, 200);
    assert_eq!(h.send(&template_to(ANA)).await.1["error"]["code"], 131056);
}

#[tokio::test]
async fn unverified_business_messaging_limit() {
    let mut h = Harness::with(|c| {
        c.messaging_limit = "TIER_50".into();
        c.limits.mps = 1000;
        c.auto_statuses = vec!["sent".into()];
    })
    .await;
    // a customer inside the window does not count
    h.customer_says(ANA, "hola").await;
    for i in 0..50 {
        let (s, _) = h.send(&template_to(&format!("1555040{i:04}"))).await;
        assert_eq!(s, 200);
    }
    let hooks = h.rx.next(50).await;
    assert!(hooks.iter().all(|r| status_of(&r.json).1 == "sent"));
    assert_eq!(h.send(&template_to(ANA)).await.0, 200);
    assert_eq!(status_of(&h.rx.one().await).1, "sent");
    // the 51st unique user outside a window: accepted, then failed
    let (s, res) = h.send(&template_to("15550500000")).await;
    assert_eq!(s, 200);
    let failed = h.rx.one().await;
    assert_eq!(status_of(&failed), (wamid_of(&res), "failed".into()));
    assert_eq!(value(&failed)["statuses"][0]["errors"][0]["code"], 131048);
    // a user already reached today still can be messaged; after 24 h the count resets
    assert_eq!(h.send(&template_to("15550400000")).await.0, 200);
    assert_eq!(status_of(&h.rx.one().await).1, "sent");
    h.sim.advance(Duration::from_secs(24 * 3600 + 1));
    h.send(&template_to("15550500000")).await;
    assert_eq!(status_of(&h.rx.one().await).1, "sent");
    // the tier is visible on the number
    let (_, n) = h
        .get(&format!(
            "{PNID}?fields=whatsapp_business_manager_messaging_limit"
        ))
        .await;
    assert_eq!(n["whatsapp_business_manager_messaging_limit"], "TIER_50");
}
