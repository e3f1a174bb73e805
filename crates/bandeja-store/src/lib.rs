//! Bandeja's local database: every SQL statement of the app lives here.
//!
//! One SQLite file per workspace, opened as one writer connection (all writes
//! are serialised through it, so a transaction never waits on another of ours)
//! plus a small pool of read-only connections that WAL lets run beside it.
//! The schema is created by numbered migrations and a database written by a
//! newer Bandeja is refused rather than half-understood.

mod automation;
mod counts;
mod email;
mod email_reads;
mod error;
mod fts;
mod ingest;
mod ingest_batch;
mod media;
mod messages;
mod migrate;
mod outbox;
mod queries;
mod relay_cursor;
mod replies;
mod rows;
mod rules;
mod search;
mod tags;
mod team;
mod thread;
mod time;
mod wa_templates;
mod writes;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use automation::{ConversationFacts, ReminderCandidate, Waiting};
pub use email::{EmailMeta, StoredEmail};
pub use error::StoreError;
pub use ingest::{IngestAccount, IngestTx, KnownMessage};
pub use ingest_batch::KnownSender;
pub use media::{MediaFile, MediaJob, MediaRecord};
pub use messages::{InsertOutcome, NewMessage};
pub use migrate::LATEST_VERSION;
pub use outbox::OutboxItem;
pub use queries::{ConversationFilter, ConversationListItem, Counts, View, WindowFilter};
pub use relay_cursor::{ParkedEnvelope, RelayCursor};
pub use replies::TemplateFilter;
pub use rows::{ContactRecord, ConversationRecord, MessageRecord, ReactionRecord};
pub use rules::RuleRow;
pub use search::SearchHit;
pub use tags::{SavedView, TagEvent};
pub use team::MemberFields;
pub use time::{from_millis, to_millis};
pub use wa_templates::{WaTemplate, WaTemplateData};
pub use writes::{NewContact, NewConversation};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How to open a store.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// How long a write waits for a lock held by another process.
    pub busy_timeout: Duration,
    pub readers: u32,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            busy_timeout: Duration::from_secs(5),
            readers: 4,
        }
    }
}

/// An open workspace database.
#[derive(Clone)]
pub struct Store {
    writer: SqlitePool,
    reader: SqlitePool,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Open (creating if missing) and migrate the database at `path`.
    pub async fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, StoreOptions::default()).await
    }

    pub async fn open_with(path: &Path, opts: StoreOptions) -> Result<Store> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
                    path: dir.to_path_buf(),
                    source: e,
                })?;
            }
        }
        let base = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|e| StoreError::from_sqlx(e, path))?
            .filename(path)
            .foreign_keys(true)
            .busy_timeout(opts.busy_timeout)
            .synchronous(SqliteSynchronous::Normal)
            .pragma("temp_store", "memory")
            .pragma("cache_size", "-65536")
            .pragma("mmap_size", "268435456")
            .pragma("wal_autocheckpoint", "8192")
            .statement_cache_capacity(256);
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
            .map_err(|e| StoreError::from_sqlx(e, path))?;
        migrate::run(&writer, path).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(opts.readers.max(1))
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(base.read_only(true))
            .await
            .map_err(|e| StoreError::from_sqlx(e, path))?;
        Ok(Store {
            writer,
            reader,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn err(&self, e: sqlx::Error) -> StoreError {
        StoreError::from_sqlx(e, &self.path)
    }

    /// Start a write transaction on the single writer connection.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        self.writer.begin().await.map_err(|e| self.err(e))
    }

    /// Check every full-text index against its table (FTS5 `integrity-check`).
    pub async fn check_search_index(&self) -> Result<()> {
        for t in ["messages_fts", "contacts_fts", "conversations_fts"] {
            let sql = format!("INSERT INTO {t}({t}, rank) VALUES ('integrity-check', 1)");
            sqlx::query(&sql)
                .execute(&self.writer)
                .await
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    /// `PRAGMA integrity_check` + foreign keys: used by tests and diagnostics.
    pub async fn check_integrity(&self) -> Result<()> {
        let row: (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(&self.reader)
            .await
            .map_err(|e| self.err(e))?;
        if row.0 != "ok" {
            return Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: row.0,
            });
        }
        let fk: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
            .fetch_all(&self.reader)
            .await
            .map_err(|e| self.err(e))?;
        if let Some((t,)) = fk.first() {
            return Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: format!("foreign key violation in {t}"),
            });
        }
        Ok(())
    }

    /// Size of the database file and its WAL, in bytes.
    pub fn size_on_disk(&self) -> u64 {
        let wal = self.path.with_extension(format!(
            "{}-wal",
            self.path.extension().and_then(|e| e.to_str()).unwrap_or("")
        ));
        [self.path.clone(), wal]
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum()
    }

    /// Checkpoint the WAL and optimise the FTS indexes (after bulk loads).
    pub async fn optimize(&self) -> Result<()> {
        for sql in [
            "INSERT INTO messages_fts(messages_fts) VALUES ('optimize')",
            "PRAGMA optimize",
            "PRAGMA wal_checkpoint(TRUNCATE)",
        ] {
            sqlx::query(sql)
                .execute(&self.writer)
                .await
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}
