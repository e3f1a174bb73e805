//! "Never falls back silently": what `open` logs about its choice, checked
//! on captured output.
//!
//! One test in its own binary on purpose: tracing caches per call site
//! whether anyone listens, so capturing with a thread-local subscriber while
//! other tests hit the same call sites on other threads loses lines.

use std::path::Path;
use std::sync::{Arc, Mutex};

use bandeja_secrets::{Backend, Choice, Secrets, Settings};

fn logs_of(open: impl FnOnce() -> Secrets) -> (Secrets, String) {
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let sink = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || Sink(sink.clone()))
        .finish();
    let secrets = tracing::subscriber::with_default(subscriber, open);
    let text = String::from_utf8(buffer.lock().unwrap().clone()).unwrap();
    (secrets, text)
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn file(dir: &Path, passphrase: Option<&str>) -> Secrets {
    let settings = Settings {
        choice: Choice::File,
        passphrase: passphrase.map(str::to_owned),
    };
    Secrets::open_with(dir, &settings)
}

#[test]
fn every_choice_is_logged_with_its_reason() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();

    // A key file: says why, and how little it protects.
    let dir = tempfile::tempdir().unwrap();
    let (_, logs) = logs_of(|| file(dir.path(), None));
    assert!(logs.contains("WARN"), "{logs}");
    assert!(logs.contains("because BANDEJA_SECRETS=file"), "{logs}");
    assert!(
        logs.contains("only protects against casual reading"),
        "{logs}"
    );

    // A passphrase: named by its variable, never by its value.
    let dir = tempfile::tempdir().unwrap();
    let (secrets, logs) = logs_of(|| file(dir.path(), Some("log-me-not")));
    assert!(
        logs.contains("derived from BANDEJA_SECRETS_PASSPHRASE"),
        "{logs}"
    );
    assert!(!logs.contains("log-me-not"), "{logs}");

    // A file that cannot be opened is an error line, not a quiet empty store.
    runtime.block_on(secrets.set("k", "v")).unwrap();
    let (_, logs) = logs_of(|| file(dir.path(), Some("wrong")));
    assert!(
        logs.contains("ERROR") && logs.contains("cannot be used"),
        "{logs}"
    );

    // Memory: says nothing is saved.
    let memory = Settings {
        choice: Choice::Memory,
        passphrase: None,
    };
    let (_, logs) = logs_of(|| Secrets::open_with(dir.path(), &memory));
    assert!(logs.contains("memory only"), "{logs}");

    // Detection: whichever it picks, it says which; a fallback says why.
    let dir = tempfile::tempdir().unwrap();
    let (secrets, logs) = logs_of(|| Secrets::open_with(dir.path(), &Settings::default()));
    match secrets.backend() {
        Backend::Keychain => assert!(logs.contains("kept in the system keychain"), "{logs}"),
        Backend::EncryptedFile => assert!(
            logs.contains("WARN") && logs.contains("because the system keychain is not usable: "),
            "{logs}"
        ),
        Backend::Memory => panic!("detection never picks memory"),
    }
}
