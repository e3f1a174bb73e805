//! ACME end to end against Pebble, Let's Encrypt's test CA (Debian package
//! `pebble`), all on loopback: the relay orders a certificate for
//! `relay.test`, Pebble validates it with a real TLS-ALPN-01 connection to
//! the relay's own port (its resolver is `pebble-challtestsrv`, answering
//! 127.0.0.1 for every name), and a rustls client that trusts only Pebble's
//! root then talks HTTPS to the relay. Pebble's own listener uses a CA made
//! here, given to the relay as `directory_ca`.
//!
//! Skipped, with a message, when `pebble` is not installed.

mod common;

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bandeja_relay::config::{Acme, Tls};
use common::{free_port, wait_for_port, Child, Relay};

fn installed(bin: &str) -> bool {
    Command::new(bin)
        .arg("-h")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// A CA and a `127.0.0.1`/`localhost` certificate it signed, as PEM files,
/// for Pebble's own HTTPS listeners. Returns the CA's path.
fn pebble_listener_certs(dir: &Path) -> std::path::PathBuf {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "bandeja test pebble CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let leaf = rcgen::CertificateParams::new(vec!["localhost".into(), "127.0.0.1".into()])
        .unwrap()
        .signed_by(&key, &ca_cert, &ca_key)
        .unwrap();
    std::fs::write(dir.join("pebble-ca.pem"), ca_cert.pem()).unwrap();
    std::fs::write(dir.join("pebble-cert.pem"), leaf.pem()).unwrap();
    std::fs::write(dir.join("pebble-key.pem"), key.serialize_pem()).unwrap();
    dir.join("pebble-ca.pem")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_relay_gets_a_certificate_from_pebble_over_tls_alpn_01() {
    if !installed("pebble") || !installed("pebble-challtestsrv") {
        // scripts/test.sh installs it; CI must never pass by skipping
        assert!(
            std::env::var_os("CI").is_none(),
            "pebble is not installed (apt-get install -y pebble)"
        );
        eprintln!("SKIPPED: pebble is not installed (apt-get install -y pebble)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ca = pebble_listener_certs(dir.path());
    let (acme_port, mgmt_port, dns_port, relay_port) =
        (free_port(), free_port(), free_port(), free_port());
    let config = serde_json::json!({ "pebble": {
        "listenAddress": format!("127.0.0.1:{acme_port}"),
        "managementListenAddress": format!("127.0.0.1:{mgmt_port}"),
        "certificate": dir.path().join("pebble-cert.pem"),
        "privateKey": dir.path().join("pebble-key.pem"),
        "httpPort": free_port(),
        "tlsPort": relay_port,
        "ocspResponderURL": "",
        "externalAccountBindingRequired": false
    }});
    let config_path = dir.path().join("pebble.json");
    std::fs::write(&config_path, config.to_string()).unwrap();
    let log = |name: &str| std::fs::File::create(dir.path().join(name)).unwrap();

    let _dns = Child(
        Command::new("pebble-challtestsrv")
            .args(["-dns01", &format!("127.0.0.1:{dns_port}")])
            .args(["-management", &format!("127.0.0.1:{}", free_port())])
            .args(["-http01", "", "-https01", "", "-tlsalpn01", ""])
            .args(["-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""])
            .stdout(log("challtestsrv.log"))
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let _pebble = Child(
        Command::new("pebble")
            .args(["-config", config_path.to_str().unwrap()])
            .args(["-dnsserver", &format!("127.0.0.1:{dns_port}")])
            .env("PEBBLE_VA_NOSLEEP", "1")
            .env("PEBBLE_WFE_NONCEREJECT", "0")
            .env("PEBBLE_AUTHZREUSE", "0")
            .stdout(log("pebble.log"))
            .stderr(log("pebble.err"))
            .spawn()
            .unwrap(),
    );
    wait_for_port(acme_port, "pebble").await;

    let relay = Relay::start_with(|c| {
        c.addr = SocketAddr::from(([127, 0, 0, 1], relay_port));
        c.tls = Tls::Acme(Acme {
            domains: vec!["relay.test".into()],
            contact: vec!["mailto:ops@relay.test".into()],
            cache_dir: dir.path().join("acme-cache"),
            directory: format!("https://127.0.0.1:{acme_port}/dir"),
            directory_ca: Some(ca.clone()),
        });
    })
    .await;

    // Pebble's issuing root, fetched over its management API (trusting our CA)
    let ca_pem = std::fs::read(&ca).unwrap();
    let mgmt = reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(&ca_pem).unwrap())
        .build()
        .unwrap();
    let root = mgmt
        .get(format!("https://127.0.0.1:{mgmt_port}/roots/0"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let client = reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(&root).unwrap())
        .resolve("relay.test", relay.addr)
        .build()
        .unwrap();
    let url = format!(
        "https://relay.test:{relay_port}/hooks/meta/{}?hub.mode=subscribe&hub.challenge=8&hub.verify_token={}",
        relay.tenant.path_token, relay.tenant.verify_token
    );
    // until the certificate is issued the handshake fails; bounded wait
    let started = Instant::now();
    let answer = loop {
        match client.get(&url).send().await {
            Ok(res) => break res,
            Err(e) if started.elapsed() < Duration::from_secs(60) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(e) => {
                let pebble = std::fs::read_to_string(dir.path().join("pebble.log"));
                panic!("no certificate from pebble in 60 s: {e:?}\npebble log:\n{pebble:?}");
            }
        }
    };
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.text().await.unwrap(), "8");
    let pebble = std::fs::read_to_string(dir.path().join("pebble.log")).unwrap();
    // validated for real (no PEBBLE_VA_ALWAYS_VALID): rustls-acme only takes
    // the tls-alpn-01 challenge, and Pebble's tlsPort is the relay's port
    assert!(
        pebble.contains("set VALID by completed challenge"),
        "pebble validated the challenge:\n{pebble}"
    );
    // the certificate was cached, so a restart would not order again
    assert!(std::fs::read_dir(dir.path().join("acme-cache"))
        .unwrap()
        .next()
        .is_some());
}
