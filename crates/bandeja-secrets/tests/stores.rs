//! The memory and encrypted-file stores, through the public API only. Each
//! test passes its [`Settings`] explicitly, so `BANDEJA_SECRETS*` in the
//! environment of whoever runs the tests changes nothing here.

use std::path::Path;

use bandeja_secrets::{account_key, Backend, Choice, SecretError, Secrets, Settings};

fn file_settings(passphrase: Option<&str>) -> Settings {
    Settings {
        choice: Choice::File,
        passphrase: passphrase.map(str::to_owned),
    }
}

fn open_file(dir: &Path, passphrase: Option<&str>) -> Secrets {
    Secrets::open_with(dir, &file_settings(passphrase))
}

/// Set, read back, overwrite, delete, delete again: the contract every
/// store must keep.
async fn round_trip(secrets: &Secrets) {
    let key = account_key(12, "access_token");
    assert_eq!(secrets.get(&key).await.unwrap(), None);
    secrets.set(&key, "EAAG-first").await.unwrap();
    assert_eq!(
        secrets.get(&key).await.unwrap().as_deref(),
        Some("EAAG-first")
    );
    secrets.set(&key, "EAAG-second").await.unwrap();
    assert_eq!(
        secrets.get(&key).await.unwrap().as_deref(),
        Some("EAAG-second")
    );
    secrets.set("relay/device", "dev-cred").await.unwrap();
    secrets.delete(&key).await.unwrap();
    assert_eq!(secrets.get(&key).await.unwrap(), None);
    secrets.delete(&key).await.unwrap();
    assert_eq!(
        secrets.get("relay/device").await.unwrap().as_deref(),
        Some("dev-cred")
    );
}

#[test]
fn account_keys_name_the_account_and_the_secret() {
    assert_eq!(account_key(12, "access_token"), "account/12/access_token");
}

#[tokio::test]
async fn memory_store_keeps_the_contract() {
    let secrets = Secrets::in_memory();
    assert_eq!(secrets.backend(), Backend::Memory);
    round_trip(&secrets).await;
    let clone = secrets.clone();
    clone.set("shared", "yes").await.unwrap();
    assert_eq!(secrets.get("shared").await.unwrap().as_deref(), Some("yes"));
}

#[tokio::test]
async fn forced_memory_writes_nothing_to_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Secrets::open_with(
        dir.path(),
        &Settings {
            choice: Choice::Memory,
            passphrase: None,
        },
    );
    assert_eq!(secrets.backend(), Backend::Memory);
    round_trip(&secrets).await;
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn file_store_keeps_the_contract_with_a_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = open_file(dir.path(), None);
    assert_eq!(secrets.backend(), Backend::EncryptedFile);
    round_trip(&secrets).await;
    assert!(dir.path().join("secrets.key").exists());
}

#[tokio::test]
async fn file_store_keeps_the_contract_with_a_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    round_trip(&open_file(dir.path(), Some("correct horse"))).await;
    assert!(!dir.path().join("secrets.key").exists());
}

#[tokio::test]
async fn secrets_survive_reopening() {
    for passphrase in [None, Some("correct horse")] {
        let dir = tempfile::tempdir().unwrap();
        let first = open_file(dir.path(), passphrase);
        first.set("imap/password", "hunter2").await.unwrap();
        first.set("oauth/refresh", "1//0g-refresh").await.unwrap();
        first.delete("oauth/refresh").await.unwrap();
        drop(first);

        let again = open_file(dir.path(), passphrase);
        assert_eq!(
            again.get("imap/password").await.unwrap().as_deref(),
            Some("hunter2")
        );
        assert_eq!(again.get("oauth/refresh").await.unwrap(), None);
    }
}

#[tokio::test]
async fn the_file_does_not_contain_the_secret_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = open_file(dir.path(), None);
    secrets
        .set("meta/app_secret", "plain-sight-4242")
        .await
        .unwrap();
    let bytes = std::fs::read(dir.path().join("secrets.enc")).unwrap();
    let needle = b"plain-sight-4242";
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));
    let key = b"meta/app_secret";
    assert!(
        !bytes.windows(key.len()).any(|w| w == key),
        "keys are encrypted too"
    );
}

#[tokio::test]
async fn a_wrong_passphrase_is_an_error_and_the_file_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    open_file(dir.path(), Some("right"))
        .set("wa/token", "EAAG")
        .await
        .unwrap();
    let path = dir.path().join("secrets.enc");
    let before = std::fs::read(&path).unwrap();

    let wrong = open_file(dir.path(), Some("wrong"));
    assert_eq!(wrong.backend(), Backend::EncryptedFile);
    let err = wrong.get("wa/token").await.unwrap_err();
    assert!(
        matches!(err, SecretError::WrongPassphrase { .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("BANDEJA_SECRETS_PASSPHRASE"),
        "{err}"
    );
    // Writing must not start an empty file over the real one.
    let err = wrong.set("wa/token", "other").await.unwrap_err();
    assert!(
        matches!(err, SecretError::WrongPassphrase { .. }),
        "{err:?}"
    );
    assert!(wrong.delete("wa/token").await.is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let right = open_file(dir.path(), Some("right"));
    assert_eq!(
        right.get("wa/token").await.unwrap().as_deref(),
        Some("EAAG")
    );
}

#[tokio::test]
async fn a_passphrase_file_without_a_passphrase_says_so() {
    let dir = tempfile::tempdir().unwrap();
    open_file(dir.path(), Some("right"))
        .set("k", "v")
        .await
        .unwrap();
    let err = open_file(dir.path(), None).get("k").await.unwrap_err();
    assert!(
        matches!(err, SecretError::PassphraseMissing { .. }),
        "{err:?}"
    );
    assert!(!dir.path().join("secrets.key").exists());
}

#[tokio::test]
async fn a_corrupt_file_is_an_error_and_is_not_overwritten() {
    type Damage = fn(&mut Vec<u8>);
    let cases: [(&str, Damage); 3] = [
        ("garbage", |b| {
            *b = b"not a secrets file at all, sorry".to_vec()
        }),
        ("truncated", |b| b.truncate(20)),
        ("flipped byte", |b| {
            let last = b.len() - 1;
            b[last] ^= 0x40;
        }),
    ];
    for (what, damage) in cases {
        let dir = tempfile::tempdir().unwrap();
        open_file(dir.path(), None).set("k", "v").await.unwrap();
        let path = dir.path().join("secrets.enc");
        let mut bytes = std::fs::read(&path).unwrap();
        damage(&mut bytes);
        std::fs::write(&path, &bytes).unwrap();

        let secrets = open_file(dir.path(), None);
        let err = secrets.get("k").await.unwrap_err();
        assert!(
            matches!(
                err,
                SecretError::Corrupt { .. } | SecretError::WrongPassphrase { .. }
            ),
            "{what}: {err:?}"
        );
        assert!(secrets.set("k", "new").await.is_err(), "{what}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{what}: file was rewritten"
        );
    }
}

#[tokio::test]
async fn a_missing_key_file_is_an_error_not_a_fresh_start() {
    let dir = tempfile::tempdir().unwrap();
    open_file(dir.path(), None).set("k", "v").await.unwrap();
    std::fs::remove_file(dir.path().join("secrets.key")).unwrap();
    let secrets = open_file(dir.path(), None);
    let err = secrets.get("k").await.unwrap_err();
    assert!(matches!(err, SecretError::KeyFile { .. }), "{err:?}");
    assert!(secrets.set("k", "w").await.is_err());
    assert!(
        !dir.path().join("secrets.key").exists(),
        "no new key was made"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn files_are_readable_by_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let secrets = open_file(dir.path(), None);
    secrets.set("k", "v").await.unwrap();
    // A rewrite replaces the file; the new one must be 0600 too.
    secrets.set("k", "w").await.unwrap();
    for name in ["secrets.enc", "secrets.key"] {
        let mode = std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name} has mode {:o}", mode & 0o777);
    }
    assert!(!dir.path().join("secrets.enc.tmp").exists());
}

#[tokio::test]
async fn clones_share_one_file_store_under_concurrent_writes() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = open_file(dir.path(), None);
    let writers: Vec<_> = (0..16)
        .map(|i| {
            let secrets = secrets.clone();
            tokio::spawn(async move {
                secrets
                    .set(&account_key(i, "token"), &format!("t{i}"))
                    .await
            })
        })
        .collect();
    for writer in writers {
        writer.await.unwrap().unwrap();
    }
    let again = open_file(dir.path(), None);
    for i in 0..16 {
        let value = again.get(&account_key(i, "token")).await.unwrap();
        assert_eq!(value, Some(format!("t{i}")));
    }
}

#[tokio::test]
async fn invalid_keys_are_refused() {
    let secrets = Secrets::in_memory();
    for key in ["", "line\nbreak", &"x".repeat(201)] {
        let err = secrets.set(key, "v").await.unwrap_err();
        assert!(
            matches!(err, SecretError::InvalidKey { .. }),
            "{key:?}: {err:?}"
        );
    }
}

#[tokio::test]
async fn secrets_stay_out_of_debug_and_error_output() {
    let dir = tempfile::tempdir().unwrap();
    let settings = file_settings(Some("passphrase-do-not-print"));
    assert!(!format!("{settings:?}").contains("passphrase-do-not-print"));
    let secrets = Secrets::open_with(dir.path(), &settings);
    secrets.set("k", "value-do-not-print").await.unwrap();
    let shown = format!("{secrets:?} {}", secrets.backend());
    assert!(!shown.contains("value-do-not-print"), "{shown}");

    let wrong = open_file(dir.path(), Some("other"));
    let err = wrong.get("k").await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("value-do-not-print") && !shown.contains("passphrase-do-not-print"));
}

#[test]
fn backends_read_well_in_a_sentence() {
    assert_eq!(Backend::Keychain.to_string(), "the system keychain");
    assert_eq!(
        Backend::EncryptedFile.to_string(),
        "the encrypted file secrets.enc"
    );
    assert_eq!(
        Backend::Memory.to_string(),
        "memory only (nothing is saved)"
    );
}
