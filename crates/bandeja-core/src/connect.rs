//! Connecting a WhatsApp Cloud API number by hand (ACC-11) and keeping it
//! connected: the credentials are tested against Meta before anything is
//! saved, secrets go to the OS keychain (`bandeja-secrets`) and only ids and
//! the verify token to the database, and every start-up (or workspace
//! switch) restores the clients from there. A token Meta refuses (190)
//! turns the account to `error` until the member pastes a new one.

use bandeja_channels::graph::{ErrorKind, GraphConfig, GraphError, PhoneNumberInfo};
use bandeja_domain::{AccountKind, AccountStatus, ReopenPolicy};
use bandeja_secrets::account_key;
use serde_json::json;

use crate::whatsapp::WebhookKeys;
use crate::{Core, CoreEvent};

/// Meta's production Graph API; `BANDEJA_GRAPH_URL` points elsewhere (the
/// simulator in tests).
pub const GRAPH_URL: &str = "https://graph.facebook.com";
pub const GRAPH_VERSION: &str = "v25.0";

const ACCESS_TOKEN: &str = "access_token";
const APP_SECRET: &str = "app_secret";

/// What a member types to connect a number (Meta's App Dashboard values).
#[derive(Clone, Default)]
pub struct WhatsappCredentials {
    pub app_id: String,
    pub app_secret: String,
    pub waba_id: String,
    pub phone_number_id: String,
    pub access_token: String,
}

impl std::fmt::Debug for WhatsappCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WhatsappCredentials")
            .field("app_id", &self.app_id)
            .field("waba_id", &self.waba_id)
            .field("phone_number_id", &self.phone_number_id)
            .finish_non_exhaustive()
    }
}

/// A field the member must correct before connecting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InvalidField {
    pub field: String,
    pub message: String,
}

/// Meta (or the network) refused a request; `reconnect` when the token is
/// the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{title}")]
pub struct ProviderRefused {
    pub code: i64,
    pub title: String,
    pub reconnect: bool,
}

impl From<GraphError> for ProviderRefused {
    fn from(e: GraphError) -> Self {
        ProviderRefused {
            reconnect: e.kind() == ErrorKind::Auth,
            code: e.code,
            title: match &e.details {
                Some(d) if !d.is_empty() && d != &e.title => format!("{} — {d}", e.title),
                _ => e.title.clone(),
            },
        }
    }
}

/// How a connected number is reached and checked, for its settings page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionInfo {
    pub app_id: String,
    pub waba_id: String,
    pub phone_number_id: String,
    pub verify_token: String,
    /// Where Meta must post webhooks (direct mode), when the receiver runs.
    pub callback_url: Option<String>,
    pub connected_here: bool,
    pub secrets_backend: String,
    /// The last webhook received for this number since Bandeja started.
    pub last_event_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The Graph API base URL a new core uses: `BANDEJA_GRAPH_URL` or Meta's.
pub(crate) fn default_graph_url() -> String {
    std::env::var("BANDEJA_GRAPH_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| GRAPH_URL.into())
}

fn check(creds: &WhatsappCredentials) -> Result<(), InvalidField> {
    let digits = |field: &str, v: &str| {
        if v.trim().is_empty() || !v.trim().bytes().all(|b| b.is_ascii_digit()) {
            Err(InvalidField {
                field: field.into(),
                message: "must be the number shown in Meta's App Dashboard (digits only)".into(),
            })
        } else {
            Ok(())
        }
    };
    digits("app_id", &creds.app_id)?;
    digits("waba_id", &creds.waba_id)?;
    digits("phone_number_id", &creds.phone_number_id)?;
    for (field, v) in [
        ("app_secret", &creds.app_secret),
        ("access_token", &creds.access_token),
    ] {
        if v.trim().len() < 8 || v.trim().contains(char::is_whitespace) {
            return Err(InvalidField {
                field: field.into(),
                message: "paste the whole value, without spaces".into(),
            });
        }
    }
    Ok(())
}

/// 36 random hex characters from the OS (verify tokens, file names).
pub(crate) fn random_token() -> String {
    let mut b = [0u8; 18];
    getrandom::fill(&mut b).expect("the OS random source");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl Core {
    fn graph_config(&self, phone_number_id: &str, access_token: &str) -> GraphConfig {
        GraphConfig {
            base_url: self.inner.graph_url.read().expect("graph url lock").clone(),
            version: GRAPH_VERSION.into(),
            phone_number_id: phone_number_id.into(),
            access_token: access_token.into(),
        }
    }

    /// Talk to another Graph API (the simulator in tests); applies to
    /// numbers connected or restored from now on.
    pub fn set_graph_url(&self, url: &str) {
        *self.inner.graph_url.write().expect("graph url lock") = url.to_string();
    }

    /// "Test": do these credentials reach the number? Nothing is saved.
    pub async fn test_whatsapp(
        &self,
        creds: &WhatsappCredentials,
    ) -> anyhow::Result<PhoneNumberInfo> {
        check(creds)?;
        let client = bandeja_channels::graph::GraphClient::new(
            self.graph_config(creds.phone_number_id.trim(), creds.access_token.trim()),
        );
        Ok(client.phone_number().await.map_err(ProviderRefused::from)?)
    }

    /// Connect a number (or update the credentials of one already here).
    pub async fn connect_whatsapp(&self, creds: WhatsappCredentials) -> anyhow::Result<i64> {
        let info = self.test_whatsapp(&creds).await?;
        let ws = self.workspace().await;
        if ws.is_demo {
            anyhow::bail!(InvalidField {
                field: "workspace".into(),
                message: "leave the demo to connect your own number".into(),
            });
        }
        let phone_id = creds.phone_number_id.trim();
        let account_id = match ws
            .store
            .account_by_provider_ref(AccountKind::WhatsappCloud, phone_id)
            .await?
        {
            Some(id) => id,
            None => {
                let name = if info.verified_name.is_empty() {
                    "WhatsApp".to_string()
                } else {
                    info.verified_name.clone()
                };
                let id = ws
                    .store
                    .insert_account(
                        AccountKind::WhatsappCloud,
                        &name,
                        &info.display_phone_number,
                        &AccountStatus::Active,
                        None,
                        ReopenPolicy::default(),
                        &[ws.me],
                        self.now(),
                    )
                    .await?;
                ws.store.set_provider_ref(id, phone_id).await?;
                id
            }
        };
        let settings = ws.store.account_settings(account_id).await?;
        let verify_token = settings["verify_token"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(random_token);
        ws.store
            .patch_account_settings(
                account_id,
                &json!({"app_id": creds.app_id.trim(), "waba_id": creds.waba_id.trim(),
                        "verify_token": verify_token,
                        "messaging_limit_tier": info.messaging_limit_tier}),
            )
            .await?;
        let secrets = &self.inner.secrets;
        secrets
            .set(
                &account_key(account_id, ACCESS_TOKEN),
                creds.access_token.trim(),
            )
            .await?;
        secrets
            .set(
                &account_key(account_id, APP_SECRET),
                creds.app_secret.trim(),
            )
            .await?;
        self.whatsapp().connect_account(
            account_id,
            self.graph_config(phone_id, creds.access_token.trim()),
            creds.waba_id.trim().into(),
            WebhookKeys {
                app_secret: creds.app_secret.trim().into(),
                verify_token,
            },
        );
        ws.store
            .set_account_status(account_id, &AccountStatus::Active)
            .await?;
        tracing::info!(account = account_id, secrets = %secrets.backend(), "WhatsApp number connected");
        self.after_connect(account_id);
        Ok(account_id)
    }

    /// Paste a new access token for an account Meta stopped accepting.
    pub async fn reconnect_whatsapp(
        &self,
        account_id: i64,
        access_token: &str,
    ) -> anyhow::Result<()> {
        let ws = self.workspace().await;
        let settings = ws.store.account_settings(account_id).await?;
        let phone_id = ws
            .store
            .account_provider_ref(account_id)
            .await?
            .ok_or_else(|| InvalidField {
                field: "account".into(),
                message: "this account is not a WhatsApp Cloud API number".into(),
            })?;
        let app_secret = self
            .inner
            .secrets
            .get(&account_key(account_id, APP_SECRET))
            .await?
            .unwrap_or_default();
        let creds = WhatsappCredentials {
            app_id: settings["app_id"].as_str().unwrap_or_default().into(),
            app_secret: app_secret.clone(),
            waba_id: settings["waba_id"].as_str().unwrap_or_default().into(),
            phone_number_id: phone_id,
            access_token: access_token.trim().into(),
        };
        if app_secret.is_empty() {
            // only the token can be checked; the secret must be typed again
            anyhow::bail!(InvalidField {
                field: "app_secret".into(),
                message: "the app secret is not stored on this computer: connect the number again with all its values".into(),
            });
        }
        self.connect_whatsapp(creds).await.map(|_| ())
    }

    /// Load the connected numbers' credentials from the keychain (at start
    /// and whenever another workspace is shown). Returns how many connected.
    pub async fn restore_connections(&self) -> anyhow::Result<usize> {
        self.whatsapp().disconnect_all();
        let ws = self.workspace().await;
        if ws.is_demo {
            return Ok(0);
        }
        let mut n = 0;
        for account in ws.store.accounts(None).await? {
            if account.kind != AccountKind::WhatsappCloud {
                continue;
            }
            let Some(phone_id) = ws.store.account_provider_ref(account.id).await? else {
                continue;
            };
            let settings = ws.store.account_settings(account.id).await?;
            let secrets = &self.inner.secrets;
            let token = secrets.get(&account_key(account.id, ACCESS_TOKEN)).await;
            let app_secret = secrets.get(&account_key(account.id, APP_SECRET)).await;
            match (token, app_secret) {
                (Ok(Some(token)), Ok(app_secret)) => {
                    self.whatsapp().connect_account(
                        account.id,
                        self.graph_config(&phone_id, &token),
                        settings["waba_id"].as_str().unwrap_or_default().into(),
                        WebhookKeys {
                            app_secret: app_secret.unwrap_or_default(),
                            verify_token: settings["verify_token"]
                                .as_str()
                                .unwrap_or_default()
                                .into(),
                        },
                    );
                    n += 1;
                }
                (Ok(None), _) => {
                    tracing::warn!(account = account.id, "no stored token for this number");
                }
                (Err(e), _) | (_, Err(e)) => {
                    tracing::error!(account = account.id, error = %e, "cannot read this number's secrets");
                }
            }
        }
        Ok(n)
    }

    /// What the settings page shows about a connected number.
    pub async fn connection_info(&self, account_id: i64) -> anyhow::Result<ConnectionInfo> {
        let ws = self.workspace().await;
        let settings = ws.store.account_settings(account_id).await?;
        let s = |k: &str| settings[k].as_str().unwrap_or_default().to_string();
        Ok(ConnectionInfo {
            app_id: s("app_id"),
            waba_id: s("waba_id"),
            phone_number_id: ws
                .store
                .account_provider_ref(account_id)
                .await?
                .unwrap_or_default(),
            verify_token: s("verify_token"),
            callback_url: self.inner.webhook_url.get().cloned(),
            connected_here: self.whatsapp().client(account_id).is_some(),
            secrets_backend: self.inner.secrets.backend().to_string(),
            last_event_at: self.last_provider_event(account_id),
        })
    }

    /// Say where the local webhook receiver listens (shown as the callback URL).
    pub fn set_webhook_url(&self, url: String) {
        let _ = self.inner.webhook_url.set(url);
    }

    fn after_connect(&self, account_id: i64) {
        self.emit(CoreEvent::WorkspaceChanged);
        self.wake_outbox();
        self.wake_media();
        let core = self.clone();
        tokio::spawn(async move {
            if let Err(e) = core.sync_templates(account_id).await {
                tracing::warn!(
                    account = account_id,
                    error = format!("{e:#}"),
                    "template sync after connecting failed"
                );
            }
        });
    }

    /// A Graph refusal for an account: a dead token turns it to `error`.
    pub(crate) async fn graph_refused(&self, account_id: i64, e: GraphError) -> anyhow::Error {
        let refused = ProviderRefused::from(e);
        if refused.reconnect {
            let ws = self.workspace().await;
            let reason = format!("{} — reconnect the account", refused.title);
            if let Err(e) = ws
                .store
                .set_account_status(account_id, &AccountStatus::Error { reason })
                .await
            {
                tracing::error!(error = %e, "cannot record the account's error");
            }
            self.emit(CoreEvent::WorkspaceChanged);
        }
        refused.into()
    }
}
