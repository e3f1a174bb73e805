//! The fallback store: `secrets.enc` in the data dir, for machines where no
//! OS keychain answers (headless Linux, minimal desktops).
//!
//! The whole map is decrypted once at open and kept in memory; every change
//! rewrites the whole file (write a temp file, fsync, rename, fsync the dir),
//! so a crash leaves either the old or the new file, never half of one.
//!
//! A file that exists but cannot be read (wrong passphrase, missing key file,
//! damage) puts the store in a failed state that returns the same error on
//! every call. It is never treated as empty: the next write would otherwise
//! overwrite every secret the user had.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use zeroize::{Zeroize, Zeroizing};

use crate::sealed::{self, Kdf, Key};
use crate::SecretError;

pub(crate) const FILE_NAME: &str = "secrets.enc";
pub(crate) const KEY_FILE_NAME: &str = "secrets.key";

/// How the file's key is protected, for the log line at open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protection {
    Passphrase,
    KeyFile,
}

pub(crate) struct SecretFile {
    path: PathBuf,
    state: Mutex<Result<Loaded, SecretError>>,
}

struct Loaded {
    kdf: Kdf,
    key: Key,
    entries: BTreeMap<String, String>,
}

impl Drop for Loaded {
    fn drop(&mut self) {
        self.entries.values_mut().for_each(Zeroize::zeroize);
    }
}

impl SecretFile {
    /// Opens (without creating) `secrets.enc` in `dir`. Nothing is written
    /// here except a new key file when one is needed and none exists yet.
    pub(crate) fn open(dir: &Path, passphrase: Option<&str>) -> (SecretFile, Protection) {
        let path = dir.join(FILE_NAME);
        let (state, protection) = match load(dir, &path, passphrase) {
            Ok(loaded) => {
                let protection = match loaded.kdf {
                    Kdf::KeyFile => Protection::KeyFile,
                    Kdf::Passphrase { .. } => Protection::Passphrase,
                };
                (Ok(loaded), protection)
            }
            Err(e) if passphrase.is_some() => (Err(e), Protection::Passphrase),
            Err(e) => (Err(e), Protection::KeyFile),
        };
        let state = Mutex::new(state);
        (SecretFile { path, state }, protection)
    }

    /// The state, even if a panic interrupted another call: a write changes
    /// memory only after the file holds the change, so it is consistent.
    fn lock(&self) -> MutexGuard<'_, Result<Loaded, SecretError>> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The error that keeps this store from working, if any.
    pub(crate) fn failure(&self) -> Option<SecretError> {
        self.lock().as_ref().err().cloned()
    }

    pub(crate) fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        let state = self.lock();
        let loaded = state.as_ref().map_err(Clone::clone)?;
        Ok(loaded.entries.get(key).cloned())
    }

    /// Sets (`Some`) or removes (`None`) one secret and rewrites the file.
    /// Blocking: call it off the async runtime.
    pub(crate) fn put(&self, key: &str, value: Option<&str>) -> Result<(), SecretError> {
        let mut state = self.lock();
        let loaded = state.as_mut().map_err(|e| e.clone())?;
        if loaded.entries.get(key).map(String::as_str) == value {
            return Ok(());
        }
        let mut next = loaded.entries.clone();
        match value {
            Some(value) => next.insert(key.to_owned(), value.to_owned()),
            None => next.remove(key),
        };
        let plaintext = Zeroizing::new(serde_json::to_vec(&next).expect("a map of strings"));
        let bytes = sealed::seal(&loaded.kdf, &loaded.key, &plaintext)
            .map_err(|e| SecretError::io("encrypt", &self.path, std::io::Error::other(e)))?;
        write_atomically(&self.path, &bytes)?;
        // Only now that the file holds it does memory change, and the old
        // map's values are wiped as it is replaced.
        let mut old = std::mem::replace(&mut loaded.entries, next);
        old.values_mut().for_each(Zeroize::zeroize);
        Ok(())
    }
}

fn load(dir: &Path, path: &Path, passphrase: Option<&str>) -> Result<Loaded, SecretError> {
    let key_path = dir.join(KEY_FILE_NAME);
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == ErrorKind::NotFound => return start_empty(&key_path, passphrase),
        Err(e) => return Err(SecretError::io("read", path, e)),
    };
    let corrupt = |detail: String| SecretError::Corrupt {
        path: path.to_owned(),
        detail,
    };
    let kdf = sealed::read_kdf(&bytes).map_err(corrupt)?;
    let key = match (&kdf, passphrase) {
        (Kdf::Passphrase { .. }, Some(passphrase)) => kdf.derive(passphrase).map_err(corrupt)?,
        (Kdf::Passphrase { .. }, None) => {
            return Err(SecretError::PassphraseMissing {
                path: path.to_owned(),
            })
        }
        (Kdf::KeyFile, passphrase) => {
            if passphrase.is_some() {
                tracing::warn!(
                    "BANDEJA_SECRETS_PASSPHRASE is set but {} was written with the key \
                     file {}; the passphrase is not used for it",
                    path.display(),
                    key_path.display()
                );
            }
            read_key_file(&key_path)?
        }
    };
    let plaintext = sealed::unseal(&key, &bytes).ok_or_else(|| SecretError::WrongPassphrase {
        path: path.to_owned(),
    })?;
    let entries = serde_json::from_slice(&plaintext).map_err(|e| {
        corrupt(format!(
            "the decrypted content is not a map of strings: {e}"
        ))
    })?;
    Ok(Loaded { kdf, key, entries })
}

/// No `secrets.enc` yet: nothing to decrypt, so a damaged or missing key
/// file can safely be replaced by a new one.
fn start_empty(key_path: &Path, passphrase: Option<&str>) -> Result<Loaded, SecretError> {
    let failed = |e: String| SecretError::io("prepare", key_path, std::io::Error::other(e));
    let (kdf, key) = match passphrase {
        Some(passphrase) => {
            let kdf = Kdf::new_passphrase().map_err(failed)?;
            let key = kdf.derive(passphrase).map_err(failed)?;
            (kdf, key)
        }
        None => {
            let key = match read_key_file(key_path) {
                Ok(key) => key,
                Err(_) => {
                    let key = sealed::new_key().map_err(failed)?;
                    write_atomically(key_path, key.as_ref())?;
                    key
                }
            };
            (Kdf::KeyFile, key)
        }
    };
    Ok(Loaded {
        kdf,
        key,
        entries: BTreeMap::new(),
    })
}

fn read_key_file(path: &Path) -> Result<Key, SecretError> {
    let bytes = Zeroizing::new(fs::read(path).map_err(|e| SecretError::KeyFile {
        path: path.to_owned(),
        detail: e.to_string(),
    })?);
    let key: [u8; 32] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| SecretError::KeyFile {
            path: path.to_owned(),
            detail: format!("it holds {} bytes, not 32", bytes.len()),
        })?;
    Ok(Zeroizing::new(key))
}

/// Replaces `path` with `bytes` so that a crash at any point leaves either
/// the old or the new content, readable by the owner only.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SecretError> {
    let mut tmp_name = path.file_name().unwrap_or_default().to_owned();
    tmp_name.push(".tmp");
    let tmp = path.with_file_name(tmp_name);
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&tmp)
        .map_err(|e| SecretError::io("create", &tmp, e))?;
    // `mode` only applies to new files; a leftover temp file keeps its own.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(|e| SecretError::io("restrict permissions of", &tmp, e))?;
    }
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| SecretError::io("write", &tmp, e))?;
    drop(file);
    fs::rename(&tmp, path).map_err(|e| SecretError::io("replace", path, e))?;
    // The rename itself is durable only once the directory is synced.
    if let Some(dir) = path.parent() {
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    Ok(())
}
