//! `bandeja-relay`: run the relay, or administer its tenants and enrollment.
//!
//! `--db` is a SQLite file, or a `postgres://` URL for several instances
//! sharing one database. The admin commands open the same database as the
//! server (SQLite's WAL lets them run beside it). Secrets are printed once to the operator's terminal and
//! never logged; the app secret can come from the environment so it does not
//! sit in shell history.

use std::net::SocketAddr;
use std::time::Duration;

use bandeja_relay::{now_millis, serve, NewTenant, ServeConfig, Store};
use clap::{Parser, Subcommand};

/// How often the retention pass runs while serving.
const RETENTION_EVERY: Duration = Duration::from_secs(60 * 60);

/// How long an enrollment code stays valid.
const CODE_TTL_MS: i64 = 24 * 60 * 60 * 1000;

#[derive(Parser)]
#[command(name = "bandeja-relay", about = "Bandeja's webhook relay")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the webhook ingest.
    Serve {
        /// The SQLite file, or a postgres:// URL shared by several instances.
        #[arg(long, env = "BANDEJA_RELAY_DB")]
        db: String,
        #[arg(long, env = "BANDEJA_RELAY_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
    },
    /// Manage tenants.
    Tenant {
        #[command(subcommand)]
        command: TenantCommand,
    },
    /// Make a one-time enrollment code (valid 24 h) for a tenant's device.
    Enroll {
        /// The SQLite file, or a postgres:// URL shared by several instances.
        #[arg(long, env = "BANDEJA_RELAY_DB")]
        db: String,
        #[arg(long)]
        tenant: String,
    },
    /// Revoke a device: its token stops working at once.
    Revoke {
        /// The SQLite file, or a postgres:// URL shared by several instances.
        #[arg(long, env = "BANDEJA_RELAY_DB")]
        db: String,
        #[arg(long)]
        device: String,
    },
}

#[derive(Subcommand)]
enum TenantCommand {
    /// Create a tenant; prints its id, callback path and verify token.
    Create {
        /// The SQLite file, or a postgres:// URL shared by several instances.
        #[arg(long, env = "BANDEJA_RELAY_DB")]
        db: String,
        #[arg(long)]
        name: String,
        #[arg(long, env = "BANDEJA_RELAY_APP_SECRET", hide_env_values = true)]
        app_secret: String,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bandeja-relay: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), bandeja_relay::RelayError> {
    match cli.command {
        Command::Serve { db, addr } => {
            let store = Store::open_db(&db).await?;
            tokio::spawn(retention_loop(store.clone()));
            let (_, task) = serve(ServeConfig::new(store, addr)).await?;
            tokio::select! {
                r = task => match r {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => tracing::error!(error = %e, "server stopped"),
                    Err(e) => tracing::error!(error = %e, "server task failed"),
                },
                _ = tokio::signal::ctrl_c() => tracing::info!("shutting down"),
            }
        }
        Command::Tenant {
            command:
                TenantCommand::Create {
                    db,
                    name,
                    app_secret,
                },
        } => {
            let store = Store::open_db(&db).await?;
            let t = store
                .create_tenant(NewTenant { name, app_secret }, now_millis())
                .await?;
            println!("tenant_id: {}", t.id);
            println!("callback_path: /hooks/meta/{}", t.path_token);
            println!("verify_token: {}", t.verify_token);
        }
        Command::Enroll { db, tenant } => {
            let store = Store::open_db(&db).await?;
            let code = store
                .create_enrollment_code(&tenant, now_millis(), CODE_TTL_MS)
                .await?;
            println!("enrollment_code: {code}");
            println!("valid_for: 24h");
        }
        Command::Revoke { db, device } => {
            let store = Store::open_db(&db).await?;
            store.revoke(&device, now_millis()).await?;
            println!("revoked: {device}");
        }
    }
    Ok(())
}

/// Run the retention pass now and then every [`RETENTION_EVERY`]; a failed
/// pass is logged and retried at the next tick (events are only kept longer).
async fn retention_loop(store: Store) {
    let mut tick = tokio::time::interval(RETENTION_EVERY);
    loop {
        tick.tick().await;
        if let Err(e) = store.cleanup(now_millis()).await {
            tracing::error!(error = %e, "retention pass failed");
        }
    }
}
