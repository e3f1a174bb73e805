//! The preferred store: the OS keychain through `keyring` 4's v1 `Entry` API
//! (Keychain on macOS, Credential Manager on Windows, the Secret Service over
//! zbus on Linux).
//!
//! Every entry lives under the service "Bandeja" with the user
//! `"<namespace>:<key>"`. The namespace comes from the data dir, so two data
//! dirs on one machine (a second profile, the tests, the demo) never read or
//! overwrite each other's tokens. It is written to `secrets.keychain` in the
//! data dir the first time the keychain is chosen and read back from there
//! afterwards, so moving the data dir does not orphan its secrets; the file's
//! presence also records that this data dir's secrets live in the keychain.
//!
//! keyring's calls block (D-Bus round trips, or a prompt while the user
//! unlocks the keyring), so they run on tokio's blocking pool. The probe at
//! open runs on its own thread with a time limit: a Secret Service that
//! never answers must not hang the app's start forever.

use std::path::Path;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use blake2::{Blake2s256, Digest};
use keyring::{Entry, Error};

use crate::SecretError;

pub(crate) const SERVICE: &str = "Bandeja";
pub(crate) const MARKER_FILE_NAME: &str = "secrets.keychain";
/// The key the probe writes and deletes again (with the process id added).
const PROBE_KEY: &str = "bandeja-secrets/probe";
/// Long enough for a person to type the keyring password at a prompt.
const PROBE_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub(crate) struct Keychain {
    namespace: String,
}

impl Keychain {
    pub(crate) fn new(namespace: String) -> Keychain {
        Keychain { namespace }
    }

    pub(crate) async fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        let user = self.user(key);
        blocking(move || match entry(&user)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(Error::NoEntry) => Ok(None),
            Err(e) => Err(failed(&e)),
        })
        .await
    }

    pub(crate) async fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        let user = self.user(key);
        let value = zeroize::Zeroizing::new(value.to_owned());
        blocking(move || entry(&user)?.set_password(&value).map_err(|e| failed(&e))).await
    }

    pub(crate) async fn delete(&self, key: &str) -> Result<(), SecretError> {
        let user = self.user(key);
        blocking(move || match entry(&user)?.delete_credential() {
            Ok(()) | Err(Error::NoEntry) => Ok(()),
            Err(e) => Err(failed(&e)),
        })
        .await
    }

    fn user(&self, key: &str) -> String {
        format!("{}:{key}", self.namespace)
    }
}

/// The namespace recorded in `data_dir`, if the keychain was chosen before.
pub(crate) fn recorded_namespace(data_dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(data_dir.join(MARKER_FILE_NAME)).ok()?;
    let namespace = text.trim();
    let valid = namespace.len() == 32 && namespace.bytes().all(|b| b.is_ascii_hexdigit());
    valid.then(|| namespace.to_owned())
}

/// A namespace derived from the data dir's path, for a data dir that has
/// none recorded yet.
pub(crate) fn namespace_from_path(data_dir: &Path) -> String {
    let canonical = data_dir
        .canonicalize()
        .unwrap_or_else(|_| data_dir.to_owned());
    let digest = Blake2s256::digest(canonical.to_string_lossy().as_bytes());
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Records that this data dir keeps its secrets in the keychain, under
/// `namespace`. A failure is only logged: the path gives the same namespace
/// next time as long as the dir stays where it is.
pub(crate) fn record_namespace(data_dir: &Path, namespace: &str) {
    let marker = data_dir.join(MARKER_FILE_NAME);
    if let Err(e) = crate::file::write_atomically(&marker, format!("{namespace}\n").as_bytes()) {
        tracing::warn!("could not record the keychain namespace: {e}");
    }
}

/// Whether the keychain works here; `Err` says why not, in words for a log.
///
/// Setting up the store is where "no session bus" and "no Secret Service on
/// the bus" show up. A locked keyring only shows up on a write (reads of
/// missing entries still answer "no entry"), so the probe writes an entry,
/// reads it back and deletes it. On a desktop whose keyring is locked that
/// write asks the user to unlock it: unlocking picks the keychain,
/// dismissing the prompt picks the file.
pub(crate) fn probe(namespace: &str) -> Result<(), String> {
    // Per process, so two instances probing at once don't delete each
    // other's probe entry.
    let user = format!("{namespace}:{PROBE_KEY}-{}", std::process::id());
    let (tx, rx) = mpsc::channel();
    let spawned = thread::Builder::new()
        .name("bandeja-secrets-probe".into())
        .spawn(move || {
            let _ = tx.send(write_read_delete(&user));
        });
    if let Err(e) = spawned {
        return Err(format!("could not start the keychain probe: {e}"));
    }
    match rx.recv_timeout(PROBE_TIMEOUT) {
        Ok(answer) => answer,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "it did not answer within {} s (a hung Secret Service, or an unlock prompt \
             nobody answered)",
            PROBE_TIMEOUT.as_secs()
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("the keychain probe crashed".into()),
    }
}

fn write_read_delete(user: &str) -> Result<(), String> {
    Entry::store_status().as_ref().map_err(describe)?;
    let entry = Entry::new(SERVICE, user).map_err(|e| describe(&e))?;
    entry
        .set_password("probe")
        .map_err(|e| format!("writing failed: {}", describe(&e)))?;
    let read = entry.get_password();
    let deleted = entry.delete_credential();
    match read {
        Ok(value) if value == "probe" => {}
        Ok(_) => return Err("it returned a different value than was written".into()),
        Err(e) => return Err(format!("reading back failed: {}", describe(&e))),
    }
    deleted.map_err(|e| format!("deleting failed: {}", describe(&e)))
}

fn entry(user: &str) -> Result<Entry, SecretError> {
    Entry::new(SERVICE, user).map_err(|e| SecretError::KeychainUnavailable {
        reason: describe(&e),
    })
}

fn failed(e: &Error) -> SecretError {
    SecretError::Keychain {
        reason: describe(e),
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, SecretError> + Send + 'static,
) -> Result<T, SecretError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| SecretError::Worker(e.to_string()))?
}

/// keyring's error in words, with the Linux failure shapes named (its error
/// classes blur them) and without the payloads some variants carry: those
/// can be the secret's own bytes.
pub(crate) fn describe(e: &Error) -> String {
    match e {
        Error::PlatformFailure(inner) | Error::NoStorageAccess(inner) => {
            let detail = inner.to_string();
            let hint = if detail.contains("ServiceUnknown") {
                "no Secret Service (gnome-keyring, KeePassXC, ...) is running on the session bus"
            } else if detail.contains("/bus") || detail.contains("DBUS_SESSION_BUS_ADDRESS") {
                "there is no D-Bus session bus"
            } else if matches!(e, Error::NoStorageAccess(_)) {
                "the keychain is locked or refused access"
            } else {
                "the keychain failed"
            };
            format!("{hint} ({detail})")
        }
        Error::NoDefaultStore => "no keychain could be set up on this system".into(),
        Error::BadEncoding(_) => "the stored value is not UTF-8 text".into(),
        Error::BadDataFormat(_, _) => "the stored value is malformed".into(),
        Error::Ambiguous(items) => format!("{} keychain items match this key", items.len()),
        Error::NoEntry
        | Error::BadStoreFormat(_)
        | Error::TooLong(_, _)
        | Error::Invalid(_, _)
        | Error::NotSupportedByStore(_) => e.to_string(),
        _ => "the keychain failed with an unrecognized error".into(),
    }
}
