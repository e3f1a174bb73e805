//! One relay connection and the loop that keeps it: hello from the stored
//! cursor, then deliver → verify → normalize → ingest → cursor → ack, and a
//! jittered, capped backoff between connections.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use bandeja_channels::whatsapp;
use bandeja_domain::AccountKind;
use base64::Engine;
use futures::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

use super::RelayError;
use crate::Core;

/// Longest wait between reconnection attempts.
pub const BACKOFF_CAP: Duration = Duration::from_secs(60);
const BACKOFF_BASE: Duration = Duration::from_millis(500);

#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ClientFrame {
    Hello { last_acked_seq: i64 },
    Ack { up_to_seq: i64 },
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ServerFrame {
    Deliver {
        seq: i64,
        event_id: String,
        #[allow(dead_code)]
        received_at: i64,
        headers: BTreeMap<String, String>,
        body_base64: String,
    },
    Error {
        message: String,
    },
}

fn stream_url(url: &str) -> String {
    let ws = match url.strip_prefix("https://") {
        Some(rest) => format!("wss://{rest}"),
        None => format!("ws://{}", url.trim_start_matches("http://")),
    };
    format!("{ws}/v1/stream")
}

/// Equal jitter: half the exponential step, plus a random share of the other
/// half, so a relay restart does not bring every desktop back at once.
pub fn backoff(failures: u32) -> Duration {
    let step = BACKOFF_BASE
        .saturating_mul(1u32 << failures.min(16))
        .min(BACKOFF_CAP);
    let mut b = [0u8; 4];
    let r = getrandom::fill(&mut b)
        .map(|_| u32::from_le_bytes(b))
        .unwrap_or(0);
    let half = step / 2;
    half + half.mul_f64(f64::from(r) / f64::from(u32::MAX))
}

/// TLS for `wss://` relays: rustls with the Mozilla roots, so it behaves the
/// same on every OS and needs nothing from the system.
fn tls_config() -> Result<Arc<rustls::ClientConfig>, RelayError> {
    static CONFIG: std::sync::OnceLock<Arc<rustls::ClientConfig>> = std::sync::OnceLock::new();
    if let Some(c) = CONFIG.get() {
        return Ok(c.clone());
    }
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| RelayError::Protocol(format!("TLS setup: {e}")))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(CONFIG.get_or_init(|| Arc::new(config)).clone())
}

pub(super) async fn run(core: Core, url: String, device_id: String, token: String) {
    let mut failures = 0u32;
    loop {
        let mut delivered = false;
        let outcome = session(&core, &url, &device_id, &token, &mut delivered).await;
        core.inner.relay.update(|s| s.connected = false);
        if delivered {
            failures = 0;
        }
        let wait = backoff(failures);
        failures = failures.saturating_add(1);
        match outcome {
            Ok(()) => tracing::info!(url, "relay closed the connection"),
            Err(e) => {
                tracing::warn!(url, error = %e, retry_in_ms = wait.as_millis() as u64, "relay connection lost")
            }
        }
        tokio::time::sleep(wait).await;
    }
}

/// One connection: hello from the stored cursor, then deliver → ingest →
/// cursor → ack until the socket ends.
async fn session(
    core: &Core,
    url: &str,
    device_id: &str,
    token: &str,
    delivered: &mut bool,
) -> Result<(), RelayError> {
    let mut request = stream_url(url).into_client_request()?;
    let bearer = format!("Bearer {token}")
        .parse()
        .map_err(|_| RelayError::Protocol("device token is not a valid header".into()))?;
    request.headers_mut().insert("authorization", bearer);
    let connector = tokio_tungstenite::Connector::Rustls(tls_config()?);
    let (ws, _) =
        tokio_tungstenite::connect_async_tls_with_config(request, None, false, Some(connector))
            .await?;
    let (mut tx, mut rx) = ws.split();
    let store = core.home().store.clone();
    let mut acked = store.relay_cursor(url).await?.map_or(0, |c| c.acked_seq);
    send(
        &mut tx,
        &ClientFrame::Hello {
            last_acked_seq: acked,
        },
    )
    .await?;
    core.inner.relay.update(|s| {
        s.connected = true;
        s.last_acked_seq = acked;
    });
    tracing::info!(url, from_seq = acked, "relay connected");
    while let Some(msg) = rx.next().await {
        let text = match msg? {
            Message::Text(t) => t,
            Message::Close(_) => return Ok(()),
            _ => continue,
        };
        let frame: ServerFrame =
            serde_json::from_str(&text).map_err(|e| RelayError::Protocol(e.to_string()))?;
        let (seq, event_id, headers, body_base64) = match frame {
            ServerFrame::Deliver {
                seq,
                event_id,
                headers,
                body_base64,
                ..
            } => (seq, event_id, headers, body_base64),
            ServerFrame::Error { message } => {
                return Err(RelayError::Refused { status: 0, message })
            }
        };
        if seq > acked {
            if !apply(core, seq, &event_id, &headers, &body_base64).await? {
                core.inner.relay.update(|s| s.rejected += 1);
            }
            let now = core.now();
            acked = store
                .advance_relay_cursor(url, device_id, seq, now)
                .await?
                .ok_or(RelayError::NotEnrolled)?;
            core.inner.relay.update(|s| {
                s.last_acked_seq = acked;
                s.last_event_at = Some(now);
            });
            *delivered = true;
        }
        send(&mut tx, &ClientFrame::Ack { up_to_seq: seq }).await?;
    }
    Ok(())
}

async fn send<S>(tx: &mut S, frame: &ClientFrame) -> Result<(), RelayError>
where
    S: futures::Sink<Message, Error = tokio_tungstenite::tungstenite::Error> + Unpin,
{
    let text = serde_json::to_string(frame).map_err(|e| RelayError::Protocol(e.to_string()))?;
    tx.send(Message::text(text)).await?;
    Ok(())
}

/// Verify, normalize and ingest one envelope. `Ok(false)`: it can never be
/// ingested (acked and counted); `Err`: try again later (not acked).
async fn apply(
    core: &Core,
    seq: i64,
    event_id: &str,
    headers: &BTreeMap<String, String>,
    body_base64: &str,
) -> Result<bool, RelayError> {
    let Ok(body) = base64::engine::general_purpose::STANDARD.decode(body_base64) else {
        tracing::warn!(seq, event_id, "relay envelope dropped: body is not base64");
        return Ok(false);
    };
    let header = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(whatsapp::signature::HEADER_NAME))
        .map(|(_, v)| v.as_str());
    let secrets = core.whatsapp().app_secrets();
    if secrets.is_empty() {
        return Err(RelayError::NoKeys);
    }
    let verified = secrets
        .iter()
        .any(|s| whatsapp::signature::verify(s.as_bytes(), &body, header).is_ok());
    if !verified {
        tracing::warn!(
            seq,
            event_id,
            bytes = body.len(),
            keys = secrets.len(),
            "relay envelope dropped: bad signature"
        );
        return Ok(false);
    }
    let events = match whatsapp::normalize(&body) {
        Ok(events) => events,
        Err(e) => {
            tracing::warn!(seq, event_id, error = %e, "relay envelope dropped: not a WhatsApp webhook");
            return Ok(false);
        }
    };
    core.ingest_grouped(&[AccountKind::WhatsappCloud], events)
        .await
        .map_err(|e| RelayError::Ingest(format!("{e:#}")))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relay::normalize_url;

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        for n in 0..40 {
            let d = backoff(n);
            let step = BACKOFF_BASE.saturating_mul(1 << n.min(16)).min(BACKOFF_CAP);
            assert!(d >= step / 2 && d <= step, "{n}: {d:?}");
        }
        assert!(backoff(30) >= BACKOFF_CAP / 2);
    }

    #[tokio::test]
    async fn wss_is_supported() {
        // nothing listens on port 1: the failure must be the connection, not
        // a missing TLS feature
        let request = stream_url("https://127.0.0.1:1")
            .into_client_request()
            .unwrap();
        let connector = tokio_tungstenite::Connector::Rustls(tls_config().unwrap());
        let err =
            tokio_tungstenite::connect_async_tls_with_config(request, None, false, Some(connector))
                .await
                .unwrap_err();
        assert!(
            matches!(err, tokio_tungstenite::tungstenite::Error::Io(_)),
            "{err}"
        );
    }

    #[test]
    fn urls() {
        assert_eq!(
            normalize_url(" https://r.example/ ").unwrap(),
            "https://r.example"
        );
        assert!(normalize_url("r.example").is_err());
        assert_eq!(stream_url("https://r.example"), "wss://r.example/v1/stream");
        assert_eq!(
            stream_url("http://127.0.0.1:9"),
            "ws://127.0.0.1:9/v1/stream"
        );
    }
}
