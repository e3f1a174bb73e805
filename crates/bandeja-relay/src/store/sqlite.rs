//! The SQLite backend: one file, the default for a single relay.
//!
//! Like `bandeja-store`, one writer connection (WAL) plus a read-only pool
//! beside it. Unlike the desktop, the writer runs `synchronous=FULL`: the
//! relay answers Meta 200 right after COMMIT, and a 200 for an event lost in
//! a power cut is a webhook Meta never resends. One writer connection also
//! means appends never race each other, so no row lock is needed.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::{schema, Dialect};
use crate::RelayError;

pub(crate) const DIALECT: Dialect = Dialect {
    // one writer connection: the transaction itself is the lock
    lock_tenant: None,
    notify: None,
    ack: "UPDATE devices SET
              last_acked_seq = MAX(last_acked_seq,
                  MIN($1, (SELECT last_seq FROM tenants WHERE tenants.id = devices.tenant_id))),
              last_seen_at = MAX(last_seen_at, $2)
          WHERE id = $3 AND revoked_at IS NULL
          RETURNING last_acked_seq",
    touch: "UPDATE devices SET last_seen_at = MAX(last_seen_at, $1) WHERE id = $2",
};

#[derive(Clone)]
pub(crate) struct Sqlite {
    writer: SqlitePool,
    reader: SqlitePool,
}

impl Sqlite {
    pub(crate) async fn open(path: &Path) -> Result<Sqlite, RelayError> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|source| RelayError::Io {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
        }
        let base = SqliteConnectOptions::from_str("sqlite:")
            .map_err(RelayError::db(path))?
            .filename(path)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            .synchronous(SqliteSynchronous::Full)
            .pragma("temp_store", "memory")
            // after a burst, a checkpoint shrinks the WAL back to this much
            // instead of leaving its high-water size on a small server's disk
            .pragma("journal_size_limit", "67108864")
            // checkpoint every ~32 MB of WAL instead of every 4 MB: each runs
            // inside some webhook's commit (the desktop store does the same)
            .pragma("wal_autocheckpoint", "8192");
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(60))
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(
                base.clone()
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal),
            )
            .await
            .map_err(RelayError::db(path))?;
        sqlx::raw_sql(schema::SQLITE)
            .execute(&writer)
            .await
            .map_err(RelayError::db(path))?;
        for (table, column, definition) in schema::ADDED_COLUMNS {
            let present: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM pragma_table_info($1) WHERE name = $2")
                    .bind(table)
                    .bind(column)
                    .fetch_one(&writer)
                    .await
                    .map_err(RelayError::db(path))?;
            if present == 0 {
                sqlx::raw_sql(&format!(
                    "ALTER TABLE {table} ADD COLUMN {column} {definition}"
                ))
                .execute(&writer)
                .await
                .map_err(RelayError::db(path))?;
            }
        }
        sqlx::raw_sql(schema::ADDED_INDEXES)
            .execute(&writer)
            .await
            .map_err(RelayError::db(path))?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(base.read_only(true))
            .await
            .map_err(RelayError::db(path))?;
        Ok(Sqlite { writer, reader })
    }

    pub(crate) fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    pub(crate) fn reader(&self) -> &SqlitePool {
        &self.reader
    }
}
