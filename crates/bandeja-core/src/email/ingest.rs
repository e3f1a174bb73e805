//! Fetched mail into conversations (EMAIL-1, EMAIL-2). Each chunk of a
//! mailbox is applied in one transaction together with the mailbox's
//! bookkeeping, with the lookups and writes of the whole chunk batched
//! (a statement per row is what makes a large first sync slow). The raw
//! bytes go to `mail/<account>/` first, named by their place on the server
//! (writing twice is harmless), and the row points at them: nothing the
//! server gave is lost, even when MIME is broken.
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
pub(crate) struct Incoming {
    uid: u32,
    flags: bandeja_channels::email::imap::Flags,
    internal_date: Option<i64>,
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
        automatic: false,
    }
}

impl Core {
    /// Where raw messages are kept.
    pub(crate) fn mail_dir(&self, account: i64) -> std::path::PathBuf {
        self.data_dir().join("mail").join(account.to_string())
    }

    /// Keep raw bytes under `name`; returns the path relative to `mail/`.
    pub(crate) async fn keep_raw(
        &self,
        account: i64,
        name: &str,
        raw: &[u8],
    ) -> anyhow::Result<String> {
        let dir = self.mail_dir(account);
        tokio::fs::create_dir_all(&dir).await?;
        let tmp = dir.join(format!(".{name}.tmp"));
        tokio::fs::write(&tmp, raw).await?;
        tokio::fs::rename(&tmp, dir.join(name)).await?;
        Ok(format!("{account}/{name}"))
    }

    /// Parse a chunk and keep its raw files, off the async threads.
    pub(crate) async fn prepare(
        &self,
        account: i64,
        mailbox: &str,
        uid_validity: u32,
        fetched: Vec<Fetched>,
    ) -> anyhow::Result<Vec<Incoming>> {
        let dir = self.mail_dir(account);
        let prefix: String = mailbox
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&dir)?;
            let mut out = Vec::with_capacity(fetched.len());
            for f in fetched {
                let parsed = parse(&f.raw).unwrap_or_else(|e| unreadable(&e.to_string()));
                let name = format!("{prefix}-{uid_validity}-{}.eml", f.uid);
                let tmp = dir.join(format!(".{name}.tmp"));
                std::fs::write(&tmp, &f.raw)?;
                std::fs::rename(&tmp, dir.join(&name))?;
                let header_id = parsed.message_id.clone().unwrap_or_else(|| {
                    let hash = hex::encode(Sha256::digest(&f.raw));
                    format!("bandeja-{}", &hash[..32])
                });
                out.push(Incoming {
                    uid: f.uid,
                    flags: f.flags,
                    internal_date: f.internal_date,
                    parsed,
                    header_id,
                    raw_file: format!("{account}/{name}"),
                });
            }
            anyhow::Ok(out)
        })
        .await?
    }

    /// Apply one prepared chunk of `mailbox`; returns the conversations touched.
    pub(crate) async fn ingest_email(
        &self,
        account: i64,
        settings: &EmailSettings,
        mailbox: &str,
        incoming: Vec<Incoming>,
        backfill: bool,
        state: &MailboxState,
    ) -> anyhow::Result<Vec<i64>> {
        let own = settings.address.to_lowercase();
        let sent_folder = settings.sent_folder.as_deref() == Some(mailbox);
        let now = self.now();
        let ws = self.workspace().await;
        let mut tx = ws.store.begin_ingest().await?;
        // who each message is with, and when
        struct Routed<'a> {
            m: &'a Incoming,
            outbound: bool,
            counterpart: Person,
            at: DateTime<Utc>,
            ids: Vec<&'a str>,
        }
        let mut routed = Vec::with_capacity(incoming.len());
        for m in &incoming {
            let p = &m.parsed;
            let from = p
                .from
                .as_ref()
                .map(|f| f.address.as_str())
                .unwrap_or_default();
            let outbound = sent_folder || from == own;
            let counterpart = match outbound {
                true => {
                    p.to.iter()
                        .chain(p.cc.iter())
                        .find(|x| x.address != own)
                        .cloned()
                }
                false => p.from.clone(),
            };
            // a note to self, or no usable address: nobody to talk with
            let Some(counterpart) = counterpart.filter(|c| !c.address.is_empty()) else {
                continue;
            };
            let at = p
                .date
                .and_then(|s| Utc.timestamp_opt(s, 0).single())
                .or_else(|| {
                    m.internal_date
                        .and_then(|ms| Utc.timestamp_millis_opt(ms).single())
                })
                .unwrap_or(now);
            let mut ids: Vec<&str> = p
                .in_reply_to
                .iter()
                .chain(p.references.iter())
                .map(String::as_str)
                .collect();
            ids.push(&m.header_id);
            routed.push(Routed {
                m,
                outbound,
                counterpart,
                at,
                ids,
            });
        }
        // the chunk's lookups in a few statements, kept current as it is applied
        let all_ids: Vec<&str> = routed.iter().flat_map(|r| r.ids.iter().copied()).collect();
        let mut threads = tx.email_threads(account, &all_ids).await?;
        let addresses: Vec<&str> = routed
            .iter()
            .map(|r| r.counterpart.address.as_str())
            .collect();
        let mut contacts = tx.contacts_by_email(&addresses).await?;
        let mut batch = Vec::with_capacity(routed.len());
        let mut conversations = Vec::with_capacity(routed.len());
        let mut fresh: Vec<(i64, Option<&str>, DateTime<Utc>)> = Vec::new();
        for r in &routed {
            let p = &r.m.parsed;
            let known = |id: &str| threads.get(id).copied();
            let mut found = known(&r.m.header_id);
            if found.is_none() {
                let keys = ThreadKeys {
                    in_reply_to: &p.in_reply_to,
                    references: &p.references,
                    gmail_thread_id: p.gmail_thread_id.as_deref(),
                    subject: &p.subject,
                    counterpart: &r.counterpart.address,
                };
                found = thread_for(&keys, |_| None, known, &[], now);
                if found.is_none() && is_reply_subject(&p.subject) {
                    let candidates = tx
                        .email_subject_candidates(
                            account,
                            &r.counterpart.address,
                            r.at - SUBJECT_FALLBACK_WINDOW,
                        )
                        .await?;
                    found = thread_for(&keys, |_| None, |_| None, &candidates, r.at.max(now));
                }
            }
            let contact = match contacts.get(&r.counterpart.address) {
                Some(c) => *c,
                None => {
                    let name = r
                        .counterpart
                        .name
                        .clone()
                        .filter(|n| !n.trim().is_empty())
                        .unwrap_or_else(|| r.counterpart.address.clone());
                    let identity = Identity::Email(r.counterpart.address.clone());
                    let c = tx
                        .create_contact(&name, std::slice::from_ref(&identity), now)
                        .await?;
                    contacts.insert(r.counterpart.address.clone(), c);
                    c
                }
            };
            // new conversations are made together after this pass; until
            // then they go by placeholders (-1, -2, …)
            let conversation = match found {
                Some(c) => c,
                None => {
                    let subject = strip_reply_prefixes(&p.subject).trim();
                    let subject = (!subject.is_empty()).then_some(subject);
                    fresh.push((contact, subject, r.at));
                    -(fresh.len() as i64)
                }
            };
            for id in &r.ids {
                threads.entry((*id).to_string()).or_insert(conversation);
            }
            conversations.push(conversation);
            batch.push(NewMessage {
                conversation_id: conversation,
                account_id: account,
                direction: if r.outbound {
                    Direction::Outbound
                } else {
                    Direction::Inbound
                },
                kind: MessageKind::Email,
                content: MessageContent::Email(Box::new(content_of(p))),
                provider_id: Some(r.m.header_id.clone()),
                author_member_id: None,
                sender: p
                    .from
                    .as_ref()
                    .map(|f| f.address.clone())
                    .unwrap_or_default(),
                delivery: r.outbound.then_some(DeliveryState::Sent),
                reply_to_provider_id: p.in_reply_to.first().cloned(),
                forwarded: false,
                created_at: r.at,
                automated: false,
            });
        }
        let made = tx.create_conversations(account, &fresh).await?;
        let real = |c: i64| if c < 0 { made[(-c - 1) as usize] } else { c };
        for (c, m) in conversations.iter_mut().zip(batch.iter_mut()) {
            *c = real(*c);
            m.conversation_id = *c;
        }
        let outcomes = tx.insert_messages(&batch).await?;
        let addresses = |v: &[Person]| v.iter().map(|x| x.address.clone()).collect::<Vec<_>>();
        let mut metas = Vec::new();
        let mut locations = Vec::new();
        let mut refs = Vec::new();
        let mut seen: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
        let mut resolve: std::collections::HashMap<i64, DateTime<Utc>> =
            std::collections::HashMap::new();
        let mut touched = Vec::new();
        let mut notify = Vec::new();
        for (i, r) in routed.iter().enumerate() {
            let id = outcomes[i].id();
            let conversation = conversations[i];
            locations.push((mailbox, state.uid_validity, r.m.uid, id));
            if let InsertOutcome::Duplicate(_) = outcomes[i] {
                continue;
            }
            let p = &r.m.parsed;
            refs.extend(r.ids.iter().map(|x| (*x, conversation)));
            metas.push((
                id,
                EmailMeta {
                    raw_file: r.m.raw_file.clone(),
                    sender: p
                        .from
                        .as_ref()
                        .map(|f| f.address.clone())
                        .unwrap_or_default(),
                    references: p.references.clone(),
                    reply_to: addresses(&p.reply_to),
                    to: addresses(&p.to),
                    cc: addresses(&p.cc),
                    seen: r.m.flags.seen,
                    answered: r.m.flags.answered,
                },
            ));
            if !r.outbound && r.m.flags.seen {
                *seen.entry(conversation).or_default() += 1;
            }
            if backfill && (r.outbound || r.m.flags.answered) {
                let e = resolve.entry(conversation).or_insert(r.at);
                *e = (*e).max(r.at);
            } else if !backfill && !r.outbound {
                resolve.remove(&conversation);
                tx.reopen(conversation).await?;
                notify.push(CoreEvent::IncomingMessage {
                    conversation_id: conversation,
                    message_id: id,
                    contact_name: r
                        .counterpart
                        .name
                        .clone()
                        .unwrap_or_else(|| r.counterpart.address.clone()),
                    preview: p.subject.clone(),
                });
            }
            touched.push(conversation);
        }
        let meta_refs: Vec<(i64, &EmailMeta)> = metas.iter().map(|(id, m)| (*id, m)).collect();
        tx.insert_email_rows(account, &meta_refs, &locations)
            .await?;
        tx.add_thread_refs_batch(account, &refs).await?;
        tx.discount_unread_batch(&seen.into_iter().collect::<Vec<_>>())
            .await?;
        tx.resolve_quietly_batch(&resolve.into_iter().collect::<Vec<_>>())
            .await?;
        tx.set_sync_state(
            account,
            &scope(mailbox),
            &serde_json::to_string(state)?,
            now,
        )
        .await?;
        tx.commit().await?;
        let incoming: Vec<i64> = notify
            .iter()
            .filter_map(|e| match e {
                CoreEvent::IncomingMessage {
                    conversation_id, ..
                } => Some(*conversation_id),
                _ => None,
            })
            .collect();
        for e in notify {
            self.emit(e);
        }
        self.after_incoming(&incoming);
        Ok(touched)
    }
}
