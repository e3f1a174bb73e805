//! What can go wrong with the database, in terms a person can act on.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database {path:?} was written by a newer version of Bandeja (schema {found}, this version knows up to {supported}); update Bandeja to open it")]
    NewerVersion {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("the database {path:?} is damaged or is not a Bandeja database: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    #[error("the database {path:?} is locked by another program (is Bandeja already running?)")]
    Locked { path: PathBuf },
    #[error("cannot use {path:?}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("not found: {0}")]
    NotFound(String),
    #[error("invalid value in the database: {0}")]
    InvalidData(String),
    #[error("database error: {0}")]
    Sql(#[source] sqlx::Error),
}

impl StoreError {
    pub(crate) fn from_sqlx(e: sqlx::Error, path: &Path) -> StoreError {
        if let sqlx::Error::Database(db) = &e {
            // primary result codes: 5 BUSY, 6 LOCKED, 11 CORRUPT, 26 NOTADB
            let primary = db
                .code()
                .and_then(|c| c.parse::<i32>().ok())
                .map(|c| c & 0xff);
            match primary {
                Some(5) | Some(6) => {
                    return StoreError::Locked {
                        path: path.to_path_buf(),
                    }
                }
                Some(11) | Some(26) => {
                    return StoreError::Corrupt {
                        path: path.to_path_buf(),
                        detail: db.message().to_string(),
                    }
                }
                _ => {}
            }
        }
        if let sqlx::Error::Io(io) = e {
            return StoreError::Io {
                path: path.to_path_buf(),
                source: io,
            };
        }
        StoreError::Sql(e)
    }
}
