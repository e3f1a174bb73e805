//! `bandeja-sim`: a faithful simulator of Meta's WhatsApp Cloud API on
//! loopback, so Bandeja's client, relay and UI can be tested end to end
//! without Meta — including the parts that are hard to provoke for real:
//! closed 24-hour windows, expired tokens, rate limits, template review,
//! expiring media URLs, and webhooks that arrive late, twice or out of order.
//!
//! Three faces of one [`Sim`]:
//! - the Graph API (`/{version}/…`) a real client talks to, answering with
//!   the fixtures' shapes and Meta's errors ([`app`], [`serve`]);
//! - Meta's webhooks: compact, `\uXXXX`/`\/`-escaped JSON signed with
//!   `X-Hub-Signature-256`, posted to the configured URL with retries;
//! - a scripting API playing the customers and Meta ([`Sim`] methods, the
//!   `/_sim/…` control endpoints, the `bandeja-sim` CLI).
//!
//! Time is the simulator's own [`clock::SimClock`]: tests freeze it and move
//! it (`advance(25 h)`) instead of waiting.

pub mod clock;
pub mod config;
mod control;
mod dispatch;
pub mod error;
mod graph;
mod ids;
pub mod json;
mod limits;
pub mod media;
mod script;
mod send;
mod sim;
mod templates;
pub mod wire;
mod world;

use std::net::SocketAddr;

use axum::Router;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{
    Config, ConfigError, Delivery, Limits, PhoneNumberConfig as PhoneNumber, FIXTURE_T0,
};
pub use dispatch::WebhookRecord;
pub use error::{GraphError, SimError};
pub use script::{Inbound, InboundReceipt, StatusPlan};
pub use sim::Sim;
pub use templates::{Template, TemplateEvent};
pub use world::{OutboundRecord, ReadMark};

/// The whole HTTP surface: Graph API, media downloads and `/_sim` control.
pub fn app(sim: Sim) -> Router {
    control::routes().merge(graph::routes()).with_state(sim)
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
}

/// A running simulator bound to loopback.
pub struct Server {
    pub addr: SocketAddr,
    sim: Sim,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    /// Serve `sim` on 127.0.0.1:`port` (0 = any free port).
    pub async fn start(sim: Sim, port: u16) -> Result<Server, ServeError> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        sim.set_base_url(&format!("http://{addr}"));
        let (stop, stopped) = oneshot::channel::<()>();
        let app = app(sim.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
        tracing::info!(%addr, "bandeja-sim listening");
        Ok(Server {
            addr,
            sim,
            stop: Some(stop),
            task,
        })
    }

    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stop accepting requests and wait for the server task.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }

    /// Wait until the server ends (it only ends after [`Server::shutdown`] or an error).
    pub async fn wait(self) -> std::io::Result<()> {
        self.task
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }
}

/// Build a [`Sim`] from `config` and serve it on loopback.
pub async fn serve(config: Config) -> Result<(SocketAddr, Server), ServeError> {
    let port = config.port;
    let sim = Sim::new(config)?;
    let server = Server::start(sim, port).await?;
    Ok((server.addr, server))
}
