//! The binary as a separate process: `serve` prints its URL, the CLI
//! scripts it, the Graph API answers, webhooks reach a receiver.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::json;

use crate::common::*;

const BIN: &str = env!("CARGO_BIN_EXE_bandeja-sim");

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn cli(url: &str, args: &[&str]) -> serde_json::Value {
    let out = Command::new(BIN)
        .arg("--sim")
        .arg(url)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test]
async fn serve_as_a_process_and_script_it_with_the_cli() {
    let mut rx = Receiver::start().await;
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--port",
            "0",
            "--frozen",
            "--start",
            "1788264000",
            "--webhook-url",
            &rx.url,
        ])
        .args(["--auto-statuses", "sent"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let _guard = Running(child);
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        line
    })
    .await
    .unwrap();
    let url = line
        .trim()
        .strip_prefix("BANDEJA_SIM_URL=")
        .expect(&line)
        .to_string();

    let u = url.clone();
    let receipt = tokio::task::spawn_blocking(move || {
        cli(
            &u,
            &[
                "inbound",
                "--from",
                ANA,
                "--name",
                "Ana Ruiz",
                "--text",
                "Hola desde la CLI",
            ],
        )
    })
    .await
    .unwrap();
    let hook = rx.one().await;
    assert_eq!(value(&hook)["messages"][0]["id"], receipt["id"]);

    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let send = json!({ "messaging_product": "whatsapp", "to": format!("+{ANA}"), "type": "text", "text": { "body": "¡Hola!" } });
    let res = http
        .post(format!("{url}/v25.0/{PNID}/messages"))
        .bearer_auth(TOKEN)
        .json(&send)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(status_of(&rx.one().await).1, "sent");

    let u = url.clone();
    let clock = tokio::task::spawn_blocking(move || cli(&u, &["advance", "25h"]))
        .await
        .unwrap();
    assert_eq!(clock["now"], 1_788_264_000 + 25 * 3600);
    let res = http
        .post(format!("{url}/v25.0/{PNID}/messages"))
        .bearer_auth(TOKEN)
        .json(&send)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let failed = rx.one().await;
    assert_eq!(value(&failed)["statuses"][0]["errors"][0]["code"], 131047);

    let u = url.clone();
    let outbound = tokio::task::spawn_blocking(move || cli(&u, &["outbound"]))
        .await
        .unwrap();
    assert_eq!(outbound.as_array().unwrap().len(), 2);
    let u = url.clone();
    tokio::task::spawn_blocking(move || cli(&u, &["token", "expire", TOKEN]))
        .await
        .unwrap();
    let res = http
        .post(format!("{url}/v25.0/{PNID}/messages"))
        .bearer_auth(TOKEN)
        .json(&send)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[test]
fn print_config_is_valid_json() {
    let out = Command::new(BIN)
        .args([
            "serve",
            "--print-config",
            "--tier",
            "TIER_50",
            "--mps",
            "20",
            "--phone-number",
            "200000000000009=34600000001=Taller Ruiz",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cfg: bandeja_sim::Config = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cfg.messaging_limit, "TIER_50");
    assert_eq!(cfg.limits.mps, 20);
    assert_eq!(cfg.phone_numbers[0].verified_name, "Taller Ruiz");
    let bad = Command::new(BIN)
        .args(["serve", "--print-config", "--tier", "TIER_7"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
}
