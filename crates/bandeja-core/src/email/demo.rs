//! Email in the demo workspace: its mail has no server behind it, so an
//! answer's recipients come from the conversation and sending stores the
//! answer as sent at once — the member sees what answering looks like,
//! and nothing leaves the computer.

use bandeja_domain::email_reply::Answer;
use bandeja_domain::email_thread::strip_reply_prefixes;
use bandeja_domain::{
    DeliveryState, Direction, EmailContent, EmailPerson, MessageContent, MessageKind,
};
use bandeja_store::NewMessage;

use super::{EmailDraft, OutgoingEmail};
use crate::{Core, CoreEvent, SendRefused};

fn subject(answer: Answer, subject: &str) -> String {
    let base = strip_reply_prefixes(subject).trim();
    match answer {
        Answer::Forward => format!("Fwd: {base}"),
        _ => format!("Re: {base}"),
    }
}

impl Core {
    /// The draft of an answer to a demo conversation's mail.
    pub(crate) async fn demo_email_draft(
        &self,
        message: i64,
        answer: Answer,
    ) -> anyhow::Result<EmailDraft> {
        let ws = self.workspace().await;
        let conversation = ws
            .store
            .message_conversation(message)
            .await?
            .ok_or(SendRefused::NoRecipient)?;
        let conv = ws.store.conversation(ws.me, conversation).await?;
        let contact = ws.store.contact(ws.me, conv.contact_id, None).await?;
        Ok(EmailDraft {
            to: match answer {
                Answer::Forward => Vec::new(),
                _ => contact.email.into_iter().collect(),
            },
            cc: Vec::new(),
            subject: subject(answer, conv.subject.as_deref().unwrap_or_default()),
        })
    }

    /// "Send" in the demo: stored as sent, nothing leaves the computer.
    pub(crate) async fn demo_send_email(&self, out: OutgoingEmail) -> anyhow::Result<i64> {
        let ws = self.workspace().await;
        let conv = ws.store.conversation(ws.me, out.conversation_id).await?;
        let account = ws
            .store
            .accounts(Some(ws.me))
            .await?
            .into_iter()
            .find(|a| a.id == conv.account_id)
            .ok_or(SendRefused::NoRecipient)?;
        let person = |a: &String| EmailPerson {
            name: None,
            address: a.clone(),
        };
        let now = chrono::SubsecRound::trunc_subsecs(self.now(), 0);
        let content = EmailContent {
            subject: subject(out.answer, conv.subject.as_deref().unwrap_or_default()),
            from: Some(EmailPerson {
                name: Some(account.name.clone()),
                address: account.address.clone(),
            }),
            to: out.to.iter().map(person).collect(),
            cc: out.cc.iter().map(person).collect(),
            text: out.text.trim_end().to_string(),
            quoted: String::new(),
            has_html: false,
            attachments: Vec::new(),
        };
        let ids = ws
            .store
            .insert_messages(&[NewMessage {
                conversation_id: out.conversation_id,
                account_id: conv.account_id,
                direction: Direction::Outbound,
                kind: MessageKind::Email,
                content: MessageContent::Email(Box::new(content)),
                provider_id: None,
                author_member_id: (!out.automated).then_some(ws.me),
                sender: account.address,
                delivery: Some(DeliveryState::Sent),
                reply_to_provider_id: None,
                forwarded: out.answer == Answer::Forward,
                created_at: now,
                automated: out.automated,
            }])
            .await?;
        self.emit(CoreEvent::ConversationChanged {
            conversation_id: out.conversation_id,
        });
        self.emit(CoreEvent::ListChanged);
        Ok(ids[0].id())
    }
}
