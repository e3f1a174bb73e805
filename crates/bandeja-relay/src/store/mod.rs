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
use tokio::sync::mpsc;

use crate::RelayError;

pub use accounts::{Device, Enrolled, NewTenant, Tenant};
pub use events::{Appended, CleanupReport, Event};

/// An open relay database. Cheap to clone; all clones share the writer task.
#[derive(Clone)]
pub struct Store {
    writer: SqlitePool,
    reader: SqlitePool,
    appends: mpsc::Sender<events::AppendJob>,
    path: PathBuf,
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
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(base.read_only(true))
            .await
            .map_err(RelayError::db(path))?;
        let (tx, rx) = mpsc::channel(4096);
        tokio::spawn(events::run_writer(writer.clone(), path.to_path_buf(), rx));
        Ok(Store {
            writer,
            reader,
            appends: tx,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn db_err(&self) -> impl FnOnce(sqlx::Error) -> RelayError + '_ {
        RelayError::db(&self.path)
    }
}
