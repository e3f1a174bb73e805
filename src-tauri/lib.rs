//! The desktop shell: a thin Tauri 2 layer over `bandeja-core`.
//!
//! It opens the core in the app's data dir, exposes the API to the window
//! (`commands`), forwards core events to the UI (`bridge`) and turns customer
//! messages into native notifications (`notify`). No product logic lives here.

mod bridge;
mod commands;
mod media;
mod notify;

use std::path::PathBuf;
use std::sync::Arc;

use bandeja_core::{Core, SystemClock};
use tauri::Manager;

/// Where the workspace lives: `--data-dir DIR`, `BANDEJA_DATA_DIR` (tests,
/// portable use) or the platform's app data dir.
fn data_dir(app: &tauri::App) -> anyhow::Result<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == "--data-dir" {
            if let Some(dir) = args.next() {
                return Ok(PathBuf::from(dir));
            }
        }
    }
    if let Some(dir) = std::env::var_os("BANDEJA_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    Ok(app.path().app_data_dir()?)
}

fn init_logging(dir: &std::path::Path) {
    use tracing_subscriber::{fmt, prelude::*, EnvFilter};
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let file = std::fs::create_dir_all(dir.join("logs"))
        .and_then(|_| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(dir.join("logs").join("bandeja.log"))
        })
        .ok();
    let registry = tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(std::io::stderr));
    match file {
        Some(f) => {
            let _ = registry
                .with(
                    fmt::layer()
                        .with_ansi(false)
                        .with_writer(std::sync::Mutex::new(f)),
                )
                .try_init();
        }
        None => {
            let _ = registry.try_init();
        }
    }
}

/// Direct mode (RELAY-6): the local webhook receiver, on
/// `BANDEJA_WEBHOOK_ADDR` (default 127.0.0.1:8787, behind a tunnel or a
/// port forward). A busy port is logged, not fatal.
async fn start_receiver(core: &Core) {
    let addr: std::net::SocketAddr = std::env::var("BANDEJA_WEBHOOK_ADDR")
        .ok()
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| std::net::SocketAddr::from(([127, 0, 0, 1], 8787)));
    match bandeja_webhooks::serve(
        core.clone(),
        bandeja_webhooks::ReceiverConfig::connected_numbers(),
        addr,
    )
    .await
    {
        // dropping the handle detaches the task: it serves for the life of the app
        Ok((local, _task)) => {
            core.set_webhook_url(format!("http://{local}/webhooks/whatsapp"));
            tracing::info!(%local, "webhook receiver listening");
        }
        Err(e) => tracing::warn!(%addr, error = %e, "webhook receiver not started"),
    }
}

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .manage(bridge::Subscribers::default())
        .register_asynchronous_uri_scheme_protocol(media::SCHEME, media::handle)
        .invoke_handler(tauri::generate_handler![
            commands::api_call,
            commands::subscribe_events
        ])
        .setup(|app| {
            let dir = data_dir(app)?;
            init_logging(&dir);
            let opened = tauri::async_runtime::block_on(async {
                let core = Core::open(&dir, Arc::new(SystemClock)).await?;
                // `BANDEJA_OPEN_DEMO=1`: show the demo when nothing is connected yet
                if std::env::var("BANDEJA_OPEN_DEMO").is_ok_and(|v| v == "1")
                    && !core.workspace().await.is_demo
                    && core.home().store.accounts(None).await?.is_empty()
                {
                    core.open_demo().await?;
                }
                anyhow::Ok(core)
            });
            match opened {
                Ok(core) => {
                    tracing::info!(data_dir = %dir.display(), "Bandeja started");
                    bridge::start(app.handle().clone(), core.clone());
                    notify::start(app.handle().clone(), core.clone());
                    let background = core.clone();
                    tauri::async_runtime::spawn(async move {
                        start_receiver(&background).await;
                        // outbox and media loops run for the life of the app
                        for task in background.start_background().await {
                            let _ = task.await;
                        }
                    });
                    app.manage(commands::AppCore::Ready(core));
                }
                Err(e) => {
                    // a newer, damaged or locked database: the window still
                    // opens and says what is wrong instead of vanishing
                    tracing::error!(error = format!("{e:#}"), "cannot open the workspace");
                    app.manage(commands::AppCore::Failed(e.into()));
                }
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running Bandeja");
}
