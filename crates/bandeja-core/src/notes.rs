//! Private notes and @mentions (INB-8): a note lives in the conversation
//! for the team only — never sent, not an answer for response times — and
//! each member it mentions (and may see the conversation) gets a notice.

use bandeja_domain::mention::mentions;
use bandeja_domain::{Direction, MessageContent, MessageKind};
use bandeja_store::NewMessage;

use crate::events::NoticeKind;
use crate::{Core, CoreEvent, SendRefused};

impl Core {
    /// Add a note as the member using the app; returns its id.
    pub async fn add_note(&self, conversation_id: i64, body: &str) -> anyhow::Result<i64> {
        let body = body.trim();
        if body.is_empty() {
            return Err(SendRefused::Empty.into());
        }
        let ws = self.workspace().await;
        let conv = ws.store.conversation(ws.me, conversation_id).await?;
        let members = ws.store.members().await?;
        let me = members
            .iter()
            .find(|(m, _)| m.id == ws.me)
            .map(|(m, _)| m.name.clone())
            .unwrap_or_default();
        let now = chrono::SubsecRound::trunc_subsecs(self.now(), 0);
        let ids = ws
            .store
            .insert_messages(&[NewMessage {
                conversation_id,
                account_id: conv.account_id,
                direction: Direction::Outbound,
                kind: MessageKind::Note,
                content: MessageContent::Note {
                    body: body.to_string(),
                },
                provider_id: None,
                author_member_id: Some(ws.me),
                sender: me.clone(),
                delivery: None,
                reply_to_provider_id: None,
                forwarded: false,
                created_at: now,
                automated: false,
            }])
            .await?;
        self.emit(CoreEvent::ConversationChanged { conversation_id });
        let named: Vec<(i64, String)> = members
            .iter()
            .map(|(m, _)| (m.id, m.name.clone()))
            .collect();
        for member_id in mentions(body, &named) {
            if member_id == ws.me || !self.notifies(member_id, conversation_id).await {
                continue;
            }
            self.emit(CoreEvent::Notice {
                member_id,
                conversation_id,
                kind: NoticeKind::Mentioned,
                text: me.clone(),
            });
        }
        Ok(ids[0].id())
    }
}
