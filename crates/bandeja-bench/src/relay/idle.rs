//! Memory per idle device connection.
//!
//! Measured on the `bandeja-relay` binary as a child process when one is
//! found, reading the child's `/proc/<pid>/status`, so that only the server
//! side is counted (the bench's own thousand client sockets would otherwise
//! be in the same figure). Without the binary the relay runs in this process
//! and the figure says it includes the client side. The devices stay live
//! (each socket is read by a task, so pings are answered), as a desktop's
//! would, and are all enrolled before the relay starts.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use futures::stream::{self, StreamExt, TryStreamExt};
use serde_json::{json, Value};

use super::db::Db;
use super::forward::{connect, enroll, tenant};

/// The relay binary: `--relay-bin`, else `bandeja-relay` beside this
/// executable (same target dir and profile), else none.
pub fn relay_bin(flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = flag {
        return Some(p.to_path_buf());
    }
    let exe = std::env::current_exe().ok()?;
    let beside = exe.parent()?.join("bandeja-relay");
    beside.is_file().then_some(beside)
}

/// A relay child process, killed (SIGKILL) and reaped when dropped.
struct Relay(Child);

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `(VmRSS, open fds)` of a process, in KiB and count.
fn rss_and_fds(pid: &str) -> anyhow::Result<(u64, usize)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no VmRSS for {pid}"))?;
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd"))?.count();
    Ok((kib, fds))
}

/// Start the relay binary on a free loopback port; its base URL.
async fn start_child(bin: &Path, db: &Db) -> anyhow::Result<(Relay, String)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let relay = Relay(
        Command::new(bin)
            .args(["serve", "--db", &db.spec, "--addr"])
            .arg(format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| anyhow::anyhow!("starting {}: {e}", bin.display()))?,
    );
    for _ in 0..400 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Ok((relay, format!("http://127.0.0.1:{port}")));
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    anyhow::bail!("{} did not listen on {port}", bin.display())
}

/// RSS of the relay before and after `n` more idle device sockets.
pub async fn rss_per_connection(db: &Db, n: usize, bin: Option<&Path>) -> anyhow::Result<Value> {
    let store = db.open().await?;
    let t = tenant(&store, "idle").await?;
    eprintln!("relay bench:   enrolling {} devices…", n + 1);
    let tokens = enroll(&store, &t, n + 1).await?;
    let (_child, base, pid, measured) = match bin {
        Some(bin) => {
            drop(store);
            let (child, base) = start_child(bin, db).await?;
            let pid = child.0.id().to_string();
            let what = format!("the relay binary {} as a child process: its /proc/<pid>/status VmRSS, server side only", bin.display());
            (Some(child), base, pid, what)
        }
        None => {
            let config = bandeja_relay::ServeConfig::new(store, "127.0.0.1:0".parse()?);
            let (addr, _) = bandeja_relay::serve(config).await?;
            let what = "the relay in this process (no bandeja-relay binary beside the bench, no --relay-bin): /proc/self/status VmRSS, INCLUDES the client side of every socket".to_string();
            (None, format!("http://{addr}"), "self".to_string(), what)
        }
    };
    // one socket first, so that what any first connection allocates once
    // (buffers, pools, the stream task's code paths) is not in the figure
    let mut readers = Vec::with_capacity(n + 1);
    let keep = |conn: bandeja_channels::relay_client::Connection| {
        let mut conn = conn;
        tokio::spawn(async move { while let Ok(Some(_)) = conn.next_frame().await {} })
    };
    readers.push(keep(connect(&base, &tokens[0], 0).await?));
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (before_kib, before_fds) = rss_and_fds(&pid)?;
    eprintln!("relay bench:   opening {n} idle sockets…");
    let t0 = std::time::Instant::now();
    let conns: Vec<_> = stream::iter(tokens[1..].iter())
        .map(|token| connect(&base, token, 0))
        .buffer_unordered(32)
        .try_collect()
        .await?;
    let open_s = t0.elapsed().as_secs_f64();
    readers.extend(conns.into_iter().map(keep));
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (after_kib, after_fds) = rss_and_fds(&pid)?;
    for r in &readers {
        r.abort();
    }
    let per_conn = (after_kib as f64 - before_kib as f64) * 1024.0 / n as f64;
    Ok(json!({
        "measured": measured,
        "connections": n,
        "rss_before_kib": before_kib,
        "rss_after_kib": after_kib,
        "bytes_per_connection": per_conn.round(),
        "open_fds_before": before_fds,
        "open_fds_after": after_fds,
        "seconds_to_open_all": (open_s * 1000.0).round() / 1000.0,
    }))
}
