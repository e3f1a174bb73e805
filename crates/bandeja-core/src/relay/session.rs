//! One relay connection and the loop that keeps it: hello from the stored
//! cursor, then deliver → verify → normalize → ingest → cursor → ack, and a
//! jittered, capped backoff between connections.

use std::time::Duration;

use bandeja_channels::relay_client::{backoff, ClientError, Connection, Envelope, Incoming};
use bandeja_channels::whatsapp;
use bandeja_domain::AccountKind;
use bandeja_store::ParkedEnvelope;

use super::{RelayError, RelayState};
use crate::{Core, CoreEvent};

pub(super) async fn run(core: Core, url: String, device_id: String, token: String) {
    let mut failures = 0u32;
    loop {
        if core.workspace().await.is_demo {
            core.inner.relay.update(|s| s.state = RelayState::Paused);
            wait_for_workspace_change(&core).await;
            continue;
        }
        let mut delivered = false;
        let outcome = session(&core, &url, &device_id, &token, &mut delivered).await;
        if delivered {
            failures = 0;
        }
        let mut wait = backoff(failures);
        failures = failures.saturating_add(1);
        let state = match &outcome {
            Err(RelayError::Client(e)) if e.needs_enrollment() => RelayState::Revoked,
            Err(RelayError::NoKeys) => RelayState::WaitingForNumbers,
            Err(RelayError::Paused) => RelayState::Paused,
            _ => RelayState::Connecting,
        };
        if let Err(RelayError::Client(ClientError::RetryAfter(after))) = &outcome {
            // the relay's word, spread a little so a crowd told the same
            // number does not come back in the same second
            wait =
                wait.max(after.mul_f64(1.0 + 0.5 * bandeja_channels::relay_client::random_unit()));
        }
        core.inner.relay.update(|s| {
            s.state = state;
            s.last_error = outcome.as_ref().err().map(|e| e.to_string());
        });
        match outcome {
            Ok(()) => tracing::info!(url, "relay closed the connection"),
            Err(e) => {
                tracing::warn!(url, error = %e, retry_in_ms = wait.as_millis() as u64, "relay connection lost")
            }
        }
        if state == RelayState::Revoked {
            tracing::error!(
                url,
                "the relay refused this device; stopping until it enrolls again"
            );
            return;
        }
        tokio::time::sleep(wait).await;
    }
}

/// Sleep until the shown workspace changes (or a minute passes).
async fn wait_for_workspace_change(core: &Core) {
    let mut events = core.subscribe();
    let changed = async {
        loop {
            match events.recv().await {
                Ok(CoreEvent::WorkspaceChanged) => return,
                Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(tokio::sync::broadcast::error::RecvError::Closed) => {
                    std::future::pending::<()>().await
                }
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(60), changed).await;
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
    let store = core.home().store.clone();
    let mut acked = store.relay_cursor(url).await?.map_or(0, |c| c.acked_seq);
    let silence = *core.inner.relay.silence_limit.lock().expect("relay timing");
    let mut conn = Connection::open(url, token, acked, silence).await?;
    let parked = store.relay_parked_count(url).await?;
    core.inner.relay.update(|s| {
        s.rejected = u64::try_from(parked).unwrap_or(0);
        s.state = RelayState::Connected;
        s.last_error = None;
        s.last_acked_seq = acked;
    });
    tracing::info!(url, from_seq = acked, "relay connected");
    while let Some(incoming) = conn.next_frame().await? {
        let envelope = match incoming {
            Incoming::Envelope(e) => e,
            Incoming::Head(head) => {
                core.inner
                    .relay
                    .update(|s| s.backlog = Some((head - acked).max(0)));
                continue;
            }
        };
        let seq = envelope.seq;
        if seq > acked {
            let now = core.now();
            let moved = match apply(core, &envelope).await? {
                Outcome::Ingested => store.advance_relay_cursor(url, device_id, seq, now).await?,
                Outcome::Park(reason) => {
                    let headers =
                        serde_json::to_string(&envelope.headers).unwrap_or_else(|_| "{}".into());
                    let parked = ParkedEnvelope {
                        seq,
                        event_id: &envelope.event_id,
                        source: &envelope.source,
                        reason: &reason,
                        headers_json: &headers,
                        body: envelope.body.as_deref(),
                        received_at: envelope.received_at,
                    };
                    let moved = store
                        .park_relay_envelope(url, device_id, &parked, now)
                        .await?;
                    core.inner.relay.update(|s| s.rejected += 1);
                    moved
                }
            };
            acked = moved.ok_or(RelayError::NotEnrolled)?;
            core.inner.relay.update(|s| {
                s.last_acked_seq = acked;
                s.last_event_at = Some(now);
            });
            *delivered = true;
        }
        let head = conn.head_seq();
        core.inner.relay.update(|s| {
            s.backlog = head.map(|head| (head - acked).max(0));
        });
        conn.ack(seq).await?;
    }
    conn.close().await;
    Ok(())
}

/// What became of an envelope.
enum Outcome {
    Ingested,
    /// It can never be ingested: kept aside (with the reason) and acked, so
    /// it neither blocks the log nor is lost.
    Park(String),
}

/// Verify, normalize and ingest one envelope; `Err`: try again later (not
/// acked).
async fn apply(core: &Core, envelope: &Envelope) -> Result<Outcome, RelayError> {
    let (seq, event_id) = (envelope.seq, envelope.event_id.as_str());
    let Some(body) = envelope.body.as_deref() else {
        tracing::warn!(
            seq,
            event_id,
            "relay envelope kept aside: body is not base64"
        );
        return Ok(Outcome::Park("the frame's body is not base64".into()));
    };
    if envelope.source != "meta" {
        tracing::warn!(
            seq,
            event_id,
            source = envelope.source,
            "relay envelope kept aside: this desktop reads only Meta webhooks"
        );
        return Ok(Outcome::Park(format!(
            "{} webhooks are not read yet",
            envelope.source
        )));
    }
    let ws = core.workspace().await;
    if ws.is_demo {
        return Err(RelayError::Paused);
    }
    let header = envelope.header(whatsapp::signature::HEADER_NAME);
    let secrets = core.whatsapp().app_secrets();
    if secrets.is_empty() {
        return Err(RelayError::NoKeys);
    }
    let verified = secrets
        .iter()
        .any(|s| whatsapp::signature::verify(s.as_bytes(), body, header).is_ok());
    if !verified {
        tracing::warn!(
            seq,
            event_id,
            bytes = body.len(),
            keys = secrets.len(),
            "relay envelope kept aside: bad signature"
        );
        return Ok(Outcome::Park(
            "the signature matches no connected number's app secret".into(),
        ));
    }
    let events = match whatsapp::normalize(body) {
        Ok(events) => events,
        Err(e) => {
            tracing::warn!(seq, event_id, error = %e, "relay envelope kept aside: not a WhatsApp webhook");
            return Ok(Outcome::Park(format!("not a WhatsApp webhook: {e}")));
        }
    };
    core.ingest_grouped(&[AccountKind::WhatsappCloud], events)
        .await
        .map_err(|e| RelayError::Ingest(format!("{e:#}")))?;
    Ok(Outcome::Ingested)
}
