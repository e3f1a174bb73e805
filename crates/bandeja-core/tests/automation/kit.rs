//! A scenario: Meta's simulator and our core share a controlled clock; the
//! simulator posts signed webhooks to the real receiver, the core's
//! automation runs after each batch, the outbox sends through the Graph
//! client to the simulator, and the scheduler is run at the instants the
//! test chooses (`run_due`), exactly as its loop would.

use std::net::SocketAddr;
use std::time::Duration as StdDuration;

use bandeja_channels::graph::GraphConfig;
use bandeja_core::{AccountAutomation, Core, WhatsappOutbound};
use bandeja_domain::{Availability, ReopenPolicy, Role};
use bandeja_sim::{Config, Inbound, OutboundRecord, Server, Sim};
use bandeja_store::{ConversationRecord, View, WaTemplateData};
use bandeja_testkit::TestWorkspace;
use bandeja_webhooks::{ReceiverConfig, Secret};
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::json;

pub const PHONE_ID: &str = "200000000000002";
const TOKEN: &str = "bandeja-sim-token";

pub struct Scenario {
    pub t: TestWorkspace,
    pub sim: Sim,
    _server: Server,
    pub account: i64,
    outbound: WhatsappOutbound,
}

pub fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

impl Scenario {
    /// Both clocks stand at `start` (whole seconds).
    pub async fn at(start: DateTime<Utc>) -> Scenario {
        // RUST_LOG=bandeja_core=debug shows what the rules decided
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
        let mut config = Config::for_tests();
        config.clock.start = Some(start.timestamp());
        let (secret, verify) = (config.app_secret.clone(), config.verify_token.clone());
        let (_, server) = bandeja_sim::serve(config).await.unwrap();
        let sim = server.sim().clone();
        let t = TestWorkspace::new(Utc.timestamp_opt(start.timestamp(), 0).unwrap()).await;
        let account = t.whatsapp_account(PHONE_ID, ReopenPolicy::default()).await;
        let receiver = ReceiverConfig {
            verify_token: Secret::new(verify),
            app_secret: Secret::new(secret),
        };
        let (addr, _task) = bandeja_webhooks::serve(
            t.core.clone(),
            receiver,
            SocketAddr::from(([127, 0, 0, 1], 0)),
        )
        .await
        .unwrap();
        sim.set_webhook_url(Some(format!("http://{addr}/webhooks/whatsapp")));
        let outbound = WhatsappOutbound::new();
        outbound.connect(
            account,
            GraphConfig {
                base_url: server.url(),
                version: "v25.0".into(),
                phone_number_id: PHONE_ID.into(),
                access_token: TOKEN.into(),
            },
        );
        Scenario {
            t,
            sim,
            _server: server,
            account,
            outbound,
        }
    }

    pub fn core(&self) -> &Core {
        &self.t.core
    }

    /// Move both clocks.
    pub fn advance(&self, by: Duration) {
        self.sim.advance(by.to_std().unwrap());
        self.t.clock.advance(by);
    }

    /// Move both clocks to `at` (later than now).
    pub fn advance_to(&self, at: DateTime<Utc>) {
        let by = at - self.core().now();
        assert!(by >= Duration::zero(), "time only moves forward");
        self.advance(by);
    }

    /// A customer sends a message; returns once it is stored and the
    /// automation it set off has run.
    pub async fn customer(&self, inbound: Inbound) {
        self.sim.inbound(inbound).unwrap();
        assert!(
            self.sim.wait_idle(StdDuration::from_secs(10)).await,
            "webhooks delivered"
        );
        self.core().automation_settled().await;
    }

    pub async fn says(&self, wa_id: &str, name: &str, text: &str) {
        self.customer(Inbound::text(wa_id, text).named(name)).await;
    }

    /// Send what the outbox holds; returns how many went out.
    pub async fn flush(&self) -> usize {
        let n = self.core().run_outbox_once(&self.outbound).await.unwrap();
        // the statuses Meta sends back are applied too
        assert!(
            self.sim.wait_idle(StdDuration::from_secs(10)).await,
            "statuses delivered"
        );
        n
    }

    /// What the simulator accepted for a customer (by the `to` we sent), oldest first.
    pub fn sent_to(&self, wa_id: &str) -> Vec<OutboundRecord> {
        self.sim
            .outbound()
            .into_iter()
            .filter(|o| o.to == wa_id)
            .collect()
    }

    /// Change the account's automation (as the owner using the app).
    pub async fn automate(&self, change: impl FnOnce(&mut AccountAutomation)) {
        let mut a = self.core().automation(self.account).await.unwrap();
        change(&mut a);
        self.core().set_automation(self.account, a).await.unwrap();
    }

    /// A member authorized for the account.
    pub async fn member(
        &self,
        name: &str,
        availability: Availability,
        capacity: Option<u32>,
    ) -> i64 {
        let ws = self.core().workspace().await;
        let id = ws
            .store
            .insert_member(
                name,
                &format!("{}@tienda.example", name.to_lowercase()),
                Role::Agent,
                availability,
                capacity,
                "#0ea5e9",
                false,
            )
            .await
            .unwrap();
        let mut authorized = ws
            .store
            .accounts(None)
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.id == self.account)
            .unwrap()
            .authorized;
        authorized.push(id);
        ws.store
            .set_account_members(self.account, &authorized)
            .await
            .unwrap();
        id
    }

    /// The conversation of a customer, as the member using the app sees it.
    pub async fn conversation_of(&self, name: &str) -> ConversationRecord {
        let ws = self.core().workspace().await;
        let all = [View::AllOpen, View::Snoozed, View::Resolved];
        for v in all {
            let list = ws
                .store
                .list_conversations(
                    ws.me,
                    &bandeja_store::ConversationFilter::view(v),
                    self.core().now(),
                    None,
                    500,
                )
                .await
                .unwrap()
                .0;
            if let Some(c) = list.into_iter().find(|c| c.contact_name == name) {
                return c;
            }
        }
        panic!("no conversation with {name}");
    }

    /// The seeded reminder template of the simulator, stored for the account.
    pub async fn reminder_template(&self) -> i64 {
        let ws = self.core().workspace().await;
        ws.store
            .upsert_wa_template(
                self.account,
                &WaTemplateData {
                    provider_id: Some("500000000000006".into()),
                    name: "seguimos_en_contacto".into(),
                    language: "es".into(),
                    category: "UTILITY".into(),
                    status: "APPROVED".into(),
                    reason: None,
                    quality: None,
                    components: json!([
                        {"type": "BODY", "text": "Hola {{1}}, ¿seguimos con tu consulta? Responde «Sí» y seguimos atendiéndote por aquí.",
                         "example": {"body_text": [["Ana"]]}},
                        {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Sí"}]}
                    ]),
                },
                self.core().now(),
            )
            .await
            .unwrap()
    }
}

/// Monday to Friday, 09:00–18:00, in `zone`.
pub fn office_hours(zone: &str) -> bandeja_domain::BusinessHours {
    use chrono::{NaiveTime, Weekday};
    bandeja_domain::BusinessHours {
        timezone: zone.into(),
        intervals: [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ]
        .into_iter()
        .map(|weekday| bandeja_domain::OpeningInterval {
            weekday,
            opens: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            closes: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
        })
        .collect(),
        holidays: Vec::new(),
    }
}
