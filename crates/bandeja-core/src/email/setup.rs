//! Connecting a mailbox: "Test connection" and "Connect" log in to both
//! servers before anything is saved, so a typo is caught while the member
//! is still looking at the form; a new password replaces the old one only
//! once both servers take it.

use bandeja_channels::email::{self, Probe};
use bandeja_domain::{AccountKind, AccountStatus, ReopenPolicy};
use bandeja_secrets::account_key;

use super::{password_login, EmailSettings, EmailSetupError, PASSWORD};
use crate::{Core, CoreEvent, InvalidField};

fn invalid(field: &str, message: &str) -> EmailSetupError {
    EmailSetupError::Invalid(InvalidField {
        field: field.into(),
        message: message.into(),
    })
}

fn validate(s: &EmailSettings, password: &str) -> Result<(), EmailSetupError> {
    let at = s.address.find('@');
    if s.address.is_empty() || at.is_none_or(|i| i == 0 || i + 1 == s.address.len()) {
        return Err(invalid("address", "enter the full email address"));
    }
    for (field, server) in [("imap", &s.imap), ("smtp", &s.smtp)] {
        if server.host.is_empty() || server.host.contains(char::is_whitespace) {
            return Err(invalid(field, "enter the server's host name"));
        }
        if server.port == 0 {
            return Err(invalid(field, "enter the server's port"));
        }
    }
    if password.is_empty() {
        return Err(invalid("password", "enter the password or app password"));
    }
    if !(1..=3650).contains(&s.sync_days) {
        return Err(invalid("sync_days", "choose between 1 and 3650 days"));
    }
    Ok(())
}

impl Core {
    /// Log in to both servers with these settings; keep nothing (ACC-33).
    pub async fn test_email(
        &self,
        settings: &EmailSettings,
        password: &str,
    ) -> Result<Probe, EmailSetupError> {
        validate(settings, password)?;
        let login = password_login(settings, password);
        Ok(email::probe(
            &settings.imap,
            &login,
            &settings.smtp,
            &login,
            &self.mail_trust(),
        )
        .await)
    }

    /// Test, then save the account and start syncing it.
    pub async fn connect_email(
        &self,
        settings: EmailSettings,
        password: &str,
    ) -> Result<i64, EmailSetupError> {
        let ws = self.workspace().await;
        if ws.is_demo {
            return Err(invalid(
                "workspace",
                "leave the demo to connect your own mailbox",
            ));
        }
        let probe = self.test_email(&settings, password).await?;
        if !probe.ok() {
            return Err(EmailSetupError::Refused(probe));
        }
        let id = self
            .save_email_account(AccountKind::EmailImap, settings)
            .await?;
        self.secrets()
            .set(&account_key(id, PASSWORD), password)
            .await
            .map_err(anyhow::Error::from)?;
        self.after_email_connect(id).await?;
        Ok(id)
    }

    /// A new password for a mailbox whose login was refused: both servers
    /// must take it before it replaces the old one, then the sync restarts.
    pub async fn reconnect_email(
        &self,
        account: i64,
        password: &str,
    ) -> Result<(), EmailSetupError> {
        let settings = self
            .email_settings(account)
            .await?
            .ok_or_else(|| invalid("account", "this is not an email account"))?;
        if settings.oauth.is_some() {
            return Err(invalid(
                "account",
                "this mailbox signs in with its provider: sign in again",
            ));
        }
        let probe = self.test_email(&settings, password).await?;
        if !probe.ok() {
            return Err(EmailSetupError::Refused(probe));
        }
        self.secrets()
            .set(&account_key(account, PASSWORD), password)
            .await
            .map_err(anyhow::Error::from)?;
        self.after_email_connect(account).await?;
        Ok(())
    }

    /// Find or create the account of `settings.address` and save its
    /// settings (keeping the signature and Sent folder of an earlier one).
    pub(crate) async fn save_email_account(
        &self,
        kind: AccountKind,
        settings: EmailSettings,
    ) -> Result<i64, EmailSetupError> {
        let ws = self.workspace().await;
        let address = settings.address.to_lowercase();
        let mut known = None;
        for k in [
            AccountKind::EmailImap,
            AccountKind::EmailGmail,
            AccountKind::EmailMicrosoft,
        ] {
            if let Some(id) = ws
                .store
                .account_by_provider_ref(k, &address)
                .await
                .map_err(anyhow::Error::from)?
            {
                known = Some(id);
            }
        }
        let id = match known {
            Some(id) => id,
            None => {
                let name = match settings.sender_name.as_str() {
                    "" => settings.address.clone(),
                    n => n.to_string(),
                };
                let id = ws
                    .store
                    .insert_account(
                        kind,
                        &name,
                        &settings.address,
                        &AccountStatus::Active,
                        None,
                        ReopenPolicy::default(),
                        &[ws.me],
                        self.now(),
                    )
                    .await
                    .map_err(anyhow::Error::from)?;
                ws.store
                    .set_provider_ref(id, &address)
                    .await
                    .map_err(anyhow::Error::from)?;
                id
            }
        };
        let mut settings = settings;
        if let Some(old) = self.email_settings(id).await.ok().flatten() {
            settings.signature_html = old.signature_html;
            settings.sent_folder = old.sent_folder;
        }
        self.save_email_settings(id, &settings).await?;
        Ok(id)
    }

    pub(crate) async fn after_email_connect(&self, id: i64) -> anyhow::Result<()> {
        self.workspace()
            .await
            .store
            .set_account_status(id, &AccountStatus::Active)
            .await?;
        tracing::info!(account = id, secrets = %self.secrets().backend(), "mailbox connected");
        self.start_email_sync(id);
        self.emit(CoreEvent::WorkspaceChanged);
        Ok(())
    }
}
