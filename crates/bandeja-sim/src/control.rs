//! The `/_sim` control API: the scripting calls of [`Sim`] over HTTP, for
//! tests that run the simulator as a separate process and for the CLI.
//! Loopback only and unauthenticated — it plays Meta and the customers.

use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::clock::parse_duration;
use crate::config::Limits;
use crate::error::SimError;
use crate::script::{Inbound, StatusPlan};
use crate::sim::Sim;
use crate::templates::TemplateEvent;

pub fn routes() -> Router<Sim> {
    Router::new()
        .route("/_sim/health", get(health))
        .route("/_sim/config", get(config))
        .route("/_sim/clock", get(clock))
        .route("/_sim/clock/advance", post(advance))
        .route("/_sim/clock/freeze", post(freeze))
        .route("/_sim/inbound", post(inbound))
        .route("/_sim/inbound/batch", post(inbound_batch))
        .route("/_sim/statuses", post(statuses))
        .route("/_sim/errors", post(value_error))
        .route("/_sim/outbound", get(outbound))
        .route("/_sim/read_marks", get(read_marks))
        .route("/_sim/webhooks", get(webhooks))
        .route("/_sim/webhooks/wait", post(wait))
        .route("/_sim/webhook_url", post(webhook_url))
        .route("/_sim/handshake", post(handshake))
        .route("/_sim/templates", get(templates))
        .route("/_sim/templates/{id}/status", post(template_status))
        .route("/_sim/templates/{id}/pacing", post(template_pacing))
        .route("/_sim/tokens", post(add_token))
        .route("/_sim/tokens/{token}/expire", post(expire_token))
        .route("/_sim/tokens/{token}/revoke", post(revoke_token))
        .route("/_sim/limits", post(limits))
        .route("/_sim/messaging_limit", post(messaging_limit))
        .route("/_sim/window", get(window))
        // inbound media travels base64-encoded in the JSON body
        .layer(DefaultBodyLimit::max(150 * 1024 * 1024))
}

type Reply = Result<Json<Value>, SimError>;

async fn health(State(sim): State<Sim>) -> Json<Value> {
    Json(json!({ "ok": true, "now": sim.now(), "base_url": sim.base_url() }))
}

async fn config(State(sim): State<Sim>) -> Json<Value> {
    Json(json!(sim.config()))
}

async fn clock(State(sim): State<Sim>) -> Json<Value> {
    let c = sim.clock();
    Json(json!({ "now": c.now_s(), "now_ms": c.now_ms(), "frozen": c.is_frozen() }))
}

#[derive(Deserialize)]
struct Advance {
    #[serde(default)]
    seconds: Option<f64>,
    #[serde(default)]
    duration: Option<String>,
}

async fn advance(State(sim): State<Sim>, Json(a): Json<Advance>) -> Reply {
    let by = match (a.seconds, a.duration) {
        (Some(s), _) if s >= 0.0 && s.is_finite() => Duration::from_secs_f64(s),
        (None, Some(d)) => {
            parse_duration(&d).ok_or_else(|| SimError::Invalid(format!("bad duration {d}")))?
        }
        _ => {
            return Err(SimError::Invalid(
                "give seconds (>= 0) or duration like 25h".into(),
            ))
        }
    };
    let now = sim.advance(by);
    Ok(Json(json!({ "now": now })))
}

#[derive(Deserialize)]
struct Freeze {
    frozen: bool,
}

async fn freeze(State(sim): State<Sim>, Json(f): Json<Freeze>) -> Json<Value> {
    sim.clock().set_frozen(f.frozen);
    Json(json!({ "now": sim.now(), "frozen": f.frozen }))
}

async fn inbound(State(sim): State<Sim>, Json(msg): Json<Inbound>) -> Reply {
    Ok(Json(json!(sim.inbound(msg)?)))
}

async fn inbound_batch(State(sim): State<Sim>, Json(msgs): Json<Vec<Inbound>>) -> Reply {
    Ok(Json(json!(sim.inbound_batch(msgs)?)))
}

async fn statuses(State(sim): State<Sim>, Json(plan): Json<StatusPlan>) -> Reply {
    Ok(Json(json!({ "queued": sim.statuses(plan)? })))
}

#[derive(Deserialize)]
struct ValueError {
    code: u32,
    #[serde(default)]
    phone_number_id: Option<String>,
}

async fn value_error(State(sim): State<Sim>, Json(e): Json<ValueError>) -> Reply {
    sim.value_error(e.phone_number_id.as_deref(), e.code)?;
    Ok(Json(json!({ "queued": 1 })))
}

async fn outbound(State(sim): State<Sim>) -> Json<Value> {
    Json(json!(sim.outbound()))
}

async fn read_marks(State(sim): State<Sim>) -> Json<Value> {
    Json(json!(sim.read_marks()))
}

async fn webhooks(State(sim): State<Sim>) -> Json<Value> {
    Json(json!(sim.webhooks()))
}

#[derive(Deserialize, Default)]
struct Wait {
    #[serde(default)]
    timeout_ms: Option<u64>,
}

async fn wait(State(sim): State<Sim>, body: Option<Json<Wait>>) -> Json<Value> {
    let ms = body.and_then(|b| b.0.timeout_ms).unwrap_or(10_000);
    let idle = sim.wait_idle(Duration::from_millis(ms)).await;
    Json(json!({ "idle": idle }))
}

#[derive(Deserialize)]
struct Url {
    #[serde(default)]
    url: Option<String>,
}

async fn webhook_url(State(sim): State<Sim>, Json(u): Json<Url>) -> Json<Value> {
    sim.set_webhook_url(u.url.clone());
    Json(json!({ "webhook_url": u.url }))
}

#[derive(Deserialize, Default)]
struct Handshake {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    verify_token: Option<String>,
}

async fn handshake(State(sim): State<Sim>, body: Option<Json<Handshake>>) -> Json<Value> {
    let h = body.map(|b| b.0).unwrap_or_default();
    match sim
        .handshake(h.url.as_deref(), h.verify_token.as_deref())
        .await
    {
        Ok(()) => Json(json!({ "ok": true })),
        Err(e) => Json(json!({ "ok": false, "error": e })),
    }
}

async fn templates(State(sim): State<Sim>) -> Json<Value> {
    Json(json!(sim.templates()))
}

async fn template_status(
    State(sim): State<Sim>,
    Path(id): Path<String>,
    Json(ev): Json<TemplateEvent>,
) -> Reply {
    Ok(Json(json!(sim.template_event(&id, ev)?)))
}

#[derive(Deserialize)]
struct Pacing {
    paced: bool,
}

async fn template_pacing(
    State(sim): State<Sim>,
    Path(id): Path<String>,
    Json(p): Json<Pacing>,
) -> Reply {
    sim.set_template_paced(&id, p.paced)?;
    Ok(Json(json!({ "paced": p.paced })))
}

#[derive(Deserialize)]
struct NewToken {
    token: String,
    #[serde(default)]
    expires_at: Option<i64>,
}

async fn add_token(State(sim): State<Sim>, Json(t): Json<NewToken>) -> Json<Value> {
    sim.add_token(&t.token, t.expires_at);
    Json(json!({ "token": t.token, "expires_at": t.expires_at }))
}

async fn expire_token(State(sim): State<Sim>, Path(token): Path<String>) -> Reply {
    sim.expire_token(&token)?;
    Ok(Json(json!({ "expired": token })))
}

async fn revoke_token(State(sim): State<Sim>, Path(token): Path<String>) -> Reply {
    sim.revoke_token(&token)?;
    Ok(Json(json!({ "revoked": token })))
}

async fn limits(State(sim): State<Sim>, Json(l): Json<Limits>) -> Response {
    if l.mps == 0 || l.pair_burst == 0 {
        return SimError::Invalid("limits must be positive".into()).into_response();
    }
    sim.set_limits(l.clone());
    Json(json!(l)).into_response()
}

#[derive(Deserialize)]
struct Tier {
    tier: String,
}

async fn messaging_limit(State(sim): State<Sim>, Json(t): Json<Tier>) -> Reply {
    sim.set_messaging_limit(&t.tier)?;
    Ok(Json(json!({ "messaging_limit": t.tier })))
}

#[derive(Deserialize)]
struct WindowQuery {
    #[serde(default)]
    phone_number_id: Option<String>,
    wa_id: String,
}

async fn window(State(sim): State<Sim>, Query(q): Query<WindowQuery>) -> Json<Value> {
    let pnid = q
        .phone_number_id
        .unwrap_or_else(|| sim.config().phone_numbers[0].id.clone());
    let expires = sim.window_expires(&pnid, &q.wa_id);
    let open = expires.is_some_and(|e| sim.now() < e);
    Json(json!({ "phone_number_id": pnid, "wa_id": q.wa_id, "expires_at": expires, "open": open }))
}
