//! The admin CLI end to end: `tenant create` then `enroll`, and the printed
//! code really enrolls a device in the same database (a SQLite file, or a
//! `postgres://` URL under `with-postgres.sh`).

mod common;

use std::process::Command;

use bandeja_relay::now_millis;
use common::{field, free_port, relay_cli, Child, TestDb};

/// The relay binary with `args`: it must succeed and log no app secret.
fn run(args: &[&str]) -> String {
    let out = relay_cli(args, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("s3cret-app"), "secret logged: {stderr}");
    String::from_utf8(out.stdout).unwrap()
}

/// `tenant create` for "Acme" with the secret the log checks look for.
fn create_acme(db: &str) -> String {
    run(&[
        "tenant",
        "create",
        "--db",
        db,
        "--name",
        "Acme",
        "--app-secret",
        "s3cret-app",
    ])
}

#[tokio::test]
async fn tenant_create_then_enroll() {
    let test_db = TestDb::new().await;
    let db = test_db.spec();
    let out = create_acme(db);
    let tenant = field(&out, "tenant_id").to_string();
    assert!(field(&out, "callback_path").starts_with("/hooks/meta/"));
    assert_eq!(field(&out, "verify_token").len(), 32);
    let out = run(&["enroll", "--db", db, "--tenant", &tenant]);
    let code = field(&out, "enrollment_code").to_string();

    let store = test_db.open().await;
    let enrolled = store.enroll(&code, "laptop", now_millis()).await.unwrap();
    assert_eq!(enrolled.tenant_id, tenant);
    assert_eq!(
        store.tenant(&tenant).await.unwrap().unwrap().app_secret,
        "s3cret-app"
    );
}

#[tokio::test]
async fn serve_answers_the_handshake_and_revoke_locks_a_device_out() {
    let test_db = TestDb::new().await;
    let db = test_db.spec();
    let out = create_acme(db);
    let path = field(&out, "callback_path").to_string();
    let verify = field(&out, "verify_token").to_string();
    let tenant = field(&out, "tenant_id").to_string();

    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let _server = Child(
        Command::new(env!("CARGO_BIN_EXE_bandeja-relay"))
            .args(["serve", "--db", db, "--addr", &addr])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let url = format!(
        "http://{addr}{path}?hub.mode=subscribe&hub.challenge=77&hub.verify_token={verify}"
    );
    let http = reqwest::Client::new();
    let mut answer = None;
    for _ in 0..100 {
        if let Ok(res) = http.get(&url).send().await {
            answer = Some((res.status(), res.text().await.unwrap()));
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (status, body) = answer.expect("the server came up within 5 s");
    assert_eq!((status.as_u16(), body.as_str()), (200, "77"));

    let store = test_db.open().await;
    let code = store
        .create_enrollment_code(&tenant, now_millis(), 60_000)
        .await
        .unwrap();
    let enrolled = store.enroll(&code, "laptop", now_millis()).await.unwrap();
    run(&["revoke", "--db", db, "--device", &enrolled.device_id]);
    assert!(matches!(
        store.authenticate(&enrolled.token, now_millis()).await,
        Err(bandeja_relay::RelayError::Revoked(_))
    ));
}
