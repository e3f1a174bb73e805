//! `bandeja-dev-bridge`: the real core and the built UI on loopback, for
//! Playwright and for working on the UI in a browser.
//!
//! Usage: bandeja-dev-bridge [--data-dir DIR] [--port N] [--ui DIR] [--demo]
//!        [--webhooks-port N] [--test-clock]
//! Prints `listening on http://127.0.0.1:PORT` on stdout once ready, and
//! `webhooks on http://127.0.0.1:PORT/webhooks/whatsapp` when the local
//! receiver runs. `--test-clock` adds `POST /_test/advance {"seconds": N}`,
//! which moves the core's clock forward (browser tests of the 24-hour
//! window); never use it for real work.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use bandeja_core::{Clock, Core, OffsetClock, SystemClock};

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
    let mut webhooks_port: Option<u16> = None;
    let mut test_clock = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data-dir" => data_dir = Some(args.next().context("--data-dir needs a path")?.into()),
            "--port" => port = args.next().context("--port needs a number")?.parse()?,
            "--ui" => ui = Some(args.next().context("--ui needs a path")?.into()),
            "--no-ui" => ui = None,
            "--demo" => demo = true,
            "--webhooks-port" => {
                webhooks_port = Some(
                    args.next()
                        .context("--webhooks-port needs a number")?
                        .parse()?,
                )
            }
            "--test-clock" => test_clock = true,
            "-h" | "--help" => {
                println!("usage: bandeja-dev-bridge [--data-dir DIR] [--port N] [--ui DIR | --no-ui] [--demo] [--webhooks-port N] [--test-clock]");
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
    let offset = Arc::new(OffsetClock::default());
    let clock: Arc<dyn Clock> = if test_clock {
        offset.clone()
    } else {
        Arc::new(SystemClock)
    };
    let core = Core::open(&data_dir, clock).await?;
    if demo && !core.workspace().await.is_demo {
        core.open_demo().await?;
    }
    // the local webhook receiver (direct mode), checking the connected numbers' keys
    if let Some(p) = webhooks_port {
        let (addr, _task) = bandeja_webhooks::serve(
            core.clone(),
            bandeja_webhooks::ReceiverConfig::connected_numbers(),
            std::net::SocketAddr::from(([127, 0, 0, 1], p)),
        )
        .await
        .context("cannot start the webhook receiver")?;
        let url = format!("http://{addr}/webhooks/whatsapp");
        core.set_webhook_url(url.clone());
        println!("webhooks on {url}");
    }
    // sends leave through the outbox; attachments arrive through the media loop
    let _background = core.start_background().await;
    let mut router = bandeja_api::bridge::router(core.clone(), ui);
    if test_clock {
        router = router.merge(test_clock_routes(offset, core.clone()));
    }
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    println!("listening on http://{addr}");
    tracing::info!(data_dir = %data_dir.display(), "dev bridge ready");
    tokio::select! {
        r = server => { r??; }
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}

fn test_clock_routes(clock: Arc<OffsetClock>, core: Core) -> axum::Router {
    #[derive(serde::Deserialize)]
    struct Advance {
        seconds: i64,
    }
    axum::Router::new().route(
        "/_test/advance",
        axum::routing::post(move |axum::Json(a): axum::Json<Advance>| {
            let (clock, core) = (clock.clone(), core.clone());
            async move {
                clock.advance(chrono::Duration::seconds(a.seconds));
                tracing::warn!(seconds = a.seconds, "test clock moved");
                // windows and countdowns depend on the time: refresh everything
                core.emit(bandeja_core::CoreEvent::WorkspaceChanged);
                axum::Json(serde_json::json!({"now": core.now().to_rfc3339()}))
            }
        }),
    )
}
