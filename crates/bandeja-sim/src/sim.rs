//! [`Sim`], the handle tests hold: the simulated Meta's state, its clock and
//! its webhook sender, plus the scripting calls (a customer writes, a phone
//! reports statuses, Meta reviews or pauses a template, a token expires).
//! The HTTP control API and the CLI are thin layers over these methods.

use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::Duration;

use crate::clock::SimClock;
use crate::config::{tier_limit, Config, ConfigError, Limits};
use crate::dispatch::{self, Dispatcher, WebhookRecord};
use crate::error::ErrorItem;
use crate::script::{Inbound, InboundReceipt, StatusPlan};
use crate::templates::{self, Template, TemplateEvent};
use crate::wire::MessagesValue;
use crate::world::{OutboundRecord, Outgoing, ReadMark, Token, World};
use crate::SimError;

#[derive(Clone)]
pub struct Sim {
    inner: Arc<Inner>,
}

struct Inner {
    world: Mutex<World>,
    clock: SimClock,
    dispatch: Dispatcher,
    base_url: RwLock<String>,
    app_secret: String,
    verify_token: String,
}

impl Sim {
    /// Build a simulator; must run inside a tokio runtime (it starts the
    /// webhook sender and the review ticker).
    pub fn new(config: Config) -> Result<Sim, ConfigError> {
        config.validate()?;
        let start_ms = config
            .clock
            .start
            .map(|s| s * 1000)
            .unwrap_or_else(|| chrono::Utc::now().timestamp_millis());
        let run_seed = std::process::id() as u64 ^ chrono::Utc::now().timestamp_micros() as u64;
        let inner = Arc::new(Inner {
            clock: SimClock::new(start_ms, config.clock.frozen),
            dispatch: Dispatcher::start(config.webhook_retry.clone()),
            base_url: RwLock::new(format!("http://127.0.0.1:{}", config.port)),
            app_secret: config.app_secret.clone(),
            verify_token: config.verify_token.clone(),
            world: Mutex::new(World::new(config, run_seed)),
        });
        tokio::spawn(ticker(Arc::downgrade(&inner)));
        Ok(Sim { inner })
    }

    /// Run `f` on the state at the current simulated time (after due
    /// template reviews), then post the webhooks it produced.
    pub(crate) fn with_world<R>(
        &self,
        f: impl FnOnce(&mut World, i64, &mut Vec<Outgoing>) -> R,
    ) -> R {
        let now_ms = self.inner.clock.now_ms();
        let mut out = Vec::new();
        let r = {
            let mut w = self.inner.world.lock().expect("world lock");
            run_reviews(&mut w, now_ms.div_euclid(1000), &mut out);
            f(&mut w, now_ms, &mut out)
        };
        for o in out {
            self.inner.dispatch.submit(o, &self.inner.app_secret);
        }
        r
    }

    pub fn config(&self) -> Config {
        self.with_world(|w, _, _| w.cfg.clone())
    }

    pub fn clock(&self) -> &SimClock {
        &self.inner.clock
    }

    /// Simulated unix seconds.
    pub fn now(&self) -> i64 {
        self.inner.clock.now_s()
    }

    /// Move simulated time forward; due template reviews happen now.
    pub fn advance(&self, by: Duration) -> i64 {
        self.inner.clock.advance(by);
        self.with_world(|_, now_ms, _| now_ms.div_euclid(1000))
    }

    /// The simulator's own URL (media download links point here).
    pub fn base_url(&self) -> String {
        self.inner.base_url.read().expect("base url").clone()
    }

    pub fn set_base_url(&self, url: &str) {
        *self.inner.base_url.write().expect("base url") = url.trim_end_matches('/').to_string();
    }

    /// A customer sends a message; returns its wamid. Opens/refreshes the
    /// customer service window (except `system` and `revoke`).
    pub fn inbound(&self, msg: Inbound) -> Result<InboundReceipt, SimError> {
        Ok(self.inbound_batch(vec![msg])?.remove(0))
    }

    /// Several messages in one webhook POST (Meta batches sometimes).
    pub fn inbound_batch(&self, msgs: Vec<Inbound>) -> Result<Vec<InboundReceipt>, SimError> {
        if msgs.is_empty() {
            return Err(SimError::Invalid("no messages".into()));
        }
        let base = self.base_url();
        self.with_world(|w, now_ms, out| {
            let mut receipts = Vec::new();
            let mut value: Option<MessagesValue> = None;
            for m in msgs {
                let (message, contact, receipt) = w.receive(m, now_ms.div_euclid(1000), &base)?;
                let v = value.get_or_insert_with(|| {
                    MessagesValue::new(w.metadata(&receipt.phone_number_id))
                });
                if v.metadata.phone_number_id != receipt.phone_number_id {
                    return Err(SimError::Invalid("a batch goes to one phone number".into()));
                }
                if let Some(c) = contact {
                    let list = v.contacts.get_or_insert_with(Vec::new);
                    if !list.contains(&c) {
                        list.push(c);
                    }
                }
                v.messages.get_or_insert_with(Vec::new).push(message);
                receipts.push(receipt);
            }
            let value = value.expect("at least one message");
            let kinds: Vec<&str> = value
                .messages
                .iter()
                .flatten()
                .map(|m| m.content.kind())
                .collect();
            let label = format!("inbound:{}", kinds.join(","));
            out.push(w.messages_webhook(value, label, 0));
            Ok(receipts)
        })
    }

    /// Report statuses for an outbound message (see [`StatusPlan`]).
    pub fn statuses(&self, plan: StatusPlan) -> Result<usize, SimError> {
        self.with_world(|w, now_ms, out| {
            let hooks = w.plan_statuses(&plan, now_ms.div_euclid(1000), 0)?;
            let n = hooks.len();
            out.extend(hooks);
            Ok(n)
        })
    }

    /// A value-level error webhook (`value.errors`, e.g. 130429).
    pub fn value_error(&self, phone_number_id: Option<&str>, code: u32) -> Result<(), SimError> {
        self.with_world(|w, _, out| {
            let pnid = phone_number_id.map_or_else(|| w.numbers[0].cfg.id.clone(), str::to_string);
            w.number(&pnid)
                .ok_or_else(|| SimError::UnknownPhoneNumber(pnid.clone()))?;
            let mut value = MessagesValue::new(w.metadata(&pnid));
            value.errors = Some(vec![ErrorItem::for_code(code)]);
            out.push(w.messages_webhook(value, format!("errors:{code}"), 0));
            Ok(())
        })
    }

    /// Meta changes a template's status (by id or name); emits the webhook.
    pub fn template_event(
        &self,
        id_or_name: &str,
        ev: TemplateEvent,
    ) -> Result<Template, SimError> {
        self.with_world(|w, now_ms, out| {
            let waba = w.cfg.waba_id.clone();
            let t = w
                .templates
                .iter_mut()
                .find(|t| t.id == id_or_name || t.name == id_or_name)
                .ok_or_else(|| SimError::UnknownTemplate(id_or_name.into()))?;
            let env = templates::apply_event(t, &ev, &waba, now_ms.div_euclid(1000));
            let t = t.clone();
            out.push(
                w.template_webhook(&env, format!("template:{}", ev.event.to_ascii_uppercase())),
            );
            Ok(t)
        })
    }

    /// Pacing: template sends answer `held_for_quality_assessment`.
    pub fn set_template_paced(&self, id_or_name: &str, paced: bool) -> Result<(), SimError> {
        self.with_world(|w, _, _| {
            let t = w
                .templates
                .iter_mut()
                .find(|t| t.id == id_or_name || t.name == id_or_name)
                .ok_or_else(|| SimError::UnknownTemplate(id_or_name.into()))?;
            t.paced = paced;
            Ok(())
        })
    }

    pub fn templates(&self) -> Vec<Template> {
        self.with_world(|w, _, _| w.templates.clone())
    }

    pub fn add_token(&self, token: &str, expires_at: Option<i64>) {
        self.with_world(|w, _, _| {
            w.tokens.insert(
                token.into(),
                Token {
                    expires_at,
                    revoked: false,
                },
            );
        })
    }

    /// The token expires now (next calls get 190 / subcode 463).
    pub fn expire_token(&self, token: &str) -> Result<(), SimError> {
        self.with_world(|w, now_ms, _| {
            let t = w
                .tokens
                .get_mut(token)
                .ok_or_else(|| SimError::UnknownToken(token.into()))?;
            t.expires_at = Some(now_ms.div_euclid(1000));
            Ok(())
        })
    }

    /// The token is invalidated (190 / subcode 460).
    pub fn revoke_token(&self, token: &str) -> Result<(), SimError> {
        self.with_world(|w, _, _| {
            let t = w
                .tokens
                .get_mut(token)
                .ok_or_else(|| SimError::UnknownToken(token.into()))?;
            t.revoked = true;
            Ok(())
        })
    }

    pub fn set_webhook_url(&self, url: Option<String>) {
        self.with_world(|w, _, _| w.cfg.webhook_url = url)
    }

    pub fn set_limits(&self, limits: Limits) {
        self.with_world(|w, _, _| {
            w.cfg.limits = limits;
            w.throughput.clear();
            w.pairs.clear();
        })
    }

    pub fn set_messaging_limit(&self, tier: &str) -> Result<(), SimError> {
        tier_limit(tier).ok_or_else(|| SimError::Invalid(format!("unknown tier {tier}")))?;
        self.with_world(|w, _, _| w.cfg.messaging_limit = tier.into());
        Ok(())
    }

    /// Messages the business sent and the simulator accepted.
    pub fn outbound(&self) -> Vec<OutboundRecord> {
        self.with_world(|w, _, _| w.outbound.clone())
    }

    pub fn read_marks(&self) -> Vec<ReadMark> {
        self.with_world(|w, _, _| w.read_marks.clone())
    }

    /// Every webhook emitted so far, with its delivery state.
    pub fn webhooks(&self) -> Vec<WebhookRecord> {
        self.inner.dispatch.log.lock().expect("webhook log").clone()
    }

    /// Wait until every queued webhook was delivered or given up.
    pub async fn wait_idle(&self, timeout: Duration) -> bool {
        self.inner.dispatch.wait_idle(timeout).await
    }

    /// When the customer service window of (number, customer) closes.
    pub fn window_expires(&self, phone_number_id: &str, wa_id: &str) -> Option<i64> {
        self.with_world(|w, _, _| w.window_expires(phone_number_id, wa_id))
    }

    /// Meta's GET verification against `url` (default: the webhook URL).
    pub async fn handshake(
        &self,
        url: Option<&str>,
        verify_token: Option<&str>,
    ) -> Result<(), String> {
        let url = match url {
            Some(u) => u.to_string(),
            None => self
                .config()
                .webhook_url
                .ok_or_else(|| "no webhook URL configured".to_string())?,
        };
        let token = verify_token.unwrap_or(&self.inner.verify_token).to_string();
        let challenge = self.with_world(|w, _, _| {
            rand::Rng::gen_range(&mut w.rng, 1_000_000_000..2_000_000_000u64)
        });
        dispatch::handshake(&url, &token, challenge).await
    }

    pub(crate) fn app_secret(&self) -> &str {
        &self.inner.app_secret
    }
}

/// Pending templates whose review time has come get Meta's verdict.
fn run_reviews(w: &mut World, now_s: i64, out: &mut Vec<Outgoing>) {
    if !w.reviews.iter().any(|(due, _)| *due <= now_s) {
        return;
    }
    let mut due: Vec<(i64, u64)> = w
        .reviews
        .iter()
        .copied()
        .filter(|(d, _)| *d <= now_s)
        .collect();
    due.sort_unstable();
    w.reviews.retain(|(d, _)| *d > now_s);
    let waba = w.cfg.waba_id.clone();
    for (at, id) in due {
        let Some(t) = w
            .templates
            .iter_mut()
            .find(|t| t.numeric_id() == id && t.status == "PENDING")
        else {
            continue;
        };
        let ev = templates::review_event(t);
        let env = templates::apply_event(t, &ev, &waba, at);
        let label = format!("template:{}", ev.event);
        out.push(w.template_webhook(&env, label));
    }
}

/// With a running clock, reviews fall due without any request; look twice a second.
async fn ticker(inner: Weak<Inner>) {
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let Some(inner) = inner.upgrade() else { return };
        if !inner.clock.is_frozen() {
            Sim { inner }.with_world(|_, _, _| ());
        }
    }
}
