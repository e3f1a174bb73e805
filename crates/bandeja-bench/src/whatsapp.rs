//! `bandeja-bench whatsapp`: signed webhooks through the local receiver on
//! loopback, as Meta would send them.
//!
//! Latency is measured from the moment the request is sent to the moment the
//! UI event (`IncomingMessage`) for that message is received — that is,
//! through signature check, normalize, the committed ingest transaction and
//! the event bus. The burst sends 10 000 webhooks (10 % of them redelivered
//! duplicates) over concurrent connections, then counts rows: none may be
//! lost and none stored twice.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use bandeja_channels::whatsapp::signature::sign;
use bandeja_core::{Core, CoreEvent, SystemClock};
use bandeja_domain::{AccountKind, AccountStatus, ReopenPolicy};
use bandeja_webhooks::{ReceiverConfig, Secret};
use chrono::Utc;
use serde_json::json;
use tokio::sync::Semaphore;

use crate::machine::{describe, percentile, profile};

const SECRET: &str = "bench-app-secret";
const PHONE_ID: &str = "200000000000002";

pub struct Options {
    latency_runs: usize,
    burst: usize,
    concurrency: usize,
    /// Run the team's rules on every message (rotation among three
    /// members, an auto-reply per new customer, an SLA target).
    rules: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut o = Options {
            latency_runs: 2000,
            burst: 10_000,
            concurrency: 16,
            rules: false,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut val = || it.next().ok_or_else(|| format!("{a} needs a value"));
            match a.as_str() {
                "--latency-runs" => o.latency_runs = val()?.parse().map_err(|e| format!("{e}"))?,
                "--burst" => o.burst = val()?.parse().map_err(|e| format!("{e}"))?,
                "--concurrency" => o.concurrency = val()?.parse().map_err(|e| format!("{e}"))?,
                "--rules" => o.rules = true,
                other => return Err(format!("unknown option {other}")),
            }
        }
        Ok(o)
    }
}

/// A compact webhook in Meta's shape: one text message.
fn webhook(n: usize, customers: usize) -> Vec<u8> {
    let wa = format!("3460{:07}", n % customers);
    let body = json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "100000000000001", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550100001", "phone_number_id": PHONE_ID},
            "contacts": [{"profile": {"name": format!("Cliente {}", n % customers)}, "wa_id": wa}],
            "messages": [{"from": wa, "id": format!("wamid.BENCH{n:08}"), "timestamp": Utc::now().timestamp().to_string(),
                          "type": "text", "text": {"body": format!("Hola, ¿tenéis la pieza {n}? Gracias")}}]
        }}]}]
    });
    serde_json::to_vec(&body).expect("json")
}

async fn post(client: &reqwest::Client, url: &str, body: Vec<u8>) -> anyhow::Result<()> {
    let sig = sign(SECRET.as_bytes(), &body);
    let res = client
        .post(url)
        .header("content-type", "application/json")
        .header("x-hub-signature-256", sig)
        .body(body)
        .send()
        .await?;
    anyhow::ensure!(
        res.status().is_success(),
        "receiver answered {}",
        res.status()
    );
    Ok(())
}

pub async fn run(o: Options) -> anyhow::Result<serde_json::Value> {
    let dir = tempfile::tempdir()?;
    let core = Core::open(dir.path(), Arc::new(SystemClock)).await?;
    let ws = core.workspace().await;
    let account = ws
        .store
        .insert_account(
            AccountKind::WhatsappCloud,
            "WhatsApp",
            "+15550100001",
            &AccountStatus::Active,
            None,
            ReopenPolicy::default(),
            &[ws.me],
            core.now(),
        )
        .await?;
    ws.store.set_provider_ref(account, PHONE_ID).await?;
    if o.rules {
        with_rules(&core, account).await?;
    }
    let config = ReceiverConfig {
        verify_token: Secret::new("bench"),
        app_secret: Secret::new(SECRET),
    };
    let (addr, _server) =
        bandeja_webhooks::serve(core.clone(), config, SocketAddr::from(([127, 0, 0, 1], 0)))
            .await?;
    let url = format!("http://{addr}/webhooks/whatsapp");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()?;

    eprintln!("latency: {} webhooks one at a time…", o.latency_runs);
    let mut events = core.subscribe();
    let mut ms = Vec::with_capacity(o.latency_runs);
    for n in 0..o.latency_runs + 50 {
        let body = webhook(n, 500);
        let t = Instant::now();
        post(&client, &url, body).await?;
        loop {
            match events.recv().await.context("event bus closed")? {
                CoreEvent::IncomingMessage { .. } => break,
                _ => continue,
            }
        }
        if n >= 50 {
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    ms.sort_by(|a, b| a.total_cmp(b));

    eprintln!(
        "burst: {} webhooks, 10% redelivered, {} connections…",
        o.burst, o.concurrency
    );
    let base = 1_000_000;
    let mut bodies: Vec<Vec<u8>> = (0..o.burst).map(|i| webhook(base + i, 2000)).collect();
    let dups = o.burst / 10;
    for i in 0..dups {
        bodies.push(bodies[i * 7 % o.burst].clone());
    }
    let sem = Arc::new(Semaphore::new(o.concurrency));
    let t = Instant::now();
    let mut tasks = Vec::with_capacity(bodies.len());
    for body in bodies {
        let permit = sem.clone().acquire_owned().await?;
        let (client, url) = (client.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let r = post(&client, &url, body).await;
            drop(permit);
            r
        }));
    }
    let mut failed = 0;
    for task in tasks {
        if task.await?.is_err() {
            failed += 1;
        }
    }
    let secs = t.elapsed().as_secs_f64();
    // the rules run beside ingest: how long after the last answer they finish
    let settle = Instant::now();
    core.automation_settled().await;
    let settle_ms = settle.elapsed().as_secs_f64() * 1000.0;
    let automatic =
        ws.store.count_messages(account).await? - ws.store.count_inbound(account).await?;
    let sent = o.burst + dups;
    let stored = ws.store.count_inbound(account).await? as usize - (o.latency_runs + 50);
    Ok(json!({
        "bench": "whatsapp",
        "rules": o.rules,
        "profile": profile(),
        "machine": describe(),
        "figures": {
            "webhook_to_ui_event": {
                "p50_ms": percentile(&ms, 50.0),
                "p99_ms": percentile(&ms, 99.0),
                "max_ms": percentile(&ms, 100.0),
                "runs": ms.len(),
            },
            "burst": {
                "webhooks_sent": sent,
                "unique_messages": o.burst,
                "redelivered_duplicates": dups,
                "concurrency": o.concurrency,
                "seconds": (secs * 1000.0).round() / 1000.0,
                "webhooks_per_s": (sent as f64 / secs).round(),
                "failed_requests": failed,
                "rows_stored": stored,
                "lost": o.burst.saturating_sub(stored),
                "duplicated_rows": stored.saturating_sub(o.burst),
                "rules_settled_after_ms": (settle_ms * 10.0).round() / 10.0,
                "automatic_replies": automatic,
            },
        },
        "units": {"*_ms": "milliseconds", "webhooks_per_s": "webhooks per second"},
        "targets": {"webhook_to_ui_event_p99_ms": 20.0, "burst_webhooks_per_s": 5000.0},
        "met": {
            "latency": percentile(&ms, 99.0) <= 20.0,
            "burst": sent as f64 / secs >= 5000.0 && stored == o.burst && failed == 0,
        },
    }))
}

/// Three online members and the rules a busy shop would use.
async fn with_rules(core: &Core, account: i64) -> anyhow::Result<()> {
    use bandeja_domain::assign::{AssignRule, AssignStep, Fallback};
    use bandeja_domain::{auto_reply::AutoReplySettings, sla::SlaTargets, Availability, Role};
    let ws = core.workspace().await;
    let mut authorized = vec![ws.me];
    for name in ["Marta", "Pablo", "Irene"] {
        let id = ws
            .store
            .insert_member(
                name,
                &format!("{name}@bench.example"),
                Role::Agent,
                Availability::Online,
                None,
                "#0ea5e9",
                false,
            )
            .await?;
        authorized.push(id);
    }
    ws.store.set_account_members(account, &authorized).await?;
    let mut a = core.automation(account).await?;
    a.assignment = vec![AssignStep {
        rule: AssignRule::Rotation,
        fallback: Fallback::Next,
    }];
    a.auto_reply = AutoReplySettings {
        enabled: true,
        first_contact: Some("Hola {{customer_name}}, gracias por escribir.".into()),
        ..AutoReplySettings::default()
    };
    a.sla = SlaTargets {
        enabled: true,
        first_response_minutes: Some(60),
        ..SlaTargets::default()
    };
    core.set_automation(account, a).await?;
    Ok(())
}
