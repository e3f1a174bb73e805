//! What a simulator run looks like: who the business is (fixture conventions
//! by default), which tokens are valid, where webhooks go and how strict the
//! limits are. Read from a JSON file and/or CLI flags; every field has a
//! default so `{}` is a valid config.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Fixture base time, 2026-09-01T12:00:00Z.
pub const FIXTURE_T0: i64 = 1_788_264_000;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Loopback port; 0 picks a free one.
    pub port: u16,
    pub app_id: String,
    /// Signs webhooks (`X-Hub-Signature-256`) and checks the OAuth code exchange.
    pub app_secret: String,
    /// Valid bearer tokens: plain strings or `{token, expires_at}` (unix seconds).
    pub access_tokens: Vec<TokenSpec>,
    /// App-level callback URL; `None` records webhooks without sending them.
    pub webhook_url: Option<String>,
    /// Verify token used for the GET handshake against callback URLs.
    pub verify_token: String,
    pub waba_id: String,
    pub phone_numbers: Vec<PhoneNumberConfig>,
    /// Portfolio messaging limit: unique users reachable outside the
    /// customer service window per rolling 24 h (`TIER_50` models an
    /// unverified business under the older rules).
    pub messaging_limit: String,
    pub limits: Limits,
    /// `async` (Meta's usual: 200 then a `failed` status webhook) or `sync`
    /// (a 131047 error response) for free-form sends outside the window.
    pub window_errors: WindowErrors,
    /// Statuses the simulated customer's phone reports by itself after an
    /// accepted send (`sent`, `delivered`, `read`).
    pub auto_statuses: Vec<String>,
    /// Order in which automatic statuses are posted (`in_order`, `reversed`,
    /// `shuffled`): Meta does not guarantee ordering.
    pub auto_status_order: Delivery,
    /// Post every automatic status twice, as Meta's retries sometimes do.
    pub auto_status_duplicates: bool,
    /// Real-time pause before automatic statuses are posted, so the send
    /// response usually wins the race (as with Meta; not guaranteed there).
    pub status_delay_ms: u64,
    /// Simulated seconds a new template stays PENDING.
    pub template_review_seconds: u64,
    /// Start with the fixture templates (pedido_enviado, cita_confirmada, promo_otono, …,
    /// and seguimos_en_contacto, a window reminder with a "Sí" quick reply).
    pub seed_templates: bool,
    /// Templates a WABA may hold (250 for an unverified portfolio).
    pub template_limit: usize,
    pub webhook_retry: Retry,
    pub clock: ClockConfig,
    /// Seed for the random choices (shuffled statuses); same seed, same run.
    pub seed: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TokenSpec {
    Plain(String),
    Full {
        token: String,
        #[serde(default)]
        expires_at: Option<i64>,
    },
}

impl TokenSpec {
    pub fn parts(&self) -> (String, Option<i64>) {
        match self {
            TokenSpec::Plain(t) => (t.clone(), None),
            TokenSpec::Full { token, expires_at } => (token.clone(), *expires_at),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PhoneNumberConfig {
    pub id: String,
    /// Digits only, as in webhook metadata (`15550100001`).
    pub display_phone_number: String,
    pub verified_name: String,
    pub quality_rating: String,
    pub code_verification_status: String,
    pub name_status: String,
    pub status: String,
    pub platform_type: String,
    pub throughput_level: String,
    /// Country calling code prepended to a `to` without `+`.
    pub country_code: String,
}

impl Default for PhoneNumberConfig {
    fn default() -> Self {
        PhoneNumberConfig {
            id: "200000000000002".into(),
            display_phone_number: "15550100001".into(),
            verified_name: "Tienda Ejemplo".into(),
            quality_rating: "GREEN".into(),
            code_verification_status: "VERIFIED".into(),
            name_status: "APPROVED".into(),
            status: "CONNECTED".into(),
            platform_type: "CLOUD_API".into(),
            throughput_level: "STANDARD".into(),
            country_code: "1".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WindowErrors {
    Async,
    Sync,
}

/// Delivery order of a group of status webhooks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    #[default]
    InOrder,
    Reversed,
    Shuffled,
}

impl Delivery {
    /// Reorder `items` (and append a second copy when `duplicate`).
    pub fn arrange<T: Clone>(self, items: &mut Vec<T>, duplicate: bool, rng: &mut impl rand::Rng) {
        match self {
            Delivery::InOrder => {}
            Delivery::Reversed => items.reverse(),
            Delivery::Shuffled => rand::seq::SliceRandom::shuffle(items.as_mut_slice(), rng),
        }
        if duplicate {
            items.extend(items.clone());
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Messages per second per business number (130429 above it).
    pub mps: u32,
    /// Messages to one user allowed in a burst (131056 above it).
    pub pair_burst: u32,
    /// One pair-rate token comes back every this many milliseconds.
    pub pair_interval_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            mps: 80,
            pair_burst: 45,
            pair_interval_ms: 6000,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Retry {
    pub initial_ms: u64,
    pub max_ms: u64,
    /// Attempts in total, the first included.
    pub max_attempts: u32,
    pub timeout_ms: u64,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            initial_ms: 250,
            max_ms: 8000,
            max_attempts: 8,
            timeout_ms: 5000,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClockConfig {
    /// Simulated start, unix seconds; default: the real time at start-up.
    pub start: Option<i64>,
    /// A frozen clock only moves by `/_sim/clock/advance` (deterministic tests).
    pub frozen: bool,
}

impl Default for Config {
    fn default() -> Self {
        let second = PhoneNumberConfig {
            id: "200000000000003".into(),
            display_phone_number: "15550100002".into(),
            verified_name: "Tienda Ejemplo Soporte".into(),
            quality_rating: "UNKNOWN".into(),
            code_verification_status: "NOT_VERIFIED".into(),
            name_status: "PENDING_REVIEW".into(),
            status: "PENDING".into(),
            platform_type: "NOT_APPLICABLE".into(),
            throughput_level: "NOT_APPLICABLE".into(),
            country_code: "1".into(),
        };
        Config {
            port: 0,
            app_id: "700000000000001".into(),
            app_secret: "bandeja-test-app-secret".into(),
            access_tokens: vec![TokenSpec::Plain("bandeja-sim-token".into())],
            webhook_url: None,
            verify_token: "bandeja-sim-verify-token".into(),
            waba_id: "100000000000001".into(),
            phone_numbers: vec![PhoneNumberConfig::default(), second],
            messaging_limit: "TIER_250".into(),
            limits: Limits::default(),
            window_errors: WindowErrors::Async,
            auto_statuses: vec!["sent".into(), "delivered".into()],
            auto_status_order: Delivery::InOrder,
            auto_status_duplicates: false,
            status_delay_ms: 50,
            template_review_seconds: 60,
            seed_templates: true,
            template_limit: 250,
            webhook_retry: Retry::default(),
            clock: ClockConfig::default(),
            seed: 7,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("invalid config {path}: {source}")]
    Parse {
        path: String,
        source: serde_json::Error,
    },
    #[error("invalid config: {0}")]
    Invalid(String),
}

impl Config {
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let cfg: Config = serde_json::from_str(&text).map_err(|source| ConfigError::Parse {
            path: path.display().to_string(),
            source,
        })?;
        cfg.validate()?;
        Ok(cfg)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.phone_numbers.is_empty() {
            return Err(ConfigError::Invalid("at least one phone number".into()));
        }
        if tier_limit(&self.messaging_limit).is_none() {
            return Err(ConfigError::Invalid(format!(
                "unknown messaging_limit {}",
                self.messaging_limit
            )));
        }
        for s in &self.auto_statuses {
            if !matches!(s.as_str(), "sent" | "delivered" | "read") {
                return Err(ConfigError::Invalid(format!("unknown auto status {s}")));
            }
        }
        if self.limits.mps == 0 || self.limits.pair_burst == 0 {
            return Err(ConfigError::Invalid("limits must be positive".into()));
        }
        Ok(())
    }

    /// A config for tests: frozen clock at the fixture base time.
    pub fn for_tests() -> Config {
        Config {
            clock: ClockConfig {
                start: Some(FIXTURE_T0),
                frozen: true,
            },
            status_delay_ms: 0,
            ..Config::default()
        }
    }
}

/// Unique users per rolling 24 h for a tier name (`None` = unknown tier,
/// `Some(None)` = unlimited).
pub fn tier_limit(tier: &str) -> Option<Option<usize>> {
    let table: BTreeMap<&str, Option<usize>> = [
        ("TIER_50", Some(50)),
        ("TIER_250", Some(250)),
        ("TIER_1K", Some(1_000)),
        ("TIER_2K", Some(2_000)),
        ("TIER_10K", Some(10_000)),
        ("TIER_100K", Some(100_000)),
        ("TIER_UNLIMITED", None),
    ]
    .into_iter()
    .collect();
    table.get(tier).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_json_is_the_default() {
        let c: Config = serde_json::from_str("{}").unwrap();
        assert_eq!(c.waba_id, "100000000000001");
        assert_eq!(c.phone_numbers[0].id, "200000000000002");
        c.validate().unwrap();
    }

    #[test]
    fn tokens_plain_or_with_expiry() {
        let c: Config = serde_json::from_str(
            r#"{"access_tokens":["a",{"token":"b","expires_at":5}],"messaging_limit":"TIER_50"}"#,
        )
        .unwrap();
        assert_eq!(c.access_tokens[1].parts(), ("b".into(), Some(5)));
        assert_eq!(tier_limit(&c.messaging_limit), Some(Some(50)));
        assert!(serde_json::from_str::<Config>(r#"{"nope":1}"#).is_err());
    }
}
