//! A small script language for writing conversations: each message is placed
//! by how long *ago* it happened, and the builder fills in senders, provider
//! ids, default delivery states and reactions so the content modules read like
//! the chats they describe.

use std::collections::HashMap;

use bandeja_domain::{
    AccountKind, ChannelKind, ConversationStatus, DeliveryState, Direction, EmailContent,
    EmailPerson, Identity, MessageContent, MessageKind, Priority,
};
use chrono::{DateTime, Duration, Utc};

use crate::bodies::{text, Body};
use crate::{DemoAccount, DemoContact, DemoConversation, DemoMember, DemoMessage, DemoReaction};

pub(crate) fn days(n: i64) -> Duration {
    Duration::days(n)
}
pub(crate) fn hours(n: i64) -> Duration {
    Duration::hours(n)
}
pub(crate) fn mins(n: i64) -> Duration {
    Duration::minutes(n)
}
pub(crate) fn secs(n: i64) -> Duration {
    Duration::seconds(n)
}

/// What the content modules share: the clock and the people, plus the
/// per-account counters that keep provider ids unique.
pub(crate) struct Ctx<'p> {
    now: DateTime<Utc>,
    members: &'p [DemoMember],
    accounts: &'p [DemoAccount],
    contacts: &'p [DemoContact],
    next_id: HashMap<&'static str, u32>,
}

impl<'p> Ctx<'p> {
    pub(crate) fn new(
        now: DateTime<Utc>,
        members: &'p [DemoMember],
        accounts: &'p [DemoAccount],
        contacts: &'p [DemoContact],
    ) -> Self {
        Ctx {
            now,
            members,
            accounts,
            contacts,
            next_id: HashMap::new(),
        }
    }

    /// Start a conversation of `contact` on `account` (open, normal priority,
    /// unassigned, read).
    pub(crate) fn conv<'c>(
        &'c mut self,
        account: &'static str,
        contact: &'static str,
    ) -> Conv<'c, 'p> {
        let acc = self
            .accounts
            .iter()
            .find(|a| a.key == account)
            .unwrap_or_else(|| panic!("unknown demo account {account}"));
        let con = self
            .contacts
            .iter()
            .find(|c| c.key == contact)
            .unwrap_or_else(|| panic!("unknown demo contact {contact}"));
        let contact_sender = match acc.kind.channel() {
            ChannelKind::Whatsapp => con.name.clone(),
            ChannelKind::Email => con
                .identities
                .iter()
                .find_map(|i| match i {
                    Identity::Email(e) => Some(e.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("demo contact {contact} has no email")),
        };
        let (kind, account_name, account_address) =
            (acc.kind, acc.name.clone(), acc.address.clone());
        Conv {
            ctx: self,
            kind,
            account_name,
            account_address,
            contact_sender,
            contact_name: con.name.clone(),
            conv: DemoConversation {
                account,
                contact,
                subject: None,
                status: ConversationStatus::Open,
                priority: Priority::Normal,
                assignee: None,
                tags: Vec::new(),
                snoozed_until: None,
                read: true,
                messages: Vec::new(),
            },
        }
    }

    fn member_name(&self, key: &str) -> String {
        self.members
            .iter()
            .find(|m| m.key == key)
            .unwrap_or_else(|| panic!("unknown demo member {key}"))
            .name
            .clone()
    }

    fn next_provider_id(&mut self, account: &'static str, kind: AccountKind, from: &str) -> String {
        let n = self.next_id.entry(account).or_insert(0);
        *n += 1;
        let n = *n;
        match kind {
            AccountKind::WhatsappCloud => format!("wamid.DEMO{n:06}"),
            AccountKind::TwilioWhatsapp => format!("SMdemo{n:028}"),
            _ => {
                let domain = from.rsplit('@').next().unwrap_or("demo.invalid");
                format!("<demo.{n:04}@{domain}>")
            }
        }
    }
}

/// One conversation being written. Every method returns `&mut Self` so a
/// conversation reads as one chain; [`Conv::done`] hands back the value.
pub(crate) struct Conv<'c, 'p> {
    ctx: &'c mut Ctx<'p>,
    kind: AccountKind,
    account_name: String,
    account_address: String,
    contact_sender: String,
    contact_name: String,
    conv: DemoConversation,
}

impl Conv<'_, '_> {
    pub(crate) fn subject(&mut self, s: &str) -> &mut Self {
        self.conv.subject = Some(s.to_string());
        self
    }
    pub(crate) fn pending(&mut self) -> &mut Self {
        self.conv.status = ConversationStatus::Pending;
        self
    }
    pub(crate) fn resolved(&mut self) -> &mut Self {
        self.conv.status = ConversationStatus::Resolved;
        self
    }
    /// Snoozed until `in_` from now.
    pub(crate) fn snoozed_for(&mut self, in_: Duration) -> &mut Self {
        self.conv.status = ConversationStatus::Snoozed;
        self.conv.snoozed_until = Some(self.ctx.now + in_);
        self
    }
    pub(crate) fn priority(&mut self, p: Priority) -> &mut Self {
        self.conv.priority = p;
        self
    }
    pub(crate) fn assign(&mut self, member: &'static str) -> &mut Self {
        self.conv.assignee = Some(member);
        self
    }
    pub(crate) fn tags(&mut self, tags: &[&'static str]) -> &mut Self {
        self.conv.tags = tags.to_vec();
        self
    }
    pub(crate) fn unread(&mut self) -> &mut Self {
        self.conv.read = false;
        self
    }
    /// Write from another of the contact's addresses (email).
    pub(crate) fn contact_address(&mut self, addr: &str) -> &mut Self {
        self.contact_sender = addr.to_string();
        self
    }

    fn push(
        &mut self,
        direction: Direction,
        author: Option<&'static str>,
        ago: Duration,
        (kind, content): Body,
    ) -> &mut Self {
        let sender = match (direction, author) {
            (Direction::Inbound, _) => self.contact_sender.clone(),
            (Direction::Outbound, Some(m)) => self.ctx.member_name(m),
            (Direction::Outbound, None) => self.account_name.clone(),
        };
        // mail in an email account is an email, with its headers
        let (kind, content) = match (self.kind.channel(), content) {
            (ChannelKind::Email, MessageContent::Text { body }) => {
                (MessageKind::Email, self.email(direction, body))
            }
            (_, content) => (kind, content),
        };
        let is_note = kind == MessageKind::Note;
        // email says no more than "sent"
        let last = match kind {
            MessageKind::Email => DeliveryState::Sent,
            _ => DeliveryState::Read,
        };
        let delivery = (direction == Direction::Outbound && !is_note).then_some(last);
        let provider_id = (!is_note).then(|| {
            let from = match direction {
                Direction::Inbound => self.contact_sender.clone(),
                Direction::Outbound => self.account_address.clone(),
            };
            self.ctx
                .next_provider_id(self.conv.account, self.kind, &from)
        });
        self.conv.messages.push(DemoMessage {
            direction,
            kind,
            content,
            author,
            sender,
            at: self.ctx.now - ago,
            delivery,
            provider_id,
            reply_to: None,
            forwarded: false,
            reactions: Vec::new(),
        });
        self
    }

    fn email(&self, direction: Direction, text: String) -> MessageContent {
        let subject = self.conv.subject.clone().unwrap_or_default();
        let subject = match self
            .conv
            .messages
            .iter()
            .any(|m| m.kind == MessageKind::Email)
        {
            true => format!("Re: {subject}"),
            false => subject,
        };
        let customer = EmailPerson {
            name: Some(self.contact_name.clone()),
            address: self.contact_sender.clone(),
        };
        let business = EmailPerson {
            name: Some(self.account_name.clone()),
            address: self.account_address.clone(),
        };
        let (from, to) = match direction {
            Direction::Inbound => (customer, business),
            Direction::Outbound => (business, customer),
        };
        MessageContent::Email(Box::new(EmailContent {
            subject,
            from: Some(from),
            to: vec![to],
            cc: Vec::new(),
            text,
            quoted: String::new(),
            has_html: false,
            attachments: Vec::new(),
        }))
    }

    /// The customer writes text.
    pub(crate) fn cust(&mut self, ago: Duration, body: &str) -> &mut Self {
        self.cust_msg(ago, text(body))
    }
    /// The customer sends anything.
    pub(crate) fn cust_msg(&mut self, ago: Duration, body: Body) -> &mut Self {
        self.push(Direction::Inbound, None, ago, body)
    }
    /// A member writes text to the customer (delivered and read by default).
    pub(crate) fn out(&mut self, member: &'static str, ago: Duration, body: &str) -> &mut Self {
        self.out_msg(member, ago, text(body))
    }
    /// A member sends anything.
    pub(crate) fn out_msg(&mut self, member: &'static str, ago: Duration, body: Body) -> &mut Self {
        self.push(Direction::Outbound, Some(member), ago, body)
    }
    /// An automation sends a message (no author: the account is the sender).
    pub(crate) fn auto_msg(&mut self, ago: Duration, body: Body) -> &mut Self {
        self.push(Direction::Outbound, None, ago, body)
    }
    /// A private note; `@Name` mentions a member.
    pub(crate) fn note(&mut self, member: &'static str, ago: Duration, body: &str) -> &mut Self {
        let note = (
            MessageKind::Note,
            MessageContent::Note {
                body: body.to_string(),
            },
        );
        self.push(Direction::Outbound, Some(member), ago, note)
    }
    /// A reaction by the contact (`None`) or a member: a `Reaction` message,
    /// also shown on the target.
    pub(crate) fn react(
        &mut self,
        who: Option<&'static str>,
        ago: Duration,
        target: &str,
        emoji: &str,
    ) -> &mut Self {
        let target_msg = self
            .conv
            .messages
            .iter_mut()
            .find(|m| m.provider_id.as_deref() == Some(target))
            .unwrap_or_else(|| panic!("reaction to unknown message {target}"));
        target_msg.reactions.push(DemoReaction {
            member: who,
            emoji: emoji.to_string(),
        });
        let body = (
            MessageKind::Reaction,
            MessageContent::Reaction {
                target_provider_id: target.to_string(),
                emoji: Some(emoji.to_string()),
            },
        );
        let direction = match who {
            None => Direction::Inbound,
            Some(_) => Direction::Outbound,
        };
        self.push(direction, who, ago, body)
    }

    fn last(&mut self) -> &mut DemoMessage {
        self.conv.messages.last_mut().expect("no message yet")
    }
    /// Set the delivery state of the last (outbound) message.
    pub(crate) fn delivery(&mut self, state: DeliveryState) -> &mut Self {
        self.last().delivery = Some(state);
        self
    }
    /// The last message quotes `target`.
    pub(crate) fn reply_to(&mut self, target: &str) -> &mut Self {
        self.last().reply_to = Some(target.to_string());
        self
    }
    /// The last message was forwarded.
    pub(crate) fn forwarded(&mut self) -> &mut Self {
        self.last().forwarded = true;
        self
    }
    /// Provider id of the last message, to quote or react to it later.
    pub(crate) fn last_id(&self) -> String {
        self.conv
            .messages
            .last()
            .and_then(|m| m.provider_id.clone())
            .expect("last message has no provider id")
    }
    pub(crate) fn done(&mut self) -> DemoConversation {
        self.conv.clone()
    }
}
