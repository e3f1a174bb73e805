//! A fresh relay database per measurement, on either backend, and how much
//! disk it takes.
//!
//! Every figure starts from an empty database so that one measurement's rows
//! never slow down or pad the next (bytes per event in particular must count
//! only the events of known size appended for it). SQLite files go under one
//! scratch directory on the real disk (fsync must reach a device, not tmpfs);
//! PostgreSQL gets a throwaway database in the server `with-postgres.sh`
//! started, dropped again at the end.

use std::path::{Path, PathBuf};

use anyhow::Context;
use bandeja_relay::Store;
use serde_json::{json, Value};
use sqlx::Connection;

/// The variable `crates/bandeja-relay/tests/with-postgres.sh` exports.
pub const PG_ENV: &str = "BANDEJA_RELAY_TEST_PG";

/// Which backend a section of the report measures.
#[derive(Clone)]
pub enum Backend {
    /// SQLite files under this directory.
    Sqlite(PathBuf),
    /// The PostgreSQL server URL (its database part is replaced).
    Postgres(String),
}

impl Backend {
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// An empty database named after `label`.
    pub async fn fresh(&self, label: &str) -> anyhow::Result<Db> {
        match self {
            Backend::Sqlite(dir) => {
                let file = dir.join(format!("{label}.db"));
                for f in sqlite_files(&file) {
                    let _ = std::fs::remove_file(f);
                }
                Ok(Db {
                    spec: file.to_string_lossy().into_owned(),
                    pg: None,
                })
            }
            Backend::Postgres(server) => {
                let name = format!(
                    "bandeja_bench_{label}_{}",
                    bandeja_relay::secret::random_hex(4)?
                );
                let mut admin = sqlx::PgConnection::connect(server)
                    .await
                    .with_context(|| format!("connecting to {PG_ENV}"))?;
                sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .await?;
                Ok(Db {
                    spec: with_database(server, &name),
                    pg: Some((server.clone(), name)),
                })
            }
        }
    }
}

/// One benchmark database: what `--db` takes, and for PostgreSQL the
/// (server, name) to drop afterwards.
pub struct Db {
    pub spec: String,
    pg: Option<(String, String)>,
}

impl Db {
    pub async fn open(&self) -> anyhow::Result<Store> {
        Ok(Store::open_db(&self.spec).await?)
    }

    /// Bytes the `events` rows take: SQLite's file and WAL (the whole
    /// database: the other tables hold a handful of rows), or PostgreSQL's
    /// `pg_total_relation_size('events')` (heap, TOAST and indexes).
    pub async fn disk(&self) -> anyhow::Result<Value> {
        match &self.pg {
            None => {
                let [db, wal, shm] = sqlite_files(Path::new(&self.spec))
                    .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0));
                Ok(
                    json!({"db_bytes": db, "wal_bytes": wal, "shm_bytes": shm, "total_bytes": db + wal}),
                )
            }
            Some(_) => {
                let mut c = sqlx::PgConnection::connect(&self.spec).await?;
                let total: i64 = sqlx::query_scalar("SELECT pg_total_relation_size('events')")
                    .fetch_one(&mut c)
                    .await?;
                let heap: i64 = sqlx::query_scalar("SELECT pg_relation_size('events')")
                    .fetch_one(&mut c)
                    .await?;
                Ok(json!({"heap_bytes": heap, "total_bytes": total}))
            }
        }
    }

    /// Drop a PostgreSQL database (SQLite files go with the scratch dir).
    pub async fn remove(self) {
        let Some((server, name)) = self.pg else {
            return;
        };
        if let Ok(mut admin) = sqlx::PgConnection::connect(&server).await {
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            if let Err(e) = sqlx::raw_sql(&sql).execute(&mut admin).await {
                eprintln!("relay bench: could not drop {name}: {e}");
            }
        }
    }
}

fn sqlite_files(file: &Path) -> [PathBuf; 3] {
    let s = file.to_string_lossy();
    [
        file.to_path_buf(),
        PathBuf::from(format!("{s}-wal")),
        PathBuf::from(format!("{s}-shm")),
    ]
}

/// `url` with its database (the path after the authority) replaced.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[after_scheme..]
        .find('/')
        .map_or(base.len(), |i| after_scheme + i);
    format!("{}/{name}{query}", &base[..authority_end])
}
