//! How `bandeja-relay serve` is configured: a TOML file, then `BANDEJA_RELAY_*`
//! environment variables, then command-line flags, each overriding the last.
//!
//! The file is for what an operator writes once (paths, TLS, limits); the
//! environment is for what a container or systemd unit sets per host; flags
//! are for a quick run. Nothing here is a secret — app secrets and Twilio
//! auth tokens live in the database, per tenant — so the effective settings
//! may be logged. Unknown keys and bad values are refused with the key's
//! name, so a typo never silently falls back to a default.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::retention::RETENTION_MS;

/// Let's Encrypt's production ACME directory.
pub const LETS_ENCRYPT: &str = "https://acme-v02.api.letsencrypt.org/directory";
/// Graph API base the signup code is exchanged at.
pub const GRAPH_BASE: &str = "https://graph.facebook.com/v25.0";
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("config {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{name}={value:?}: {message}")]
    Env {
        name: String,
        value: String,
        message: String,
    },
    #[error("{0}")]
    Invalid(String),
}

/// The file, section by section; every key optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub db: Option<PathBuf>,
    pub listen: Option<SocketAddr>,
    pub public_url: Option<String>,
    #[serde(default)]
    pub tls: TlsSection,
    #[serde(default)]
    pub limits: LimitsSection,
    #[serde(default)]
    pub meta: MetaSection,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsSection {
    /// `proxy` (plain HTTP behind a TLS proxy or tunnel), `files`, or `acme`.
    pub mode: Option<String>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    #[serde(default)]
    pub domains: Vec<String>,
    #[serde(default)]
    pub contact: Vec<String>,
    pub cache_dir: Option<PathBuf>,
    pub directory: Option<String>,
    /// Extra root (PEM) trusted for the ACME directory: a private or test CA.
    pub directory_ca: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsSection {
    pub max_device_connections: Option<usize>,
    pub retry_after_seconds: Option<u64>,
    pub ping_interval_seconds: Option<u64>,
    pub retention_days: Option<u64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaSection {
    pub app_id: Option<String>,
    pub config_id: Option<String>,
    pub graph_base: Option<String>,
}

/// Flags of `serve`; they win over everything.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub db: Option<PathBuf>,
    pub addr: Option<SocketAddr>,
    pub public_url: Option<String>,
}

/// How the listener speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tls {
    /// Plain HTTP: TLS ends at a reverse proxy or tunnel in front.
    Proxy,
    Files {
        cert: PathBuf,
        key: PathBuf,
    },
    Acme(Acme),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acme {
    pub domains: Vec<String>,
    pub contact: Vec<String>,
    pub cache_dir: PathBuf,
    pub directory: String,
    pub directory_ca: Option<PathBuf>,
}

/// Embedded Signup: the Meta app whose page the relay serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signup {
    pub app_id: String,
    pub config_id: String,
    pub graph_base: String,
}

/// The effective, checked settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub db: PathBuf,
    pub listen: SocketAddr,
    pub public_url: Option<String>,
    pub tls: Tls,
    pub max_device_connections: usize,
    pub retry_after: Duration,
    pub ping_every: Duration,
    pub retention_ms: i64,
    pub signup: Option<Signup>,
}

impl FileConfig {
    pub fn parse(text: &str, path: &Path) -> Result<FileConfig, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    pub fn read(path: &Path) -> Result<FileConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        FileConfig::parse(&text, path)
    }

    /// Apply `BANDEJA_RELAY_*` variables read through `env`.
    pub fn apply_env(&mut self, env: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        let get = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let list = |v: String| v.split(',').map(|s| s.trim().to_string()).collect();
        if let Some(v) = get("BANDEJA_RELAY_DB") {
            self.db = Some(v.into());
        }
        if let Some(v) = get("BANDEJA_RELAY_ADDR") {
            self.listen = Some(parsed("BANDEJA_RELAY_ADDR", &v)?);
        }
        if let Some(v) = get("BANDEJA_RELAY_PUBLIC_URL") {
            self.public_url = Some(v);
        }
        let tls = &mut self.tls;
        if let Some(v) = get("BANDEJA_RELAY_TLS") {
            tls.mode = Some(v);
        }
        if let Some(v) = get("BANDEJA_RELAY_TLS_CERT") {
            tls.cert = Some(v.into());
        }
        if let Some(v) = get("BANDEJA_RELAY_TLS_KEY") {
            tls.key = Some(v.into());
        }
        if let Some(v) = get("BANDEJA_RELAY_ACME_DOMAINS") {
            tls.domains = list(v);
        }
        if let Some(v) = get("BANDEJA_RELAY_ACME_CONTACT") {
            tls.contact = list(v);
        }
        if let Some(v) = get("BANDEJA_RELAY_ACME_CACHE") {
            tls.cache_dir = Some(v.into());
        }
        if let Some(v) = get("BANDEJA_RELAY_ACME_DIRECTORY") {
            tls.directory = Some(v);
        }
        if let Some(v) = get("BANDEJA_RELAY_ACME_DIRECTORY_CA") {
            tls.directory_ca = Some(v.into());
        }
        let limits = &mut self.limits;
        if let Some(v) = get("BANDEJA_RELAY_MAX_CONNECTIONS") {
            limits.max_device_connections = Some(parsed("BANDEJA_RELAY_MAX_CONNECTIONS", &v)?);
        }
        if let Some(v) = get("BANDEJA_RELAY_RETRY_AFTER_SECONDS") {
            limits.retry_after_seconds = Some(parsed("BANDEJA_RELAY_RETRY_AFTER_SECONDS", &v)?);
        }
        if let Some(v) = get("BANDEJA_RELAY_PING_INTERVAL_SECONDS") {
            limits.ping_interval_seconds = Some(parsed("BANDEJA_RELAY_PING_INTERVAL_SECONDS", &v)?);
        }
        if let Some(v) = get("BANDEJA_RELAY_RETENTION_DAYS") {
            limits.retention_days = Some(parsed("BANDEJA_RELAY_RETENTION_DAYS", &v)?);
        }
        if let Some(v) = get("BANDEJA_RELAY_META_APP_ID") {
            self.meta.app_id = Some(v);
        }
        if let Some(v) = get("BANDEJA_RELAY_META_CONFIG_ID") {
            self.meta.config_id = Some(v);
        }
        if let Some(v) = get("BANDEJA_RELAY_GRAPH_BASE") {
            self.meta.graph_base = Some(v);
        }
        Ok(())
    }

    /// Apply the flags, then check everything and fill in defaults.
    pub fn settle(mut self, flags: Flags) -> Result<Settings, ConfigError> {
        if flags.db.is_some() {
            self.db = flags.db;
        }
        if flags.addr.is_some() {
            self.listen = flags.addr;
        }
        if flags.public_url.is_some() {
            self.public_url = flags.public_url;
        }
        let invalid = |m: &str| ConfigError::Invalid(m.to_string());
        let db = self.db.ok_or_else(|| {
            invalid("no database: set `db` in the config file, BANDEJA_RELAY_DB or --db")
        })?;
        let tls = match self.tls.mode.as_deref().unwrap_or("proxy") {
            "proxy" => Tls::Proxy,
            "files" => match (self.tls.cert, self.tls.key) {
                (Some(cert), Some(key)) => Tls::Files { cert, key },
                _ => return Err(invalid("tls.mode = \"files\" needs tls.cert and tls.key")),
            },
            "acme" => {
                if self.tls.domains.is_empty() {
                    return Err(invalid("tls.mode = \"acme\" needs tls.domains"));
                }
                // beside a SQLite file by default; a database URL has no
                // directory to sit beside
                let cache_dir = match self.tls.cache_dir {
                    Some(dir) => dir,
                    None if crate::store::is_postgres_url(&db) => {
                        return Err(invalid(
                            "tls.mode = \"acme\" with a postgres:// db needs tls.cache_dir",
                        ))
                    }
                    None => db.parent().unwrap_or(Path::new(".")).join("acme-cache"),
                };
                Tls::Acme(Acme {
                    domains: self.tls.domains,
                    contact: self.tls.contact,
                    cache_dir,
                    directory: self.tls.directory.unwrap_or_else(|| LETS_ENCRYPT.into()),
                    directory_ca: self.tls.directory_ca,
                })
            }
            other => {
                return Err(ConfigError::Invalid(format!(
                    "tls.mode {other:?}: expected \"proxy\", \"files\" or \"acme\""
                )))
            }
        };
        let public_url = match (self.public_url, &tls) {
            (Some(u), _) => Some(checked_url("public_url", &u)?),
            (None, Tls::Acme(a)) => Some(format!("https://{}", a.domains[0])),
            (None, _) => None,
        };
        let limits = self.limits;
        let max = limits.max_device_connections.unwrap_or(10_000);
        if max == 0 {
            return Err(invalid("limits.max_device_connections must be at least 1"));
        }
        let retry = limits.retry_after_seconds.unwrap_or(30);
        let ping = limits.ping_interval_seconds.unwrap_or(20);
        if retry == 0 || ping == 0 {
            return Err(invalid(
                "limits.retry_after_seconds and limits.ping_interval_seconds must be at least 1",
            ));
        }
        let days = limits.retention_days.unwrap_or(7);
        let retention_ms = i64::try_from(days)
            .ok()
            .and_then(|d| d.checked_mul(DAY_MS))
            .filter(|&ms| ms >= RETENTION_MS)
            .ok_or_else(|| {
                invalid("limits.retention_days must be at least 7 (Meta retries for 7 days)")
            })?;
        let signup = match (self.meta.app_id, self.meta.config_id) {
            (Some(app_id), Some(config_id)) => Some(Signup {
                app_id,
                config_id,
                graph_base: checked_url(
                    "meta.graph_base",
                    self.meta.graph_base.as_deref().unwrap_or(GRAPH_BASE),
                )?,
            }),
            (None, None) => None,
            _ => return Err(invalid("meta.app_id and meta.config_id go together")),
        };
        Ok(Settings {
            db,
            listen: self.listen.unwrap_or(([127, 0, 0, 1], 8080).into()),
            public_url,
            tls,
            max_device_connections: max,
            retry_after: Duration::from_secs(retry),
            ping_every: Duration::from_secs(ping),
            retention_ms,
            signup,
        })
    }
}

fn parsed<T: std::str::FromStr>(name: &str, value: &str) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    value.trim().parse().map_err(|e: T::Err| ConfigError::Env {
        name: name.into(),
        value: value.into(),
        message: e.to_string(),
    })
}

/// An absolute http(s) URL without a trailing slash.
fn checked_url(key: &str, url: &str) -> Result<String, ConfigError> {
    let url = url.trim().trim_end_matches('/');
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match host {
        Some(h) if !h.is_empty() && !h.starts_with('/') => Ok(url.to_string()),
        _ => Err(ConfigError::Invalid(format!(
            "{key} {url:?}: expected an absolute http:// or https:// URL"
        ))),
    }
}
