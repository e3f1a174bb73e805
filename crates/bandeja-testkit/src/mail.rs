//! Real mail servers for email tests: `tests/mail/mailserver.sh` starts
//! Dovecot and Postfix on loopback from a private directory; each test
//! binary gets its own port range and the servers stop when it exits (the
//! script watches the test's pid), even if the test panics.

use std::collections::HashMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Users of the test servers (password: name + "-pw").
pub const DOMAIN: &str = "example.test";

/// A running pair of mail servers.
#[derive(Debug)]
pub struct MailServers {
    pub dir: PathBuf,
    pub base: u16,
    env: HashMap<String, String>,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/mail/mailserver.sh")
}

fn free(base: u16) -> bool {
    [143u16, 993, 24, 12, 25, 587, 465, 80]
        .iter()
        .all(|off| TcpListener::bind(("127.0.0.1", base + off)).is_ok())
}

impl MailServers {
    /// Start servers on a free port range. Panics with the script's output
    /// when they cannot start (the test cannot mean anything without them).
    pub fn start() -> MailServers {
        // tests of one binary run in parallel: each takes the next slot
        static NEXT: std::sync::atomic::AtomicU16 = std::sync::atomic::AtomicU16::new(0);
        let seed = (std::process::id() as u16).wrapping_mul(7);
        let base =
            std::iter::repeat_with(|| NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
                .take(40)
                .map(|i| 22_000 + (seed.wrapping_add(i) % 40) * 1000)
                .find(|b| free(*b))
                .expect("a free port range for the mail servers");
        let dir =
            std::env::temp_dir().join(format!("bandeja-mail-test-{}-{base}", std::process::id()));
        let out = Command::new("bash")
            .arg(script())
            .arg("up")
            .env("BANDEJA_MAIL_BASE", base.to_string())
            .env("BANDEJA_MAIL_DIR", &dir)
            .env("BANDEJA_MAIL_WATCH_PID", std::process::id().to_string())
            .stdin(Stdio::null())
            .output()
            .expect("run mailserver.sh");
        assert!(
            out.status.success(),
            "mail servers did not start:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let env = std::fs::read_to_string(dir.join("env"))
            .expect("mailserver env file")
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        MailServers { dir, base, env }
    }

    fn port(&self, key: &str) -> u16 {
        self.env[key]
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("port")
    }

    pub fn imaps_port(&self) -> u16 {
        self.port("BANDEJA_MAIL_IMAPS")
    }
    pub fn imap_port(&self) -> u16 {
        self.port("BANDEJA_MAIL_IMAP")
    }
    pub fn submission_port(&self) -> u16 {
        self.port("BANDEJA_MAIL_SUBMISSION")
    }
    pub fn smtps_port(&self) -> u16 {
        self.port("BANDEJA_MAIL_SMTPS")
    }
    pub fn smtp_port(&self) -> u16 {
        self.port("BANDEJA_MAIL_SMTP")
    }
    pub fn oauth_url(&self) -> &str {
        &self.env["BANDEJA_MAIL_OAUTH"]
    }
    pub fn ca(&self) -> PathBuf {
        PathBuf::from(&self.env["BANDEJA_MAIL_CA"])
    }

    /// The Maildir of a user (to drop messages in as a server would).
    pub fn maildir(&self, user: &str) -> PathBuf {
        self.dir.join("mail").join(user)
    }

    fn run(&self, cmd: &str) {
        let out = Command::new("bash")
            .arg(script())
            .arg(cmd)
            .env("BANDEJA_MAIL_BASE", self.base.to_string())
            .env("BANDEJA_MAIL_DIR", &self.dir)
            .stdin(Stdio::null())
            .output()
            .expect("run mailserver.sh");
        assert!(
            out.status.success(),
            "mailserver.sh {cmd}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Kill Dovecot and start it again (a server restart under the client).
    pub fn restart_imap(&self) {
        self.run("restart-imap");
    }
}

impl Drop for MailServers {
    fn drop(&mut self) {
        self.run("down");
        // mailboxes can be large (the benchmark's is ~900 MB): leave nothing
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
