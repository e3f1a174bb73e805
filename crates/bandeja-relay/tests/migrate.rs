//! A database made by the first relay release (no `events.source`, no
//! Twilio columns) opens with the new columns added and its data intact.

use std::collections::BTreeMap;

use bandeja_relay::{Source, Store};

const FIRST_SCHEMA: &str = r#"
CREATE TABLE tenants (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, app_secret TEXT NOT NULL,
    verify_token TEXT NOT NULL, path_token TEXT NOT NULL UNIQUE,
    last_seq INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
CREATE TABLE devices (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id),
    name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL,
    revoked_at INTEGER, stale_at INTEGER, last_acked_seq INTEGER NOT NULL DEFAULT 0,
    last_seen_at INTEGER NOT NULL);
CREATE TABLE enrollment_codes (
    code_hash TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id),
    expires_at INTEGER NOT NULL, used_at INTEGER);
CREATE TABLE events (
    tenant_id TEXT NOT NULL REFERENCES tenants(id), seq INTEGER NOT NULL,
    event_id TEXT NOT NULL, received_at INTEGER NOT NULL, headers TEXT NOT NULL,
    body BLOB NOT NULL, body_sha256 TEXT NOT NULL,
    PRIMARY KEY (tenant_id, seq), UNIQUE (tenant_id, body_sha256));
INSERT INTO tenants VALUES ('t1', 'Old', 'secret', 'verify', 'path', 1, 0);
INSERT INTO events VALUES ('t1', 1, 'e1', 0, '{}', X'7B7D', 'h');
"#;

#[tokio::test]
async fn an_old_database_gains_the_new_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relay.db");
    let old = sqlx::SqlitePool::connect(&format!("sqlite:{}?mode=rwc", path.display()))
        .await
        .unwrap();
    sqlx::raw_sql(FIRST_SCHEMA).execute(&old).await.unwrap();
    old.close().await;

    let store = Store::open(&path).await.unwrap();
    let events = store.read_after("t1", 0, 10).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].source, Source::Meta);
    let tenant = store.tenant("t1").await.unwrap().unwrap();
    assert_eq!(tenant.twilio_path_token, None);
    assert_eq!(tenant.twilio_auth_token, None);
    let twilio_path = store
        .set_twilio_auth_token("t1", Some("tok"))
        .await
        .unwrap();
    assert_eq!(twilio_path.len(), 48);
    let found = store.tenant_by_twilio_path(&twilio_path).await.unwrap();
    assert_eq!(found.unwrap().twilio_auth_token.as_deref(), Some("tok"));
    // clearing keeps the path, so Twilio's configured URL stays the same
    assert_eq!(
        store.set_twilio_auth_token("t1", None).await.unwrap(),
        twilio_path
    );
    let seq = store
        .append_from(Source::Twilio, "t1", &BTreeMap::new(), b"Body=x".to_vec())
        .await
        .unwrap()
        .seq;
    assert_eq!(seq, 2);
    assert_eq!(
        store.read_after("t1", 1, 10).await.unwrap()[0].source,
        Source::Twilio
    );
    assert!(store
        .set_twilio_auth_token("nope", Some("x"))
        .await
        .is_err());
    drop(store);
    // opening again is a no-op
    Store::open(&path).await.unwrap();
}
