//! Everything the simulated Meta remembers, behind one lock: tokens, numbers,
//! customer service windows, rate buckets, templates, media, the messages it
//! accepted. Handlers take the lock, decide, and hand back the webhooks to
//! post; nothing here awaits.

use std::collections::HashMap;

use rand::rngs::StdRng;
use rand::SeedableRng;
use serde::Serialize;
use serde_json::Value;

use crate::config::{Config, PhoneNumberConfig};
use crate::error::{ErrorItem, GraphError};
use crate::ids::Ids;
use crate::json::to_meta_bytes;
use crate::limits::Bucket;
use crate::media::StoredMedia;
use crate::templates::Template;
use crate::wire::{
    Conversation, Envelope, MessagesValue, Metadata, Origin, Pricing, Status, TemplateEnvelope,
};

/// Per-message pricing started on 1 July 2025; before it statuses carry the
/// conversation-based (`CBP`) shape.
pub const PMP_START: i64 = 1_751_328_000;
pub const DAY: i64 = 86_400;

pub(crate) struct World {
    pub cfg: Config,
    pub tokens: HashMap<String, Token>,
    pub numbers: Vec<Number>,
    /// (phone_number_id, wa_id) -> unix seconds of the customer's last message.
    pub windows: HashMap<(String, String), i64>,
    pub throughput: HashMap<String, Bucket>,
    pub pairs: HashMap<(String, String), Bucket>,
    /// wa_id -> when a business-initiated message last reached them.
    pub reach: HashMap<String, i64>,
    pub templates: Vec<Template>,
    /// (name, language, deleted at): approved names cannot come back for 30 days.
    pub deleted_names: Vec<(String, String, i64)>,
    /// Due template reviews: (unix seconds, template id).
    pub reviews: Vec<(i64, u64)>,
    pub media: HashMap<String, StoredMedia>,
    pub outbound: Vec<OutboundRecord>,
    /// Inbound wamid -> (phone_number_id, wa_id).
    pub inbound: HashMap<String, (String, String)>,
    pub ids: Ids,
    /// WABA-level callback override (`subscribed_apps`).
    pub override_uri: Option<String>,
    /// phone_number_id -> number-level callback override.
    pub number_overrides: HashMap<String, String>,
    /// Our app subscribed to the WABA's webhooks (nothing is sent otherwise).
    pub subscribed: bool,
    /// Embedded Signup codes already exchanged (each works once).
    pub used_codes: Vec<String>,
    pub rng: StdRng,
    pub read_marks: Vec<ReadMark>,
    /// phone_number_id -> register calls (unix seconds), for the 10 per 72 h rule.
    pub registrations: HashMap<String, Vec<i64>>,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub expires_at: Option<i64>,
    pub revoked: bool,
}

pub(crate) struct Number {
    pub cfg: PhoneNumberConfig,
    pub profile: crate::graph::profile::BusinessProfile,
    pub pin: Option<String>,
}

/// A message the simulator accepted from the business, as tests see it.
#[derive(Debug, Clone, Serialize)]
pub struct OutboundRecord {
    pub id: String,
    pub phone_number_id: String,
    /// `to` as sent.
    pub to: String,
    /// The resolved WhatsApp ID.
    pub wa_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub accepted_at: i64,
    pub request: Value,
    pub template: Option<String>,
    /// Pricing category (`service`, `utility`, `marketing`, `authentication`).
    pub category: String,
    /// Free customer service (no charge) vs regular.
    pub free: bool,
    pub window_open: bool,
    pub api_version: u32,
    pub conversation_id: String,
    /// The error code of the `failed` status the send will produce, if any.
    pub fails_with: Option<u32>,
    pub biz_opaque_callback_data: Option<String>,
}

/// A mark-as-read call the business made.
#[derive(Debug, Clone, Serialize)]
pub struct ReadMark {
    pub message_id: String,
    pub phone_number_id: String,
    pub typing_indicator: bool,
    pub at: i64,
}

/// A webhook ready to post: where, what, and how long to hold it back.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub url: Option<String>,
    pub label: String,
    pub body: Vec<u8>,
    pub delay_ms: u64,
}

impl World {
    pub fn new(cfg: Config, run_seed: u64) -> World {
        let tokens = cfg
            .access_tokens
            .iter()
            .map(|t| {
                let (tok, expires_at) = t.parts();
                (
                    tok,
                    Token {
                        expires_at,
                        revoked: false,
                    },
                )
            })
            .collect();
        let numbers = cfg
            .phone_numbers
            .iter()
            .map(|n| Number {
                cfg: n.clone(),
                profile: crate::graph::profile::BusinessProfile::seed(n),
                pin: None,
            })
            .collect();
        let templates = if cfg.seed_templates {
            crate::templates::seeds()
        } else {
            Vec::new()
        };
        World {
            rng: StdRng::seed_from_u64(cfg.seed),
            cfg,
            tokens,
            numbers,
            windows: HashMap::new(),
            throughput: HashMap::new(),
            pairs: HashMap::new(),
            reach: HashMap::new(),
            templates,
            deleted_names: Vec::new(),
            reviews: Vec::new(),
            media: HashMap::new(),
            outbound: Vec::new(),
            inbound: HashMap::new(),
            ids: Ids::new(run_seed),
            override_uri: None,
            number_overrides: HashMap::new(),
            subscribed: true,
            used_codes: Vec::new(),
            registrations: HashMap::new(),
            read_marks: Vec::new(),
        }
    }

    pub fn number(&self, pnid: &str) -> Option<&Number> {
        self.numbers.iter().find(|n| n.cfg.id == pnid)
    }

    pub fn number_mut(&mut self, pnid: &str) -> Option<&mut Number> {
        self.numbers.iter_mut().find(|n| n.cfg.id == pnid)
    }

    /// Bearer token check, with Meta's 104 / 190 bodies.
    pub fn check_token(&self, token: Option<&str>, now_s: i64) -> Result<(), GraphError> {
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return Err(GraphError::missing_token());
        };
        let Some(t) = self.tokens.get(token) else {
            return Err(GraphError::invalid_token());
        };
        if t.revoked {
            return Err(GraphError::revoked_token());
        }
        match t.expires_at {
            Some(exp) if now_s >= exp => Err(GraphError::expired_token(exp, now_s)),
            _ => Ok(()),
        }
    }

    /// Is the customer service window for (number, customer) open at `now_s`?
    pub fn window_open(&self, pnid: &str, wa_id: &str, now_s: i64) -> bool {
        self.window_expires(pnid, wa_id)
            .is_some_and(|exp| now_s < exp)
    }

    pub fn window_expires(&self, pnid: &str, wa_id: &str) -> Option<i64> {
        self.windows
            .get(&(pnid.to_string(), wa_id.to_string()))
            .map(|t| t + DAY)
    }

    pub fn metadata(&self, pnid: &str) -> Metadata {
        let display = self
            .number(pnid)
            .map(|n| n.cfg.display_phone_number.clone())
            .unwrap_or_default();
        Metadata {
            display_phone_number: display,
            phone_number_id: pnid.into(),
        }
    }

    /// Where `messages` webhooks go: a number override wins over a WABA
    /// override, which wins over the app URL; nothing without a subscription.
    fn messages_url(&self, pnid: &str) -> Option<String> {
        if !self.subscribed {
            return None;
        }
        self.number_overrides
            .get(pnid)
            .cloned()
            .or_else(|| self.override_uri.clone())
            .or_else(|| self.cfg.webhook_url.clone())
    }

    pub fn messages_webhook(&self, value: MessagesValue, label: String, delay_ms: u64) -> Outgoing {
        let url = self.messages_url(&value.metadata.phone_number_id);
        let env = Envelope::one(&self.cfg.waba_id, "messages", value);
        Outgoing {
            url,
            label,
            body: to_meta_bytes(&env),
            delay_ms,
        }
    }

    /// Template webhooks ignore per-WABA overrides: they go to the app URL.
    pub fn template_webhook(&self, env: &TemplateEnvelope, label: String) -> Outgoing {
        Outgoing {
            url: self.cfg.webhook_url.clone().filter(|_| self.subscribed),
            label,
            body: to_meta_bytes(env),
            delay_ms: 0,
        }
    }

    pub fn outbound_index(&self, wamid: &str) -> Option<usize> {
        self.outbound.iter().position(|o| o.id == wamid)
    }

    /// The status object Meta would report for an outbound message.
    pub fn status_for(
        &self,
        out: &OutboundRecord,
        status: &str,
        now_s: i64,
        error: Option<ErrorItem>,
    ) -> Status {
        let legacy = out.accepted_at < PMP_START;
        let pricing = Pricing {
            billable: legacy || !out.free,
            pricing_model: if legacy { "CBP" } else { "PMP" }.into(),
            kind: (!legacy).then(|| {
                if out.free {
                    "free_customer_service".into()
                } else {
                    "regular".into()
                }
            }),
            category: out.category.clone(),
        };
        // v23 and lower (and every CBP-era payload) carry the conversation.
        let with_conversation = legacy || out.api_version <= 23;
        let conversation = |expiring: bool| {
            with_conversation.then(|| Conversation {
                id: out.conversation_id.clone(),
                expiration_timestamp: expiring.then(|| (out.accepted_at + DAY).to_string()),
                origin: Origin {
                    kind: out.category.clone(),
                },
            })
        };
        let (conversation, pricing) = match status {
            "sent" => (conversation(true), Some(pricing)),
            "delivered" => (conversation(false), Some(pricing)),
            _ => (None, None),
        };
        Status {
            id: out.id.clone(),
            status: status.into(),
            timestamp: now_s.to_string(),
            recipient_id: out.wa_id.clone(),
            conversation,
            pricing,
            biz_opaque_callback_data: out.biz_opaque_callback_data.clone(),
            errors: error.map(|e| vec![e]),
        }
    }
}
