//! The API as the UI sees it: real core, real SQLite files, JSON in and out.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use bandeja_api::{call, ApiError};
use bandeja_core::{Core, CoreEvent, ManualClock};
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use tower::ServiceExt;

async fn core() -> (tempfile::TempDir, Core) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap(),
    ));
    let core = Core::open(dir.path(), clock).await.unwrap();
    (dir, core)
}

fn query(view: &str) -> Value {
    json!({"view": view, "account_id": null, "channel": null, "tag_id": null, "assignee_id": null,
           "window": null, "text": null, "cursor": null, "limit": 50})
}

#[tokio::test]
async fn bad_input_and_unknown_commands_are_clear_errors() {
    let (_d, core) = core().await;
    let e = call(&core, "drop_tables", Value::Null).await.unwrap_err();
    assert_eq!(e.code, "unknown_command");
    let e = call(&core, "list_conversations", json!({"view": "everything"}))
        .await
        .unwrap_err();
    assert_eq!(e.code, "bad_input");
    assert!(e.message.contains("list_conversations"), "{}", e.message);
    let e = call(&core, "get_conversation", json!({"id": 424242}))
        .await
        .unwrap_err();
    assert_eq!(e.code, "not_found");
    let mut q = query("all_open");
    q["cursor"] = json!("not-a-cursor");
    assert_eq!(
        call(&core, "list_conversations", q).await.unwrap_err().code,
        "bad_input"
    );
}

#[tokio::test]
async fn a_first_run_is_an_empty_workspace() {
    let (_d, core) = core().await;
    let ws = call(&core, "get_workspace", Value::Null).await.unwrap();
    assert_eq!(ws["is_demo"], json!(false));
    assert_eq!(ws["accounts"], json!([]));
    let page = call(&core, "list_conversations", query("all_open"))
        .await
        .unwrap();
    assert_eq!(page["items"], json!([]));
}

#[tokio::test]
async fn demo_inbox_end_to_end() {
    let (_d, core) = core().await;
    let ws = call(&core, "open_demo_workspace", Value::Null)
        .await
        .unwrap();
    assert_eq!(ws["is_demo"], json!(true));
    assert!(ws["accounts"].as_array().unwrap().len() >= 3);
    let page = call(&core, "list_conversations", query("all_open"))
        .await
        .unwrap();
    let items = page["items"].as_array().unwrap();
    assert!(items.len() > 10);
    let unread = items
        .iter()
        .find(|c| c["unread"].as_i64().unwrap() > 0)
        .expect("an unread conversation");
    let id = unread["id"].as_i64().unwrap();
    let detail = call(&core, "get_conversation", json!({"id": id}))
        .await
        .unwrap();
    assert_eq!(detail["summary"]["id"], json!(id));
    assert!(!detail["contact"]["name"].as_str().unwrap().is_empty());
    let msgs = call(
        &core,
        "list_messages",
        json!({"conversation_id": id, "before": null, "limit": 50}),
    )
    .await
    .unwrap();
    assert!(!msgs["items"].as_array().unwrap().is_empty());
    let mut events = core.subscribe();
    call(&core, "mark_read", json!({"id": id})).await.unwrap();
    assert_eq!(
        events.recv().await.unwrap(),
        CoreEvent::ConversationChanged {
            conversation_id: id
        }
    );
    let detail = call(&core, "get_conversation", json!({"id": id}))
        .await
        .unwrap();
    assert_eq!(detail["summary"]["unread"], json!(0));
    let hits = call(&core, "search", json!({"text": "presupuesto", "limit": 20}))
        .await
        .unwrap();
    let hit = &hits["hits"][0];
    assert!(hit["snippet"].as_str().unwrap().contains('\u{e000}'));
    let counts = call(&core, "counts", Value::Null).await.unwrap();
    assert_eq!(counts["all_open"].as_u64().unwrap() as usize, items.len());
}

#[tokio::test]
async fn language_is_remembered_and_an_unknown_stored_value_follows_the_os() {
    let (_d, core) = core().await;
    assert_eq!(
        call(&core, "get_settings", Value::Null).await.unwrap(),
        json!({"locale": null})
    );
    assert_eq!(
        call(&core, "set_locale", json!({"locale": "es"}))
            .await
            .unwrap(),
        json!({"locale": "es"})
    );
    assert_eq!(
        call(&core, "set_locale", json!({"locale": "fr"}))
            .await
            .unwrap_err()
            .code,
        "bad_input"
    );
    core.home()
        .store
        .set_setting("locale", Some("klingon"))
        .await
        .unwrap();
    assert_eq!(
        call(&core, "get_settings", Value::Null).await.unwrap(),
        json!({"locale": null})
    );
}

async fn post(
    app: &axum::Router,
    path: &str,
    body: &str,
    origin: Option<&str>,
) -> (StatusCode, Value) {
    let mut req = Request::post(path).header("host", "127.0.0.1:9999");
    if let Some(o) = origin {
        req = req.header("origin", o);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn the_dev_bridge_maps_errors_to_statuses_and_refuses_other_origins() {
    let (_d, core) = core().await;
    let app = bandeja_api::bridge::router(core, None);
    let (s, v) = post(
        &app,
        "/api/get_workspace",
        "",
        Some("http://127.0.0.1:9999"),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["is_demo"], json!(false));
    let (s, v) = post(&app, "/api/list_conversations", "{not json", None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let e: ApiError = serde_json::from_value(v).unwrap();
    assert_eq!(e.code, "bad_input");
    let (s, _) = post(&app, "/api/nope", "null", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, v) = post(&app, "/api/get_workspace", "", Some("http://evil.example")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(v["code"], json!("forbidden"));
}

#[tokio::test]
async fn sending_refuses_what_the_platform_would_reject_with_a_code_the_ui_can_use() {
    let (_d, core) = core().await;
    call(&core, "open_demo_workspace", Value::Null)
        .await
        .unwrap();
    let page = call(&core, "list_conversations", query("all_open"))
        .await
        .unwrap();
    let closed = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["channel"] == "whatsapp" && c["window_expires_at"].is_null())
        .or_else(|| {
            page["items"].as_array().unwrap().iter().find(|c| {
                c["channel"] == "whatsapp"
                    && c["window_expires_at"]
                        .as_str()
                        .is_some_and(|t| t < "2026-11-20T10:00:00")
            })
        });
    let c = closed.expect("the demo has a WhatsApp conversation with a closed window");
    let e = call(
        &core,
        "send_message",
        json!({"conversation_id": c["id"], "text": "hola", "reply_to_message_id": null}),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, "window_closed");
    let e = call(
        &core,
        "send_message",
        json!({"conversation_id": 999999, "text": "hola", "reply_to_message_id": null}),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, "not_found");
}

#[tokio::test]
async fn whatsapp_commands_refuse_bad_input_with_clear_errors() {
    let (_d, core) = core().await;
    call(&core, "open_demo_workspace", Value::Null)
        .await
        .unwrap();
    // a file whose data is not base64: refused before anything is stored
    let e = call(
        &core,
        "send_media",
        json!({"conversation_id": 1, "filename": "x.png", "mime": "image/png",
               "data_base64": "%%% not base64 %%%", "caption": null, "reply_to_message_id": null}),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, "bad_input", "{e:?}");
    assert!(e.message.contains("base64"), "{}", e.message);
    // an account this member cannot see, and a message with no file
    let e = call(&core, "get_connection", json!({"account_id": 424242}))
        .await
        .unwrap_err();
    assert_eq!(e.code, "not_found");
    let e = bandeja_api::media_file(&core, 1).await.unwrap_err();
    assert_eq!(e.code, "not_found");
    // nothing failed to retry
    let e = call(&core, "retry_message", json!({"message_id": 1}))
        .await
        .unwrap_err();
    assert_eq!(e.code, "bad_input");
    // a template with four quick replies: the problem is pinned to its field
    let check = call(
        &core,
        "check_wa_template",
        json!({"name": "cuatro", "language": "es", "category": "utility", "header": null,
               "body": "Hola {{1}}, ¿qué prefiere?", "body_examples": ["Ana"], "footer": null,
               "buttons": [{"type": "quick_reply", "text": "A"}, {"type": "quick_reply", "text": "B"},
                           {"type": "quick_reply", "text": "C"}, {"type": "quick_reply", "text": "D"}]}),
    )
    .await
    .unwrap();
    let problems = check["problems"].as_array().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p["field"].as_str().unwrap().starts_with("buttons")),
        "{problems:?}"
    );
    assert_eq!(check["preview"], "Hola Ana, ¿qué prefiere?");
}

#[tokio::test]
async fn relay_commands_refuse_bad_input_clearly() {
    let (_d, core) = core().await;
    let relay = call(&core, "get_relay", Value::Null).await.unwrap();
    assert_eq!(relay["state"], "not_enrolled");
    let enroll = |url: &str, code: &str| json!({"url": url, "code": code, "device_name": null});
    let code = |r: Result<Value, bandeja_api::ApiError>| r.unwrap_err().code;
    assert_eq!(
        code(call(&core, "enroll_relay", enroll("https://relay.example", "  ")).await),
        "bad_input"
    );
    assert_eq!(
        code(call(&core, "enroll_relay", enroll("relay.example", "ABCD")).await),
        "bad_input"
    );
    // nothing listens there: the member is told the relay cannot be reached
    assert_eq!(
        code(call(&core, "enroll_relay", enroll("http://127.0.0.1:1", "ABCD")).await),
        "relay_unreachable"
    );
    assert_eq!(
        code(call(&core, "reconnect_relay", Value::Null).await),
        "not_found"
    );
    // nothing was kept from the failed attempts
    let relay = call(&core, "get_relay", Value::Null).await.unwrap();
    assert_eq!(relay["state"], "not_enrolled");
}
