//! Configuration: the TOML file, `BANDEJA_RELAY_*` overrides and flags, bad
//! values refused by name — and a real `serve --config` process whose
//! effective public URL comes from a flag, checked by a Twilio signature,
//! with no secret in its debug log.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use bandeja_relay::config::{ConfigError, FileConfig, Flags, Tls, GRAPH_BASE, LETS_ENCRYPT};
use bandeja_relay::twilio::signature::sign;
use common::{field, free_port, relay_cli as relay, Child};

const FULL: &str = r#"
db = "/var/lib/bandeja-relay/relay.db"
listen = "0.0.0.0:443"
public_url = "https://relay.example.com/"

[tls]
mode = "acme"
domains = ["relay.example.com"]
contact = ["mailto:ops@example.com"]

[limits]
max_device_connections = 500
retry_after_seconds = 15
ping_interval_seconds = 25
retention_days = 30

[meta]
app_id = "700000000000001"
config_id = "cfg-1"
"#;

fn parse(text: &str) -> Result<FileConfig, ConfigError> {
    FileConfig::parse(text, Path::new("relay.toml"))
}

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| map.get(name).cloned()
}

#[test]
fn a_full_file_is_read_with_defaults_filled_in() {
    let s = parse(FULL).unwrap().settle(Flags::default()).unwrap();
    assert_eq!(s.db, Path::new("/var/lib/bandeja-relay/relay.db"));
    assert_eq!(s.listen, "0.0.0.0:443".parse().unwrap());
    assert_eq!(s.public_url.as_deref(), Some("https://relay.example.com"));
    let Tls::Acme(acme) = &s.tls else {
        panic!("{:?}", s.tls)
    };
    assert_eq!(acme.directory, LETS_ENCRYPT);
    assert_eq!(
        acme.cache_dir,
        Path::new("/var/lib/bandeja-relay/acme-cache")
    );
    assert_eq!(s.max_device_connections, 500);
    assert_eq!(s.retry_after, Duration::from_secs(15));
    assert_eq!(s.ping_every, Duration::from_secs(25));
    assert_eq!(s.retention_ms, 30 * 24 * 60 * 60 * 1000);
    let signup = s.signup.unwrap();
    assert_eq!(
        (signup.app_id.as_str(), signup.config_id.as_str()),
        ("700000000000001", "cfg-1")
    );
    assert_eq!(signup.graph_base, GRAPH_BASE);
}

#[test]
fn environment_overrides_the_file_and_flags_override_both() {
    let mut file = parse(FULL).unwrap();
    file.apply_env(env(&[
        ("BANDEJA_RELAY_DB", "/env/relay.db"),
        ("BANDEJA_RELAY_ADDR", "127.0.0.1:9000"),
        ("BANDEJA_RELAY_TLS", "files"),
        ("BANDEJA_RELAY_TLS_CERT", "/etc/relay/cert.pem"),
        ("BANDEJA_RELAY_TLS_KEY", "/etc/relay/key.pem"),
        ("BANDEJA_RELAY_MAX_CONNECTIONS", "7"),
        ("BANDEJA_RELAY_GRAPH_BASE", "http://127.0.0.1:1/v25.0"),
        ("BANDEJA_RELAY_PUBLIC_URL", ""), // empty means unset
    ]))
    .unwrap();
    let s = file
        .settle(Flags {
            addr: Some("127.0.0.1:9100".parse().unwrap()),
            ..Flags::default()
        })
        .unwrap();
    assert_eq!(s.db, Path::new("/env/relay.db"));
    assert_eq!(s.listen, "127.0.0.1:9100".parse().unwrap());
    assert_eq!(
        s.tls,
        Tls::Files {
            cert: "/etc/relay/cert.pem".into(),
            key: "/etc/relay/key.pem".into()
        }
    );
    assert_eq!(s.max_device_connections, 7);
    assert_eq!(s.public_url.as_deref(), Some("https://relay.example.com"));
    assert_eq!(s.signup.unwrap().graph_base, "http://127.0.0.1:1/v25.0");

    // nothing at all but a db from a flag: plain HTTP on loopback
    let s = FileConfig::default()
        .settle(Flags {
            db: Some("r.db".into()),
            ..Flags::default()
        })
        .unwrap();
    assert_eq!(s.tls, Tls::Proxy);
    assert_eq!(s.listen, "127.0.0.1:8080".parse().unwrap());
    assert_eq!(s.public_url, None);
    assert_eq!(s.signup, None);
}

#[test]
fn bad_values_are_refused_by_name() {
    let cases = [
        ("db = \"x\"\nlisten = \"nowhere\"", "listen"),
        ("db = \"x\"\nport = 8080", "port"),
        ("db = \"x\"\n[tls]\nmode = \"magic\"", "magic"),
        ("db = \"x\"\n[tls]\nmode = \"files\"", "tls.cert"),
        ("db = \"x\"\n[tls]\nmode = \"acme\"", "tls.domains"),
        ("db = \"x\"\n[limits]\nretention_days = 3", "at least 7"),
        (
            "db = \"x\"\n[limits]\nmax_device_connections = 0",
            "max_device_connections",
        ),
        (
            "db = \"x\"\n[limits]\nping_interval_seconds = 0",
            "ping_interval_seconds",
        ),
        ("db = \"x\"\n[meta]\napp_id = \"1\"", "go together"),
        (
            "db = \"x\"\npublic_url = \"relay.example.com\"",
            "public_url",
        ),
        ("listen = \"127.0.0.1:1\"", "no database"),
    ];
    for (text, expected) in cases {
        let err = parse(text)
            .and_then(|f| f.settle(Flags::default()))
            .expect_err(text);
        assert!(err.to_string().contains(expected), "{text}: {err}");
    }
    let mut file = FileConfig::default();
    let err = file
        .apply_env(env(&[("BANDEJA_RELAY_MAX_CONNECTIONS", "lots")]))
        .unwrap_err();
    assert!(
        err.to_string().contains("BANDEJA_RELAY_MAX_CONNECTIONS"),
        "{err}"
    );
}

#[tokio::test]
async fn serve_reads_the_file_env_and_flags_and_logs_no_secret() {
    const APP_SECRET: &str = "app-secret-never-logged";
    const TWILIO: &str = "twilio-token-never-logged";
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("relay.db");
    let db = db.to_str().unwrap();
    let out = relay(
        &["tenant", "create", "--db", db, "--name", "Acme"],
        &[
            ("BANDEJA_RELAY_APP_SECRET", APP_SECRET),
            ("BANDEJA_RELAY_TWILIO_AUTH_TOKEN", TWILIO),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let twilio_path = field(&stdout, "twilio_callback_path");

    let port = free_port();
    let config = dir.path().join("relay.toml");
    std::fs::write(
        &config,
        format!(
            "db = {db:?}\nlisten = \"127.0.0.1:1\"\npublic_url = \"https://file.example\"\n\
             [limits]\nretention_days = 10\n"
        ),
    )
    .unwrap();
    let log = dir.path().join("relay.log");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bandeja-relay"));
    cmd.args(["serve", "--config", config.to_str().unwrap()])
        .args(["--public-url", "https://flag.example"])
        .env("BANDEJA_RELAY_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "debug")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap());
    let server = Child(cmd.spawn().unwrap());

    let body = "Body=Hola&From=whatsapp%3A%2B15550100123&MessageSid=SM1";
    let url = format!("http://127.0.0.1:{port}{twilio_path}");
    let http = reqwest::Client::new();
    let post = |signed_for: String| {
        let sig = sign(TWILIO.as_bytes(), &signed_for, body.as_bytes());
        http.post(&url)
            .header("X-Twilio-Signature", sig)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let mut status = None;
    for _ in 0..100 {
        if let Ok(res) = post(format!("https://file.example{twilio_path}")).await {
            status = Some(res.status());
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // the file's URL lost to the flag's; the env's address won over the file's
    assert_eq!(status.expect("the server came up within 5 s"), 403);
    let res = post(format!("https://flag.example{twilio_path}"))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    drop(server);

    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.contains("retention_ms: 864000000"), "{logged}");
    assert!(
        !logged.contains(APP_SECRET) && !logged.contains(TWILIO),
        "{logged}"
    );
}

#[test]
fn serve_with_a_bad_config_exits_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("relay.toml");
    std::fs::write(&config, "db = \"r.db\"\n[limits]\nretention_days = 2\n").unwrap();
    let out = relay(&["serve", "--config", config.to_str().unwrap()], &[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("retention_days must be at least 7"),
        "{stderr}"
    );
    let out = relay(&["serve", "--config", "/nonexistent/relay.toml"], &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/relay.toml"));
}
