//! Numbered migrations, tracked in `PRAGMA user_version`.
//!
//! Migrations are append-only: a released one is never edited. Opening a
//! database whose version is above [`LATEST_VERSION`] fails with
//! [`StoreError::NewerVersion`] before anything is written.

use std::path::Path;

use sqlx::SqlitePool;

use crate::StoreError;

const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_init.sql")),
    (2, include_str!("../migrations/0002_whatsapp.sql")),
    (3, include_str!("../migrations/0003_relay_parked.sql")),
    (4, include_str!("../migrations/0004_email.sql")),
    (5, include_str!("../migrations/0005_automation.sql")),
];

pub const LATEST_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

pub(crate) async fn run(pool: &SqlitePool, path: &Path) -> Result<(), StoreError> {
    let (version,): (i64,) = sqlx::query_as("PRAGMA user_version")
        .fetch_one(pool)
        .await
        .map_err(|e| StoreError::from_sqlx(e, path))?;
    if version > LATEST_VERSION {
        return Err(StoreError::NewerVersion {
            path: path.to_path_buf(),
            found: version,
            supported: LATEST_VERSION,
        });
    }
    for &(n, sql) in MIGRATIONS {
        if n <= version {
            continue;
        }
        let mut tx = pool
            .begin()
            .await
            .map_err(|e| StoreError::from_sqlx(e, path))?;
        sqlx::query(sql)
            .persistent(false)
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_sqlx(e, path))?;
        let set_version = format!("PRAGMA user_version = {n}");
        sqlx::query(&set_version)
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_sqlx(e, path))?;
        tx.commit()
            .await
            .map_err(|e| StoreError::from_sqlx(e, path))?;
        tracing::info!(version = n, "database migrated");
    }
    Ok(())
}
