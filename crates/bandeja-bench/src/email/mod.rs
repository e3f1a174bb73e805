//! `bandeja-bench email`: the initial sync of a large mailbox from the
//! loopback Dovecot into the store (parsed, threaded, indexed, raw kept)
//! against `mbsync` pulling the same mailbox into a Maildir in the same
//! run (isync's defaults, fsync on), and how fast new mail shows: from
//! Dovecot's IDLE notice to the message committed, and from the SMTP
//! submission returning to the message committed.

mod gen;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use bandeja_channels::email::{smtp, Login, Security, Server, Trust};
use bandeja_core::email::EmailSettings;
use bandeja_core::{Core, Secrets, SystemClock};
use bandeja_testkit::mail::MailServers;
use serde_json::json;

use crate::machine;

pub struct Options {
    pub messages: usize,
    pub runs: usize,
    pub arrivals: usize,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut o = Options {
            messages: 20_000,
            runs: 3,
            arrivals: 100,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut num = |name: &str| -> Result<usize, String> {
                it.next()
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| format!("{name} needs a number"))
            };
            match a.as_str() {
                "--messages" => o.messages = num("--messages")?,
                "--runs" => o.runs = num("--runs")?,
                "--arrivals" => o.arrivals = num("--arrivals")?,
                "--quick" => {
                    o.messages = 500;
                    o.runs = 1;
                    o.arrivals = 10;
                }
                other => return Err(format!("unknown option {other}")),
            }
        }
        Ok(o)
    }
}

fn server(ms: &MailServers) -> (Server, Server) {
    (
        Server {
            host: "localhost".into(),
            port: ms.imaps_port(),
            security: Security::Tls,
        },
        Server {
            host: "localhost".into(),
            port: ms.submission_port(),
            security: Security::StartTls,
        },
    )
}

fn mbsync_config(ms: &MailServers, work: &Path) -> String {
    format!(
        "FSync yes\n\nIMAPAccount bench\nHost localhost\nPort {}\nUser alice@example.test\nPass alice-pw\nSSLType IMAPS\nCertificateFile {}\nAuthMechs PLAIN\n\n\
         IMAPStore far\nAccount bench\n\nMaildirStore near\nPath {}/local/\nInbox {}/local/INBOX\n\n\
         Channel bench\nFar :far:\nNear :near:\nPatterns INBOX\nCreate Near\nSync Pull\nSyncState *\n",
        ms.imaps_port(),
        ms.ca().display(),
        work.display(),
        work.display()
    )
}

fn mbsync_once(cfg: &Path, work: &Path) -> anyhow::Result<(f64, usize)> {
    let local = work.join("local");
    let _ = std::fs::remove_dir_all(&local);
    std::fs::create_dir_all(&local)?;
    let t = Instant::now();
    let out = Command::new("mbsync")
        .arg("-q")
        .arg("-c")
        .arg(cfg)
        .arg("bench")
        .output()
        .context("run mbsync (Debian package isync)")?;
    let secs = t.elapsed().as_secs_f64();
    anyhow::ensure!(
        out.status.success(),
        "mbsync failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n = ["cur", "new"]
        .iter()
        .filter_map(|d| std::fs::read_dir(local.join("INBOX").join(d)).ok())
        .map(|r| r.count())
        .sum();
    Ok((secs, n))
}

async fn ours_once(
    ms: &MailServers,
    ca: &[u8],
    expect: usize,
) -> anyhow::Result<(f64, f64, Core, tempfile::TempDir)> {
    let dir = tempfile::tempdir()?;
    let core = Core::open_with(dir.path(), Arc::new(SystemClock), Secrets::in_memory()).await?;
    core.set_mail_ca(ca).map_err(anyhow::Error::msg)?;
    let (imap, smtp) = server(ms);
    let settings = EmailSettings {
        address: "alice@example.test".into(),
        sender_name: "Bench".into(),
        imap,
        smtp,
        username: "alice@example.test".into(),
        sync_days: 30,
        signature_html: String::new(),
        sent_folder: None,
        oauth: None,
    };
    let t = Instant::now();
    core.connect_email(settings, "alice-pw")
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let connected = t.elapsed().as_secs_f64();
    let deadline = Instant::now() + Duration::from_secs(900);
    loop {
        let a = &core.email_accounts().await?[0];
        if a.messages as usize >= expect {
            break;
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "sync stalled at {} of {expect}",
            a.messages
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok((t.elapsed().as_secs_f64(), connected, core, dir))
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return 0.0;
    }
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn median(v: &[f64]) -> f64 {
    pct(&mut v.to_vec(), 0.5)
}

pub async fn run(o: Options) -> anyhow::Result<serde_json::Value> {
    let ms = MailServers::start();
    let maildir = ms.maildir("alice").join("Maildir");
    eprintln!("writing {} messages into {}", o.messages, maildir.display());
    let t = Instant::now();
    let bytes = gen::write_mailbox(&maildir, "alice@example.test", o.messages, 1)?;
    eprintln!(
        "  {:.1} MB in {:.1} s",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let ca = std::fs::read(ms.ca())?;
    let trust = Trust::with_pem(&ca).map_err(anyhow::Error::msg)?;
    let login = Login::Password {
        user: "alice@example.test".into(),
        password: "alice-pw".into(),
    };
    // let Dovecot index the new Maildir once, outside the timings
    let mut warm = bandeja_channels::email::imap::connect(&server(&ms).0, &login, &trust).await?;
    warm.select("INBOX").await?;
    warm.flags(None).await?;
    warm.logout().await;

    let work = tempfile::tempdir()?;
    let cfg = work.path().join("mbsyncrc");
    std::fs::write(&cfg, mbsync_config(&ms, work.path()))?;
    let (mut mb, mut us) = (Vec::new(), Vec::new());
    let mut last = None;
    for run in 0..o.runs {
        let (secs, n) = mbsync_once(&cfg, work.path())?;
        anyhow::ensure!(n == o.messages, "mbsync pulled {n} of {}", o.messages);
        eprintln!("run {run}: mbsync {secs:.2} s");
        mb.push(secs);
        let (secs, _, core, dir) = ours_once(&ms, &ca, o.messages).await?;
        eprintln!("run {run}: bandeja {secs:.2} s");
        us.push(secs);
        if let Some((c, _)) = last.replace((core, dir)) {
            Core::stop_email_sync(&c);
        }
    }
    let (core, _dir) = last.context("at least one run")?;

    // new mail: submission → committed, and IDLE notice → committed
    let (_, smtp_server) = server(&ms);
    let bob = Login::Password {
        user: "bob@example.test".into(),
        password: "bob-pw".into(),
    };
    let mut e2e = Vec::new();
    for i in 0..o.arrivals {
        let before = core.email_accounts().await?[0].messages;
        let raw = format!("From: bob@example.test\r\nTo: alice@example.test\r\nSubject: llegada {i}\r\nMessage-ID: <arrival-{i}@bench>\r\n\r\nhola {i}\r\n");
        let t = Instant::now();
        smtp::send(
            &smtp_server,
            &bob,
            &trust,
            "bob@example.test",
            &["alice@example.test".into()],
            raw.as_bytes(),
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let sent = t.elapsed();
        loop {
            if core.email_accounts().await?[0].messages > before {
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        e2e.push((t.elapsed() - sent).as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut wake: Vec<f64> = core
        .email_wake_latencies()
        .iter()
        .map(|d| d.as_secs_f64() * 1000.0)
        .collect();
    let ratio = median(&us) / median(&mb);
    Ok(json!({
        "bench": "email",
        "machine": machine::describe(),
        "profile": machine::profile(),
        "mailbox": { "messages": o.messages, "megabytes": bytes as f64 / 1e6 },
        "figures": {
            "initial_sync_s": { "bandeja": us, "mbsync": mb, "bandeja_median": median(&us), "mbsync_median": median(&mb) },
            "ratio_bandeja_to_mbsync": ratio,
            "target_ratio": 1.0,
            "bandeja_messages_per_s": o.messages as f64 / median(&us),
            "idle_notice_to_commit_ms": { "p50": pct(&mut wake, 0.5), "p99": pct(&mut wake, 0.99), "n": wake.len(), "target_p99": 100 },
            "smtp_accepted_to_commit_ms": { "p50": pct(&mut e2e, 0.5), "p99": pct(&mut e2e, 0.99), "n": e2e.len() },
        },
        "notes": "mbsync: isync defaults (FSync yes) into a Maildir on the same disk; bandeja: IMAPS fetch of whole messages, parsed, threaded, FTS-indexed, raw kept; same loopback Dovecot, same run. Dovecot batches IDLE notices (~0.5 s), which the SMTP figure includes."
    }))
}
