//! Taking one envelope from the relay, whichever transport brought it:
//! verify → normalize → ingest, or keep it aside when it can never be
//! ingested, then move the cursor. The caller acks only after this returns.

use bandeja_channels::relay_client::Envelope;
use bandeja_channels::whatsapp;
use bandeja_domain::AccountKind;
use bandeja_store::ParkedEnvelope;

use super::RelayError;
use crate::Core;

/// Where one connection stands in the relay's log.
pub(super) struct Cursor<'a> {
    pub url: &'a str,
    pub device_id: &'a str,
    pub acked: i64,
}

impl Cursor<'_> {
    /// Take `envelope` unless it is at or behind the cursor (a redelivery).
    /// Returns whether the cursor moved.
    pub async fn take(&mut self, core: &Core, envelope: &Envelope) -> Result<bool, RelayError> {
        let seq = envelope.seq;
        if seq <= self.acked {
            return Ok(false);
        }
        let store = &core.home().store;
        let now = core.now();
        let moved = match apply(core, envelope).await? {
            Outcome::Ingested => {
                store
                    .advance_relay_cursor(self.url, self.device_id, seq, now)
                    .await?
            }
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
                    .park_relay_envelope(self.url, self.device_id, &parked, now)
                    .await?;
                core.inner.relay.update(|s| s.rejected += 1);
                moved
            }
        };
        self.acked = moved.ok_or(RelayError::NotEnrolled)?;
        let acked = self.acked;
        core.inner.relay.update(|s| {
            s.last_acked_seq = acked;
            s.last_event_at = Some(now);
        });
        Ok(true)
    }
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
