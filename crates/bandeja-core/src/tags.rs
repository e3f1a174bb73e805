//! Tags (TAG-1…3), saved views (INB-5) and the business's own templates
//! (TPL-1, TPL-2, TPL-5) as a member uses them. Anyone may tag and create a
//! tag while tagging; editing and deleting tags and templates is for
//! owners and admins. A template is filled for one conversation and
//! refuses, naming them, variables that have no value.

use bandeja_domain::{vars, Tag, Template};
use bandeja_store::{SavedView, TemplateFilter};

use crate::connect::InvalidField;
use crate::{Core, CoreEvent};

fn invalid(field: &str, message: impl Into<String>) -> anyhow::Error {
    InvalidField {
        field: field.into(),
        message: message.into(),
    }
    .into()
}

fn color_ok(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|x| x.is_ascii_hexdigit())
}

/// A template refused for a conversation: the variables without a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no value for {}", .0.join(", "))]
pub struct MissingVariables(pub Vec<String>);

impl Core {
    /// Create a tag (TAG-2 inline too); a live tag of the same name is reused.
    pub async fn create_tag(
        &self,
        name: &str,
        description: &str,
        color: &str,
    ) -> anyhow::Result<i64> {
        let ws = self.workspace().await;
        let name = name.trim();
        if name.is_empty() {
            return Err(invalid("name", "a tag needs a name"));
        }
        if !color_ok(color) {
            return Err(invalid(
                "color",
                format!("{color:?} is not a colour like #16a34a"),
            ));
        }
        if let Some(id) = ws.store.tag_named(name).await? {
            return Ok(id);
        }
        let id = ws.store.insert_tag(name, description.trim(), color).await?;
        self.emit(CoreEvent::WorkspaceChanged);
        Ok(id)
    }

    pub async fn update_tag(&self, tag: Tag) -> anyhow::Result<()> {
        self.require_admin("edit tags").await?;
        let ws = self.workspace().await;
        let name = tag.name.trim().to_string();
        if name.is_empty() {
            return Err(invalid("name", "a tag needs a name"));
        }
        if !color_ok(&tag.color) {
            return Err(invalid(
                "color",
                format!("{:?} is not a colour like #16a34a", tag.color),
            ));
        }
        if ws
            .store
            .tag_named(&name)
            .await?
            .is_some_and(|other| other != tag.id)
        {
            return Err(invalid("name", "another tag has this name"));
        }
        ws.store.update_tag(&Tag { name, ..tag }).await?;
        self.emit(CoreEvent::WorkspaceChanged);
        Ok(())
    }

    /// Delete a tag; conversations lose it, their history keeps it (TAG-3).
    pub async fn delete_tag(&self, id: i64) -> anyhow::Result<()> {
        self.require_admin("delete tags").await?;
        self.workspace()
            .await
            .store
            .delete_tag(id, self.now())
            .await?;
        self.emit(CoreEvent::WorkspaceChanged);
        self.emit(CoreEvent::ListChanged);
        Ok(())
    }

    /// Put a tag on a conversation, or take it off.
    pub async fn tag(&self, conversation_id: i64, tag_id: i64, on: bool) -> anyhow::Result<()> {
        let ws = self.workspace().await;
        ws.store.conversation(ws.me, conversation_id).await?;
        if !ws.store.tags().await?.iter().any(|t| t.id == tag_id) {
            return Err(bandeja_store::StoreError::NotFound(format!("tag {tag_id}")).into());
        }
        match on {
            true => {
                ws.store
                    .tag_conversation(conversation_id, tag_id, Some(ws.me), self.now())
                    .await?
            }
            false => {
                ws.store
                    .untag_conversation(conversation_id, tag_id, Some(ws.me), self.now())
                    .await?
            }
        }
        self.emit(CoreEvent::ConversationChanged { conversation_id });
        self.emit(CoreEvent::ListChanged);
        Ok(())
    }

    pub async fn saved_views(&self) -> anyhow::Result<Vec<SavedView>> {
        let ws = self.workspace().await;
        Ok(ws.store.saved_views(ws.me).await?)
    }

    pub async fn save_view(
        &self,
        id: Option<i64>,
        name: &str,
        filter: &serde_json::Value,
    ) -> anyhow::Result<i64> {
        let name = name.trim();
        if name.is_empty() {
            return Err(invalid("name", "a view needs a name"));
        }
        let ws = self.workspace().await;
        Ok(ws.store.save_view(ws.me, id, name, filter).await?)
    }

    pub async fn delete_view(&self, id: i64) -> anyhow::Result<()> {
        let ws = self.workspace().await;
        Ok(ws.store.delete_view(ws.me, id).await?)
    }

    pub async fn templates(&self, filter: &TemplateFilter) -> anyhow::Result<Vec<Template>> {
        let ws = self.workspace().await;
        Ok(ws.store.templates(ws.me, filter).await?)
    }

    /// Add (`id == 0`) or change a template.
    pub async fn save_template(&self, t: Template) -> anyhow::Result<i64> {
        self.require_admin("manage templates").await?;
        if t.name.trim().is_empty() {
            return Err(invalid("name", "a template needs a name"));
        }
        if t.content.trim().is_empty() {
            return Err(invalid("content", "a template needs a text"));
        }
        if let Some(a) = t.account_id {
            self.authorized_account(a).await?;
        }
        let ws = self.workspace().await;
        let tags = ws.store.tags().await?;
        if let Some(bad) = t.tags.iter().find(|id| !tags.iter().any(|x| x.id == **id)) {
            return Err(bandeja_store::StoreError::NotFound(format!("tag {bad}")).into());
        }
        Ok(ws
            .store
            .save_template(
                &Template {
                    name: t.name.trim().to_string(),
                    ..t
                },
                self.now(),
            )
            .await?)
    }

    pub async fn delete_template(&self, id: i64) -> anyhow::Result<()> {
        self.require_admin("manage templates").await?;
        Ok(self.workspace().await.store.delete_template(id).await?)
    }

    /// A template's text filled for a conversation, with `extra` values
    /// typed in the composer (e.g. a quote number).
    pub async fn render_template(
        &self,
        template_id: i64,
        conversation_id: i64,
        extra: &[(String, String)],
    ) -> anyhow::Result<String> {
        let ws = self.workspace().await;
        let conv = ws.store.conversation(ws.me, conversation_id).await?;
        let t = ws
            .store
            .templates(
                ws.me,
                &TemplateFilter {
                    account_id: Some(conv.account_id),
                    ..TemplateFilter::default()
                },
            )
            .await?
            .into_iter()
            .find(|t| t.id == template_id)
            .ok_or_else(|| {
                bandeja_store::StoreError::NotFound(format!("template {template_id}"))
            })?;
        let facts = ws.store.conversation_facts(conversation_id).await?;
        let mut values = self.variables(&ws, &facts).await?;
        if let Some((m, _)) = ws
            .store
            .members()
            .await?
            .into_iter()
            .find(|(m, _)| m.id == ws.me)
        {
            values.insert("user_name".into(), m.name);
        }
        values.extend(extra.iter().cloned());
        vars::render(&t.content, &values).map_err(|missing| MissingVariables(missing).into())
    }
}
