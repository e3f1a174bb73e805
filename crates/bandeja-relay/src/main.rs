//! `bandeja-relay`: run the relay, or administer its tenants and enrollment.
//!
//! `--db` (or `db`) is a SQLite file, or a `postgres://` URL for several
//! instances sharing one database. The admin commands open the same database
//! as the server (SQLite's WAL lets them run beside it). Secrets are printed once to the operator's terminal and
//! never logged; the app secret and the Twilio auth token can come from the
//! environment so they do not sit in shell history. `serve` reads a TOML
//! file, then `BANDEJA_RELAY_*` variables, then its flags (see `config`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use bandeja_relay::config::{FileConfig, Flags, Settings};
use bandeja_relay::store::shown_db;
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
    /// Serve the relay (settings: --config file, then BANDEJA_RELAY_* env, then flags).
    Serve {
        /// TOML config file (also BANDEJA_RELAY_CONFIG).
        #[arg(long, env = "BANDEJA_RELAY_CONFIG")]
        config: Option<PathBuf>,
        /// The SQLite file, or a postgres:// URL shared by several instances.
        #[arg(long)]
        db: Option<PathBuf>,
        /// Listen address (default 127.0.0.1:8080).
        #[arg(long)]
        addr: Option<SocketAddr>,
        /// The URL Meta and Twilio reach the relay at, e.g. https://relay.example.com
        #[arg(long)]
        public_url: Option<String>,
    },
    /// Manage tenants.
    Tenant {
        #[command(subcommand)]
        command: TenantCommand,
    },
    /// Make a one-time enrollment code (valid 24 h) for a tenant's device.
    Enroll {
        /// The SQLite file, or a postgres:// URL shared by several instances.
        #[arg(long, env = "BANDEJA_RELAY_DB", hide_env_values = true)]
        db: PathBuf,
        #[arg(long)]
        tenant: String,
    },
    /// Revoke a device: its token stops working at once.
    Revoke {
        /// The SQLite file, or a postgres:// URL shared by several instances.
        #[arg(long, env = "BANDEJA_RELAY_DB", hide_env_values = true)]
        db: PathBuf,
        #[arg(long)]
        device: String,
    },
}

#[derive(Subcommand)]
enum TenantCommand {
    /// Create a tenant; prints its id, callback path and verify token.
    Create {
        /// The SQLite file, or a postgres:// URL shared by several instances.
        #[arg(long, env = "BANDEJA_RELAY_DB", hide_env_values = true)]
        db: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long, env = "BANDEJA_RELAY_APP_SECRET", hide_env_values = true)]
        app_secret: String,
        /// The Twilio account's auth token, to accept Twilio webhooks too.
        #[arg(long, env = "BANDEJA_RELAY_TWILIO_AUTH_TOKEN", hide_env_values = true)]
        twilio_auth_token: Option<String>,
    },
    /// Set (or with --clear remove) a tenant's Twilio auth token; prints its Twilio path.
    Twilio {
        /// The SQLite file, or a postgres:// URL shared by several instances.
        #[arg(long, env = "BANDEJA_RELAY_DB", hide_env_values = true)]
        db: PathBuf,
        #[arg(long)]
        tenant: String,
        #[arg(
            long,
            env = "BANDEJA_RELAY_TWILIO_AUTH_TOKEN",
            hide_env_values = true,
            required_unless_present = "clear"
        )]
        auth_token: Option<String>,
        #[arg(long, conflicts_with = "auth_token")]
        clear: bool,
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
        Command::Serve {
            config,
            db,
            addr,
            public_url,
        } => {
            let mut file = match &config {
                Some(path) => FileConfig::read(path)?,
                None => FileConfig::default(),
            };
            file.apply_env(|name| std::env::var(name).ok())?;
            let settings = file.settle(Flags {
                db,
                addr,
                public_url,
            })?;
            // the database URL may hold a password: log it without
            let shown = Settings {
                db: shown_db(&settings.db),
                ..settings.clone()
            };
            tracing::info!(settings = ?shown, "settings");
            let store = Store::open_db(&settings.db)
                .await?
                .with_retention_ms(settings.retention_ms);
            tokio::spawn(retention_loop(store.clone()));
            let (_, task) = serve(ServeConfig::from_settings(store, &settings)).await?;
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
                    twilio_auth_token,
                },
        } => {
            let store = Store::open_db(&db).await?;
            let t = store
                .create_tenant(NewTenant { name, app_secret }, now_millis())
                .await?;
            println!("tenant_id: {}", t.id);
            println!("callback_path: /hooks/meta/{}", t.path_token);
            println!("verify_token: {}", t.verify_token);
            if let Some(token) = twilio_auth_token.filter(|t| !t.trim().is_empty()) {
                let path = store
                    .set_twilio_auth_token(&t.id, Some(token.trim()))
                    .await?;
                println!("twilio_callback_path: /hooks/twilio/{path}");
            }
        }
        Command::Tenant {
            command:
                TenantCommand::Twilio {
                    db,
                    tenant,
                    auth_token,
                    clear,
                },
        } => {
            let store = Store::open_db(&db).await?;
            let token = if clear { None } else { auth_token };
            let path = store
                .set_twilio_auth_token(&tenant, token.as_deref().map(str::trim))
                .await?;
            match token {
                Some(_) => println!("twilio_callback_path: /hooks/twilio/{path}"),
                None => println!("twilio: off"),
            }
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
