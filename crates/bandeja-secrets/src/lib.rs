//! Where Bandeja keeps its secrets: WhatsApp access tokens, Meta app secrets,
//! OAuth refresh tokens, relay device credentials, IMAP passwords.
//!
//! They do not belong in the SQLite database, which gets copied, backed up
//! and attached to bug reports. The OS keychain is the right place; but a
//! headless Linux box or a minimal desktop often has no Secret Service, and
//! the app must still work there. So [`Secrets::open`] picks a store and says
//! which one and why in the log, never silently:
//!
//! 1. `BANDEJA_SECRETS=keychain|file|memory` forces a store (tests, CI, a
//!    user who knows better). A forced keychain that does not work is an
//!    error at first use, with the reason.
//! 2. A data dir that already has `secrets.enc` keeps using it: its secrets
//!    are there, and switching would hide them.
//! 3. The keychain, when a probe can write, read back and delete an entry
//!    (no session bus, no Secret Service on the bus, or a locked keyring
//!    all fail it).
//! 4. If it does not, but this data dir used it before (`secrets.keychain`
//!    exists), its secrets are in the keychain and a new empty file would
//!    hide them: every call fails with the reason instead, until the keychain
//!    answers again or `BANDEJA_SECRETS=file` says to start over.
//! 5. Otherwise `secrets.enc`, encrypted (see [`Backend::EncryptedFile`]).
//!
//! Secret values never appear in `Debug`, `Display`, errors or logs.

mod error;
mod file;
mod keychain;
mod sealed;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};

pub use error::SecretError;

/// The environment variable that forces a store.
pub const BACKEND_ENV: &str = "BANDEJA_SECRETS";
/// The environment variable holding the passphrase of `secrets.enc`.
pub const PASSPHRASE_ENV: &str = "BANDEJA_SECRETS_PASSPHRASE";

/// The key under which a secret of one account is kept, e.g.
/// `account_key(12, "access_token")` is `"account/12/access_token"`.
pub fn account_key(account_id: i64, what: &str) -> String {
    format!("account/{account_id}/{what}")
}

/// Which store holds the secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The OS keychain (macOS Keychain, Windows Credential Manager, the
    /// Secret Service on Linux).
    Keychain,
    /// `secrets.enc` in the data dir, encrypted with XChaCha20-Poly1305
    /// under a key derived with argon2id from `BANDEJA_SECRETS_PASSPHRASE`,
    /// or, without one, under a random key kept in `secrets.key` next to it
    /// (which only protects against casual reading of the file).
    EncryptedFile,
    /// Process memory: nothing survives the process.
    Memory,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Keychain => "the system keychain",
            Backend::EncryptedFile => "the encrypted file secrets.enc",
            Backend::Memory => "memory only (nothing is saved)",
        })
    }
}

/// Which store [`Secrets::open_with`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Choice {
    /// Pick as described in the crate docs.
    #[default]
    Detect,
    Keychain,
    File,
    Memory,
}

/// How to open the secrets; [`Settings::from_env`] is what [`Secrets::open`] uses.
#[derive(Clone, Default)]
pub struct Settings {
    pub choice: Choice,
    /// The passphrase for `secrets.enc`; without one a key file is used.
    pub passphrase: Option<String>,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("choice", &self.choice)
            .field(
                "passphrase",
                &self.passphrase.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl Settings {
    /// Reads `BANDEJA_SECRETS` and `BANDEJA_SECRETS_PASSPHRASE`. An unknown
    /// `BANDEJA_SECRETS` value is logged and ignored (detection then picks).
    pub fn from_env() -> Settings {
        let choice = match std::env::var(BACKEND_ENV).ok().as_deref().map(str::trim) {
            None | Some("") => Choice::Detect,
            Some("keychain") => Choice::Keychain,
            Some("file") => Choice::File,
            Some("memory") => Choice::Memory,
            Some(other) => {
                tracing::warn!(
                    "ignoring {BACKEND_ENV}={other:?}: expected keychain, file or \
                     memory; picking a store as if it were unset"
                );
                Choice::Detect
            }
        };
        let passphrase = std::env::var(PASSPHRASE_ENV).ok().filter(|p| !p.is_empty());
        Settings { choice, passphrase }
    }
}

/// The app's secrets. Cheap to clone; clones share one store.
///
/// The keychain and file stores run their blocking work on tokio's blocking
/// pool, so their methods must be awaited inside a tokio runtime.
#[derive(Clone)]
pub struct Secrets {
    inner: Arc<Inner>,
}

struct Inner {
    backend: Backend,
    store: Store,
}

enum Store {
    Keychain(keychain::Keychain),
    File(Arc<file::SecretFile>),
    Memory(Mutex<HashMap<String, String>>),
    /// The chosen store cannot work; every call returns this.
    Failed(SecretError),
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secrets")
            .field("backend", &self.inner.backend)
            .finish_non_exhaustive()
    }
}

impl Secrets {
    /// Uses the OS keychain when it answers; otherwise the encrypted file in
    /// `data_dir`, logging (`tracing::warn!`) which one and why. See the
    /// crate docs for the exact order and the environment variables.
    ///
    /// Blocks for a moment: it probes the keychain by writing, reading and
    /// deleting an entry (milliseconds; at most 30 s when a Secret Service
    /// hangs or a locked keyring's unlock prompt goes unanswered) and, with
    /// a passphrase, runs argon2 (~0.1 s).
    pub fn open(data_dir: &Path) -> Secrets {
        Secrets::open_with(data_dir, &Settings::from_env())
    }

    /// Like [`Secrets::open`], with the choice and passphrase given instead
    /// of read from the environment.
    pub fn open_with(data_dir: &Path, settings: &Settings) -> Secrets {
        let (backend, store) = match settings.choice {
            Choice::Memory => {
                tracing::warn!(
                    "secrets are kept in memory only ({BACKEND_ENV}=memory): nothing is \
                     saved, they are lost when the app exits"
                );
                (Backend::Memory, Store::Memory(Mutex::default()))
            }
            Choice::File => open_file(data_dir, settings, &format!("{BACKEND_ENV}=file")),
            Choice::Keychain => open_keychain(data_dir, true).unwrap_or_else(|reason| {
                let failed = SecretError::KeychainUnavailable { reason };
                (Backend::Keychain, Store::Failed(failed))
            }),
            Choice::Detect if data_dir.join(file::FILE_NAME).exists() => open_file(
                data_dir,
                settings,
                "this data dir already keeps its secrets there",
            ),
            Choice::Detect => open_keychain(data_dir, false)
                .unwrap_or_else(|why| open_file(data_dir, settings, &why)),
        };
        Secrets {
            inner: Arc::new(Inner { backend, store }),
        }
    }

    /// A store in process memory, for tests of other crates.
    pub fn in_memory() -> Secrets {
        Secrets {
            inner: Arc::new(Inner {
                backend: Backend::Memory,
                store: Store::Memory(Mutex::default()),
            }),
        }
    }

    /// Which store holds the secrets.
    pub fn backend(&self) -> Backend {
        self.inner.backend
    }

    /// Stores `value` under `key`, replacing any earlier value.
    pub async fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        check_key(key)?;
        match &self.inner.store {
            Store::Keychain(keychain) => keychain.set(key, value).await,
            Store::File(file) => put_file(file, key, Some(value)).await,
            Store::Memory(map) => {
                lock(map).insert(key.to_owned(), value.to_owned());
                Ok(())
            }
            Store::Failed(e) => Err(e.clone()),
        }
    }

    /// The value stored under `key`, or `None` when there is none.
    pub async fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        check_key(key)?;
        match &self.inner.store {
            Store::Keychain(keychain) => keychain.get(key).await,
            Store::File(file) => file.get(key),
            Store::Memory(map) => Ok(lock(map).get(key).cloned()),
            Store::Failed(e) => Err(e.clone()),
        }
    }

    /// Removes the value under `key`; removing a missing key is not an error.
    pub async fn delete(&self, key: &str) -> Result<(), SecretError> {
        check_key(key)?;
        match &self.inner.store {
            Store::Keychain(keychain) => keychain.delete(key).await,
            Store::File(file) => put_file(file, key, None).await,
            Store::Memory(map) => {
                lock(map).remove(key);
                Ok(())
            }
            Store::Failed(e) => Err(e.clone()),
        }
    }
}

/// The keychain, or (when detecting) why not. `forced` turns "not usable"
/// into a failed keychain store instead of an `Err`.
fn open_keychain(data_dir: &Path, forced: bool) -> Result<(Backend, Store), String> {
    let recorded = keychain::recorded_namespace(data_dir);
    let namespace = recorded
        .clone()
        .unwrap_or_else(|| keychain::namespace_from_path(data_dir));
    match keychain::probe(&namespace) {
        Ok(()) => {
            if recorded.is_none() {
                keychain::record_namespace(data_dir, &namespace);
            }
            tracing::info!("secrets are kept in the system keychain (service \"Bandeja\")");
            let store = Store::Keychain(keychain::Keychain::new(namespace));
            Ok((Backend::Keychain, store))
        }
        Err(why) if forced || recorded.is_some() => {
            let reason = if forced {
                format!("{BACKEND_ENV}=keychain, but {why}")
            } else {
                format!(
                    "this data dir's secrets are in the keychain ({} exists), but {why}; \
                     make the keychain available, or set {BACKEND_ENV}=file to start over \
                     with an encrypted file",
                    data_dir.join(keychain::MARKER_FILE_NAME).display()
                )
            };
            tracing::error!("the system keychain cannot keep the secrets: {reason}");
            let failed = SecretError::KeychainUnavailable { reason };
            Ok((Backend::Keychain, Store::Failed(failed)))
        }
        Err(why) => Err(format!("the system keychain is not usable: {why}")),
    }
}

fn open_file(data_dir: &Path, settings: &Settings, why: &str) -> (Backend, Store) {
    let (file, protection) = file::SecretFile::open(data_dir, settings.passphrase.as_deref());
    let path = file.path().display().to_string();
    if let Some(e) = file.failure() {
        tracing::error!("secrets are kept in {path} ({why}), but it cannot be used: {e}");
    } else {
        match protection {
            file::Protection::Passphrase => tracing::warn!(
                "secrets are kept in {path}, encrypted with a key derived from \
                 {PASSPHRASE_ENV}, because {why}"
            ),
            file::Protection::KeyFile => tracing::warn!(
                "secrets are kept in {path}, encrypted with the key in {}, because {why}; \
                 this only protects against casual reading of the file (set \
                 {PASSPHRASE_ENV} for a passphrase)",
                data_dir.join(file::KEY_FILE_NAME).display()
            ),
        }
    }
    (Backend::EncryptedFile, Store::File(Arc::new(file)))
}

async fn put_file(
    file: &Arc<file::SecretFile>,
    key: &str,
    value: Option<&str>,
) -> Result<(), SecretError> {
    let (file, key) = (file.clone(), key.to_owned());
    let value = value.map(|v| zeroize::Zeroizing::new(v.to_owned()));
    tokio::task::spawn_blocking(move || file.put(&key, value.as_deref().map(String::as_str)))
        .await
        .map_err(|e| SecretError::Worker(e.to_string()))?
}

fn lock(
    map: &Mutex<HashMap<String, String>>,
) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
    map.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Keys end up as keychain item names and JSON keys: keep them printable
/// and short enough for every platform's limits.
fn check_key(key: &str) -> Result<(), SecretError> {
    let why = if key.is_empty() {
        "it is empty"
    } else if key.len() > 200 {
        "it is longer than 200 bytes"
    } else if key.chars().any(char::is_control) {
        "it contains control characters"
    } else {
        return Ok(());
    };
    Err(SecretError::InvalidKey {
        key: key.chars().take(64).collect(),
        why,
    })
}
