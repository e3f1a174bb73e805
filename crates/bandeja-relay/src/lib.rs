//! `bandeja-relay`: the small public server between Meta and the desktops.
//!
//! A laptop behind NAT cannot receive webhooks, and Meta retries a failed
//! delivery for only 7 days, so the relay's one job is to never lose a webhook
//! it answered 200 to: it verifies the signature over the raw bytes, appends
//! the envelope to a durable per-tenant log (SQLite, WAL, `synchronous=FULL`,
//! group commit) and only then answers. Desktops later read the log from their
//! own cursor and ack after their own commit (see `../shared/docs/relay.md`).
//!
//! Layout: [`store`] is all SQL; [`retention`], [`secret`], [`gate`] and
//! [`twilio::signature`] are pure logic; [`config`] reads the file and the
//! environment; [`http`] is the route table and Meta ingest, [`twilio`] the
//! Twilio ingest, [`tls`] rustls (files or ACME); [`stream`] (WebSocket) and
//! [`poll`] (long-poll) the device side, [`signup`] Embedded Signup;
//! `main.rs` the admin CLI.

pub mod config;
pub mod error;
pub mod gate;
pub mod http;
pub mod poll;
pub mod retention;
pub mod secret;
pub mod signup;
pub mod store;
pub mod stream;
pub mod tls;
pub mod twilio;

pub use error::RelayError;
pub use http::{router, router_with, serve, AppState, ServeConfig, BODY_LIMIT, PING_EVERY};
pub use store::{
    Appended, CleanupReport, Device, Enrolled, Event, NewTenant, Source, Store, Tenant,
};

/// Milliseconds since the Unix epoch: the one clock the relay stores.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
