//! The relay schema, created idempotently at open, once per backend.
//!
//! `tenants.last_seq` is the per-tenant sequence: taking it from `MAX(seq)`
//! would hand out a seq again after retention deleted the newest events.
//! `UNIQUE(tenant_id, body_sha256)` is the duplicate rule: rows live only
//! within retention, so a byte-identical Meta retry inside it finds its twin.
//!
//! Columns added after the first release are in [`ADDED_COLUMNS`]: SQLite has
//! no `ADD COLUMN IF NOT EXISTS`, so `open` adds each one that is missing;
//! PostgreSQL has it, and runs the whole script under an advisory lock so
//! that instances starting together do not race on the catalog.

pub(crate) const SQLITE: &str = r#"
CREATE TABLE IF NOT EXISTS tenants (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    app_secret   TEXT NOT NULL,
    verify_token TEXT NOT NULL,
    path_token   TEXT NOT NULL UNIQUE,
    last_seq     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES tenants(id),
    name           TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    created_at     INTEGER NOT NULL,
    revoked_at     INTEGER,
    stale_at       INTEGER,
    last_acked_seq INTEGER NOT NULL DEFAULT 0,
    last_seen_at   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS devices_tenant ON devices(tenant_id);
CREATE TABLE IF NOT EXISTS enrollment_codes (
    code_hash  TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants(id),
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE TABLE IF NOT EXISTS events (
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    seq         INTEGER NOT NULL,
    event_id    TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    headers     TEXT NOT NULL,
    body        BLOB NOT NULL,
    body_sha256 TEXT NOT NULL,
    PRIMARY KEY (tenant_id, seq),
    UNIQUE (tenant_id, body_sha256)
);
"#;

/// The same first tables for PostgreSQL (`BIGINT` so every integer decodes
/// as `i64` like SQLite's, `BYTEA` for the raw body); [`postgres_script`]
/// adds [`ADDED_COLUMNS`] and [`ADDED_INDEXES`].
pub(crate) const POSTGRES: &str = r#"
CREATE TABLE IF NOT EXISTS tenants (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    app_secret   TEXT NOT NULL,
    verify_token TEXT NOT NULL,
    path_token   TEXT NOT NULL UNIQUE,
    last_seq     BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES tenants(id),
    name           TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    created_at     BIGINT NOT NULL,
    revoked_at     BIGINT,
    stale_at       BIGINT,
    last_acked_seq BIGINT NOT NULL DEFAULT 0,
    last_seen_at   BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS devices_tenant ON devices(tenant_id);
CREATE TABLE IF NOT EXISTS enrollment_codes (
    code_hash  TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants(id),
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE TABLE IF NOT EXISTS events (
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    seq         BIGINT NOT NULL,
    event_id    TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    headers     TEXT NOT NULL,
    body        BYTEA NOT NULL,
    body_sha256 TEXT NOT NULL,
    PRIMARY KEY (tenant_id, seq),
    UNIQUE (tenant_id, body_sha256)
);
"#;

/// Columns added after the first schema: (table, column, definition).
/// `events.source` says which provider's webhook an envelope is ("meta" or
/// "twilio"); the Twilio columns are the tenant's optional auth token (to
/// verify `X-Twilio-Signature`) and its unguessable `/hooks/twilio/` path.
pub(crate) const ADDED_COLUMNS: &[(&str, &str, &str)] = &[
    ("events", "source", "TEXT NOT NULL DEFAULT 'meta'"),
    ("tenants", "twilio_auth_token", "TEXT"),
    ("tenants", "twilio_path_token", "TEXT"),
];

/// Indexes over added columns, created after [`ADDED_COLUMNS`].
pub(crate) const ADDED_INDEXES: &str = "
CREATE UNIQUE INDEX IF NOT EXISTS tenants_twilio_path ON tenants(twilio_path_token);
";

/// Everything PostgreSQL runs at connect, in one transaction.
pub(crate) fn postgres_script() -> String {
    let mut sql = String::from("BEGIN;\nSELECT pg_advisory_xact_lock(4861002);\n");
    sql.push_str(POSTGRES);
    for (table, column, definition) in ADDED_COLUMNS {
        sql.push_str(&format!(
            "ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {definition};\n"
        ));
    }
    sql.push_str(ADDED_INDEXES);
    sql.push_str("COMMIT;\n");
    sql
}
