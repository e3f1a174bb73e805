//! Tags, saved views, templates and notes.

use bandeja_core::Core;
use bandeja_domain::{vars, Tag, Template};
use bandeja_store::TemplateFilter;

use crate::dto::*;
use crate::ops::ts;
use crate::ApiError;

pub async fn create_tag(core: &Core, input: TagInput) -> Result<TagDto, ApiError> {
    let id = core
        .create_tag(&input.name, &input.description, &input.color)
        .await?;
    let ws = core.workspace().await;
    let t = ws
        .store
        .tags()
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| ApiError::new("not_found", format!("tag {id}")))?;
    Ok(TagDto {
        id: t.id,
        name: t.name,
        description: t.description,
        color: t.color,
    })
}

pub async fn update_tag(core: &Core, t: TagDto) -> Result<(), ApiError> {
    core.update_tag(Tag {
        id: t.id,
        name: t.name,
        description: t.description,
        color: t.color,
    })
    .await?;
    Ok(())
}

pub async fn delete_tag(core: &Core, input: TagIdInput) -> Result<(), ApiError> {
    core.delete_tag(input.tag_id).await?;
    Ok(())
}

pub async fn tag_conversation(core: &Core, input: TagConversationInput) -> Result<(), ApiError> {
    core.tag(input.conversation_id, input.tag_id, input.on)
        .await?;
    Ok(())
}

pub async fn tag_history(
    core: &Core,
    input: ConversationIdInput,
) -> Result<Vec<TagEventDto>, ApiError> {
    let ws = core.workspace().await;
    ws.store.conversation(ws.me, input.id).await?;
    Ok(ws
        .store
        .tag_history(input.id)
        .await?
        .into_iter()
        .map(|e| TagEventDto {
            tag_id: e.tag_id,
            tag_name: e.tag_name,
            added: e.added,
            member_id: e.member_id,
            at: ts(e.at),
        })
        .collect())
}

pub async fn list_views(core: &Core) -> Result<Vec<SavedViewDto>, ApiError> {
    core.saved_views()
        .await?
        .into_iter()
        .map(|v| {
            Ok(SavedViewDto {
                id: Some(v.id),
                name: v.name,
                query: serde_json::from_value(v.filter)
                    .map_err(|e| ApiError::bad_input(format!("saved view: {e}")))?,
            })
        })
        .collect()
}

pub async fn save_view(core: &Core, v: SavedViewDto) -> Result<Vec<SavedViewDto>, ApiError> {
    let mut query = v.query;
    query.cursor = None;
    let filter = serde_json::to_value(&query).expect("queries serialize");
    core.save_view(v.id, &v.name, &filter).await?;
    list_views(core).await
}

pub async fn delete_view(core: &Core, input: ViewIdInput) -> Result<Vec<SavedViewDto>, ApiError> {
    core.delete_view(input.view_id).await?;
    list_views(core).await
}

fn template_dto(t: Template) -> TemplateDto {
    TemplateDto {
        variables: vars::variables(&t.content),
        id: t.id,
        account_id: t.account_id,
        name: t.name,
        content: t.content,
        template_type: t.template_type,
        tag_ids: t.tags,
    }
}

pub async fn list_templates(core: &Core, q: TemplateQuery) -> Result<Vec<TemplateDto>, ApiError> {
    let filter = TemplateFilter {
        account_id: q.account_id,
        template_type: q.template_type,
        tag_id: q.tag_id,
        text: q.text.filter(|t| !t.trim().is_empty()),
    };
    Ok(core
        .templates(&filter)
        .await?
        .into_iter()
        .map(template_dto)
        .collect())
}

pub async fn save_template(core: &Core, t: TemplateDto) -> Result<TemplateDto, ApiError> {
    let id = core
        .save_template(Template {
            id: t.id,
            account_id: t.account_id,
            name: t.name,
            content: t.content,
            template_type: t.template_type,
            tags: t.tag_ids,
        })
        .await?;
    core.templates(&TemplateFilter::default())
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .map(template_dto)
        .ok_or_else(|| ApiError::new("not_found", format!("template {id}")))
}

pub async fn delete_template(core: &Core, input: TemplateIdInput) -> Result<(), ApiError> {
    core.delete_template(input.template_id).await?;
    Ok(())
}

pub async fn render_template(
    core: &Core,
    input: RenderTemplateInput,
) -> Result<RenderedTemplate, ApiError> {
    let extra: Vec<(String, String)> = input
        .values
        .into_iter()
        .map(|v| (v.name, v.value))
        .collect();
    let text = core
        .render_template(input.template_id, input.conversation_id, &extra)
        .await?;
    Ok(RenderedTemplate { text })
}

pub async fn add_note(core: &Core, input: NoteInput) -> Result<MessageRef, ApiError> {
    let id = core.add_note(input.conversation_id, &input.body).await?;
    Ok(MessageRef { id })
}
