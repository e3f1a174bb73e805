//! `bandeja-dev-bridge`: the real core and the built UI on loopback, for
//! Playwright and for working on the UI in a browser.
//!
//! Usage: bandeja-dev-bridge [--data-dir DIR] [--port N] [--ui DIR] [--demo]
//! Prints `listening on http://127.0.0.1:PORT` on stdout once ready.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use bandeja_core::{Core, SystemClock};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let mut data_dir: Option<PathBuf> = None;
    let mut port: u16 = 0;
    let mut ui: Option<PathBuf> = Some(PathBuf::from("ui/dist"));
    let mut demo = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data-dir" => data_dir = Some(args.next().context("--data-dir needs a path")?.into()),
            "--port" => port = args.next().context("--port needs a number")?.parse()?,
            "--ui" => ui = Some(args.next().context("--ui needs a path")?.into()),
            "--no-ui" => ui = None,
            "--demo" => demo = true,
            "-h" | "--help" => {
                println!("usage: bandeja-dev-bridge [--data-dir DIR] [--port N] [--ui DIR | --no-ui] [--demo]");
                return Ok(());
            }
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let data_dir = match data_dir {
        Some(d) => d,
        None => std::env::temp_dir().join(format!("bandeja-bridge-{}", std::process::id())),
    };
    if let Some(dir) = &ui {
        if !dir.join("index.html").exists() {
            anyhow::bail!(
                "{} has no index.html: build the UI first (npm --prefix ui run build)",
                dir.display()
            );
        }
    }
    let core = Core::open(&data_dir, Arc::new(SystemClock)).await?;
    if demo && !core.workspace().await.is_demo {
        core.open_demo().await?;
    }
    // sends leave through the outbox: the demo's simulated phones, or the
    // connected providers of the real workspace
    let whatsapp = Arc::new(bandeja_core::WhatsappOutbound::new());
    let _outbox = core.start_outbox(Arc::new(bandeja_core::WorkspaceOutbound::new(
        core.clone(),
        whatsapp,
    )));
    let (addr, server) = bandeja_api::bridge::serve(core, ui, port).await?;
    println!("listening on http://{addr}");
    tracing::info!(data_dir = %data_dir.display(), "dev bridge ready");
    tokio::select! {
        r = server => { r??; }
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}
