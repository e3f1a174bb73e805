//! Errors of the relay. The store's errors name the refusal (used code,
//! revoked device…) because the HTTP layer maps each to a different status
//! and the admin CLI prints them to a human.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error("database {path}: {source}")]
    Db {
        path: PathBuf,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot create {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The group-commit transaction failed; every append in it failed too.
    #[error("group commit failed: {0}")]
    Commit(String),
    /// The writer task is gone (the store is shutting down).
    #[error("the store's writer has stopped")]
    WriterGone,
    #[error("unknown tenant {0}")]
    UnknownTenant(String),
    #[error("unknown enrollment code")]
    UnknownCode,
    #[error("enrollment code already used")]
    CodeUsed,
    #[error("enrollment code expired")]
    CodeExpired,
    #[error("unknown device token")]
    UnknownDevice,
    #[error("device {0} is revoked")]
    Revoked(String),
    /// Silent past the retention window: its backlog may be gone, so it must
    /// enroll again and resynchronise rather than resume with a hole.
    #[error("device {0} is stale (silent past the retention window)")]
    Stale(String),
    #[error("random source failed: {0}")]
    Random(String),
    #[error("tls: {0}")]
    Tls(String),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("cannot bind {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

impl RelayError {
    pub(crate) fn db(path: &std::path::Path) -> impl FnOnce(sqlx::Error) -> RelayError + '_ {
        move |source| RelayError::Db {
            path: path.to_path_buf(),
            source,
        }
    }
}
