//! One relay on loopback for the newer test files: a real server on a real
//! port over a fresh database (see [`db`]: SQLite, or PostgreSQL under
//! `with-postgres.sh`), one tenant, and helpers to enroll devices and post
//! signed webhooks.
#![allow(dead_code)] // each test file uses its own part of this

pub mod db;

pub use db::TestDb;

use bandeja_channels::whatsapp::signature::sign;
use bandeja_relay::stream::EnrollResponse;
use bandeja_relay::{now_millis, serve, NewTenant, ServeConfig, Store, Tenant};

pub const SECRET: &str = "bandeja-test-app-secret";
pub const TWILIO_TOKEN: &str = "0123456789abcdef0123456789abcdef";
pub const DAY: i64 = 24 * 60 * 60 * 1000;

pub struct Relay {
    pub db: TestDb,
    pub store: Store,
    pub tenant: Tenant,
    pub addr: std::net::SocketAddr,
    pub http: reqwest::Client,
}

impl Relay {
    pub async fn start() -> Relay {
        Relay::start_with(|_| {}).await
    }

    /// A relay whose [`ServeConfig`] `adjust` may change before it binds.
    pub async fn start_with(adjust: impl FnOnce(&mut ServeConfig)) -> Relay {
        let db = TestDb::new().await;
        let store = db.open().await;
        let tenant = store
            .create_tenant(
                NewTenant {
                    name: "Acme".into(),
                    app_secret: SECRET.into(),
                },
                now_millis(),
            )
            .await
            .unwrap();
        let mut config = ServeConfig::new(store.clone(), "127.0.0.1:0".parse().unwrap());
        adjust(&mut config);
        let (addr, _task) = serve(config).await.unwrap();
        Relay {
            db,
            store,
            tenant,
            addr,
            http: reqwest::Client::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn enroll(&self) -> EnrollResponse {
        let code = self
            .store
            .create_enrollment_code(&self.tenant.id, now_millis(), DAY)
            .await
            .unwrap();
        let res = self
            .http
            .post(self.url("/v1/enroll"))
            .header("content-type", "application/json")
            .body(serde_json::json!({ "code": code, "name": "laptop" }).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        serde_json::from_slice(&res.bytes().await.unwrap()).unwrap()
    }

    /// Post a signed Meta webhook; asserts the 200.
    pub async fn post_meta(&self, body: &str) {
        let res = self
            .http
            .post(self.url(&format!("/hooks/meta/{}", self.tenant.path_token)))
            .header(
                "X-Hub-Signature-256",
                sign(SECRET.as_bytes(), body.as_bytes()),
            )
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
}
