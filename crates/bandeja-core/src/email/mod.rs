//! Email accounts (issue 5): an IMAP/SMTP mailbox connected once, then
//! kept in sync by a background task per account (`sync.rs`), its mail
//! threaded into conversations (`ingest.rs`), answered through the outbox
//! (`send.rs`) and shown sanitized (`view.rs`).
//!
//! The password lives in the OS keychain; the servers, sender name and
//! signature in the account's settings. "Test connection" and "Connect"
//! log in to both servers before anything is saved, so a typo is caught
//! while the member is still looking at the form.

use std::collections::HashMap;
use std::sync::Mutex;

use bandeja_channels::email::{Login, Probe, Server, Trust};
use bandeja_domain::AccountStatus;
use bandeja_secrets::account_key;
use serde::{Deserialize, Serialize};

use crate::{Core, CoreEvent, InvalidField};

mod demo;
mod ingest;
mod oauth;
mod send;
mod setup;
mod submit;
mod sync;
mod view;

pub use bandeja_channels::email::oauth::{OAuthConfig, Provider};
pub use bandeja_domain::email_reply::Answer;
pub use oauth::{default_servers, oauth_config, OAuthStart};
pub use send::OutgoingEmail;
pub use sync::SyncState;
pub use view::{EmailDraft, EmailView};

const PASSWORD: &str = "password";
/// Settings key of the email part of an account's settings.
const SETTINGS_KEY: &str = "email";

/// An account's servers and preferences (no secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailSettings {
    pub address: String,
    pub sender_name: String,
    pub imap: Server,
    pub smtp: Server,
    pub username: String,
    pub sync_days: u32,
    #[serde(default)]
    pub signature_html: String,
    /// Found on the first sync (special-use `\Sent`).
    #[serde(default)]
    pub sent_folder: Option<String>,
    /// Gmail / Microsoft 365: how tokens are refreshed (password otherwise).
    #[serde(default)]
    pub oauth: Option<OAuthConfig>,
}

/// Why an account could not be tested or connected.
#[derive(Debug, thiserror::Error)]
pub enum EmailSetupError {
    #[error("{0}")]
    Invalid(InvalidField),
    #[error("the servers refused the connection")]
    Refused(Probe),
    #[error("{0} is already connected")]
    Duplicate(String),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// An email account as its settings page shows it.
#[derive(Debug, Clone)]
pub struct EmailAccountView {
    pub account_id: i64,
    pub kind: String,
    pub settings: EmailSettings,
    pub status: String,
    pub status_reason: Option<String>,
    pub sync_state: SyncState,
    pub messages: i64,
    pub last_sync_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The running sync tasks, by account.
#[derive(Default)]
pub(crate) struct Syncs {
    tasks: Mutex<HashMap<i64, sync::Running>>,
    oauth: oauth::OAuthState,
    /// From an IDLE notice to its mail committed, the latest 1 000.
    wakes: Mutex<std::collections::VecDeque<std::time::Duration>>,
}

impl Syncs {
    fn record_wake(&self, d: std::time::Duration) {
        let mut w = self.wakes.lock().expect("wakes lock");
        if w.len() == 1000 {
            w.pop_front();
        }
        w.push_back(d);
    }
}

/// Certificates trusted besides the public roots: `BANDEJA_MAIL_CA` names
/// a PEM bundle (a company CA for a self-hosted server; the test servers).
pub(crate) fn trust_from_env() -> Trust {
    match std::env::var_os("BANDEJA_MAIL_CA") {
        Some(path) => match std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|pem| Trust::with_pem(&pem))
        {
            Ok(t) => t,
            Err(e) => {
                tracing::error!(path = ?path, error = %e, "BANDEJA_MAIL_CA unusable");
                Trust::default()
            }
        },
        None => Trust::default(),
    }
}

fn demo_settings(a: &bandeja_domain::Account) -> EmailSettings {
    let none = || Server {
        host: String::new(),
        port: 0,
        security: bandeja_channels::email::Security::Tls,
    };
    EmailSettings {
        address: a.address.clone(),
        sender_name: a.name.clone(),
        imap: none(),
        smtp: none(),
        username: a.address.clone(),
        sync_days: 30,
        signature_html: String::new(),
        sent_folder: None,
        oauth: None,
    }
}

fn password_login(s: &EmailSettings, password: &str) -> Login {
    Login::Password {
        user: s.username.clone(),
        password: password.to_string(),
    }
}

impl Core {
    pub(crate) async fn email_settings(
        &self,
        account: i64,
    ) -> anyhow::Result<Option<EmailSettings>> {
        let settings = self
            .workspace()
            .await
            .store
            .account_settings(account)
            .await?;
        Ok(match settings.get(SETTINGS_KEY) {
            Some(v) => Some(serde_json::from_value(v.clone())?),
            None => None,
        })
    }

    pub(crate) async fn save_email_settings(
        &self,
        account: i64,
        settings: &EmailSettings,
    ) -> anyhow::Result<()> {
        self.workspace()
            .await
            .store
            .patch_account_settings(account, &serde_json::json!({ SETTINGS_KEY: settings }))
            .await?;
        Ok(())
    }

    /// How the account logs in now: its password, or a fresh OAuth token.
    pub(crate) async fn email_login(
        &self,
        account: i64,
        settings: &EmailSettings,
    ) -> Result<Login, bandeja_channels::email::MailError> {
        use bandeja_channels::email::{MailError, Step};
        if let Some(config) = &settings.oauth {
            let token = self.email_access_token(account, config, false).await?;
            return Ok(Login::OAuth {
                user: settings.username.clone(),
                access_token: token,
            });
        }
        let password = self
            .secrets()
            .get(&account_key(account, PASSWORD))
            .await
            .map_err(|e| MailError::new(Step::Protocol, e.to_string()))?
            .ok_or_else(|| {
                MailError::new(Step::Auth, "the mailbox password is not in the keychain")
            })?;
        Ok(password_login(settings, &password))
    }

    /// The email accounts of the workspace shown.
    pub async fn email_accounts(&self) -> anyhow::Result<Vec<EmailAccountView>> {
        let ws = self.workspace().await;
        let mut out = Vec::new();
        for a in ws.store.accounts(None).await? {
            if a.kind.channel() != bandeja_domain::ChannelKind::Email {
                continue;
            }
            let settings = match self.email_settings(a.id).await? {
                Some(s) => s,
                // the demo's mailboxes have no servers behind them
                None if ws.is_demo => demo_settings(&a),
                None => continue,
            };
            let (status, status_reason) = match &a.status {
                AccountStatus::Active => ("active", None),
                AccountStatus::Paused => ("paused", None),
                AccountStatus::Error { reason } => ("error", Some(reason.clone())),
            };
            let (sync_state, last_sync_at) = self.sync_status(a.id);
            out.push(EmailAccountView {
                account_id: a.id,
                kind: a.kind.as_str().to_string(),
                settings,
                status: status.into(),
                status_reason,
                sync_state,
                messages: ws.store.email_message_count(a.id).await?,
                last_sync_at,
            });
        }
        Ok(out)
    }

    /// Save an account's signature (sanitized: it is HTML we will send).
    pub async fn set_email_signature(&self, account: i64, html: &str) -> anyhow::Result<()> {
        let mut settings = self.email_settings(account).await?.ok_or_else(|| {
            anyhow::anyhow!(InvalidField {
                field: "account".into(),
                message: "this is not an email account".into(),
            })
        })?;
        settings.signature_html = view::clean_signature(html);
        self.save_email_settings(account, &settings).await?;
        self.emit(CoreEvent::WorkspaceChanged);
        Ok(())
    }

    /// Start the sync of every email account (app start, workspace switch).
    pub async fn restore_email(&self) -> anyhow::Result<usize> {
        let ws = self.workspace().await;
        if ws.is_demo {
            return Ok(0);
        }
        let mut n = 0;
        for a in ws.store.accounts(None).await? {
            if a.kind.channel() == bandeja_domain::ChannelKind::Email
                && self.email_settings(a.id).await?.is_some()
            {
                self.start_email_sync(a.id);
                n += 1;
            }
        }
        Ok(n)
    }

    /// How long the latest IDLE notices took to become committed mail
    /// (for the benchmark and diagnostics).
    pub fn email_wake_latencies(&self) -> Vec<std::time::Duration> {
        self.syncs()
            .wakes
            .lock()
            .expect("wakes lock")
            .iter()
            .copied()
            .collect()
    }

    /// The roots mail servers' certificates are checked against.
    pub fn mail_trust(&self) -> Trust {
        self.inner.mail_trust.read().expect("trust lock").clone()
    }

    /// Trust this PEM bundle too (a company CA; the test servers' CA).
    pub fn set_mail_ca(&self, pem: &[u8]) -> Result<(), String> {
        *self.inner.mail_trust.write().expect("trust lock") = Trust::with_pem(pem)?;
        Ok(())
    }

    fn syncs(&self) -> &Syncs {
        &self.inner.email
    }
}
