//! The admin CLI end to end: `tenant create` then `enroll`, and the printed
//! code really enrolls a device in the same database file.

use std::process::Command;

use bandeja_relay::{now_millis, Store};

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_bandeja-relay"))
        .args(args)
        .env_remove("BANDEJA_RELAY_APP_SECRET")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("s3cret-app"), "secret logged: {stderr}");
    String::from_utf8(out.stdout).unwrap()
}

fn field<'a>(out: &'a str, key: &str) -> &'a str {
    out.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(": "))
        .unwrap_or_else(|| panic!("no {key} in {out}"))
}

#[tokio::test]
async fn tenant_create_then_enroll() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("relay.db");
    let db = db.to_str().unwrap();
    let out = run(&[
        "tenant",
        "create",
        "--db",
        db,
        "--name",
        "Acme",
        "--app-secret",
        "s3cret-app",
    ]);
    let tenant = field(&out, "tenant_id").to_string();
    assert!(field(&out, "callback_path").starts_with("/hooks/meta/"));
    assert_eq!(field(&out, "verify_token").len(), 32);
    let out = run(&["enroll", "--db", db, "--tenant", &tenant]);
    let code = field(&out, "enrollment_code").to_string();

    let store = Store::open(std::path::Path::new(db)).await.unwrap();
    let enrolled = store.enroll(&code, "laptop", now_millis()).await.unwrap();
    assert_eq!(enrolled.tenant_id, tenant);
    assert_eq!(
        store.tenant(&tenant).await.unwrap().unwrap().app_secret,
        "s3cret-app"
    );
}
