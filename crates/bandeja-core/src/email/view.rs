//! Showing and answering mail (EMAIL-3, EMAIL-4): the HTML of a message is
//! read back from its raw file and sanitized on every read, so allowing a
//! sender's remote images later needs no re-sync; the draft of an answer
//! gets its recipients and subject from the domain rules.

use bandeja_channels::email::{parse, sanitize};
use bandeja_domain::email_body::text_to_html;
use bandeja_domain::email_reply::{answer_headers, Answer, Parent};

use crate::{Core, InvalidField};

/// The sanitized HTML of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailView {
    pub html: String,
    pub blocked_remote_images: usize,
    pub sender: String,
    /// `cid:` parts the HTML shows: (content id, attachment index).
    pub inline: Vec<(String, u32)>,
}

/// Who an answer goes to and its subject, as proposed to the member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailDraft {
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
}

/// A signature is HTML we will send: keep formatting, links and images
/// (`data:` logos included), drop anything active.
pub(crate) fn clean_signature(html: &str) -> String {
    sanitize(html, true).html
}

fn not_email() -> anyhow::Error {
    anyhow::anyhow!(InvalidField {
        field: "message".into(),
        message: "this message is not an email".into(),
    })
}

impl Core {
    pub(crate) async fn raw_of(
        &self,
        message: i64,
    ) -> anyhow::Result<(bandeja_store::StoredEmail, Vec<u8>)> {
        let ws = self.workspace().await;
        // the member must be allowed to see the conversation
        let conversation = message_conversation(&ws.store, message).await?;
        if ws.store.conversation(ws.me, conversation).await.is_err() {
            return Err(not_email());
        }
        let email = ws.store.email(message).await?.ok_or_else(not_email)?;
        let raw = tokio::fs::read(self.data_dir().join("mail").join(&email.meta.raw_file)).await?;
        Ok((email, raw))
    }

    /// The message's HTML (or its text as HTML), sanitized.
    pub async fn email_html(&self, message: i64, load_remote: bool) -> anyhow::Result<EmailView> {
        let (email, raw) = self.raw_of(message).await?;
        let store = self.workspace().await.store;
        let allowed = load_remote || store.remote_images_allowed(&email.meta.sender).await?;
        let (html, inline) = match parse(&raw) {
            Ok(p) => {
                let html = p.html.clone().unwrap_or_else(|| text_to_html(&p.text));
                let inline = p
                    .attachments
                    .iter()
                    .enumerate()
                    .filter_map(|(i, a)| a.content_id.clone().map(|c| (c, i as u32)))
                    .collect();
                (html, inline)
            }
            Err(e) => (
                text_to_html(&format!("This message could not be read ({e}).")),
                Vec::new(),
            ),
        };
        let safe = sanitize(&html, allowed);
        Ok(EmailView {
            html: safe.html,
            blocked_remote_images: safe.blocked_remote_images,
            sender: email.meta.sender,
            inline,
        })
    }

    /// Load this sender's remote images from now on.
    pub async fn allow_remote_images(&self, sender: &str) -> anyhow::Result<()> {
        let sender = sender.trim();
        if !sender.contains('@') {
            anyhow::bail!(InvalidField {
                field: "sender".into(),
                message: "not an email address".into(),
            });
        }
        self.workspace()
            .await
            .store
            .allow_remote_images(sender, self.now())
            .await?;
        Ok(())
    }

    /// Recipients and subject of an answer to `message`.
    pub async fn email_draft(&self, message: i64, answer: Answer) -> anyhow::Result<EmailDraft> {
        if self.workspace().await.is_demo {
            return self.demo_email_draft(message, answer).await;
        }
        let (email, raw) = self.raw_of(message).await?;
        let settings = self
            .email_settings(email.account_id)
            .await?
            .ok_or_else(not_email)?;
        let subject = parse(&raw)
            .map(|p| p.subject)
            .unwrap_or(email.subject.clone());
        let h = answer_headers(
            answer,
            &Parent {
                message_id: email.header_id.as_deref(),
                references: &email.meta.references,
                subject: &subject,
                from: &email.meta.sender,
                reply_to: &email.meta.reply_to,
                to: &email.meta.to,
                cc: &email.meta.cc,
            },
            &[settings.address.to_lowercase()],
        );
        Ok(EmailDraft {
            to: h.to,
            cc: h.cc,
            subject: h.subject,
        })
    }

    /// The raw bytes and parsed attachment `index` of a message.
    pub async fn email_attachment(
        &self,
        message: i64,
        index: usize,
    ) -> anyhow::Result<(String, String, Vec<u8>)> {
        let (_, raw) = self.raw_of(message).await?;
        let p = parse(&raw).map_err(|_| not_email())?;
        let a = p.attachments.into_iter().nth(index).ok_or_else(not_email)?;
        Ok((a.name, a.content_type, a.bytes))
    }
}

async fn message_conversation(store: &bandeja_store::Store, message: i64) -> anyhow::Result<i64> {
    store
        .email(message)
        .await?
        .map(|e| e.conversation_id)
        .ok_or_else(not_email)
}
