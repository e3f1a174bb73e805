//! What can go wrong when keeping secrets, worded for the person who has to
//! fix it: every variant says which store, which file and what to do.
//!
//! No variant ever carries a secret value, so errors can be logged and shown
//! as they are. The type is `Clone` because a store that could not be opened
//! (wrong passphrase, keychain not answering) hands the same error back on
//! every later call instead of pretending to be empty.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

/// An operation on [`crate::Secrets`] failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SecretError {
    /// The keychain was chosen (forced, or remembered for this data dir) but
    /// does not work here.
    #[error("the system keychain is not usable: {reason}")]
    KeychainUnavailable { reason: String },

    /// The keychain answered, but refused or failed this operation.
    #[error("the system keychain failed: {reason}")]
    Keychain { reason: String },

    /// The encrypted file did not decrypt: the passphrase (or key file) is not
    /// the one it was written with, or the file was altered.
    #[error(
        "cannot decrypt {path}: wrong passphrase in BANDEJA_SECRETS_PASSPHRASE, \
         wrong key file, or the file was altered"
    )]
    WrongPassphrase { path: PathBuf },

    /// The encrypted file was written with a passphrase, and none is set.
    #[error("{path} is protected by a passphrase: set BANDEJA_SECRETS_PASSPHRASE")]
    PassphraseMissing { path: PathBuf },

    /// The encrypted file needs its key file, which is gone or unreadable.
    #[error("{path} is needed to decrypt the secrets file and is missing or damaged: {detail}")]
    KeyFile { path: PathBuf, detail: String },

    /// The encrypted file is not in a format this version understands.
    #[error("{path} is damaged or not a Bandeja secrets file: {detail}")]
    Corrupt { path: PathBuf, detail: String },

    /// Reading or writing a file failed.
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: Arc<io::Error>,
    },

    /// The key names no secret this crate can store (empty, too long, or
    /// with control characters).
    #[error("invalid secret key {key:?}: {why}")]
    InvalidKey { key: String, why: &'static str },

    /// A blocking keychain or file operation could not finish (its thread
    /// panicked or the runtime is shutting down).
    #[error("the secrets worker stopped: {0}")]
    Worker(String),
}

impl SecretError {
    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        SecretError::Io {
            action,
            path: path.into(),
            source: Arc::new(source),
        }
    }
}
