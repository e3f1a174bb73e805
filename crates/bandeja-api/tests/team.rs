//! Issue 6 at the UI boundary: the team and an account's automation, with
//! every kind of bad input answered by a clear `ApiError` and nothing saved.

use bandeja_api::call;
use bandeja_domain::{AccountKind, AccountStatus, ReopenPolicy};
use bandeja_store::NewContact;
use serde_json::{json, Value};

#[path = "support/fixture.rs"]
mod fixture;
use fixture::*;

fn office(account: i64) -> Value {
    let days: Vec<Value> = (1..=5)
        .map(|d| json!({"weekday": d, "opens": "09:00", "closes": "18:00"}))
        .collect();
    json!({
        "account_id": account,
        "hours": {"timezone": "Europe/Madrid", "openings": days,
                  "holidays": [{"date": "2026-12-25", "spans": []}, {"date": "2026-12-24", "spans": [{"opens": "09:00", "closes": "14:00"}]}]},
        "assignment": [{"rule": {"type": "rotation"}, "fallback": {"type": "next"}}],
        "auto_reply": {"enabled": true, "outside_hours": "Abrimos a las 9, {{customer_name}}", "first_contact": null, "always": null, "period_hours": 24},
        "reminder": {"enabled": false, "template_id": null, "params": []},
        "auto_close": false,
        "sla": {"enabled": true, "first_response_minutes": 60, "next_response_minutes": null, "warn_minutes": 15},
        "open_now": false, "next_open": null
    })
}

/// A change that spoils an automation.
type Change = Box<dyn Fn(&mut Value)>;

#[tokio::test]
async fn automation_round_trips_and_says_whether_the_account_is_open() {
    let f = fixture().await;
    let before = call(&f.core, "get_automation", json!({"account_id": f.account}))
        .await
        .unwrap();
    assert_eq!(before["hours"], Value::Null);
    assert_eq!(before["open_now"], true);
    let saved = call(&f.core, "set_automation", office(f.account))
        .await
        .unwrap();
    let again = call(&f.core, "get_automation", json!({"account_id": f.account}))
        .await
        .unwrap();
    assert_eq!(saved, again);
    assert_eq!(again["hours"], office(f.account)["hours"]);
    assert_eq!(again["assignment"], office(f.account)["assignment"]);
    assert_eq!(
        again["auto_reply"]["outside_hours"],
        "Abrimos a las 9, {{customer_name}}"
    );
    // Friday 11:00 in Madrid: open
    assert_eq!(again["open_now"], true);
    // always open again
    let mut open = office(f.account);
    open["hours"] = Value::Null;
    let saved = call(&f.core, "set_automation", open).await.unwrap();
    assert_eq!(saved["hours"], Value::Null);
}

#[tokio::test]
async fn bad_automation_is_refused_with_the_reason_and_nothing_is_saved() {
    let f = fixture().await;
    call(&f.core, "set_automation", office(f.account))
        .await
        .unwrap();
    let good = call(&f.core, "get_automation", json!({"account_id": f.account}))
        .await
        .unwrap();
    let cases: Vec<(&str, Change, &str, &str)> = vec![
        (
            "zone",
            Box::new(|a| a["hours"]["timezone"] = json!("Mars/Olympus")),
            "bad_input",
            "Mars/Olympus",
        ),
        (
            "weekday",
            Box::new(|a| a["hours"]["openings"][0]["weekday"] = json!(8)),
            "bad_input",
            "weekday",
        ),
        (
            "time",
            Box::new(|a| a["hours"]["openings"][0]["opens"] = json!("25:00")),
            "bad_input",
            "25:00",
        ),
        (
            "order",
            Box::new(|a| a["hours"]["openings"][0]["closes"] = json!("08:00")),
            "bad_input",
            "closes before it opens",
        ),
        (
            "date",
            Box::new(|a| a["hours"]["holidays"][0]["date"] = json!("25/12/2026")),
            "bad_input",
            "25/12/2026",
        ),
        (
            "fallback",
            Box::new(|a| {
                a["assignment"][0]["fallback"] = json!({"type": "member", "member_id": 999})
            }),
            "bad_input",
            "999",
        ),
        (
            "field",
            Box::new(|a| {
                a["assignment"][0]["rule"] = json!({"type": "custom_field", "field": " "})
            }),
            "bad_input",
            "field",
        ),
        (
            "rule",
            Box::new(|a| a["assignment"][0]["rule"] = json!({"type": "astrology"})),
            "bad_input",
            "set_automation",
        ),
        (
            "period",
            Box::new(|a| a["auto_reply"]["period_hours"] = json!(0)),
            "bad_input",
            "period",
        ),
        (
            "sla",
            Box::new(|a| {
                a["sla"]["first_response_minutes"] = Value::Null;
            }),
            "bad_input",
            "target",
        ),
        (
            "reminder without template",
            Box::new(|a| a["reminder"]["enabled"] = json!(true)),
            "bad_input",
            "template",
        ),
        (
            "reminder unknown template",
            Box::new(|a| {
                a["reminder"] = json!({"enabled": true, "template_id": 4242, "params": []})
            }),
            "not_found",
            "4242",
        ),
        (
            "reminder without hours",
            Box::new(|a| {
                a["reminder"] = json!({"enabled": true, "template_id": 1, "params": []});
                a["hours"] = Value::Null;
            }),
            "bad_input",
            "business hours",
        ),
    ];
    for (name, change, code, words) in cases {
        let mut a = good.clone();
        change(&mut a);
        let (c, m) = err(&f.core, "set_automation", a).await;
        assert_eq!(c, code, "{name}: {m}");
        assert!(m.contains(words), "{name}: {m}");
        let now = call(&f.core, "get_automation", json!({"account_id": f.account}))
            .await
            .unwrap();
        assert_eq!(now, good, "{name} changed something");
    }
    let (c, _) = err(&f.core, "get_automation", json!({"account_id": 777})).await;
    assert_eq!(c, "not_found");
}

#[tokio::test]
async fn the_team_is_managed_by_owners_and_admins_only() {
    let f = fixture().await;
    let team = call(&f.core, "list_team", Value::Null).await.unwrap();
    assert_eq!(team["can_manage"], true);
    let me = team["members"][0]["member"]["id"].as_i64().unwrap();
    let marta = json!({"id": null, "name": "Marta", "email": "Marta@Tienda.example", "role": "agent",
                       "availability": "online", "capacity": 5, "account_ids": [f.account]});
    let team = call(&f.core, "save_member", marta.clone()).await.unwrap();
    let m = team["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["member"]["name"] == "Marta")
        .unwrap()
        .clone();
    assert_eq!(m["member"]["email"], "marta@tienda.example");
    assert_eq!(m["account_ids"], json!([f.account]));
    let marta_id = m["member"]["id"].as_i64().unwrap();

    // bad input, each with its reason
    let mut bad = marta.clone();
    bad["email"] = json!("marta");
    assert_eq!(err(&f.core, "save_member", bad).await.0, "bad_input");
    let mut dup = marta.clone();
    dup["name"] = json!("Otra Marta");
    assert!(err(&f.core, "save_member", dup)
        .await
        .1
        .contains("another member"));
    let mut nameless = marta.clone();
    nameless["name"] = json!("  ");
    assert_eq!(err(&f.core, "save_member", nameless).await.0, "bad_input");
    let mut unknown = marta.clone();
    unknown["email"] = json!("x@tienda.example");
    unknown["account_ids"] = json!([999]);
    assert_eq!(err(&f.core, "save_member", unknown).await.0, "not_found");
    let me_agent = json!({"id": me, "name": "Yo", "email": "yo@tienda.example", "role": "agent",
                          "availability": "online", "capacity": null, "account_ids": [f.account]});
    assert!(err(&f.core, "save_member", me_agent.clone())
        .await
        .1
        .contains("at least one owner"));
    assert!(err(&f.core, "delete_member", json!({"member_id": me}))
        .await
        .1
        .contains("yourself"));

    // assignment by hand: not to someone who cannot see the account
    call(
        &f.core,
        "assign_conversation",
        json!({"conversation_id": f.conversation, "member_id": marta_id}),
    )
    .await
    .unwrap();
    let mut blind = marta.clone();
    blind["id"] = json!(marta_id);
    blind["account_ids"] = json!([]);
    call(&f.core, "save_member", blind).await.unwrap();
    let (c, _) = err(
        &f.core,
        "assign_conversation",
        json!({"conversation_id": f.conversation, "member_id": marta_id}),
    )
    .await;
    assert_eq!(c, "forbidden");
    let (c, m) = err(
        &f.core,
        "set_status",
        json!({"conversation_id": f.conversation, "status": "snoozed", "snoozed_until": null}),
    )
    .await;
    assert_eq!((c.as_str(), m.contains("future")), ("bad_input", true));
    call(&f.core, "set_status", json!({"conversation_id": f.conversation, "status": "snoozed", "snoozed_until": "2026-11-21T09:00:00Z"})).await.unwrap();

    // Marta becomes the owner; I become an agent: the rules are hers now
    let mut owner = marta.clone();
    owner["id"] = json!(marta_id);
    owner["role"] = json!("owner");
    call(&f.core, "save_member", owner).await.unwrap();
    call(&f.core, "save_member", me_agent).await.unwrap();
    assert_eq!(
        call(&f.core, "list_team", Value::Null).await.unwrap()["can_manage"],
        false
    );
    assert_eq!(
        err(&f.core, "set_automation", office(f.account)).await.0,
        "forbidden"
    );
    assert_eq!(err(&f.core, "save_member", marta).await.0, "forbidden");
    assert_eq!(
        err(&f.core, "delete_member", json!({"member_id": marta_id}))
            .await
            .0,
        "forbidden"
    );
    // nor the tags, templates, brands or the plan
    let tag = json!({"id": 1, "name": "X", "description": "", "color": "#000000"});
    let template = json!({"id": 0, "account_id": null, "name": "x", "content": "x",
                          "template_type": "reply", "tag_ids": [], "variables": []});
    let brand = json!({"id": null, "name": "Taller", "country": "ES", "member_ids": []});
    for (cmd, input) in [
        ("update_tag", tag),
        ("delete_tag", json!({"tag_id": 1})),
        ("save_template", template),
        ("delete_template", json!({"template_id": 1})),
        ("save_brand", brand),
        ("set_plan_limit", json!({"limit": 100})),
    ] {
        assert_eq!(err(&f.core, cmd, input).await.0, "forbidden", "{cmd}");
    }
    // an agent still takes a conversation and sets their availability
    call(
        &f.core,
        "assign_conversation",
        json!({"conversation_id": f.conversation, "member_id": me}),
    )
    .await
    .unwrap();
    call(&f.core, "set_availability", json!({"availability": "away"}))
        .await
        .unwrap();
}

#[tokio::test]
async fn the_report_counts_first_responses_in_business_hours() {
    let f = fixture().await;
    call(&f.core, "set_automation", office(f.account))
        .await
        .unwrap();
    // Friday 11:00 Madrid the conversation starts; answered at 11:20
    let ws = f.core.workspace().await;
    let answer = |at: &str| bandeja_store::NewMessage {
        conversation_id: f.conversation,
        account_id: f.account,
        direction: bandeja_domain::Direction::Inbound,
        kind: bandeja_domain::MessageKind::Text,
        content: bandeja_domain::MessageContent::Text {
            body: "hola".into(),
        },
        provider_id: None,
        author_member_id: None,
        sender: String::new(),
        delivery: None,
        reply_to_provider_id: None,
        forwarded: false,
        created_at: at.parse().unwrap(),
        automated: false,
    };
    let mut reply = answer("2026-11-20T10:20:00Z");
    reply.direction = bandeja_domain::Direction::Outbound;
    reply.author_member_id = Some(ws.me);
    ws.store
        .insert_messages(&[answer("2026-11-20T10:00:00Z"), reply])
        .await
        .unwrap();
    let q = |hours: &str| json!({"from": "2026-11-01T00:00:00Z", "to": "2026-12-01T00:00:00Z", "hours": hours});
    let r = call(&f.core, "get_report", q("all")).await.unwrap();
    assert_eq!(r["total"]["conversations"], 1);
    assert_eq!(r["total"]["first_response"]["median_secs"], 1200);
    assert_eq!(r["by_channel"][0]["channel"], "whatsapp");
    assert_eq!(r["by_member"][0]["member_id"], Value::Null);
    let r = call(&f.core, "get_report", q("out_of_hours"))
        .await
        .unwrap();
    assert_eq!(r["total"]["conversations"], 0);
    let mut backwards = q("all");
    backwards["to"] = json!("2026-10-01T00:00:00Z");
    assert_eq!(err(&f.core, "get_report", backwards).await.0, "bad_input");
    let mut nonsense = q("all");
    nonsense["from"] = json!("yesterday");
    assert_eq!(err(&f.core, "get_report", nonsense).await.0, "bad_input");
}

#[tokio::test]
async fn a_conversation_is_started_from_a_contact_on_a_chosen_account() {
    let f = fixture().await;
    let ws = f.core.workspace().await;
    let now = f.core.now();
    let email = ws
        .store
        .insert_account(
            AccountKind::EmailImap,
            "Ventas",
            "ventas@tienda.example",
            &AccountStatus::Active,
            None,
            ReopenPolicy::default(),
            &[ws.me],
            now,
        )
        .await
        .unwrap();
    let luis = ws
        .store
        .insert_contacts(
            &[NewContact {
                name: "Luis".into(),
                identities: vec![bandeja_domain::Identity::WhatsappId("34600111222".into())],
                custom_fields: vec![],
                salesperson_id: None,
            }],
            now,
        )
        .await
        .unwrap()[0];
    let start = |account: i64| json!({"contact_id": luis, "account_id": account});
    let conv = call(&f.core, "start_conversation", start(f.account))
        .await
        .unwrap();
    let id = conv["id"].as_i64().unwrap();
    let detail = call(&f.core, "get_conversation", json!({"id": id}))
        .await
        .unwrap();
    assert_eq!(detail["summary"]["assignee_id"], ws.me);
    assert_eq!(detail["summary"]["window_expires_at"], Value::Null);
    // again: the same open conversation
    assert_eq!(
        call(&f.core, "start_conversation", start(f.account))
            .await
            .unwrap()["id"],
        id
    );
    // no email address: not from the mailbox
    let (c, m) = err(&f.core, "start_conversation", start(email)).await;
    assert_eq!(c, "bad_input");
    assert!(m.contains("no WhatsApp number or email"), "{m}");
    assert_eq!(
        err(&f.core, "start_conversation", start(999)).await.0,
        "not_found"
    );
    // with the window closed, free text is refused and a template is the way
    let (c, _) = err(
        &f.core,
        "send_message",
        json!({"conversation_id": id, "text": "Hola", "reply_to_message_id": null}),
    )
    .await;
    assert_eq!(c, "window_closed");
}

#[tokio::test]
async fn brands_have_a_name_a_country_and_members() {
    let f = fixture().await;
    let me = f.core.workspace().await.me;
    let brand = |id: Value, name: &str, country: &str, members: Value| json!({"id": id, "name": name, "country": country, "member_ids": members});
    let list = call(
        &f.core,
        "save_brand",
        brand(Value::Null, "Refacciones Ruiz", "mx", json!([me])),
    )
    .await
    .unwrap();
    assert_eq!(list[0]["brand"]["country"], "MX");
    assert_eq!(list[0]["member_ids"], json!([me]));
    let id = list[0]["brand"]["id"].clone();
    let list = call(
        &f.core,
        "save_brand",
        brand(id.clone(), "Refacciones Ruiz MX", "MX", json!([])),
    )
    .await
    .unwrap();
    assert_eq!(list[0]["brand"]["name"], "Refacciones Ruiz MX");
    assert_eq!(list[0]["member_ids"], json!([]));
    let (c, m) = err(
        &f.core,
        "save_brand",
        brand(Value::Null, "Taller", "España", json!([])),
    )
    .await;
    assert_eq!((c.as_str(), m.contains("two-letter")), ("bad_input", true));
    assert_eq!(
        err(
            &f.core,
            "save_brand",
            brand(Value::Null, " ", "ES", json!([]))
        )
        .await
        .0,
        "bad_input"
    );
    assert_eq!(
        err(
            &f.core,
            "save_brand",
            brand(Value::Null, "Taller", "ES", json!([999]))
        )
        .await
        .0,
        "not_found"
    );
    assert_eq!(
        err(
            &f.core,
            "save_brand",
            brand(json!(999), "Taller", "ES", json!([]))
        )
        .await
        .0,
        "not_found"
    );
    let list = call(&f.core, "delete_brand", json!({"brand_id": id}))
        .await
        .unwrap();
    assert_eq!(list, json!([]));
}
