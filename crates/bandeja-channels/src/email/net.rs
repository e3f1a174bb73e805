//! Where a mail server is and how to reach it: host, port, TLS mode, the
//! login, and the trust roots. Connection failures are sorted by the step
//! that failed (DNS, TCP, TLS, authentication, capability) because "could
//! not connect" tells a member nothing, while "the certificate is not
//! trusted" or "the password was refused" tells them what to fix (ACC-33).

use std::sync::Arc;
use std::time::Duration;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use serde::{Deserialize, Serialize};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::{rustls, TlsConnector};

/// How long one step (resolve, connect, handshake, greeting) may take.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(20);

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// TLS from the first byte (IMAP 993, SMTP 465).
    Tls,
    /// Plain text upgraded with STARTTLS before the login (IMAP 143, SMTP 587).
    StartTls,
    /// No TLS at all: only accepted for loopback servers.
    None,
}

/// One server of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub security: Security,
}

/// How the account logs in. Secrets are kept out of `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub enum Login {
    Password {
        user: String,
        password: String,
    },
    /// SASL XOAUTH2 with an OAuth access token (Gmail, Microsoft 365).
    OAuth {
        user: String,
        access_token: String,
    },
}

impl Login {
    pub fn user(&self) -> &str {
        match self {
            Login::Password { user, .. } | Login::OAuth { user, .. } => user,
        }
    }

    /// The SASL XOAUTH2 initial response (before base64).
    pub fn xoauth2(user: &str, token: &str) -> String {
        format!("user={user}\x01auth=Bearer {token}\x01\x01")
    }
}

impl std::fmt::Debug for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self {
            Login::Password { .. } => "password",
            Login::OAuth { .. } => "oauth",
        };
        write!(f, "Login({kind}, {})", self.user())
    }
}

/// The step of a connection that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Dns,
    Tcp,
    Tls,
    Auth,
    Capability,
    /// The server answered something we could not use after logging in.
    Protocol,
}

/// A failed step with the server's or the system's own words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{step:?}: {message}")]
pub struct MailError {
    pub step: Step,
    pub message: String,
}

impl MailError {
    pub fn new(step: Step, message: impl Into<String>) -> Self {
        MailError {
            step,
            message: message.into(),
        }
    }

    /// Worth retrying later without the member doing anything.
    pub fn is_transient(&self) -> bool {
        matches!(self.step, Step::Dns | Step::Tcp | Step::Protocol)
    }
}

/// Certificates trusted besides the public web roots: a company CA, or
/// the test servers' CA. Cheap to clone.
#[derive(Clone, Default)]
pub struct Trust {
    extra: Arc<Vec<CertificateDer<'static>>>,
    pem: Arc<Vec<u8>>,
}

impl std::fmt::Debug for Trust {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Trust(+{} roots)", self.extra.len())
    }
}

impl Trust {
    /// Add the certificates of a PEM bundle.
    pub fn with_pem(pem: &[u8]) -> Result<Trust, String> {
        let certs = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("unreadable certificate bundle: {e}"))?;
        if certs.is_empty() {
            return Err("the certificate bundle holds no certificate".into());
        }
        Ok(Trust {
            extra: Arc::new(certs),
            pem: Arc::new(pem.to_vec()),
        })
    }

    /// The extra roots as PEM (for lettre).
    pub fn pem(&self) -> Option<&[u8]> {
        (!self.pem.is_empty()).then_some(self.pem.as_slice())
    }

    pub fn connector(&self) -> TlsConnector {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        for c in self.extra.iter() {
            let _ = roots.add(c.clone());
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("ring supports the default versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
        TlsConnector::from(Arc::new(config))
    }
}

/// Resolve and connect, telling DNS failures from refused connections.
pub async fn tcp(host: &str, port: u16) -> Result<TcpStream, MailError> {
    let addrs: Vec<_> = tokio::time::timeout(STEP_TIMEOUT, tokio::net::lookup_host((host, port)))
        .await
        .map_err(|_| MailError::new(Step::Dns, format!("looking up {host} took too long")))?
        .map_err(|e| MailError::new(Step::Dns, format!("{host} cannot be found: {e}")))?
        .collect();
    if addrs.is_empty() {
        return Err(MailError::new(Step::Dns, format!("{host} has no address")));
    }
    let mut last = String::new();
    for addr in addrs {
        match tokio::time::timeout(STEP_TIMEOUT, TcpStream::connect(addr)).await {
            Ok(Ok(s)) => {
                let _ = s.set_nodelay(true);
                return Ok(s);
            }
            Ok(Err(e)) => last = e.to_string(),
            Err(_) => last = "no answer".into(),
        }
    }
    Err(MailError::new(
        Step::Tcp,
        format!("cannot connect to {host}:{port}: {last}"),
    ))
}

/// The TLS handshake, with certificate problems named.
pub async fn tls(
    trust: &Trust,
    host: &str,
    tcp: TcpStream,
) -> Result<TlsStream<TcpStream>, MailError> {
    let name = ServerName::try_from(host.to_string()).map_err(|e| {
        MailError::new(Step::Tls, format!("{host} is not a valid server name: {e}"))
    })?;
    tokio::time::timeout(STEP_TIMEOUT, trust.connector().connect(name, tcp))
        .await
        .map_err(|_| MailError::new(Step::Tls, "the TLS handshake took too long"))?
        .map_err(|e| MailError::new(Step::Tls, tls_words(&e.to_string())))
}

fn tls_words(e: &str) -> String {
    if e.contains("UnknownIssuer") {
        format!("the server's certificate is not signed by a trusted authority ({e})")
    } else if e.contains("NotValidForName") {
        format!("the server's certificate is for another name ({e})")
    } else if e.contains("Expired") {
        format!("the server's certificate has expired ({e})")
    } else if e.contains("InvalidContentType") || e.contains("corrupt message") {
        format!("the server did not answer with TLS: check the port and security ({e})")
    } else {
        e.to_string()
    }
}

/// A plain or TLS connection, so STARTTLS and implicit TLS share one type.
#[derive(Debug)]
pub enum MailStream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

macro_rules! delegate {
    ($self:ident, $s:ident => $e:expr) => {
        match $self.get_mut() {
            MailStream::Plain($s) => $e,
            MailStream::Tls($s) => $e,
        }
    };
}

impl tokio::io::AsyncRead for MailStream {
    fn poll_read(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        delegate!(self, s => std::pin::Pin::new(s).poll_read(cx, buf))
    }
}

impl tokio::io::AsyncWrite for MailStream {
    fn poll_write(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        delegate!(self, s => std::pin::Pin::new(s).poll_write(cx, buf))
    }

    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        delegate!(self, s => std::pin::Pin::new(s).poll_flush(cx))
    }

    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        delegate!(self, s => std::pin::Pin::new(s).poll_shutdown(cx))
    }
}

/// Plain text is only acceptable to a server on this machine.
pub fn plain_allowed(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1")
}
