//! A simulator per test and a Graph client pointed at it.

use bandeja_channels::graph::{GraphClient, GraphConfig};
use bandeja_sim::{Config, Server, Sim};

pub const TOKEN: &str = "bandeja-sim-token";
pub const PNID: &str = "200000000000002";
pub const WABA: &str = "100000000000001";
pub const ANA: &str = "15550100123";

pub struct Harness {
    pub server: Server,
    pub client: GraphClient,
}

impl Harness {
    /// Frozen clock at the fixture time, seeded templates, no webhook URL.
    pub async fn start() -> Harness {
        let (_, server) = bandeja_sim::serve(Config::for_tests()).await.unwrap();
        let client = client_for(&server.url());
        Harness { server, client }
    }

    pub fn sim(&self) -> &Sim {
        self.server.sim()
    }
}

pub fn client_for(base_url: &str) -> GraphClient {
    GraphClient::new(GraphConfig {
        base_url: base_url.to_string(),
        version: "v25.0".into(),
        phone_number_id: PNID.into(),
        access_token: TOKEN.into(),
    })
}

/// Bytes that look like a JPEG (the simulator sniffs magic numbers).
pub fn jpeg(len: usize) -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0];
    b.resize(len, 7);
    b
}
