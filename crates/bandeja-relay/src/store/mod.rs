//! The relay's durable state: one SQLite file by default, or PostgreSQL
//! when several relay instances share one log behind a load balancer.
//!
//! Both backends sit behind one [`Store`], so the HTTP and stream code never
//! know which one runs. The SQL is written once with `$n` placeholders (which
//! SQLite reads as well as PostgreSQL) and expanded for each driver by
//! [`on_backend!`]; the few statements the dialects spell differently live in
//! a [`Dialect`]. Appends go through one writer task per `Store` that commits
//! a whole queue of concurrent appends in one transaction (group commit), so
//! one fsync pays for many webhooks (see [`events`]).
//!
//! - SQLite ([`sqlite`]): one writer connection (WAL, `synchronous=FULL`)
//!   plus a read-only pool; wake-ups are in-process.
//! - PostgreSQL ([`postgres`]): a pool with `synchronous_commit=on`; each
//!   commit NOTIFYs the tenant's new seq so the instance holding the
//!   tenant's sockets wakes, whichever instance took the webhook.

mod accounts;
mod commit;
mod events;
mod postgres;
mod schema;
mod sqlite;
mod wake;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::sync::{mpsc, watch};

use crate::RelayError;

pub use accounts::{Device, Enrolled, NewTenant, Tenant};
pub use events::{Appended, CleanupReport, Event, Source};
pub(crate) use wake::Wakers;

/// Runs `$body` with `$pool` bound to the backend's pool for `$role`
/// (`writer` or `reader`) and `$sql` to its [`Dialect`]. The body is
/// type-checked once per driver, so one piece of SQL serves both.
macro_rules! on_backend {
    ($backend:expr, $role:ident, |$pool:ident, $sql:ident| $body:expr) => {
        match $backend {
            $crate::store::Backend::Sqlite(db) => {
                let $pool = db.$role();
                let $sql = &$crate::store::sqlite::DIALECT;
                $body
            }
            $crate::store::Backend::Postgres(db) => {
                let $pool = db.$role();
                let $sql = &$crate::store::postgres::DIALECT;
                $body
            }
        }
    };
}
pub(crate) use on_backend;

/// The statements SQLite and PostgreSQL spell differently.
pub(crate) struct Dialect {
    /// Lock a tenant's row (`$1`) until COMMIT, so concurrent writers on
    /// other instances take seqs and check duplicates one after another.
    /// SQLite has one writer connection and needs none (`None`).
    pub lock_tenant: Option<&'static str>,
    /// Wake other instances after COMMIT with payload `$1` = `tenant seq`.
    pub notify: Option<&'static str>,
    /// Cumulative ack: `$1` up_to_seq, `$2` now, `$3` device.
    pub ack: &'static str,
    /// `$1` now, `$2` device.
    pub touch: &'static str,
}

/// Which database a [`Store`] runs on.
#[derive(Clone)]
pub(crate) enum Backend {
    Sqlite(sqlite::Sqlite),
    Postgres(postgres::Postgres),
}

/// An open relay database. Cheap to clone; all clones share the writer task.
#[derive(Clone)]
pub struct Store {
    backend: Backend,
    appends: mpsc::Sender<events::AppendJob>,
    wakers: Wakers,
    /// The SQLite file, or the PostgreSQL URL without its password.
    path: PathBuf,
    retention_ms: i64,
    tenants: TenantCache,
}

/// Tenants by callback path, read at most every [`TENANT_TTL`]: every
/// webhook needs its tenant, and a query per request costs more than the
/// rest of the ingest. Only tenants found are kept (a probe of random paths
/// cannot grow it). A change made by another process (the admin CLI) shows
/// within the TTL; this process's own changes clear it at once.
#[derive(Clone, Default)]
pub(crate) struct TenantCache(Arc<Mutex<HashMap<String, (Tenant, std::time::Instant)>>>);

/// How long a cached tenant is trusted.
pub(crate) const TENANT_TTL: std::time::Duration = std::time::Duration::from_secs(5);

impl TenantCache {
    pub(crate) fn get(&self, key: &str) -> Option<Tenant> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key)
            .filter(|(_, at)| at.elapsed() < TENANT_TTL)
            .map(|(t, _)| t.clone())
    }

    pub(crate) fn put(&self, key: &str, tenant: &Tenant) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.insert(key.to_string(), (tenant.clone(), std::time::Instant::now()));
    }

    pub(crate) fn clear(&self) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// Whether `db` names a PostgreSQL database rather than a SQLite file.
pub fn is_postgres_url(db: &Path) -> bool {
    db.to_str()
        .is_some_and(|s| s.starts_with("postgres://") || s.starts_with("postgresql://"))
}

/// `db` as it may be logged: a PostgreSQL URL loses its password.
pub fn shown_db(db: &Path) -> PathBuf {
    match db.to_str() {
        Some(url) if is_postgres_url(db) => postgres::shown(url),
        _ => db.to_path_buf(),
    }
}

impl Store {
    /// Open (creating if missing) the SQLite database at `path`. Must run
    /// inside a tokio runtime: it spawns the group-commit writer task.
    pub async fn open(path: &Path) -> Result<Store, RelayError> {
        let db = sqlite::Sqlite::open(path).await?;
        Ok(Store::start(
            Backend::Sqlite(db),
            Wakers::default(),
            path.to_path_buf(),
            None,
        ))
    }

    /// Connect to the PostgreSQL database at `url` (`postgres://…`),
    /// creating the schema if missing, and start listening for the commits
    /// of every other instance on the same database.
    pub async fn connect(url: &str) -> Result<Store, RelayError> {
        let (db, shown) = postgres::Postgres::connect(url).await?;
        let wakers = Wakers::default();
        let listener = postgres::listen(&db, wakers.clone(), shown.clone()).await?;
        Ok(Store::start(
            Backend::Postgres(db),
            wakers,
            shown,
            Some(listener),
        ))
    }

    /// [`Store::connect`] for a `postgres://` URL, else [`Store::open`] of a
    /// SQLite file: what `--db` takes.
    pub async fn open_db(db: impl AsRef<Path>) -> Result<Store, RelayError> {
        let db = db.as_ref();
        match db.to_str() {
            Some(url) if is_postgres_url(db) => Store::connect(url).await,
            _ => Store::open(db).await,
        }
    }

    fn start(
        backend: Backend,
        wakers: Wakers,
        path: PathBuf,
        listener: Option<tokio::task::JoinHandle<()>>,
    ) -> Store {
        let (tx, rx) = mpsc::channel(4096);
        let writer = events::run_writer(backend.clone(), path.clone(), rx, wakers.clone());
        tokio::spawn(async move {
            writer.await;
            // Every Store clone is gone: nobody is left to wake.
            if let Some(listener) = listener {
                listener.abort();
            }
        });
        Store {
            backend,
            appends: tx,
            wakers,
            path,
            retention_ms: crate::retention::RETENTION_MS,
            tenants: TenantCache::default(),
        }
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

    /// A signal that changes whenever new events of `tenant` are committed
    /// (by this instance, or with PostgreSQL by any instance).
    pub fn subscribe(&self, tenant: &str) -> watch::Receiver<i64> {
        self.wakers.sender(tenant).subscribe()
    }

    /// The SQLite file, or the PostgreSQL URL without its password.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this store runs on PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    fn db_err(&self) -> impl FnOnce(sqlx::Error) -> RelayError + '_ {
        RelayError::db(&self.path)
    }
}
