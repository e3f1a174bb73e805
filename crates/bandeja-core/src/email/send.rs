//! Answering an email (EMAIL-4, EMAIL-6): the headers come from the domain
//! rules (`answer_headers`), the body from `compose` (the member's text,
//! the signature, the quoted parent), the bytes from lettre's builder. The
//! message is stored with its Message-ID and queued in the outbox in one
//! step, so it shows at once, waits while offline, and is retried; the
//! outbox then submits the very same bytes over SMTP and appends them to
//! Sent (Gmail copies sent mail itself). The Sent copy coming back through
//! sync is recognised by its Message-ID and not stored twice.

use bandeja_channels::email::build::{build, Outgoing};
use bandeja_channels::email::parse;
use bandeja_domain::email_body::{compose, Quoted, Signature};
use bandeja_domain::email_reply::{answer_headers, message_id, Answer, Parent};
use bandeja_domain::{DeliveryState, Direction, MessageContent, MessageKind};
use bandeja_store::{EmailMeta, NewMessage};
use serde_json::json;

use super::ingest::content_of;
use crate::{Core, CoreEvent, SendRefused};

/// What the member wrote.
#[derive(Debug, Clone)]
pub struct OutgoingEmail {
    pub conversation_id: i64,
    /// The message answered (the newest of the conversation when `None`).
    pub parent_message_id: Option<i64>,
    pub answer: Answer,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub text: String,
    pub html: Option<String>,
    /// (file name, MIME type, bytes)
    pub attachments: Vec<(String, String, Vec<u8>)>,
    pub signature: bool,
    /// An automatic answer (auto-reply): no member wrote it.
    pub automated: bool,
}

fn random_hex(n: usize) -> String {
    let mut b = vec![0u8; n];
    getrandom::fill(&mut b).expect("system randomness");
    hex::encode(b)
}

fn html_to_signature_text(html: &str) -> String {
    let parsed = parse(
        format!("Content-Type: text/html; charset=utf-8\r\nSubject: s\r\n\r\n{html}").as_bytes(),
    );
    parsed.map(|p| p.text).unwrap_or_default()
}

impl Core {
    /// Store an answer and queue it; returns the message id.
    pub async fn send_email(&self, out: OutgoingEmail) -> anyhow::Result<i64> {
        if out.text.trim().is_empty() && out.attachments.is_empty() {
            return Err(SendRefused::Empty.into());
        }
        let ws = self.workspace().await;
        if ws.is_demo {
            return self.demo_send_email(out).await;
        }
        let parent_id = match out.parent_message_id {
            Some(id) => id,
            None => ws
                .store
                .latest_email(out.conversation_id)
                .await?
                .ok_or(SendRefused::NoRecipient)?,
        };
        let parent = ws
            .store
            .email(parent_id)
            .await?
            .ok_or(SendRefused::NoRecipient)?;
        if parent.conversation_id != out.conversation_id {
            return Err(SendRefused::NoRecipient.into());
        }
        let account = parent.account_id;
        let settings = self
            .email_settings(account)
            .await?
            .ok_or(SendRefused::NoRecipient)?;
        let raw_parent =
            tokio::fs::read(self.data_dir().join("mail").join(&parent.meta.raw_file)).await?;
        let parsed_parent = parse(&raw_parent).ok();
        let subject = parsed_parent
            .as_ref()
            .map(|p| p.subject.clone())
            .unwrap_or(parent.subject.clone());
        let own = vec![settings.address.to_lowercase()];
        let headers = answer_headers(
            out.answer,
            &Parent {
                message_id: parent.header_id.as_deref(),
                references: &parent.meta.references,
                subject: &subject,
                from: &parent.meta.sender,
                reply_to: &parent.meta.reply_to,
                to: &parent.meta.to,
                cc: &parent.meta.cc,
            },
            &own,
        );
        let clean = |v: Vec<String>| -> Vec<String> {
            v.into_iter()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect()
        };
        let (to, cc) = (clean(out.to), clean(out.cc));
        if to.is_empty() && cc.is_empty() {
            return Err(SendRefused::NoRecipient.into());
        }
        let sig_text = html_to_signature_text(&settings.signature_html);
        let signature = Signature {
            text: &sig_text,
            html: &settings.signature_html,
        };
        let when = chrono::SubsecRound::trunc_subsecs(self.now(), 0);
        // the member's language, else the system's
        let locale = match self.home().store.setting("locale").await? {
            Some(l) => l,
            None => std::env::var("LANG").unwrap_or_default(),
        };
        let spanish = !locale.starts_with("en");
        // the parent's date on this computer's clock
        let written = parsed_parent
            .as_ref()
            .and_then(|p| p.date)
            .and_then(|s| chrono::TimeZone::timestamp_opt(&chrono::Local, s, 0).single())
            .map(|t| t.fixed_offset());
        let attribution = bandeja_domain::email_body::attribution(
            written,
            parsed_parent
                .as_ref()
                .and_then(|p| p.from.as_ref())
                .and_then(|p| p.name.as_deref()),
            &parent.meta.sender,
            spanish,
        );
        let quoted_text = parsed_parent
            .as_ref()
            .map(|p| p.text.clone())
            .unwrap_or_default();
        let quoted_html = parsed_parent
            .as_ref()
            .and_then(|p| p.html.as_deref())
            .map(|h| bandeja_channels::email::sanitize(h, false).html);
        let quoted = Quoted {
            attribution: &attribution,
            text: &quoted_text,
            html: quoted_html.as_deref(),
        };
        let mut bodies = compose(
            &out.text,
            out.signature.then_some(&signature),
            Some(&quoted),
        );
        if let Some(html) = out.html.filter(|h| !h.trim().is_empty()) {
            // the member's formatting replaces the plain text's HTML rendering
            let safe = bandeja_channels::email::sanitize(&html, false).html;
            let plain_html = format!(
                "<div>{}</div>",
                bandeja_domain::email_body::text_to_html(out.text.trim_end())
            );
            bodies.html = bodies
                .html
                .replacen(&plain_html, &format!("<div>{safe}</div>"), 1);
        }
        let header_id = message_id(&random_hex(16), &settings.address);
        let outgoing = Outgoing {
            from_name: settings.sender_name.clone(),
            from: settings.address.clone(),
            to: to.clone(),
            cc: cc.clone(),
            subject: headers.subject.clone(),
            message_id: header_id.clone(),
            in_reply_to: headers.in_reply_to.clone(),
            references: headers.references.clone(),
            text: bodies.text,
            html: bodies.html,
            attachments: out.attachments,
            auto_replied: out.automated,
        };
        let raw = build(&outgoing, when.into()).map_err(SendRefused::Email)?;
        let raw_file = self
            .keep_raw(account, &format!("out-{}.eml", random_hex(12)), &raw)
            .await?;
        let parsed =
            parse(&raw).map_err(|e| anyhow::anyhow!("our own message does not parse: {e}"))?;
        let me = ws.me;
        let payload = json!({
            "type": "email",
            "raw_file": raw_file,
            "from": settings.address,
            "rcpt": to.iter().chain(cc.iter()).collect::<Vec<_>>(),
            "message_id": header_id,
            // a reply or reply-all marks its parent \Answered once sent
            "answers": (out.answer != Answer::Forward).then_some(parent_id),
        });
        let (message, _) = ws
            .store
            .enqueue(
                &NewMessage {
                    conversation_id: out.conversation_id,
                    account_id: account,
                    direction: Direction::Outbound,
                    kind: MessageKind::Email,
                    content: MessageContent::Email(Box::new(content_of(&parsed))),
                    provider_id: Some(header_id.clone()),
                    author_member_id: (!out.automated).then_some(me),
                    sender: settings.address.to_lowercase(),
                    delivery: Some(DeliveryState::Pending),
                    reply_to_provider_id: headers.in_reply_to.clone(),
                    forwarded: out.answer == Answer::Forward,
                    created_at: when,
                    automated: out.automated,
                },
                &payload,
                when,
            )
            .await?;
        let mut tx = ws.store.begin_ingest().await?;
        tx.insert_email_meta(
            message,
            account,
            &EmailMeta {
                raw_file,
                sender: settings.address.to_lowercase(),
                references: headers.references.clone(),
                reply_to: Vec::new(),
                to,
                cc,
                seen: true,
                answered: false,
            },
        )
        .await?;
        tx.add_thread_refs(account, out.conversation_id, &[header_id.as_str()])
            .await?;
        tx.commit().await?;
        self.emit(CoreEvent::ConversationChanged {
            conversation_id: out.conversation_id,
        });
        self.emit(CoreEvent::ListChanged);
        self.wake_outbox();
        Ok(message)
    }
}
