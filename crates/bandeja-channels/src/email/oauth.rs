//! Signing in to Gmail and Microsoft 365 the way desktop apps must (RFC
//! 8252): the system browser opens the provider's page, which redirects to
//! a one-shot listener on 127.0.0.1; the code is traded with PKCE for an
//! access token (IMAP/SMTP XOAUTH2) and a refresh token (kept in the
//! keychain by the core). Google desktop clients also send their client
//! secret, which Google documents as not secret for installed apps;
//! Microsoft clients are public and rotate the refresh token on every use.
//! Endpoints are data, so tests point them at a local OAuth server.

use std::time::Duration;

use chrono::{DateTime, Utc};
use oauth2::basic::BasicClient;
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, Scope, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Which identity platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    Google,
    Microsoft,
}

/// How to reach a provider's identity platform (no user secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthConfig {
    pub provider: Provider,
    pub auth_url: String,
    pub token_url: String,
    pub client_id: String,
    /// Google desktop clients only (not a secret for installed apps).
    #[serde(default)]
    pub client_secret: Option<String>,
    /// Scopes of the IMAP/SMTP token.
    pub scopes: Vec<String>,
    /// Scopes of the Graph token (Microsoft's sendMail fallback).
    #[serde(default)]
    pub graph_scopes: Vec<String>,
    /// Microsoft Graph, for sending when the tenant disabled SMTP AUTH.
    #[serde(default)]
    pub graph_url: Option<String>,
}

impl OAuthConfig {
    /// Google's production endpoints and the full-mail scope.
    pub fn google(client_id: &str, client_secret: &str) -> OAuthConfig {
        OAuthConfig {
            provider: Provider::Google,
            auth_url: "https://accounts.google.com/o/oauth2/v2/auth".into(),
            token_url: "https://oauth2.googleapis.com/token".into(),
            client_id: client_id.into(),
            client_secret: Some(client_secret.into()),
            scopes: vec!["https://mail.google.com/".into()],
            graph_scopes: Vec::new(),
            graph_url: None,
        }
    }

    /// Microsoft's identity platform (`common`: work and personal accounts).
    pub fn microsoft(client_id: &str) -> OAuthConfig {
        OAuthConfig {
            provider: Provider::Microsoft,
            auth_url: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize".into(),
            token_url: "https://login.microsoftonline.com/common/oauth2/v2.0/token".into(),
            client_id: client_id.into(),
            client_secret: None,
            scopes: vec![
                "https://outlook.office.com/IMAP.AccessAsUser.All".into(),
                "https://outlook.office.com/SMTP.Send".into(),
                "offline_access".into(),
            ],
            graph_scopes: vec![
                "https://graph.microsoft.com/Mail.Send".into(),
                "offline_access".into(),
            ],
            graph_url: Some("https://graph.microsoft.com".into()),
        }
    }
}

/// Tokens from the provider. Secrets stay out of `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Tokens {
    pub access_token: String,
    /// `None` when the provider kept the old one (Google on refresh).
    pub refresh_token: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("refresh_token", &self.refresh_token.is_some())
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// Why signing in or refreshing failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OAuthError {
    /// The refresh token is dead (revoked, expired, password changed):
    /// the member must sign in again.
    #[error("the sign-in is no longer valid: {0}")]
    InvalidGrant(String),
    #[error("the sign-in was cancelled or refused: {0}")]
    Denied(String),
    #[error("the sign-in did not finish in time")]
    Timeout,
    #[error("the identity server could not be reached: {0}")]
    Network(String),
    #[error("{0}")]
    Protocol(String),
}

type Client = oauth2::Client<
    oauth2::basic::BasicErrorResponse,
    oauth2::basic::BasicTokenResponse,
    oauth2::basic::BasicTokenIntrospectionResponse,
    oauth2::StandardRevocableToken,
    oauth2::basic::BasicRevocationErrorResponse,
    oauth2::EndpointSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointSet,
>;

fn client(config: &OAuthConfig, redirect: Option<String>) -> Result<Client, OAuthError> {
    let bad = |e: oauth2::url::ParseError| OAuthError::Protocol(format!("bad endpoint: {e}"));
    let mut c = BasicClient::new(ClientId::new(config.client_id.clone()))
        .set_auth_uri(AuthUrl::new(config.auth_url.clone()).map_err(bad)?)
        .set_token_uri(TokenUrl::new(config.token_url.clone()).map_err(bad)?);
    if let Some(secret) = &config.client_secret {
        c = c.set_client_secret(ClientSecret::new(secret.clone()));
    }
    if let Some(r) = redirect {
        c = c.set_redirect_uri(RedirectUrl::new(r).map_err(bad)?);
    }
    Ok(c)
}

fn http() -> reqwest::Client {
    // no redirects: the token endpoint must answer itself (oauth2's advice)
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("a TLS client")
}

fn tokens(t: &oauth2::basic::BasicTokenResponse) -> Tokens {
    Tokens {
        access_token: t.access_token().secret().clone(),
        refresh_token: t.refresh_token().map(|r| r.secret().clone()),
        expires_at: t
            .expires_in()
            .and_then(|d| chrono::Duration::from_std(d).ok())
            .map(|d| Utc::now() + d),
    }
}

fn token_error<RE: std::error::Error + 'static>(
    e: RequestTokenError<RE, oauth2::basic::BasicErrorResponse>,
) -> OAuthError {
    match e {
        RequestTokenError::ServerResponse(r) => {
            let detail = r
                .error_description()
                .map(|d| format!("{} ({d})", r.error()))
                .unwrap_or_else(|| r.error().to_string());
            match r.error() {
                oauth2::basic::BasicErrorResponseType::InvalidGrant => {
                    OAuthError::InvalidGrant(detail)
                }
                oauth2::basic::BasicErrorResponseType::UnauthorizedClient => {
                    OAuthError::Denied(detail)
                }
                _ => OAuthError::Protocol(detail),
            }
        }
        RequestTokenError::Request(e) => OAuthError::Network(e.to_string()),
        other => OAuthError::Protocol(other.to_string()),
    }
}

/// A sign-in waiting for the browser to come back.
pub struct Pending {
    listener: TcpListener,
    redirect: String,
    verifier: PkceCodeVerifier,
    csrf: CsrfToken,
    config: OAuthConfig,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("redirect", &self.redirect)
            .finish_non_exhaustive()
    }
}

/// Start a sign-in: the URL to open in the system browser, and what waits
/// for the redirect.
pub async fn begin(
    config: &OAuthConfig,
    login_hint: &str,
) -> Result<(String, Pending), OAuthError> {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .await
        .map_err(|e| OAuthError::Protocol(format!("cannot listen on loopback: {e}")))?;
    let port = listener
        .local_addr()
        .map_err(|e| OAuthError::Protocol(e.to_string()))?
        .port();
    let redirect = format!("http://127.0.0.1:{port}/callback");
    let c = client(config, Some(redirect.clone()))?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut req = c
        .authorize_url(CsrfToken::new_random)
        .add_scopes(config.scopes.iter().cloned().map(Scope::new))
        .set_pkce_challenge(challenge)
        .add_extra_param("login_hint", login_hint);
    if config.provider == Provider::Google {
        req = req
            .add_extra_param("access_type", "offline")
            .add_extra_param("prompt", "consent");
    }
    let (url, csrf) = req.url();
    Ok((
        url.to_string(),
        Pending {
            listener,
            redirect,
            verifier,
            csrf,
            config: config.clone(),
        },
    ))
}

const DONE_PAGE: &str = "<!doctype html><meta charset=utf-8><title>Bandeja</title>\
<body style=\"font-family:system-ui;margin:4rem;text-align:center\"><h1>✓</h1>\
<p>Bandeja ya tiene acceso a tu correo. Puedes cerrar esta ventana.</p>\
<p>Bandeja can now read your mail. You can close this window.</p></body>";

impl Pending {
    /// Wait for the browser's redirect (at most `timeout`), check it, and
    /// trade the code for tokens.
    pub async fn finish(self, timeout: Duration) -> Result<Tokens, OAuthError> {
        let params = tokio::time::timeout(timeout, self.callback())
            .await
            .map_err(|_| OAuthError::Timeout)??;
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        if let Some(err) = get("error") {
            return Err(OAuthError::Denied(get("error_description").unwrap_or(err)));
        }
        if get("state").as_deref() != Some(self.csrf.secret().as_str()) {
            return Err(OAuthError::Protocol(
                "the browser's answer does not match this sign-in".into(),
            ));
        }
        let code =
            get("code").ok_or_else(|| OAuthError::Protocol("no code in the redirect".into()))?;
        let c = client(&self.config, Some(self.redirect.clone()))?;
        let t = c
            .exchange_code(AuthorizationCode::new(code))
            .set_pkce_verifier(self.verifier)
            .request_async(&http())
            .await
            .map_err(token_error)?;
        Ok(tokens(&t))
    }

    /// Serve requests until one is the callback; returns its query.
    async fn callback(&self) -> Result<Vec<(String, String)>, OAuthError> {
        loop {
            let (mut sock, _) = self
                .listener
                .accept()
                .await
                .map_err(|e| OAuthError::Protocol(e.to_string()))?;
            let mut buf = vec![0u8; 8192];
            let n = sock.read(&mut buf).await.unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]);
            let target = head.split_whitespace().nth(1).unwrap_or("/").to_string();
            let Some(query) = target.strip_prefix("/callback?") else {
                let _ = sock
                    .write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    )
                    .await;
                continue;
            };
            let params: Vec<(String, String)> =
                oauth2::url::form_urlencoded::parse(query.as_bytes())
                    .into_owned()
                    .collect();
            let reply = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{DONE_PAGE}",
                DONE_PAGE.len()
            );
            let _ = sock.write_all(reply.as_bytes()).await;
            return Ok(params);
        }
    }
}

/// A new access token from a refresh token (`scopes` chooses the resource:
/// Microsoft gives one resource per token).
pub async fn refresh(
    config: &OAuthConfig,
    refresh_token: &str,
    scopes: &[String],
) -> Result<Tokens, OAuthError> {
    let c = client(config, None)?;
    let t = c
        .exchange_refresh_token(&RefreshToken::new(refresh_token.to_string()))
        .add_scopes(scopes.iter().cloned().map(Scope::new))
        .request_async(&http())
        .await
        .map_err(token_error)?;
    Ok(tokens(&t))
}

/// Send raw MIME through Microsoft Graph (`POST /v1.0/me/sendMail`, the
/// message base64 in a text/plain body). Graph answers 202 once queued and
/// saves the copy in Sent Items itself.
pub async fn graph_send_mail(
    graph_url: &str,
    access_token: &str,
    raw: &[u8],
) -> Result<(), OAuthError> {
    use base64::Engine;
    let url = format!("{}/v1.0/me/sendMail", graph_url.trim_end_matches('/'));
    let res = http()
        .post(&url)
        .bearer_auth(access_token)
        .header(reqwest::header::CONTENT_TYPE, "text/plain")
        .body(base64::engine::general_purpose::STANDARD.encode(raw))
        .send()
        .await
        .map_err(|e| OAuthError::Network(e.to_string()))?;
    let status = res.status();
    if status.as_u16() == 202 || status.is_success() {
        return Ok(());
    }
    let body = res.text().await.unwrap_or_default();
    let words = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["error"]["message"].as_str().map(str::to_string))
        .unwrap_or(body);
    match status.as_u16() {
        401 | 403 => Err(OAuthError::Denied(format!(
            "Graph refused sending ({status}): {words}"
        ))),
        429 | 500..=599 => Err(OAuthError::Network(format!(
            "Graph is unavailable ({status}): {words}"
        ))),
        _ => Err(OAuthError::Protocol(format!(
            "Graph refused the message ({status}): {words}"
        ))),
    }
}
