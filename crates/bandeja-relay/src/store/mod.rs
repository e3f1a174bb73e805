//! The relay's durable state: one SQLite file.
//!
//! Like `bandeja-store`, one writer connection (WAL) plus a read-only pool
//! beside it. Unlike the desktop, the writer runs `synchronous=FULL`: the relay
//! answers Meta 200 right after COMMIT, and a 200 for an event lost in a power
//! cut is a webhook Meta never resends. Appends go through one writer task
//! that commits a whole queue of concurrent appends in one transaction (group
//! commit), so one fsync pays for many webhooks (see [`events`]).

mod accounts;
mod events;
mod schema;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{mpsc, watch};

use crate::RelayError;

pub use accounts::{Device, Enrolled, NewTenant, Tenant};
pub use events::{Appended, CleanupReport, Event, Source};

/// An open relay database. Cheap to clone; all clones share the writer task.
#[derive(Clone)]
pub struct Store {
    writer: SqlitePool,
    reader: SqlitePool,
    appends: mpsc::Sender<events::AppendJob>,
    wakers: Wakers,
    path: PathBuf,
    retention_ms: i64,
}

/// Per-tenant "last committed seq" signals that wake live device sockets
/// after each group commit. A `watch` cannot lag or lose a wake-up: a socket
/// that subscribes before reading sees any commit that lands after the read.
#[derive(Clone, Default)]
pub(crate) struct Wakers(Arc<Mutex<HashMap<String, watch::Sender<i64>>>>);

impl Wakers {
    fn sender(&self, tenant: &str) -> watch::Sender<i64> {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(tenant.to_string())
            .or_insert_with(|| watch::channel(0).0)
            .clone()
    }

    pub(crate) fn wake(&self, tenant: &str, seq: i64) {
        self.sender(tenant).send_if_modified(|last| {
            let newer = seq > *last;
            if newer {
                *last = seq;
            }
            newer
        });
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Open (creating if missing) the database at `path`. Must run inside a
    /// tokio runtime: it spawns the group-commit writer task.
    pub async fn open(path: &Path) -> Result<Store, RelayError> {
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
            .pragma("temp_store", "memory");
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
        sqlx::raw_sql(schema::SCHEMA)
            .execute(&writer)
            .await
            .map_err(RelayError::db(path))?;
        for (table, column, definition) in schema::ADDED_COLUMNS {
            let present: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?")
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
        let (tx, rx) = mpsc::channel(4096);
        let wakers = Wakers::default();
        tokio::spawn(events::run_writer(
            writer.clone(),
            path.to_path_buf(),
            rx,
            wakers.clone(),
        ));
        Ok(Store {
            writer,
            reader,
            appends: tx,
            wakers,
            path: path.to_path_buf(),
            retention_ms: crate::retention::RETENTION_MS,
        })
    }

    /// The same store with another retention window (events kept and devices
    /// allowed to stay silent this long); the config refuses less than 7 days.
    pub fn with_retention_ms(mut self, retention_ms: i64) -> Store {
        self.retention_ms = retention_ms;
        self
    }

    pub fn retention_ms(&self) -> i64 {
        self.retention_ms
    }

    /// A signal that changes whenever new events of `tenant` are committed.
    pub fn subscribe(&self, tenant: &str) -> watch::Receiver<i64> {
        self.wakers.sender(tenant).subscribe()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn db_err(&self) -> impl FnOnce(sqlx::Error) -> RelayError + '_ {
        RelayError::db(&self.path)
    }
}
