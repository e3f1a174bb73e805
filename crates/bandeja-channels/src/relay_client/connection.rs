//! One WebSocket to the relay: `hello` from a cursor, `deliver` frames in,
//! cumulative `ack`s out, and a silence timer, because a half-open TCP
//! connection (no FIN after a network change) otherwise looks alive forever.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use futures::stream::{SplitSink, SplitStream};
use futures::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::{stream_url, ClientError};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ClientFrame {
    Hello { last_acked_seq: i64 },
    Ack { up_to_seq: i64 },
}

/// Frames the relay sends; unknown kinds are skipped so that a newer relay
/// can add frames without breaking older desktops.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    Deliver {
        seq: i64,
        event_id: String,
        received_at: i64,
        #[serde(default)]
        source: Option<String>,
        #[serde(default)]
        headers: BTreeMap<String, String>,
        body_base64: String,
        /// The tenant's newest seq when the frame was sent (backlog size).
        #[serde(default)]
        head_seq: Option<i64>,
    },
    /// The tenant's newest seq, once after `hello`.
    Welcome {
        head_seq: i64,
    },
    RetryAfter {
        seconds: u64,
    },
    Error {
        message: String,
    },
    #[serde(other)]
    Unknown,
}

/// One webhook as the relay stored it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub seq: i64,
    pub event_id: String,
    /// Milliseconds since the epoch, on the relay's clock.
    pub received_at: i64,
    /// `meta` or `twilio`.
    pub source: String,
    pub headers: BTreeMap<String, String>,
    /// The raw body, or `None` when the frame's base64 was corrupt.
    pub body: Option<Vec<u8>>,
    pub head_seq: Option<i64>,
}

impl Envelope {
    /// A header by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What [`Connection::next_frame`] yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    Envelope(Envelope),
    /// The tenant's newest seq.
    Head(i64),
}

/// An open stream from the relay.
pub struct Connection {
    tx: SplitSink<Socket, Message>,
    rx: SplitStream<Socket>,
    silence_limit: Duration,
    head_seq: Option<i64>,
}

impl Connection {
    /// Connect to the relay at `url` (http/https) with the device `token`
    /// and ask for everything after `last_acked_seq`.
    pub async fn open(
        url: &str,
        token: &str,
        last_acked_seq: i64,
        silence_limit: Duration,
    ) -> Result<Connection, ClientError> {
        let mut request = stream_url(url).into_client_request()?;
        let bearer = format!("Bearer {token}")
            .parse()
            .map_err(|_| ClientError::Protocol("device token is not a valid header".into()))?;
        request.headers_mut().insert("authorization", bearer);
        let connector = tokio_tungstenite::Connector::Rustls(tls_config()?);
        // no Nagle (true): an ack must not wait for the relay's delayed ACK
        let connect =
            tokio_tungstenite::connect_async_tls_with_config(request, None, true, Some(connector));
        let (ws, _) = tokio::time::timeout(silence_limit, connect)
            .await
            .map_err(|_| ClientError::Silent(silence_limit))??;
        let (tx, rx) = ws.split();
        let mut conn = Connection {
            tx,
            rx,
            silence_limit,
            head_seq: None,
        };
        conn.send(&ClientFrame::Hello { last_acked_seq }).await?;
        Ok(conn)
    }

    /// The tenant's newest seq as far as the relay told (backlog = this −
    /// the last ack), when a relay that says it is on the other end.
    pub fn head_seq(&self) -> Option<i64> {
        self.head_seq
    }

    /// The next envelope; `Ok(None)` when the relay closed the socket.
    pub async fn next(&mut self) -> Result<Option<Envelope>, ClientError> {
        loop {
            match self.next_frame().await? {
                Some(Incoming::Envelope(e)) => return Ok(Some(e)),
                Some(Incoming::Head(_)) => continue,
                None => return Ok(None),
            }
        }
    }

    /// The next envelope or news of the head seq (after `hello`, so a
    /// caught-up device learns it has nothing waiting); `Ok(None)` when the
    /// relay closed the socket.
    pub async fn next_frame(&mut self) -> Result<Option<Incoming>, ClientError> {
        loop {
            let msg = match tokio::time::timeout(self.silence_limit, self.rx.next()).await {
                Err(_) => return Err(ClientError::Silent(self.silence_limit)),
                Ok(None) => return Ok(None),
                Ok(Some(msg)) => msg?,
            };
            let text = match msg {
                Message::Text(t) => t,
                Message::Close(_) => return Ok(None),
                // pings are answered by tungstenite; any frame proves life
                _ => continue,
            };
            let frame: ServerFrame = serde_json::from_str(&text)
                .map_err(|e| ClientError::Protocol(format!("bad frame: {e}")))?;
            match frame {
                ServerFrame::Deliver {
                    seq,
                    event_id,
                    received_at,
                    source,
                    headers,
                    body_base64,
                    head_seq,
                } => {
                    if let Some(head) = head_seq {
                        self.head_seq = Some(self.head_seq.unwrap_or(0).max(head));
                    }
                    return Ok(Some(Incoming::Envelope(Envelope {
                        seq,
                        event_id,
                        received_at,
                        source: source.unwrap_or_else(|| "meta".into()),
                        headers,
                        body: base64::engine::general_purpose::STANDARD
                            .decode(body_base64)
                            .ok(),
                        head_seq,
                    })));
                }
                ServerFrame::Welcome { head_seq } => {
                    self.head_seq = Some(self.head_seq.unwrap_or(0).max(head_seq));
                    return Ok(Some(Incoming::Head(head_seq)));
                }
                ServerFrame::RetryAfter { seconds } => {
                    return Err(ClientError::RetryAfter(Duration::from_secs(seconds.max(1))))
                }
                ServerFrame::Error { message } => {
                    return Err(ClientError::Refused { status: 0, message })
                }
                ServerFrame::Unknown => continue,
            }
        }
    }

    /// Acknowledge everything up to `seq` (after the caller's own commit).
    pub async fn ack(&mut self, up_to_seq: i64) -> Result<(), ClientError> {
        self.send(&ClientFrame::Ack { up_to_seq }).await
    }

    /// Close politely; errors are irrelevant at this point.
    pub async fn close(mut self) {
        let _ = self.tx.close().await;
    }

    async fn send(&mut self, frame: &ClientFrame) -> Result<(), ClientError> {
        let text =
            serde_json::to_string(frame).map_err(|e| ClientError::Protocol(e.to_string()))?;
        tokio::time::timeout(self.silence_limit, self.tx.send(Message::text(text)))
            .await
            .map_err(|_| ClientError::Silent(self.silence_limit))??;
        Ok(())
    }
}

/// TLS for `wss://` relays: rustls with the Mozilla roots, so it behaves the
/// same on every OS and needs nothing from the system.
fn tls_config() -> Result<Arc<rustls::ClientConfig>, ClientError> {
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
    .map_err(|e| ClientError::Protocol(format!("TLS setup: {e}")))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(CONFIG.get_or_init(|| Arc::new(config)).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn wss_is_supported() {
        // nothing listens on port 1: the failure must be the connection, not
        // a missing TLS feature
        let err = Connection::open("https://127.0.0.1:1", "t", 0, Duration::from_secs(5))
            .await
            .err()
            .unwrap();
        assert!(matches!(err, ClientError::Socket(_)), "{err}");
    }

    #[test]
    fn frames_parse_old_and_new_shapes() {
        let old = r#"{"type":"deliver","seq":3,"event_id":"e","received_at":1,"headers":{},"body_base64":"e30="}"#;
        assert!(matches!(
            serde_json::from_str::<ServerFrame>(old).unwrap(),
            ServerFrame::Deliver {
                seq: 3,
                source: None,
                ..
            }
        ));
        let future = r#"{"type":"pause","until":5}"#;
        assert!(matches!(
            serde_json::from_str::<ServerFrame>(future).unwrap(),
            ServerFrame::Unknown
        ));
        let busy = r#"{"type":"retry_after","seconds":9}"#;
        assert!(matches!(
            serde_json::from_str::<ServerFrame>(busy).unwrap(),
            ServerFrame::RetryAfter { seconds: 9 }
        ));
    }
}
