//! TLS termination with rustls: certificate files, or ACME (TLS-ALPN-01).
//!
//! Meta only posts to HTTPS with a CA-issued certificate, so a relay on a
//! public host terminates TLS itself unless a proxy does. With ACME the
//! challenge is answered on the same port as the webhooks (TLS-ALPN-01: the
//! CA connects with ALPN `acme-tls/1` and gets a self-signed challenge
//! certificate), so only port 443 needs to be open. Each connection's
//! ClientHello is read first to pick the challenge or the serving config.
//! Crypto is `ring` throughout (no C toolchain beyond a C compiler).

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use futures::StreamExt;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use rustls::ServerConfig;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::TcpListener;
use tokio_rustls::LazyConfigAcceptor;

use crate::config::Acme;
use crate::RelayError;

/// HTTP/2 first, then HTTP/1.1 (WebSocket upgrades use the latter).
const ALPN: [&[u8]; 2] = [b"h2", b"http/1.1"];

/// Where each connection's certificate comes from.
pub enum Certs {
    Fixed(Arc<ServerConfig>),
    Acme {
        challenge: Arc<ServerConfig>,
        serving: Arc<ServerConfig>,
    },
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn tls_err(what: &str, path: &Path, e: impl std::fmt::Display) -> RelayError {
    RelayError::Tls(format!("{what} {}: {e}", path.display()))
}

/// A serving config from a PEM certificate chain and a PEM private key.
pub fn from_files(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>, RelayError> {
    let chain = CertificateDer::pem_file_iter(cert)
        .map_err(|e| tls_err("certificate file", cert, e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| tls_err("certificate file", cert, e))?;
    if chain.is_empty() {
        return Err(tls_err("certificate file", cert, "no CERTIFICATE block"));
    }
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| tls_err("key file", key, e))?;
    let mut config = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| RelayError::Tls(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| RelayError::Tls(format!("certificate and key do not fit: {e}")))?;
    config.alpn_protocols = ALPN.iter().map(|p| p.to_vec()).collect();
    Ok(Arc::new(config))
}

/// Start ACME for `acme.domains`: a task orders and renews the certificate
/// (cached in `acme.cache_dir`, so a restart does not order again); the
/// configs serve it, and the challenge certificate, as soon as they exist.
pub fn acme(acme: &Acme) -> Result<Certs, RelayError> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(ca) = &acme.directory_ca {
        for cert in CertificateDer::pem_file_iter(ca).map_err(|e| tls_err("ACME CA", ca, e))? {
            let cert = cert.map_err(|e| tls_err("ACME CA", ca, e))?;
            roots.add(cert).map_err(|e| tls_err("ACME CA", ca, e))?;
        }
    }
    let client = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| RelayError::Tls(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let mut state = rustls_acme::AcmeConfig::new(&acme.domains)
        .client_tls_config(Arc::new(client))
        .contact(&acme.contact)
        .directory(&acme.directory)
        .cache(rustls_acme::caches::DirCache::new(acme.cache_dir.clone()))
        .state();
    let challenge = state.challenge_rustls_config();
    let mut serving = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| RelayError::Tls(e.to_string()))?
        .with_no_client_auth()
        .with_cert_resolver(state.resolver());
    serving.alpn_protocols = ALPN.iter().map(|p| p.to_vec()).collect();
    tokio::spawn(async move {
        while let Some(event) = state.next().await {
            match event {
                Ok(ok) => tracing::info!(event = ?ok, "acme"),
                Err(e) => tracing::error!(error = %e, "acme"),
            }
        }
    });
    Ok(Certs::Acme {
        challenge,
        serving: Arc::new(serving),
    })
}

/// Accept TLS connections on `listener` and serve `app` on each (HTTP/1.1
/// with upgrades, or HTTP/2). A failed handshake only drops that connection.
pub async fn serve(listener: TcpListener, app: Router, certs: Certs) -> std::io::Result<()> {
    let certs = Arc::new(certs);
    loop {
        let (tcp, peer) = match listener.accept().await {
            Ok(c) => c,
            Err(e) => {
                // EMFILE and friends: back off instead of spinning.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let (certs, app) = (certs.clone(), app.clone());
        tokio::spawn(async move {
            if let Err(e) = connection(tcp, app, &certs).await {
                tracing::debug!(%peer, error = %e, "tls connection ended");
            }
        });
    }
}

async fn connection(
    tcp: tokio::net::TcpStream,
    app: Router,
    certs: &Certs,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let start = LazyConfigAcceptor::new(rustls::server::Acceptor::default(), tcp).await?;
    let config = match certs {
        Certs::Fixed(c) => c.clone(),
        Certs::Acme { challenge, .. }
            if rustls_acme::is_tls_alpn_challenge(&start.client_hello()) =>
        {
            tracing::info!("answering an ACME TLS-ALPN-01 challenge");
            let mut tls = start.into_stream(challenge.clone()).await?;
            tokio::io::AsyncWriteExt::shutdown(&mut tls).await?;
            return Ok(());
        }
        Certs::Acme { serving, .. } => serving.clone(),
    };
    let tls = start.into_stream(config).await?;
    auto::Builder::new(TokioExecutor::new())
        .serve_connection_with_upgrades(TokioIo::new(tls), TowerToHyperService::new(app))
        .await
}
