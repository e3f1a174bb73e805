//! The `serve` flags of the binary and how they override a config file.

use std::path::PathBuf;

use bandeja_sim::config::{TokenSpec, WindowErrors};
use bandeja_sim::{Config, PhoneNumber};
use clap::Args;

#[derive(Args, Default)]
pub struct ServeArgs {
    /// JSON config file (flags override it).
    #[arg(long)]
    pub config: Option<PathBuf>,
    #[arg(long)]
    pub port: Option<u16>,
    #[arg(long)]
    pub app_secret: Option<String>,
    /// Valid access token (repeatable; replaces the configured list).
    #[arg(long = "token")]
    pub tokens: Vec<String>,
    #[arg(long)]
    pub webhook_url: Option<String>,
    #[arg(long)]
    pub waba_id: Option<String>,
    /// Business number as ID=DIGITS[=VERIFIED NAME] (repeatable; replaces the list).
    #[arg(long = "phone-number")]
    pub phone_numbers: Vec<String>,
    /// TIER_50, TIER_250, TIER_1K, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED
    #[arg(long)]
    pub tier: Option<String>,
    #[arg(long)]
    pub mps: Option<u32>,
    #[arg(long)]
    pub pair_burst: Option<u32>,
    #[arg(long)]
    pub pair_interval_ms: Option<u64>,
    /// async (200 + failed webhook) or sync (131047 response)
    #[arg(long)]
    pub window_errors: Option<String>,
    /// Comma-separated statuses reported automatically (e.g. sent,delivered,read; "" for none).
    #[arg(long)]
    pub auto_statuses: Option<String>,
    #[arg(long)]
    pub review_seconds: Option<u64>,
    /// Post automatic statuses in_order, reversed or shuffled.
    #[arg(long)]
    pub auto_status_order: Option<String>,
    /// Post every automatic status twice.
    #[arg(long)]
    pub auto_status_duplicates: bool,
    /// Simulated start time, unix seconds.
    #[arg(long)]
    pub start: Option<i64>,
    /// The clock moves only by `advance`.
    #[arg(long)]
    pub frozen: bool,
    /// Print the effective config and exit.
    #[arg(long)]
    pub print_config: bool,
}

pub fn build_config(a: ServeArgs) -> Result<Config, String> {
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
    if let Some(o) = a.auto_status_order {
        c.auto_status_order = serde_json::from_value(serde_json::Value::String(o.clone()))
            .map_err(|_| format!("--auto-status-order {o}: use in_order, reversed or shuffled"))?;
    }
    if a.auto_status_duplicates {
        c.auto_status_duplicates = true;
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
