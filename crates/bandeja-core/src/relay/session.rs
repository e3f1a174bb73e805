//! The loop that keeps a desktop connected to its relay: a WebSocket from
//! the stored cursor (deliver → take → ack), or, when a proxy on the way
//! breaks WebSockets, HTTP long-polls with the same cursor; a jittered,
//! capped backoff between attempts; `retry_after` obeyed.

use std::time::{Duration, Instant};

use bandeja_channels::relay_client::{
    backoff, random_unit, ClientError, Connection, Incoming, LongPoll, LONG_POLL_MAX_WAIT,
};

use super::envelope::Cursor;
use super::{RelayError, RelayState, RelayTransport};
use crate::{Core, CoreEvent};

/// How long the long-poll fallback is used before the WebSocket is tried again.
const FALLBACK_FOR: Duration = Duration::from_secs(10 * 60);

pub(super) async fn run(core: Core, url: String, device_id: String, token: String) {
    let mut failures = 0u32;
    let mut poll_until: Option<Instant> = None;
    loop {
        if core.workspace().await.is_demo {
            core.inner.relay.update(|s| s.state = RelayState::Paused);
            wait_for_workspace_change(&core).await;
            continue;
        }
        let forced = *core.inner.relay.transport.lock().expect("relay transport");
        let use_poll = forced == RelayTransport::LongPoll
            || poll_until.is_some_and(|until| Instant::now() < until);
        let mut delivered = false;
        let outcome = if use_poll {
            poll_session(&core, &url, &device_id, &token, &mut delivered).await
        } else {
            match socket_session(&core, &url, &device_id, &token, &mut delivered).await {
                Err(RelayError::Client(e)) if e.websocket_blocked() => {
                    tracing::warn!(url, error = %e, "WebSocket blocked on the way; long-polling instead");
                    poll_until = Some(Instant::now() + FALLBACK_FOR);
                    poll_session(&core, &url, &device_id, &token, &mut delivered).await
                }
                other => other,
            }
        };
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
            wait = wait.max(after.mul_f64(1.0 + 0.5 * random_unit()));
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

/// The stored cursor, and the status marked connected through `transport`.
async fn begin<'a>(
    core: &Core,
    url: &'a str,
    device_id: &'a str,
    transport: RelayTransport,
) -> Result<Cursor<'a>, RelayError> {
    let store = &core.home().store;
    let acked = store.relay_cursor(url).await?.map_or(0, |c| c.acked_seq);
    let parked = store.relay_parked_count(url).await?;
    core.inner.relay.update(|s| {
        s.rejected = u64::try_from(parked).unwrap_or(0);
        s.last_acked_seq = acked;
        s.transport = transport;
    });
    Ok(Cursor {
        url,
        device_id,
        acked,
    })
}

fn connected(core: &Core) {
    core.inner.relay.update(|s| {
        s.state = RelayState::Connected;
        s.last_error = None;
    });
}

/// One WebSocket: hello from the stored cursor, then deliver → take → ack
/// until the socket ends.
async fn socket_session(
    core: &Core,
    url: &str,
    device_id: &str,
    token: &str,
    delivered: &mut bool,
) -> Result<(), RelayError> {
    let mut cursor = begin(core, url, device_id, RelayTransport::WebSocket).await?;
    let silence = *core.inner.relay.silence_limit.lock().expect("relay timing");
    let mut conn = Connection::open(url, token, cursor.acked, silence).await?;
    connected(core);
    tracing::info!(url, from_seq = cursor.acked, "relay connected");
    while let Some(incoming) = conn.next_frame().await? {
        let envelope = match incoming {
            Incoming::Envelope(e) => e,
            Incoming::Head(head) => {
                let acked = cursor.acked;
                core.inner
                    .relay
                    .update(|s| s.backlog = Some((head - acked).max(0)));
                continue;
            }
        };
        *delivered |= cursor.take(core, &envelope).await?;
        let (head, acked) = (conn.head_seq(), cursor.acked);
        core.inner.relay.update(|s| {
            s.backlog = head.map(|head| (head - acked).max(0));
        });
        conn.ack(envelope.seq).await?;
    }
    conn.close().await;
    Ok(())
}

/// Long-polls from the stored cursor until a request fails: take each
/// batch, then ack up to its last seq.
async fn poll_session(
    core: &Core,
    url: &str,
    device_id: &str,
    token: &str,
    delivered: &mut bool,
) -> Result<(), RelayError> {
    let mut cursor = begin(core, url, device_id, RelayTransport::LongPoll).await?;
    let poll = LongPoll::new(url, token);
    tracing::info!(url, from_seq = cursor.acked, "relay long-polling");
    loop {
        let batch = poll.fetch(cursor.acked, LONG_POLL_MAX_WAIT).await?;
        connected(core);
        let Some(last) = batch.last().map(|e| e.seq) else {
            core.inner.relay.update(|s| s.backlog = Some(0));
            continue;
        };
        for envelope in &batch {
            *delivered |= cursor.take(core, envelope).await?;
        }
        poll.ack(last.min(cursor.acked)).await?;
    }
}
