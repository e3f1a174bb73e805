//! What a member sends: text, an approved template, a file, a reaction, or
//! a failed message again. Each is checked against the platform's rules
//! first (the 24-hour window, template approval and parameters, media
//! limits) so a refusal is immediate and clear; an accepted send is stored
//! as pending with its outbox row in one transaction before any network
//! call, so nothing typed is lost and a restart knows what is still to go.

use bandeja_domain::limits::{business_initiated_quota, plan_quota, Quota};
use bandeja_domain::{
    is_window_open, ChannelKind, DeliveryState, Direction, MessageContent, MessageKind,
};
use bandeja_store::{ConversationRecord, NewMessage};
use serde_json::{json, Value};

use crate::template_fields::TemplateFields;
use crate::{Core, CoreEvent, SendRefused, Workspace};

/// A file a member attaches.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub filename: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

pub(crate) struct Outgoing {
    pub(crate) kind: MessageKind,
    pub(crate) content: MessageContent,
    pub(crate) payload: Value,
    pub(crate) reply_to: Option<String>,
    /// Sent by the automation (no member wrote it).
    pub(crate) automated: bool,
}

impl Core {
    pub(crate) async fn whatsapp_conversation(
        &self,
        ws: &Workspace,
        conversation_id: i64,
    ) -> anyhow::Result<(ConversationRecord, String)> {
        let conv = ws.store.conversation(ws.me, conversation_id).await?;
        if conv.account_kind.channel() == ChannelKind::Email {
            return Err(SendRefused::EmailNotYet.into());
        }
        let contact = ws.store.contact(ws.me, conv.contact_id, None).await?;
        let to = contact.wa_id.clone().ok_or(SendRefused::NoRecipient)?;
        Ok((conv, to))
    }

    fn require_window(&self, conv: &ConversationRecord) -> Result<(), SendRefused> {
        match is_window_open(self.now(), conv.window_expires_at) {
            true => Ok(()),
            false => Err(SendRefused::WindowClosed),
        }
    }

    pub(crate) async fn enqueue_outgoing(
        &self,
        ws: &Workspace,
        (conversation_id, account_id): (i64, i64),
        out: Outgoing,
    ) -> anyhow::Result<i64> {
        // whole seconds, like the providers' timestamps: a reply and a
        // customer's message of the same second then keep their arrival order
        let now = chrono::SubsecRound::trunc_subsecs(self.now(), 0);
        let me = match out.automated {
            true => String::new(),
            false => ws
                .store
                .members()
                .await?
                .into_iter()
                .find(|(m, _)| m.id == ws.me)
                .map(|(m, _)| m.name)
                .unwrap_or_default(),
        };
        let (message_id, _) = ws
            .store
            .enqueue(
                &NewMessage {
                    conversation_id,
                    account_id,
                    direction: Direction::Outbound,
                    kind: out.kind,
                    content: out.content,
                    provider_id: None,
                    author_member_id: (!out.automated).then_some(ws.me),
                    sender: me,
                    delivery: Some(DeliveryState::Pending),
                    reply_to_provider_id: out.reply_to,
                    forwarded: false,
                    created_at: now,
                    automated: out.automated,
                },
                &out.payload,
                now,
            )
            .await?;
        self.emit(CoreEvent::ConversationChanged { conversation_id });
        self.emit(CoreEvent::ListChanged);
        self.wake_outbox();
        Ok(message_id)
    }

    pub(crate) fn wake_outbox(&self) {
        if let Some(n) = self.inner.outbox_wake.get() {
            n.notify_one();
        }
    }

    /// Queue a free-form text reply (inside the window).
    pub async fn send_text(
        &self,
        conversation_id: i64,
        body: &str,
        reply_to: Option<String>,
    ) -> anyhow::Result<i64> {
        let body = body.trim();
        if body.is_empty() {
            return Err(SendRefused::Empty.into());
        }
        let ws = self.workspace().await;
        let (conv, to) = self.whatsapp_conversation(&ws, conversation_id).await?;
        self.require_window(&conv)?;
        let payload = json!({"type": "text", "to": to, "body": body, "reply_to": reply_to});
        let out = Outgoing {
            kind: MessageKind::Text,
            content: MessageContent::Text {
                body: body.to_string(),
            },
            payload,
            reply_to,
            automated: false,
        };
        self.enqueue_outgoing(&ws, (conv.id, conv.account_id), out)
            .await
    }

    /// Queue an approved template (allowed with the window closed: this is
    /// how a business restarts a conversation).
    pub async fn send_template(
        &self,
        conversation_id: i64,
        template_id: i64,
        params: Vec<String>,
    ) -> anyhow::Result<i64> {
        let ws = self.workspace().await;
        let (conv, to) = self.whatsapp_conversation(&ws, conversation_id).await?;
        let t = ws.store.wa_template(ws.me, template_id).await?;
        if t.account_id != conv.account_id {
            return Err(bandeja_store::StoreError::NotFound(format!(
                "template {template_id} for this conversation's account"
            ))
            .into());
        }
        if t.status != "APPROVED" {
            return Err(SendRefused::TemplateNotApproved {
                name: t.name,
                status: t.status,
            }
            .into());
        }
        let fields = TemplateFields::of(&t.components);
        if let Some(format) = &fields.media_header {
            return Err(SendRefused::TemplateNeedsMedia {
                name: t.name,
                format: format.clone(),
            }
            .into());
        }
        let params: Vec<String> = params.into_iter().map(|p| p.trim().to_string()).collect();
        if params.len() != fields.len() || params.iter().any(String::is_empty) {
            return Err(SendRefused::TemplateParams {
                name: t.name,
                expected: fields.len(),
                given: params.iter().filter(|p| !p.is_empty()).count(),
            }
            .into());
        }
        // outside the window this starts a conversation: Meta's messaging
        // limit counts it (the different customers of the last 24 h)
        let business_initiated = !is_window_open(self.now(), conv.window_expires_at);
        if business_initiated {
            let (used, limit) = self
                .business_initiated_use(conv.account_id, Some(&to))
                .await?;
            if let Quota::Exceeded { used, limit } = business_initiated_quota(used.0, limit, used.1)
            {
                return Err(SendRefused::MessagingLimit { used, limit }.into());
            }
            let (started, plan) = self.plan_use().await?;
            if let Quota::Exceeded { used, limit } = plan_quota(started, plan) {
                return Err(SendRefused::PlanQuota { used, limit }.into());
            }
        }
        let mut template = json!({"name": t.name, "language": {"code": t.language}});
        if !params.is_empty() {
            template["components"] = fields.components(&params);
        }
        let out = Outgoing {
            kind: MessageKind::Template,
            content: MessageContent::Template {
                name: t.name.clone(),
                language: t.language.clone(),
                body: fields.render(&template_body(&t.components), &params),
            },
            payload: json!({"type": "template", "to": to, "template": template,
                            "business_initiated": business_initiated}),
            reply_to: None,
            automated: false,
        };
        self.enqueue_outgoing(&ws, (conv.id, conv.account_id), out)
            .await
    }

    /// Queue a file (inside the window), uploaded by the outbox when sent.
    pub async fn send_media(
        &self,
        conversation_id: i64,
        file: Attachment,
        caption: Option<String>,
        reply_to: Option<String>,
    ) -> anyhow::Result<i64> {
        let ws = self.workspace().await;
        let (conv, to) = self.whatsapp_conversation(&ws, conversation_id).await?;
        self.require_window(&conv)?;
        let media_kind =
            bandeja_domain::media_limits::check_upload(&file.mime, file.bytes.len() as u64)
                .map_err(|e| SendRefused::Media(e.to_string()))?;
        let kind: MessageKind = media_kind.as_str().parse().map_err(|_| {
            SendRefused::Media(format!("unknown media kind {}", media_kind.as_str()))
        })?;
        let caption = caption
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
        // the file goes into the data dir first, under a temporary name, so
        // the outbox can upload it after a restart
        let staged = format!("outgoing-{}", crate::connect::random_token());
        let dir = self.media_dir().await;
        tokio::fs::create_dir_all(&dir).await?;
        tokio::fs::write(dir.join(&staged), &file.bytes).await?;
        let payload = json!({
            "type": "media", "to": to, "media_kind": media_kind.as_str(),
            "path": dir.join(&staged).to_string_lossy(), "mime": file.mime,
            "filename": file.filename, "caption": caption, "reply_to": reply_to,
        });
        let out = Outgoing {
            kind,
            content: MessageContent::Media {
                caption,
                mime: file.mime.clone(),
                filename: Some(file.filename.clone()),
                size: Some(file.bytes.len() as u64),
                duration_secs: None,
            },
            payload,
            reply_to,
            automated: false,
        };
        let message_id = self
            .enqueue_outgoing(&ws, (conv.id, conv.account_id), out)
            .await?;
        ws.store
            .attach_local_media(
                message_id,
                conv.account_id,
                &file.mime,
                &staged,
                file.bytes.len() as i64,
            )
            .await?;
        self.emit(CoreEvent::ConversationChanged { conversation_id });
        Ok(message_id)
    }

    /// A member opened a conversation: nothing unread any more, and on
    /// WhatsApp the customer sees blue ticks on their latest message.
    pub async fn mark_read(&self, conversation_id: i64) -> anyhow::Result<()> {
        let ws = self.workspace().await;
        let conv = ws.store.conversation(ws.me, conversation_id).await?;
        if !ws.is_demo {
            // email: \Seen on the server too, so other mail clients agree
            let core = self.clone();
            tokio::spawn(async move { core.push_seen(conv.account_id, conversation_id).await });
        }
        if !ws.store.mark_read(conversation_id).await? {
            return Ok(());
        }
        self.emit(CoreEvent::ConversationChanged { conversation_id });
        self.emit(CoreEvent::ListChanged);
        let client = match ws.is_demo {
            true => None,
            false => self.whatsapp().client(conv.account_id),
        };
        let wamid = ws.store.latest_inbound_provider_id(conversation_id).await?;
        if let (Some(client), Some(wamid)) = (client, wamid) {
            let core = self.clone();
            tokio::spawn(async move {
                if let Err(e) = client.mark_read(&wamid).await {
                    tracing::warn!(code = e.code, title = %e.title, "read receipt not sent");
                    let _ = core.graph_refused(conv.account_id, e).await;
                }
            });
        }
        Ok(())
    }

    /// Send a failed message again.
    pub async fn retry_message(&self, message_id: i64) -> anyhow::Result<()> {
        let ws = self.workspace().await;
        if !ws
            .store
            .outbox_requeue(ws.me, message_id, self.now())
            .await?
        {
            return Err(SendRefused::NothingToRetry.into());
        }
        if let Some(conversation_id) = ws.store.conversation_of_message(message_id).await? {
            self.emit(CoreEvent::ConversationChanged { conversation_id });
        }
        self.wake_outbox();
        Ok(())
    }

    /// React to a message with an emoji (`None` removes the reaction). Sent
    /// at once: a reaction that cannot reach the customer is taken back.
    pub async fn react(&self, message_id: i64, emoji: Option<String>) -> anyhow::Result<()> {
        let ws = self.workspace().await;
        let conversation_id = ws
            .store
            .conversation_of_message(message_id)
            .await?
            .ok_or_else(|| bandeja_store::StoreError::NotFound(format!("message {message_id}")))?;
        let (conv, to) = self.whatsapp_conversation(&ws, conversation_id).await?;
        let target = ws
            .store
            .provider_id_in(conversation_id, message_id)
            .await?
            .ok_or(SendRefused::CannotReact)?;
        let previous = ws.store.my_reaction(ws.me, message_id).await?;
        ws.store
            .set_member_reaction(message_id, ws.me, emoji.as_deref(), self.now())
            .await?;
        self.emit(CoreEvent::ConversationChanged { conversation_id });
        if ws.is_demo {
            return Ok(());
        }
        let payload = json!({"type": "reaction", "to": to,
            "reaction": {"message_id": target, "emoji": emoji.clone().unwrap_or_default()}});
        let result = match self.whatsapp().client(conv.account_id) {
            Some(client) => client
                .send(&payload)
                .await
                .map(|_| ())
                .map_err(crate::ProviderRefused::from),
            None => Err(crate::ProviderRefused {
                code: 0,
                title: "This WhatsApp number is not connected on this computer".into(),
                reconnect: true,
            }),
        };
        if let Err(why) = result {
            ws.store
                .set_member_reaction(message_id, ws.me, previous.as_deref(), self.now())
                .await?;
            self.emit(CoreEvent::ConversationChanged { conversation_id });
            return Err(why.into());
        }
        Ok(())
    }
}

/// The BODY text of a template's components (Meta's JSON).
pub fn template_body(components: &Value) -> String {
    components
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| {
            c["type"]
                .as_str()
                .is_some_and(|t| t.eq_ignore_ascii_case("body"))
        })
        .and_then(|c| c["text"].as_str())
        .unwrap_or_default()
        .to_string()
}
