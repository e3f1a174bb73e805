//! `bandeja-sim`: run the WhatsApp Cloud API simulator, or script a running
//! one through its `/_sim` control API (customers writing, statuses, clock,
//! template verdicts, tokens). `serve` prints `BANDEJA_SIM_URL=http://…` as
//! its first stdout line so a test that spawns it knows where it listens.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use bandeja_sim::config::{TokenSpec, WindowErrors};
use bandeja_sim::{Config, PhoneNumber, Server, Sim};
use clap::{Args, Parser, Subcommand};
use serde_json::{json, Value};

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

#[derive(Args, Default)]
struct ServeArgs {
    /// JSON config file (flags override it).
    #[arg(long)]
    config: Option<PathBuf>,
    #[arg(long)]
    port: Option<u16>,
    #[arg(long)]
    app_secret: Option<String>,
    /// Valid access token (repeatable; replaces the configured list).
    #[arg(long = "token")]
    tokens: Vec<String>,
    #[arg(long)]
    webhook_url: Option<String>,
    #[arg(long)]
    waba_id: Option<String>,
    /// Business number as ID=DIGITS[=VERIFIED NAME] (repeatable; replaces the list).
    #[arg(long = "phone-number")]
    phone_numbers: Vec<String>,
    /// TIER_50, TIER_250, TIER_1K, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED
    #[arg(long)]
    tier: Option<String>,
    #[arg(long)]
    mps: Option<u32>,
    #[arg(long)]
    pair_burst: Option<u32>,
    #[arg(long)]
    pair_interval_ms: Option<u64>,
    /// async (200 + failed webhook) or sync (131047 response)
    #[arg(long)]
    window_errors: Option<String>,
    /// Comma-separated statuses reported automatically (e.g. sent,delivered,read; "" for none).
    #[arg(long)]
    auto_statuses: Option<String>,
    #[arg(long)]
    review_seconds: Option<u64>,
    /// Simulated start time, unix seconds.
    #[arg(long)]
    start: Option<i64>,
    /// The clock moves only by `advance`.
    #[arg(long)]
    frozen: bool,
    /// Print the effective config and exit.
    #[arg(long)]
    print_config: bool,
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

fn build_config(a: ServeArgs) -> Result<Config, String> {
    let mut c = match &a.config {
        Some(p) => Config::from_file(p).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    if let Some(p) = a.port {
        c.port = p;
    }
    if let Some(s) = a.app_secret {
        c.app_secret = s;
    }
    if !a.tokens.is_empty() {
        c.access_tokens = a.tokens.into_iter().map(TokenSpec::Plain).collect();
    }
    if a.webhook_url.is_some() {
        c.webhook_url = a.webhook_url;
    }
    if let Some(w) = a.waba_id {
        c.waba_id = w;
    }
    if !a.phone_numbers.is_empty() {
        c.phone_numbers = a
            .phone_numbers
            .iter()
            .map(|spec| {
                let mut parts = spec.splitn(3, '=');
                let id = parts.next().unwrap_or_default();
                let digits = parts
                    .next()
                    .ok_or_else(|| format!("--phone-number {spec}: use ID=DIGITS"))?;
                let mut n = PhoneNumber {
                    id: id.into(),
                    display_phone_number: digits.into(),
                    ..PhoneNumber::default()
                };
                if let Some(name) = parts.next() {
                    n.verified_name = name.into();
                }
                Ok(n)
            })
            .collect::<Result<_, String>>()?;
    }
    if let Some(t) = a.tier {
        c.messaging_limit = t;
    }
    if let Some(m) = a.mps {
        c.limits.mps = m;
    }
    if let Some(b) = a.pair_burst {
        c.limits.pair_burst = b;
    }
    if let Some(i) = a.pair_interval_ms {
        c.limits.pair_interval_ms = i;
    }
    if let Some(w) = a.window_errors {
        c.window_errors = match w.as_str() {
            "async" => WindowErrors::Async,
            "sync" => WindowErrors::Sync,
            other => return Err(format!("--window-errors {other}: use async or sync")),
        };
    }
    if let Some(s) = a.auto_statuses {
        c.auto_statuses = s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
    }
    if let Some(r) = a.review_seconds {
        c.template_review_seconds = r;
    }
    if a.start.is_some() {
        c.clock.start = a.start;
    }
    if a.frozen {
        c.clock.frozen = true;
    }
    c.validate().map_err(|e| e.to_string())?;
    Ok(c)
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
