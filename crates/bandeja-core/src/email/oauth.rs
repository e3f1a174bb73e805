//! Gmail and Microsoft 365 accounts (ACC-30, ACC-31): sign in through the
//! system browser, then keep a fresh access token for IMAP/SMTP XOAUTH2.
//!
//! The refresh token lives in the keychain; the access token only in
//! memory, refreshed five minutes before it expires, or at once when a
//! server refuses it. Refreshes are serialized (Microsoft replaces the
//! refresh token on every use, so two racing refreshes would void each
//! other) and the new refresh token is stored each time. A refresh token
//! the provider no longer accepts (`invalid_grant`) stops the sync and
//! turns the account to `error` with "sign in again".

use std::collections::HashMap;
use std::time::Duration;

use bandeja_channels::email::oauth::{self, OAuthConfig, OAuthError, Pending, Provider};
use bandeja_channels::email::{self, Login, MailError, Security, Server, Step};
use bandeja_domain::AccountKind;
use bandeja_secrets::account_key;
use chrono::{DateTime, Utc};

use super::{EmailSettings, EmailSetupError};
use crate::{Core, InvalidField};

const REFRESH_TOKEN: &str = "refresh_token";
/// How long the browser has to come back.
const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(300);

/// Sign-ins waiting for the browser, and access tokens in memory.
#[derive(Default)]
pub(crate) struct OAuthState {
    flows: std::sync::Mutex<HashMap<String, (Pending, EmailSettings)>>,
    tokens: std::sync::Mutex<HashMap<i64, (String, DateTime<Utc>)>>,
    refreshing: tokio::sync::Mutex<()>,
}

/// A started sign-in: open `url`, then call `finish_email_oauth(flow_id)`.
#[derive(Debug, Clone)]
pub struct OAuthStart {
    pub flow_id: String,
    pub url: String,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The provider's endpoints and this build's client id. `BANDEJA_GOOGLE_*`
/// and `BANDEJA_MICROSOFT_*` variables set or override them (tests point
/// them at a local OAuth server).
pub fn oauth_config(provider: Provider) -> Result<OAuthConfig, InvalidField> {
    let (prefix, name) = match provider {
        Provider::Google => ("BANDEJA_GOOGLE", "Google"),
        Provider::Microsoft => ("BANDEJA_MICROSOFT", "Microsoft"),
    };
    let client_id = env(&format!("{prefix}_CLIENT_ID")).ok_or_else(|| InvalidField {
        field: "provider".into(),
        message: format!(
            "{name} sign-in needs an OAuth client id registered for Bandeja ({prefix}_CLIENT_ID); \
             use an app password with the IMAP/SMTP form meanwhile"
        ),
    })?;
    let mut c = match provider {
        Provider::Google => OAuthConfig::google(
            &client_id,
            &env("BANDEJA_GOOGLE_CLIENT_SECRET").unwrap_or_default(),
        ),
        Provider::Microsoft => OAuthConfig::microsoft(&client_id),
    };
    if let Some(u) = env(&format!("{prefix}_AUTH_URL")) {
        c.auth_url = u;
    }
    if let Some(u) = env(&format!("{prefix}_TOKEN_URL")) {
        c.token_url = u;
    }
    if let (Provider::Microsoft, Some(u)) = (provider, env("BANDEJA_MICROSOFT_GRAPH_URL")) {
        c.graph_url = Some(u);
    }
    Ok(c)
}

/// The provider's mail servers.
pub fn default_servers(provider: Provider) -> (Server, Server) {
    let s = |host: &str, port, security| Server {
        host: host.into(),
        port,
        security,
    };
    match provider {
        Provider::Google => (
            s("imap.gmail.com", 993, Security::Tls),
            s("smtp.gmail.com", 465, Security::Tls),
        ),
        Provider::Microsoft => (
            s("outlook.office365.com", 993, Security::Tls),
            s("smtp.office365.com", 587, Security::StartTls),
        ),
    }
}

fn oauth_failure(e: OAuthError) -> MailError {
    match e {
        OAuthError::InvalidGrant(m) | OAuthError::Denied(m) => {
            MailError::new(Step::Auth, format!("sign in again: {m}"))
        }
        OAuthError::Network(m) => MailError::new(Step::Tcp, m),
        other => MailError::new(Step::Protocol, other.to_string()),
    }
}

impl Core {
    /// Start signing in: the URL to open in the browser.
    pub async fn start_email_oauth(
        &self,
        settings: EmailSettings,
    ) -> Result<OAuthStart, EmailSetupError> {
        let config = settings.oauth.clone().ok_or_else(|| {
            EmailSetupError::Invalid(InvalidField {
                field: "provider".into(),
                message: "choose Google or Microsoft".into(),
            })
        })?;
        if !settings.address.contains('@') {
            return Err(EmailSetupError::Invalid(InvalidField {
                field: "address".into(),
                message: "enter the full email address".into(),
            }));
        }
        let (url, pending) = oauth::begin(&config, &settings.address)
            .await
            .map_err(|e| EmailSetupError::Other(e.into()))?;
        let mut id = [0u8; 12];
        getrandom::fill(&mut id).expect("system randomness");
        let flow_id = hex::encode(id);
        self.syncs()
            .oauth
            .flows
            .lock()
            .expect("flows lock")
            .insert(flow_id.clone(), (pending, settings));
        Ok(OAuthStart { flow_id, url })
    }

    /// Wait for the browser, check both servers with the token, and save
    /// the account.
    pub async fn finish_email_oauth(&self, flow_id: &str) -> Result<i64, EmailSetupError> {
        let (pending, settings) = self
            .syncs()
            .oauth
            .flows
            .lock()
            .expect("flows lock")
            .remove(flow_id)
            .ok_or_else(|| {
                EmailSetupError::Invalid(InvalidField {
                    field: "flow".into(),
                    message: "this sign-in is over; start again".into(),
                })
            })?;
        let tokens = pending
            .finish(SIGN_IN_TIMEOUT)
            .await
            .map_err(|e| EmailSetupError::Other(e.into()))?;
        let mut refresh = tokens.refresh_token.clone().ok_or_else(|| {
            EmailSetupError::Other(anyhow::anyhow!(
                "the provider gave no refresh token: Bandeja could not stay signed in"
            ))
        })?;
        let login = Login::OAuth {
            user: settings.username.clone(),
            access_token: tokens.access_token.clone(),
        };
        let mut probe = email::probe(
            &settings.imap,
            &login,
            &settings.smtp,
            &login,
            &self.mail_trust(),
        )
        .await;
        if let (Err(e), Some(config)) = (&probe.smtp, &settings.oauth) {
            // Microsoft tenants often turn SMTP AUTH off: sending then goes
            // through Graph, so a Graph token is what must work
            if e.step == Step::Auth
                && config.provider == Provider::Microsoft
                && config.graph_url.is_some()
            {
                match oauth::refresh(config, &refresh, &config.graph_scopes).await {
                    Ok(t) => {
                        // Microsoft rotates refresh tokens: keep the newest
                        if let Some(n) = t.refresh_token {
                            refresh = n;
                        }
                        probe.smtp = Ok(());
                    }
                    Err(g) => tracing::info!(error = %g, "no Graph token either"),
                }
            }
        }
        if !probe.ok() {
            return Err(EmailSetupError::Refused(probe));
        }
        let kind = match settings.oauth.as_ref().map(|c| c.provider) {
            Some(Provider::Microsoft) => AccountKind::EmailMicrosoft,
            _ => AccountKind::EmailGmail,
        };
        let id = self.save_email_account(kind, settings).await?;
        self.secrets()
            .set(&account_key(id, REFRESH_TOKEN), &refresh)
            .await
            .map_err(anyhow::Error::from)?;
        if let Some(exp) = tokens.expires_at {
            self.syncs()
                .oauth
                .tokens
                .lock()
                .expect("tokens lock")
                .insert(id, (tokens.access_token, exp));
        }
        self.after_email_connect(id).await?;
        Ok(id)
    }

    /// A valid access token for the account's IMAP/SMTP (refreshed when
    /// it expires within five minutes, or when `force`).
    pub(crate) async fn email_access_token(
        &self,
        account: i64,
        config: &OAuthConfig,
        force: bool,
    ) -> Result<String, MailError> {
        let oauth = &self.syncs().oauth;
        let _one_at_a_time = oauth.refreshing.lock().await;
        if !force {
            if let Some((token, exp)) = oauth.tokens.lock().expect("tokens lock").get(&account) {
                if *exp - chrono::Duration::minutes(5) > Utc::now() {
                    return Ok(token.clone());
                }
            }
        }
        let tokens = self.refresh_tokens(account, config, &config.scopes).await?;
        let exp = tokens
            .expires_at
            .unwrap_or_else(|| Utc::now() + chrono::Duration::minutes(30));
        oauth
            .tokens
            .lock()
            .expect("tokens lock")
            .insert(account, (tokens.access_token.clone(), exp));
        Ok(tokens.access_token)
    }

    /// A Graph token (Microsoft gives one resource per token, so it is
    /// minted apart from the IMAP/SMTP one, from the same refresh token).
    pub(crate) async fn graph_access_token(
        &self,
        account: i64,
        config: &OAuthConfig,
    ) -> Result<String, MailError> {
        let _one_at_a_time = self.syncs().oauth.refreshing.lock().await;
        let tokens = self
            .refresh_tokens(account, config, &config.graph_scopes)
            .await?;
        Ok(tokens.access_token)
    }

    /// Trade the kept refresh token for tokens of `scopes`, keeping the new
    /// refresh token when the provider rotated it. Callers hold `refreshing`.
    async fn refresh_tokens(
        &self,
        account: i64,
        config: &OAuthConfig,
        scopes: &[String],
    ) -> Result<oauth::Tokens, MailError> {
        let kept = |e: bandeja_secrets::SecretError| MailError::new(Step::Protocol, e.to_string());
        let key = account_key(account, REFRESH_TOKEN);
        let refresh = self
            .secrets()
            .get(&key)
            .await
            .map_err(kept)?
            .ok_or_else(|| MailError::new(Step::Auth, "sign in again: no refresh token is kept"))?;
        let tokens = oauth::refresh(config, &refresh, scopes)
            .await
            .map_err(oauth_failure)?;
        if let Some(new) = tokens.refresh_token.as_deref().filter(|n| *n != refresh) {
            self.secrets().set(&key, new).await.map_err(kept)?;
        }
        Ok(tokens)
    }

    /// Forget the access token in memory (a server refused it).
    pub(crate) fn forget_access_token(&self, account: i64) {
        self.syncs()
            .oauth
            .tokens
            .lock()
            .expect("tokens lock")
            .remove(&account);
    }
}
