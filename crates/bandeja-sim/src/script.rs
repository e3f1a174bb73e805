//! What the simulated customers and Meta do on their own, as data: a
//! customer sends a message ([`Inbound`]), the customer's phone reports
//! statuses for a business message ([`StatusPlan`]), optionally out of order
//! and duplicated as Meta does. The same types are the JSON bodies of the
//! `/_sim` control API.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

use crate::config::Delivery;
use crate::error::ErrorItem;
use crate::media::{self, StoredMedia};
use crate::wire::{
    ContactOut, Content, Context, InboundMessage, MessagesValue, Profile, Referral, Text,
};
use crate::world::{Outgoing, World};
use crate::SimError;

/// A message a simulated customer sends to the business.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Inbound {
    /// The customer's wa_id (digits). `None` for a username-only (BSUID) user.
    #[serde(default)]
    pub from: Option<String>,
    /// WhatsApp profile name; default `Cliente <last digits>`.
    #[serde(default)]
    pub name: Option<String>,
    /// Business-scoped user ID (2026 payloads).
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    /// Which business number receives it; default the first configured.
    #[serde(default)]
    pub phone_number_id: Option<String>,
    /// Unix seconds; default the simulated now.
    #[serde(default)]
    pub timestamp: Option<i64>,
    #[serde(flatten)]
    pub content: Content,
    #[serde(default)]
    pub context: Option<Context>,
    #[serde(default)]
    pub referral: Option<Referral>,
    /// Bytes of a media message, base64; synthetic bytes when absent.
    #[serde(default)]
    pub media_base64: Option<String>,
}

impl Inbound {
    pub fn new(from: &str, content: Content) -> Self {
        Inbound {
            from: Some(from.into()),
            name: None,
            user_id: None,
            username: None,
            phone_number_id: None,
            timestamp: None,
            content,
            context: None,
            referral: None,
            media_base64: None,
        }
    }

    pub fn text(from: &str, body: &str) -> Self {
        Inbound::new(
            from,
            Content::Text {
                text: Text { body: body.into() },
            },
        )
    }

    pub fn named(mut self, name: &str) -> Self {
        self.name = Some(name.into());
        self
    }

    pub fn to_number(mut self, phone_number_id: &str) -> Self {
        self.phone_number_id = Some(phone_number_id.into());
        self
    }

    /// Quote one of the business's messages (`context.from` = business number).
    pub fn reply_to(mut self, wamid: &str) -> Self {
        self.context = Some(Context {
            id: Some(wamid.into()),
            ..Context::default()
        });
        self
    }

    pub fn forwarded(mut self, frequently: bool) -> Self {
        self.context = Some(Context {
            forwarded: (!frequently).then_some(true),
            frequently_forwarded: frequently.then_some(true),
            ..Context::default()
        });
        self
    }

    pub fn with_referral(mut self, referral: Referral) -> Self {
        self.referral = Some(referral);
        self
    }

    pub fn with_media_bytes(mut self, bytes: &[u8]) -> Self {
        self.media_base64 = Some(STANDARD.encode(bytes));
        self
    }
}

/// The wamid and time Meta gave an inbound message.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InboundReceipt {
    pub id: String,
    pub timestamp: String,
    pub phone_number_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_id: Option<String>,
}

/// Statuses to report for one outbound message.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatusPlan {
    pub message_id: String,
    /// Any of `sent`, `delivered`, `read`, `played`, `failed`, in the order
    /// they happened (timestamps follow this order).
    pub statuses: Vec<String>,
    #[serde(default)]
    pub order: Delivery,
    /// Deliver every status twice (the copies after the originals).
    #[serde(default)]
    pub duplicate: bool,
    /// All statuses in one POST's `statuses` array instead of one POST each.
    #[serde(default)]
    pub batch: bool,
    /// Error code of a `failed` status (default 131026, undeliverable).
    #[serde(default)]
    pub error_code: Option<u32>,
}

impl StatusPlan {
    pub fn new(message_id: &str, statuses: &[&str]) -> Self {
        StatusPlan {
            message_id: message_id.into(),
            statuses: statuses.iter().map(|s| s.to_string()).collect(),
            order: Delivery::InOrder,
            duplicate: false,
            batch: false,
            error_code: None,
        }
    }
}

fn default_mime(content: &Content) -> &'static str {
    match content {
        Content::Image { .. } => "image/jpeg",
        Content::Video { .. } => "video/mp4",
        Content::Audio { audio } if audio.voice == Some(true) => "audio/ogg; codecs=opus",
        Content::Audio { .. } => "audio/mpeg",
        Content::Document { .. } => "application/pdf",
        _ => "image/webp",
    }
}

impl World {
    /// Turn a scripted inbound into Meta's message object and the sender's contact.
    pub(crate) fn receive(
        &mut self,
        msg: Inbound,
        now_s: i64,
        base_url: &str,
    ) -> Result<(InboundMessage, Option<ContactOut>, InboundReceipt), SimError> {
        let pnid = msg
            .phone_number_id
            .clone()
            .unwrap_or_else(|| self.numbers[0].cfg.id.clone());
        let display = self
            .number(&pnid)
            .ok_or_else(|| SimError::UnknownPhoneNumber(pnid.clone()))?
            .cfg
            .display_phone_number
            .clone();
        if msg.from.is_none() && msg.user_id.is_none() {
            return Err(SimError::Invalid(
                "an inbound message needs from or user_id".into(),
            ));
        }
        let ts = msg.timestamp.unwrap_or(now_s);
        let id = self.ids.inbound_wamid();
        let mut content = msg.content;
        let mut media_id = None;
        let default = default_mime(&content);
        if let Some(m) = content.media_mut() {
            if m.mime_type.is_empty() {
                m.mime_type = default.into();
            }
            let bytes = match &msg.media_base64 {
                Some(b) => STANDARD
                    .decode(b)
                    .map_err(|e| SimError::Invalid(format!("media_base64: {e}")))?,
                None => media::placeholder_bytes(&m.mime_type, &id),
            };
            let mid = self.ids.media_id();
            let stored = StoredMedia {
                id: mid.clone(),
                phone_number_id: pnid.clone(),
                mime_type: m.mime_type.clone(),
                bytes: Arc::new(bytes),
                created_s: now_s,
                expires_s: now_s + media::INBOUND_TTL_S,
            };
            m.sha256 = stored.sha256_b64();
            m.id = mid.clone();
            m.url = Some(media::download_url(
                base_url,
                &self.cfg.app_secret,
                &mid,
                now_s + media::URL_TTL_S,
                true,
            ));
            self.media.insert(mid.clone(), stored);
            media_id = Some(mid);
        }
        match &mut content {
            Content::Audio { audio } if audio.voice.is_none() => audio.voice = Some(false),
            Content::Sticker { sticker } if sticker.animated.is_none() => {
                sticker.animated = Some(false)
            }
            Content::Unsupported { errors, .. } if errors.is_empty() => {
                let mut e = ErrorItem::for_code(131051);
                e.href = None;
                errors.push(e);
            }
            _ => {}
        }
        let mut context = msg.context;
        if let Some(c) = context
            .as_mut()
            .filter(|c| c.id.is_some() && c.from.is_none())
        {
            c.from = Some(display);
        }
        let wa_id = msg.from.clone();
        let system = matches!(content, Content::System { .. });
        let opens_window = !system && !matches!(content, Content::Revoke { .. });
        if let (Some(wa), true) = (&wa_id, opens_window) {
            let slot = self.windows.entry((pnid.clone(), wa.clone())).or_insert(ts);
            *slot = (*slot).max(ts);
        }
        self.inbound.insert(
            id.clone(),
            (
                pnid.clone(),
                wa_id.clone().or(msg.user_id.clone()).unwrap_or_default(),
            ),
        );
        let contact = (!system).then(|| ContactOut {
            profile: Profile {
                name: msg.name.clone().unwrap_or_else(|| {
                    let w = wa_id.as_deref().or(msg.user_id.as_deref()).unwrap_or("");
                    format!("Cliente {}", &w[w.len().saturating_sub(4)..])
                }),
                username: msg.username.clone(),
            },
            wa_id: wa_id.clone(),
            user_id: msg.user_id.clone(),
        });
        let message = InboundMessage {
            from: wa_id,
            from_user_id: msg.user_id,
            id: id.clone(),
            timestamp: ts.to_string(),
            content,
            context,
            referral: msg.referral,
        };
        let receipt = InboundReceipt {
            id,
            timestamp: ts.to_string(),
            phone_number_id: pnid,
            media_id,
        };
        Ok((message, contact, receipt))
    }

    /// The webhooks for a status plan, in the order they will be posted.
    pub(crate) fn plan_statuses(
        &mut self,
        plan: &StatusPlan,
        now_s: i64,
        delay_ms: u64,
    ) -> Result<Vec<Outgoing>, SimError> {
        let idx = self
            .outbound_index(&plan.message_id)
            .ok_or_else(|| SimError::UnknownMessage(plan.message_id.clone()))?;
        let record = self.outbound[idx].clone();
        let mut statuses = Vec::new();
        for (i, s) in plan.statuses.iter().enumerate() {
            if !matches!(
                s.as_str(),
                "sent" | "delivered" | "read" | "played" | "failed"
            ) {
                return Err(SimError::Invalid(format!("unknown status {s}")));
            }
            let err =
                (s == "failed").then(|| ErrorItem::for_code(plan.error_code.unwrap_or(131026)));
            statuses.push(self.status_for(&record, s, now_s + i as i64, err));
        }
        plan.order
            .arrange(&mut statuses, plan.duplicate, &mut self.rng);
        let groups: Vec<Vec<_>> = if plan.batch {
            vec![statuses]
        } else {
            statuses.into_iter().map(|s| vec![s]).collect()
        };
        Ok(groups
            .into_iter()
            .map(|g| {
                let label = format!(
                    "status:{}",
                    g.iter()
                        .map(|s| s.status.as_str())
                        .collect::<Vec<_>>()
                        .join(",")
                );
                let mut value = MessagesValue::new(self.metadata(&record.phone_number_id));
                value.statuses = Some(g);
                self.messages_webhook(value, label, delay_ms)
            })
            .collect())
    }
}
