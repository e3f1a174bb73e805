//! Email commands: test and connect an IMAP/SMTP account, its settings and
//! signature, the sanitized HTML of a message, and answering.

use bandeja_channels::email::{MailError, Security, Server, Step};
use bandeja_core::email::{Answer, EmailDraft, EmailSettings, EmailSetupError, OutgoingEmail};
use bandeja_core::Core;

use crate::dto::*;
use crate::ApiError;

fn server(dto: &MailServerDto) -> Server {
    Server {
        host: dto.host.trim().to_string(),
        port: dto.port,
        security: match dto.security {
            MailSecurity::Tls => Security::Tls,
            MailSecurity::StartTls => Security::StartTls,
            MailSecurity::None => Security::None,
        },
    }
}

fn server_dto(s: &Server) -> MailServerDto {
    MailServerDto {
        host: s.host.clone(),
        port: s.port,
        security: match s.security {
            Security::Tls => MailSecurity::Tls,
            Security::StartTls => MailSecurity::StartTls,
            Security::None => MailSecurity::None,
        },
    }
}

fn settings(input: &EmailAccountInput) -> EmailSettings {
    EmailSettings {
        address: input.address.trim().to_string(),
        sender_name: input.sender_name.trim().to_string(),
        imap: server(&input.imap),
        smtp: server(&input.smtp),
        username: match input.username.trim() {
            "" => input.address.trim().to_string(),
            u => u.to_string(),
        },
        sync_days: input.sync_days.unwrap_or(30),
        signature_html: String::new(),
        sent_folder: None,
        oauth: None,
    }
}

fn step(s: Step) -> MailStep {
    match s {
        Step::Dns => MailStep::Dns,
        Step::Tcp => MailStep::Tcp,
        Step::Tls => MailStep::Tls,
        Step::Auth => MailStep::Auth,
        Step::Capability => MailStep::Capability,
        Step::Protocol => MailStep::Protocol,
    }
}

fn check<T>(r: &Result<T, MailError>) -> MailCheck {
    match r {
        Ok(_) => MailCheck {
            ok: true,
            failed_step: None,
            message: None,
        },
        Err(e) => MailCheck {
            ok: false,
            failed_step: Some(step(e.step)),
            message: Some(e.message.clone()),
        },
    }
}

fn setup_error(e: EmailSetupError) -> ApiError {
    match e {
        EmailSetupError::Invalid(f) => ApiError::new("bad_input", f.message),
        EmailSetupError::Refused(p) => {
            let which = match (&p.imap, &p.smtp) {
                (Err(e), _) => format!("IMAP: {}", e.message),
                (_, Err(e)) => format!("SMTP: {}", e.message),
                _ => String::new(),
            };
            ApiError::new("email_refused", which)
        }
        EmailSetupError::Duplicate(a) => ApiError::new(
            "email_duplicate",
            format!("{a} is already connected in this workspace"),
        ),
        EmailSetupError::Other(e) => {
            match e.downcast_ref::<bandeja_channels::email::oauth::OAuthError>() {
                Some(o) => ApiError::new("oauth_failed", o.to_string()),
                None => ApiError::from(e),
            }
        }
    }
}

pub async fn test_email_account(
    core: &Core,
    input: EmailAccountInput,
) -> Result<EmailProbeDto, ApiError> {
    let probe = core
        .test_email(&settings(&input), &input.password)
        .await
        .map_err(setup_error)?;
    Ok(EmailProbeDto {
        ok: probe.ok(),
        imap: check(&probe.imap),
        smtp: check(&probe.smtp),
    })
}

pub async fn connect_email_account(
    core: &Core,
    input: EmailAccountInput,
) -> Result<EmailAccountDto, ApiError> {
    let id = core
        .connect_email(settings(&input), &input.password)
        .await
        .map_err(setup_error)?;
    get_email_account(core, AccountIdInput { account_id: id }).await
}

fn account_dto(a: bandeja_core::email::EmailAccountView) -> EmailAccountDto {
    EmailAccountDto {
        account_id: a.account_id,
        kind: a.kind,
        address: a.settings.address.clone(),
        sender_name: a.settings.sender_name.clone(),
        imap: server_dto(&a.settings.imap),
        smtp: server_dto(&a.settings.smtp),
        username: a.settings.username.clone(),
        status: a.status,
        status_reason: a.status_reason,
        sync_state: a.sync_state.to_string(),
        messages: a.messages,
        last_sync_at: a.last_sync_at.map(|t| t.to_rfc3339()),
        signature_html: a.settings.signature_html,
    }
}

pub async fn start_email_oauth(
    core: &Core,
    input: EmailOAuthInput,
) -> Result<OAuthStartDto, ApiError> {
    use bandeja_core::email::{default_servers, oauth_config, Provider};
    let provider = match input.provider {
        OAuthProviderDto::Google => Provider::Google,
        OAuthProviderDto::Microsoft => Provider::Microsoft,
    };
    let config =
        oauth_config(provider).map_err(|f| ApiError::new("oauth_unavailable", f.message))?;
    let (imap, smtp) = default_servers(provider);
    let address = input.address.trim().to_string();
    let settings = EmailSettings {
        address: address.clone(),
        sender_name: input.sender_name.trim().to_string(),
        imap: input.imap.as_ref().map(server).unwrap_or(imap),
        smtp: input.smtp.as_ref().map(server).unwrap_or(smtp),
        username: address,
        sync_days: input.sync_days.unwrap_or(30),
        signature_html: String::new(),
        sent_folder: None,
        oauth: Some(config),
    };
    let start = core
        .start_email_oauth(settings)
        .await
        .map_err(setup_error)?;
    if input.open_browser {
        if let Err(e) = open::that_detached(&start.url) {
            tracing::warn!(error = %e, "cannot open the system browser");
            return Err(ApiError::new(
                "browser_unavailable",
                format!("the browser could not be opened: {e}"),
            ));
        }
    }
    Ok(OAuthStartDto {
        flow_id: start.flow_id,
        url: start.url,
    })
}

pub async fn finish_email_oauth(
    core: &Core,
    input: OAuthFlowInput,
) -> Result<EmailAccountDto, ApiError> {
    let id = core
        .finish_email_oauth(&input.flow_id)
        .await
        .map_err(setup_error)?;
    get_email_account(core, AccountIdInput { account_id: id }).await
}

pub async fn list_email_accounts(core: &Core) -> Result<EmailAccounts, ApiError> {
    let accounts = core.email_accounts().await?;
    Ok(EmailAccounts {
        accounts: accounts.into_iter().map(account_dto).collect(),
    })
}

pub async fn get_email_account(
    core: &Core,
    input: AccountIdInput,
) -> Result<EmailAccountDto, ApiError> {
    core.email_accounts()
        .await?
        .into_iter()
        .find(|a| a.account_id == input.account_id)
        .map(account_dto)
        .ok_or_else(|| ApiError::new("not_found", "no such email account"))
}

pub async fn set_email_signature(
    core: &Core,
    input: SignatureInput,
) -> Result<EmailAccountDto, ApiError> {
    core.set_email_signature(input.account_id, &input.html)
        .await?;
    get_email_account(
        core,
        AccountIdInput {
            account_id: input.account_id,
        },
    )
    .await
}

pub async fn reconnect_email_account(
    core: &Core,
    input: ReconnectEmailInput,
) -> Result<EmailAccountDto, ApiError> {
    core.reconnect_email(input.account_id, &input.password)
        .await
        .map_err(setup_error)?;
    get_email_account(
        core,
        AccountIdInput {
            account_id: input.account_id,
        },
    )
    .await
}

pub async fn get_email_html(core: &Core, input: EmailHtmlInput) -> Result<EmailHtmlDto, ApiError> {
    let view = core.email_html(input.message_id, input.load_remote).await?;
    Ok(EmailHtmlDto {
        html: view.html,
        blocked_remote_images: view.blocked_remote_images as u32,
        sender: view.sender,
        inline: view
            .inline
            .into_iter()
            .map(|(content_id, index)| InlinePart { content_id, index })
            .collect(),
    })
}

pub async fn allow_remote_images(core: &Core, input: SenderInput) -> Result<(), ApiError> {
    core.allow_remote_images(&input.sender).await?;
    Ok(())
}

fn answer(a: EmailAnswer) -> Answer {
    match a {
        EmailAnswer::Reply => Answer::Reply,
        EmailAnswer::ReplyAll => Answer::ReplyAll,
        EmailAnswer::Forward => Answer::Forward,
    }
}

pub async fn email_draft(core: &Core, input: EmailDraftInput) -> Result<EmailDraftDto, ApiError> {
    let EmailDraft { to, cc, subject } = core
        .email_draft(input.message_id, answer(input.answer))
        .await?;
    Ok(EmailDraftDto { to, cc, subject })
}

pub async fn send_email(core: &Core, input: SendEmailInput) -> Result<MessageRef, ApiError> {
    use base64::Engine;
    let mut files = Vec::with_capacity(input.attachments.len());
    for f in input.attachments {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(f.data_base64.as_bytes())
            .map_err(|e| ApiError::bad_input(format!("{}: not base64: {e}", f.filename)))?;
        files.push((f.filename, f.mime, bytes));
    }
    let id = core
        .send_email(OutgoingEmail {
            conversation_id: input.conversation_id,
            parent_message_id: input.message_id,
            answer: answer(input.answer),
            to: input.to,
            cc: input.cc,
            text: input.text,
            html: input.html,
            attachments: files,
            signature: input.signature,
            automated: false,
        })
        .await?;
    Ok(MessageRef { id })
}

/// An email's attachment `index`: (file name, MIME type, bytes).
pub async fn email_part(
    core: &Core,
    message_id: i64,
    index: usize,
) -> Result<(String, String, Vec<u8>), ApiError> {
    Ok(core.email_attachment(message_id, index).await?)
}

/// How an attachment is served: images inline (for `cid:`), the rest as a
/// download; never as a page of ours (a sandbox CSP disarms HTML parts).
pub fn part_headers(name: &str, mime: &str) -> [(&'static str, String); 3] {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = if mime.starts_with("image/") {
        "inline"
    } else {
        "attachment"
    };
    [
        (
            "content-disposition",
            format!("{disposition}; filename=\"{safe}\""),
        ),
        ("content-security-policy", "sandbox".to_string()),
        ("x-content-type-options", "nosniff".to_string()),
    ]
}
