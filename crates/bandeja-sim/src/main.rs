//! `bandeja-sim`: run the WhatsApp Cloud API simulator, or script a running
//! one through its `/_sim` control API (customers writing, statuses, clock,
//! template verdicts, tokens). `serve` prints `BANDEJA_SIM_URL=http://…` as
//! its first stdout line so a test that spawns it knows where it listens.

use std::io::Write;
use std::process::ExitCode;

use bandeja_sim::{Server, Sim};
use clap::{Args, Parser, Subcommand};
use cli::{build_config, ServeArgs};
use serde_json::{json, Value};

mod cli;

#[derive(Parser)]
#[command(
    name = "bandeja-sim",
    version,
    about = "WhatsApp Cloud API (Graph API + webhooks) simulator on loopback"
)]
struct Cli {
    /// URL of a running simulator (for the scripting subcommands).
    #[arg(
        long,
        env = "BANDEJA_SIM_URL",
        global = true,
        default_value = "http://127.0.0.1:8095"
    )]
    sim: String,
    #[command(subcommand)]
    cmd: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the simulator (the default).
    Serve(ServeArgs),
    /// A customer sends a message.
    Inbound(InboundArgs),
    /// Report statuses for an outbound message.
    Status {
        message_id: String,
        /// sent, delivered, read, played, failed — in the order they happened.
        #[arg(required = true)]
        statuses: Vec<String>,
        /// in_order, reversed or shuffled
        #[arg(long, default_value = "in_order")]
        order: String,
        #[arg(long)]
        duplicate: bool,
        #[arg(long)]
        batch: bool,
        /// Error code of a failed status (default 131026).
        #[arg(long)]
        error_code: Option<u32>,
    },
    /// Move the simulated clock forward (25h, 90m, 30s, 1500ms).
    Advance { duration: String },
    /// Show the simulated clock.
    Clock,
    /// Meta changes a template's status (APPROVED, REJECTED, PAUSED, DISABLED, …).
    TemplateStatus {
        id_or_name: String,
        event: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Expire, revoke or add an access token.
    Token {
        /// expire, revoke or add
        action: String,
        token: String,
        /// For add: unix seconds when it expires.
        #[arg(long)]
        expires_at: Option<i64>,
    },
    /// A value-level error webhook (e.g. 130429).
    Error { code: u32 },
    /// Messages the business sent.
    Outbound,
    /// Webhooks emitted, with delivery state.
    Webhooks,
    /// Wait until no webhook is pending.
    Wait {
        #[arg(long, default_value_t = 10_000)]
        timeout_ms: u64,
    },
    /// The running simulator's config.
    Config,
}

#[derive(Args)]
struct InboundArgs {
    /// Customer wa_id (digits).
    #[arg(long)]
    from: String,
    #[arg(long)]
    name: Option<String>,
    /// Business phone number ID receiving it.
    #[arg(long)]
    to_number: Option<String>,
    /// A text message with this body.
    #[arg(long, conflicts_with = "json")]
    text: Option<String>,
    /// Any message as JSON: {"type":"location","location":{…}} (see the fixtures).
    #[arg(long)]
    json: Option<String>,
    /// Quote this wamid.
    #[arg(long)]
    reply_to: Option<String>,
}

async fn serve(a: ServeArgs) -> Result<(), String> {
    let print = a.print_config;
    let config = build_config(a)?;
    if print {
        println!(
            "{}",
            serde_json::to_string_pretty(&config).expect("config serialises")
        );
        return Ok(());
    }
    let port = config.port;
    let sim = Sim::new(config).map_err(|e| e.to_string())?;
    let server = Server::start(sim, port).await.map_err(|e| e.to_string())?;
    println!("BANDEJA_SIM_URL={}", server.url());
    let _ = std::io::stdout().flush();
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| e.to_string())?;
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
    server.shutdown().await;
    Ok(())
}

async fn request(
    base: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> Result<(), String> {
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .map_err(|e| e.to_string())?;
    let mut req = http.request(method, format!("{}{path}", base.trim_end_matches('/')));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req
        .send()
        .await
        .map_err(|e| format!("cannot reach the simulator at {base}: {e}"))?;
    let ok = res.status().is_success();
    let text = res.text().await.unwrap_or_default();
    println!("{text}");
    if ok {
        Ok(())
    } else {
        Err("the simulator refused the request".into())
    }
}

fn inbound_body(a: InboundArgs) -> Result<Value, String> {
    let mut body = match (a.text, a.json) {
        (Some(t), _) => json!({ "type": "text", "text": { "body": t } }),
        (None, Some(j)) => serde_json::from_str(&j).map_err(|e| format!("--json: {e}"))?,
        (None, None) => return Err("give --text or --json".into()),
    };
    body["from"] = json!(a.from);
    if let Some(n) = a.name {
        body["name"] = json!(n);
    }
    if let Some(p) = a.to_number {
        body["phone_number_id"] = json!(p);
    }
    if let Some(r) = a.reply_to {
        body["context"] = json!({ "id": r });
    }
    Ok(body)
}

async fn run(cli: Cli) -> Result<(), String> {
    use reqwest::Method;
    let base = cli.sim;
    match cli.cmd.unwrap_or(Cmd::Serve(ServeArgs::default())) {
        Cmd::Serve(a) => serve(a).await,
        Cmd::Inbound(a) => {
            request(&base, Method::POST, "/_sim/inbound", Some(inbound_body(a)?)).await
        }
        Cmd::Status {
            message_id,
            statuses,
            order,
            duplicate,
            batch,
            error_code,
        } => {
            let body = json!({ "message_id": message_id, "statuses": statuses, "order": order,
                               "duplicate": duplicate, "batch": batch, "error_code": error_code });
            request(&base, Method::POST, "/_sim/statuses", Some(body)).await
        }
        Cmd::Advance { duration } => {
            request(
                &base,
                Method::POST,
                "/_sim/clock/advance",
                Some(json!({ "duration": duration })),
            )
            .await
        }
        Cmd::Clock => request(&base, Method::GET, "/_sim/clock", None).await,
        Cmd::TemplateStatus {
            id_or_name,
            event,
            reason,
        } => {
            let body = json!({ "event": event, "reason": reason });
            request(
                &base,
                Method::POST,
                &format!("/_sim/templates/{id_or_name}/status"),
                Some(body),
            )
            .await
        }
        Cmd::Token {
            action,
            token,
            expires_at,
        } => match action.as_str() {
            "expire" | "revoke" => {
                request(
                    &base,
                    Method::POST,
                    &format!("/_sim/tokens/{token}/{action}"),
                    None,
                )
                .await
            }
            "add" => {
                let body = json!({ "token": token, "expires_at": expires_at });
                request(&base, Method::POST, "/_sim/tokens", Some(body)).await
            }
            other => Err(format!("token {other}: use expire, revoke or add")),
        },
        Cmd::Error { code } => {
            request(
                &base,
                Method::POST,
                "/_sim/errors",
                Some(json!({ "code": code })),
            )
            .await
        }
        Cmd::Outbound => request(&base, Method::GET, "/_sim/outbound", None).await,
        Cmd::Webhooks => request(&base, Method::GET, "/_sim/webhooks", None).await,
        Cmd::Wait { timeout_ms } => {
            request(
                &base,
                Method::POST,
                "/_sim/webhooks/wait",
                Some(json!({ "timeout_ms": timeout_ms })),
            )
            .await
        }
        Cmd::Config => request(&base, Method::GET, "/_sim/config", None).await,
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "bandeja_sim=info".into()),
        )
        .init();
    let cli = Cli::parse();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    match rt.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bandeja-sim: {e}");
            ExitCode::FAILURE
        }
    }
}
