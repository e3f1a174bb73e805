//! The SMTP side of an email account, over `lettre`: submit bytes Bandeja
//! built itself (so the Message-ID, References and signature are ours) and
//! sort the server's answer into what the outbox does next — retry later,
//! ask the member to sign in again, or give up with the server's words.

use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::net::{self, Login, MailError, Security, Server, Step, Trust};

/// How the outbox should treat a refused submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpFailure {
    /// Network trouble or a 4xx: try again later.
    Transient,
    /// The login or token was refused.
    Auth,
    /// A 5xx about the message or its recipients: do not retry.
    Permanent,
}

/// A refused submission.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SmtpError {
    pub failure: SmtpFailure,
    pub step: Step,
    /// The SMTP reply code, when the server gave one.
    pub code: Option<u16>,
    pub message: String,
}

impl From<SmtpError> for MailError {
    fn from(e: SmtpError) -> Self {
        MailError::new(e.step, e.message)
    }
}

fn transport(
    server: &Server,
    login: &Login,
    trust: &Trust,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, MailError> {
    let mut params = TlsParameters::builder(server.host.clone());
    if let Some(pem) = trust.pem() {
        let cert = Certificate::from_pem(pem)
            .map_err(|e| MailError::new(Step::Tls, format!("unreadable certificate: {e}")))?;
        params = params.add_root_certificate(cert);
    }
    let params = params
        .build_rustls()
        .map_err(|e| MailError::new(Step::Tls, e.to_string()))?;
    let tls = match server.security {
        Security::Tls => Tls::Wrapper(params),
        Security::StartTls => Tls::Required(params),
        Security::None if net::plain_allowed(&server.host) => Tls::None,
        Security::None => {
            return Err(MailError::new(
                Step::Tls,
                "a connection without TLS is only allowed to a server on this computer",
            ))
        }
    };
    let (creds, mechanism) = match login {
        Login::Password { user, password } => (
            Credentials::new(user.clone(), password.clone()),
            vec![Mechanism::Plain, Mechanism::Login],
        ),
        Login::OAuth { user, access_token } => (
            Credentials::new(user.clone(), access_token.clone()),
            vec![Mechanism::Xoauth2],
        ),
    };
    Ok(
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(server.host.clone())
            .port(server.port)
            .tls(tls)
            .credentials(creds)
            .authentication(mechanism)
            .timeout(Some(Duration::from_secs(60)))
            .build(),
    )
}

fn classify(e: lettre::transport::smtp::Error, oauth: bool) -> SmtpError {
    let code = e.status().map(|c| {
        let s = c.to_string();
        s.parse::<u16>().unwrap_or(0)
    });
    let text = e.to_string();
    let lower = text.to_ascii_lowercase();
    // lettre's XOAUTH2 cannot read the server's error challenge: a refused
    // token shows up as "does not expect a challenge" (email.md §2)
    // a 4xx ("454 Temporary authentication failure") is worth retrying
    let temporary = code.is_some_and(|c| (400..500).contains(&c));
    let auth = !temporary
        && (matches!(code, Some(535) | Some(534) | Some(530))
            || lower.contains("authentication")
            || (oauth && lower.contains("does not expect a challenge")));
    let (failure, step) = if auth {
        (SmtpFailure::Auth, Step::Auth)
    } else if e.is_tls() {
        (SmtpFailure::Transient, Step::Tls)
    } else if e.is_permanent() {
        (SmtpFailure::Permanent, Step::Protocol)
    } else {
        (SmtpFailure::Transient, Step::Tcp)
    };
    SmtpError {
        failure,
        step,
        code,
        message: text,
    }
}

/// Log in and say hello without sending anything (ACC-33).
pub async fn check(server: &Server, login: &Login, trust: &Trust) -> Result<(), MailError> {
    // resolve and connect ourselves first: lettre folds DNS and TCP failures
    // into one "connection" error
    drop(net::tcp(&server.host, server.port).await?);
    let t = transport(server, login, trust)?;
    match t.test_connection().await {
        Ok(true) => Ok(()),
        Ok(false) => Err(MailError::new(
            Step::Protocol,
            "the server closed the connection",
        )),
        Err(e) => Err(classify(e, matches!(login, Login::OAuth { .. })).into()),
    }
}

/// Submit `raw` from `from` to every address of `to`.
pub async fn send(
    server: &Server,
    login: &Login,
    trust: &Trust,
    from: &str,
    to: &[String],
    raw: &[u8],
) -> Result<(), SmtpError> {
    let bad = |m: String| SmtpError {
        failure: SmtpFailure::Permanent,
        step: Step::Protocol,
        code: None,
        message: m,
    };
    let from: Address = from
        .parse()
        .map_err(|e| bad(format!("the sender {from} is not an address: {e}")))?;
    let rcpt = to
        .iter()
        .map(|a| {
            a.parse::<Address>()
                .map_err(|e| bad(format!("{a} is not an address: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let envelope = Envelope::new(Some(from), rcpt).map_err(|e| bad(e.to_string()))?;
    let t = transport(server, login, trust).map_err(|e| SmtpError {
        failure: SmtpFailure::Permanent,
        step: e.step,
        code: None,
        message: e.message,
    })?;
    t.send_raw(&envelope, raw)
        .await
        .map(|_| ())
        .map_err(|e| classify(e, matches!(login, Login::OAuth { .. })))
}
