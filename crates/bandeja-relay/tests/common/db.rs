//! One relay database per test, on the backend the run asks for: a SQLite
//! file in a temporary directory, or, when `BANDEJA_RELAY_TEST_PG` holds a
//! PostgreSQL URL (set by `tests/with-postgres.sh`), a fresh database created
//! in that server and dropped afterwards. The same tests so run against both.

use bandeja_relay::Store;
use sqlx::Connection;

/// The variable naming the PostgreSQL server to test against.
pub const PG_ENV: &str = "BANDEJA_RELAY_TEST_PG";

/// The PostgreSQL server URL, if this run tests that backend.
pub fn pg_server() -> Option<String> {
    std::env::var(PG_ENV).ok().filter(|u| !u.is_empty())
}

pub struct TestDb {
    /// The SQLite file, or the PostgreSQL URL of this test's database.
    spec: String,
    dir: Option<tempfile::TempDir>,
    /// (server URL, database name) to drop when done.
    pg: Option<(String, String)>,
}

impl TestDb {
    pub async fn new() -> TestDb {
        match pg_server() {
            Some(server) => {
                let name = format!(
                    "bandeja_relay_test_{}",
                    bandeja_relay::secret::random_hex(6).unwrap()
                );
                let mut admin = sqlx::PgConnection::connect(&server).await.unwrap();
                sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .await
                    .unwrap();
                TestDb {
                    spec: with_database(&server, &name),
                    dir: None,
                    pg: Some((server, name)),
                }
            }
            None => {
                let dir = tempfile::tempdir().unwrap();
                TestDb {
                    spec: dir.path().join("relay.db").to_str().unwrap().to_string(),
                    dir: Some(dir),
                    pg: None,
                }
            }
        }
    }

    /// What `--db` takes for this database.
    pub fn spec(&self) -> &str {
        &self.spec
    }

    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    /// A new [`Store`] on this database (a relay instance, or a restart).
    pub async fn open(&self) -> Store {
        let store = Store::open_db(&self.spec).await.unwrap();
        assert_eq!(store.is_postgres(), self.is_postgres(), "wrong backend");
        store
    }

    /// Run `sql` on this database over a connection of its own, behind the
    /// relay's back (to break it on purpose).
    pub async fn exec(&self, sql: &str) {
        if self.is_postgres() {
            let mut c = sqlx::PgConnection::connect(&self.spec).await.unwrap();
            sqlx::raw_sql(sql).execute(&mut c).await.unwrap();
        } else {
            let url = format!("sqlite:{}", self.spec);
            let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
            sqlx::raw_sql(sql).execute(&mut c).await.unwrap();
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((server, name)) = self.pg.take() else {
            return;
        };
        // Drop may run inside the test's runtime: use a thread of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(mut admin) = sqlx::PgConnection::connect(&server).await {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = sqlx::raw_sql(&sql).execute(&mut admin).await;
                }
            });
        })
        .join();
        drop(self.dir.take());
    }
}

/// `url` with its database (the path after the authority) replaced.
pub fn with_database(url: &str, name: &str) -> String {
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
