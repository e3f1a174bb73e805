//! Fetched mail into conversations (EMAIL-1, EMAIL-2). Each chunk of a
//! mailbox is applied in one transaction together with the mailbox's
//! bookkeeping. The raw bytes go to `mail/<account>/<sha256>.eml` first
//! (named by content, so writing twice is harmless) and the row points at
//! them: nothing the server gave is lost, even when MIME is broken.
//!
//! Which conversation: the Message-IDs the mail names (`thread_for`), then
//! a conversation that was waiting for this very Message-ID (a reply that
//! arrived before its parent). The Message-ID is the provider id, so the
//! same mail seen in INBOX and in Sent, or read again after a UIDVALIDITY
//! change, is stored once.

use bandeja_channels::email::imap::Fetched;
use bandeja_channels::email::{parse, ParsedEmail, Person};
use bandeja_domain::email_body::quoted_history_start;
use bandeja_domain::email_thread::{
    is_reply_subject, strip_reply_prefixes, thread_for, ThreadKeys, SUBJECT_FALLBACK_WINDOW,
};
use bandeja_domain::{
    DeliveryState, Direction, EmailAttachment, EmailContent, EmailPerson, Identity, MessageContent,
    MessageKind,
};
use bandeja_store::{EmailMeta, InsertOutcome, NewMessage};
use chrono::{DateTime, TimeZone, Utc};
use sha2::{Digest, Sha256};

use super::sync::{scope, MailboxState};
use super::EmailSettings;
use crate::{Core, CoreEvent};

/// A message ready to be written.
struct Incoming<'a> {
    fetched: &'a Fetched,
    parsed: ParsedEmail,
    header_id: String,
    raw_file: String,
}

pub(crate) fn person(p: &Person) -> EmailPerson {
    EmailPerson {
        name: p.name.clone(),
        address: p.address.clone(),
    }
}

/// What the inbox stores of a parsed message.
pub(crate) fn content_of(parsed: &ParsedEmail) -> EmailContent {
    let split = quoted_history_start(&parsed.text).unwrap_or(parsed.text.len());
    EmailContent {
        subject: parsed.subject.clone(),
        from: parsed.from.as_ref().map(person),
        to: parsed.to.iter().map(person).collect(),
        cc: parsed.cc.iter().map(person).collect(),
        text: parsed.text[..split].trim_end().to_string(),
        quoted: parsed.text[split..].trim().to_string(),
        has_html: parsed.html.is_some(),
        attachments: parsed
            .attachments
            .iter()
            .enumerate()
            .map(|(i, a)| EmailAttachment {
                index: i as u32,
                name: a.name.clone(),
                mime: a.content_type.clone(),
                size: a.bytes.len() as u64,
                inline: a.inline,
            })
            .collect(),
    }
}

/// A message that could not be read at all still gets a row (and its raw
/// file), so the member sees that something arrived.
fn unreadable(reason: &str) -> ParsedEmail {
    ParsedEmail {
        message_id: None,
        in_reply_to: Vec::new(),
        references: Vec::new(),
        gmail_thread_id: None,
        subject: String::new(),
        from: None,
        to: Vec::new(),
        cc: Vec::new(),
        reply_to: Vec::new(),
        date: None,
        text: format!("This message could not be read ({reason}). The original is kept."),
        html: None,
        attachments: Vec::new(),
    }
}

impl Core {
    /// Where raw messages are kept.
    pub(crate) fn mail_dir(&self, account: i64) -> std::path::PathBuf {
        self.data_dir().join("mail").join(account.to_string())
    }

    /// Keep raw bytes under their hash; returns the path relative to `mail/`.
    pub(crate) async fn keep_raw(
        &self,
        account: i64,
        raw: &[u8],
    ) -> anyhow::Result<(String, String)> {
        let hash = hex::encode(Sha256::digest(raw));
        let dir = self.mail_dir(account);
        tokio::fs::create_dir_all(&dir).await?;
        let name = format!("{}.eml", &hash[..40]);
        let path = dir.join(&name);
        if !tokio::fs::try_exists(&path).await.unwrap_or(false) {
            let tmp = dir.join(format!(".{name}.tmp"));
            tokio::fs::write(&tmp, raw).await?;
            tokio::fs::rename(&tmp, &path).await?;
        }
        Ok((format!("{account}/{name}"), hash))
    }

    /// Apply one fetched chunk of `mailbox`; returns the conversations touched.
    pub(crate) async fn ingest_email(
        &self,
        account: i64,
        settings: &EmailSettings,
        mailbox: &str,
        fetched: &[Fetched],
        backfill: bool,
        state: &MailboxState,
    ) -> anyhow::Result<Vec<i64>> {
        let mut incoming = Vec::with_capacity(fetched.len());
        for f in fetched {
            let parsed = parse(&f.raw).unwrap_or_else(|e| unreadable(&e.to_string()));
            let (raw_file, hash) = self.keep_raw(account, &f.raw).await?;
            let header_id = parsed
                .message_id
                .clone()
                .unwrap_or_else(|| format!("bandeja-{}", &hash[..32]));
            incoming.push(Incoming {
                fetched: f,
                parsed,
                header_id,
                raw_file,
            });
        }
        let own = settings.address.to_lowercase();
        let sent_folder = settings.sent_folder.as_deref() == Some(mailbox);
        let ws = self.workspace().await;
        let mut tx = ws.store.begin_ingest().await?;
        let mut touched = Vec::new();
        let mut notify = Vec::new();
        for m in &incoming {
            let p = &m.parsed;
            let from = p
                .from
                .as_ref()
                .map(|f| f.address.clone())
                .unwrap_or_default();
            let outbound = sent_folder || from == own;
            let counterpart = if outbound {
                p.to.iter()
                    .chain(p.cc.iter())
                    .find(|x| x.address != own)
                    .cloned()
            } else {
                p.from.clone()
            };
            let Some(counterpart) = counterpart.filter(|c| !c.address.is_empty()) else {
                // a note to self, or no usable address: kept as our own contact
                continue;
            };
            let at: DateTime<Utc> = p
                .date
                .and_then(|s| Utc.timestamp_opt(s, 0).single())
                .or_else(|| {
                    m.fetched
                        .internal_date
                        .and_then(|ms| Utc.timestamp_millis_opt(ms).single())
                })
                .unwrap_or_else(|| self.now());
            // the conversation
            let mut ids: Vec<&str> = p
                .in_reply_to
                .iter()
                .chain(p.references.iter())
                .map(String::as_str)
                .collect();
            ids.push(&m.header_id);
            let known = tx.email_threads(account, &ids).await?;
            let keys = ThreadKeys {
                in_reply_to: &p.in_reply_to,
                references: &p.references,
                gmail_thread_id: p.gmail_thread_id.as_deref(),
                subject: &p.subject,
                counterpart: &counterpart.address,
            };
            let candidates = if is_reply_subject(&p.subject) {
                tx.email_subject_candidates(
                    account,
                    &counterpart.address,
                    at - SUBJECT_FALLBACK_WINDOW,
                )
                .await?
            } else {
                Vec::new()
            };
            let found = known.get(m.header_id.as_str()).copied().or_else(|| {
                thread_for(
                    &keys,
                    |_| None,
                    |id| known.get(id).copied(),
                    &candidates,
                    at.max(self.now()),
                )
            });
            let identity = Identity::Email(counterpart.address.clone());
            let contact = match tx.find_contact(std::slice::from_ref(&identity)).await? {
                Some((id, _, _)) => id,
                None => {
                    let name = counterpart
                        .name
                        .clone()
                        .filter(|n| !n.trim().is_empty())
                        .unwrap_or_else(|| counterpart.address.clone());
                    tx.create_contact(&name, std::slice::from_ref(&identity), self.now())
                        .await?
                }
            };
            let conversation = match found {
                Some(c) => c,
                None => {
                    let subject = strip_reply_prefixes(&p.subject).trim();
                    let subject = if subject.is_empty() {
                        None
                    } else {
                        Some(subject)
                    };
                    tx.create_conversation(account, contact, subject, at)
                        .await?
                }
            };
            let direction = if outbound {
                Direction::Outbound
            } else {
                Direction::Inbound
            };
            let content = content_of(p);
            let outcome = tx
                .insert_messages(&[NewMessage {
                    conversation_id: conversation,
                    account_id: account,
                    direction,
                    kind: MessageKind::Email,
                    content: MessageContent::Email(Box::new(content)),
                    provider_id: Some(m.header_id.clone()),
                    author_member_id: None,
                    sender: from.clone(),
                    delivery: outbound.then_some(DeliveryState::Sent),
                    reply_to_provider_id: p.in_reply_to.first().cloned(),
                    forwarded: false,
                    created_at: at,
                }])
                .await?;
            let message_id = outcome[0].id();
            tx.add_email_location(
                account,
                mailbox,
                state.uid_validity,
                m.fetched.uid,
                message_id,
            )
            .await?;
            if let InsertOutcome::Duplicate(_) = outcome[0] {
                continue;
            }
            tx.add_thread_refs(account, conversation, &ids).await?;
            let addresses = |v: &[Person]| v.iter().map(|x| x.address.clone()).collect::<Vec<_>>();
            tx.insert_email_meta(
                message_id,
                account,
                &EmailMeta {
                    raw_file: m.raw_file.clone(),
                    sender: from.clone(),
                    references: p.references.clone(),
                    reply_to: addresses(&p.reply_to),
                    to: addresses(&p.to),
                    cc: addresses(&p.cc),
                    seen: m.fetched.flags.seen,
                    answered: m.fetched.flags.answered,
                },
            )
            .await?;
            if !outbound && m.fetched.flags.seen {
                tx.discount_unread(conversation, 1).await?;
            }
            if backfill && (outbound || m.fetched.flags.answered) {
                tx.resolve_quietly(conversation, at).await?;
            } else if !backfill && !outbound {
                tx.reopen(conversation).await?;
                let name = counterpart
                    .name
                    .clone()
                    .unwrap_or_else(|| counterpart.address.clone());
                notify.push(CoreEvent::IncomingMessage {
                    conversation_id: conversation,
                    message_id,
                    contact_name: name,
                    preview: p.subject.clone(),
                });
            }
            touched.push(conversation);
        }
        tx.set_sync_state(
            account,
            &scope(mailbox),
            &serde_json::to_string(state)?,
            self.now(),
        )
        .await?;
        tx.commit().await?;
        for e in notify {
            self.emit(e);
        }
        Ok(touched)
    }
}
