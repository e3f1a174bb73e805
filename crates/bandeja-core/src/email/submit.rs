//! Submitting a queued email for the outbox: SMTP with the account's login
//! (a refused OAuth token is refreshed once), Microsoft Graph `sendMail`
//! when a tenant turned SMTP AUTH off, then — without risking a second
//! send — the copy in Sent and the parent's `\Answered` on the server.

use bandeja_channels::email::imap;
use bandeja_channels::email::oauth::{self, Provider};
use bandeja_channels::email::smtp::{self, SmtpFailure};
use serde_json::Value;

use super::EmailSettings;
use crate::outbox::{SendError, SendErrorKind};
use crate::Core;

impl Core {
    async fn smtp_login(
        &self,
        account: i64,
        settings: &EmailSettings,
        fresh: bool,
    ) -> Result<bandeja_channels::email::Login, SendError> {
        if fresh {
            self.forget_access_token(account);
        }
        self.email_login(account, settings)
            .await
            .map_err(|e| SendError {
                kind: match e.step {
                    bandeja_channels::email::Step::Auth => SendErrorKind::Auth,
                    _ => SendErrorKind::Transient,
                },
                code: 0,
                title: e.message,
            })
    }

    /// The outbox's email sender: SMTP, then the copy in Sent.
    pub(crate) async fn submit_email(
        &self,
        account: i64,
        payload: &Value,
    ) -> Result<String, SendError> {
        let fail = |kind, title: String| SendError {
            kind,
            code: 0,
            title,
        };
        let settings: EmailSettings = self
            .email_settings(account)
            .await
            .ok()
            .flatten()
            .ok_or_else(|| {
                fail(
                    SendErrorKind::Permanent,
                    "this mailbox is no longer connected".into(),
                )
            })?;
        let mut login = self.smtp_login(account, &settings, false).await?;
        let raw_file = payload["raw_file"].as_str().unwrap_or_default();
        let raw = tokio::fs::read(self.data_dir().join("mail").join(raw_file))
            .await
            .map_err(|e| {
                fail(
                    SendErrorKind::Permanent,
                    format!("the message file is missing: {e}"),
                )
            })?;
        let rcpt: Vec<String> = payload["rcpt"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let header_id = payload["message_id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let trust = self.mail_trust();
        let mut sent = smtp::send(
            &settings.smtp,
            &login,
            &trust,
            &settings.address,
            &rcpt,
            &raw,
        )
        .await;
        if matches!(&sent, Err(e) if e.failure == SmtpFailure::Auth) && settings.oauth.is_some() {
            // a token refused before its time: refresh once and try again
            login = self.smtp_login(account, &settings, true).await?;
            sent = smtp::send(
                &settings.smtp,
                &login,
                &trust,
                &settings.address,
                &rcpt,
                &raw,
            )
            .await;
        }
        if let (Err(e), Some(config)) = (&sent, &settings.oauth) {
            if e.failure == SmtpFailure::Auth {
                if let (Provider::Microsoft, Some(graph)) =
                    (config.provider, config.graph_url.as_deref())
                {
                    // the tenant turned SMTP AUTH off (535 5.7.139): Graph sends the same bytes
                    tracing::info!(account, error = %e, "SMTP refused; sending through Microsoft Graph");
                    let token = self
                        .graph_access_token(account, config)
                        .await
                        .map_err(|e| SendError {
                            kind: if e.step == bandeja_channels::email::Step::Auth {
                                SendErrorKind::Auth
                            } else {
                                SendErrorKind::Transient
                            },
                            code: 0,
                            title: e.message,
                        })?;
                    oauth::graph_send_mail(graph, &token, &raw)
                        .await
                        .map_err(|e| SendError {
                            kind: match e {
                                oauth::OAuthError::Network(_) => SendErrorKind::Transient,
                                oauth::OAuthError::Denied(_)
                                | oauth::OAuthError::InvalidGrant(_) => SendErrorKind::Auth,
                                _ => SendErrorKind::Permanent,
                            },
                            code: 0,
                            title: e.to_string(),
                        })?;
                    return Ok(header_id);
                }
            }
        }
        sent.map_err(|e| SendError {
            kind: match e.failure {
                SmtpFailure::Transient => SendErrorKind::Transient,
                SmtpFailure::Auth => SendErrorKind::Auth,
                SmtpFailure::Permanent => SendErrorKind::Permanent,
            },
            code: e.code.map(i64::from).unwrap_or(0),
            title: e.message,
        })?;
        // the copy in Sent: failing here must not resend the mail
        // the copy in Sent and the parent's \Answered: failing here must
        // not resend the mail
        let answered = match payload["answers"].as_i64() {
            Some(parent) => self
                .workspace()
                .await
                .store
                .mark_email_answered(parent)
                .await
                .ok()
                .flatten(),
            None => None,
        };
        let sent = settings.sent_folder.clone();
        if sent.is_some() || answered.is_some() {
            let trust = self.mail_trust();
            tokio::spawn(async move {
                let r = async {
                    let mut s = imap::connect(&settings.imap, &login, &trust).await?;
                    if let (Some(sent), false) = (&sent, s.caps().gmail) {
                        s.append(sent, &raw).await?;
                    }
                    if let Some((mailbox, validity, uid)) = answered {
                        if s.select(&mailbox).await?.uid_validity == validity {
                            s.set_flag(uid, "\\Answered", true).await?;
                        }
                    }
                    s.logout().await;
                    Ok::<_, bandeja_channels::email::MailError>(())
                }
                .await;
                if let Err(e) = r {
                    tracing::warn!(account, error = %e, "Sent copy or \\Answered not written on the server");
                }
            });
        }
        Ok(header_id)
    }
}
