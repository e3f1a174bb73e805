//! The operations behind the WhatsApp commands: DTOs in, core calls, DTOs out.

use bandeja_core::{Attachment, Core, WhatsappCredentials};
use bandeja_domain::wa_template;
use bandeja_store::WaTemplate;
use base64::Engine;
use serde_json::Value;

use crate::dto::*;
use crate::ApiError;

async fn reply_provider_id(
    core: &Core,
    conversation_id: i64,
    message_id: Option<i64>,
) -> Result<Option<String>, ApiError> {
    let Some(id) = message_id else {
        return Ok(None);
    };
    let ws = core.workspace().await;
    ws.store
        .provider_id_in(conversation_id, id)
        .await?
        .map(Some)
        .ok_or_else(|| ApiError::new("not_found", format!("message {id} in this conversation")))
}

pub async fn send_template(core: &Core, i: SendTemplateInput) -> Result<MessageRef, ApiError> {
    let id = core
        .send_template(i.conversation_id, i.template_id, i.params)
        .await?;
    Ok(MessageRef { id })
}

pub async fn send_media(core: &Core, i: SendMediaInput) -> Result<MessageRef, ApiError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(i.data_base64.as_bytes())
        .map_err(|e| ApiError::bad_input(format!("the file's data is not base64: {e}")))?;
    let reply_to = reply_provider_id(core, i.conversation_id, i.reply_to_message_id).await?;
    let file = Attachment {
        filename: i.filename,
        mime: i.mime,
        bytes,
    };
    let id = core
        .send_media(i.conversation_id, file, i.caption, reply_to)
        .await?;
    Ok(MessageRef { id })
}

pub async fn react(core: &Core, i: ReactInput) -> Result<(), ApiError> {
    let emoji = i.emoji.filter(|e| !e.trim().is_empty());
    Ok(core.react(i.message_id, emoji).await?)
}

pub async fn retry_message(core: &Core, i: MessageIdInput) -> Result<(), ApiError> {
    Ok(core.retry_message(i.message_id).await?)
}

pub async fn retry_media(core: &Core, i: MessageIdInput) -> Result<(), ApiError> {
    Ok(core.retry_media(i.message_id).await?)
}

fn component<'a>(components: &'a Value, kind: &str) -> Option<&'a Value> {
    components.as_array()?.iter().find(|c| {
        c["type"]
            .as_str()
            .is_some_and(|t| t.eq_ignore_ascii_case(kind))
    })
}

fn template_dto(t: WaTemplate) -> WaTemplateDto {
    let c = &t.components;
    let body = bandeja_core::template_body(c);
    let fields = bandeja_core::TemplateFields::of(c);
    let header = component(c, "header").map(|h| match h["text"].as_str() {
        Some(text) => text.to_string(),
        None => h["format"].as_str().unwrap_or("MEDIA").to_lowercase(),
    });
    WaTemplateDto {
        id: t.id,
        account_id: t.account_id,
        param_count: fields.len() as u32,
        param_names: fields.fields.iter().map(|f| f.name.clone()).collect(),
        media_header: fields.media_header.clone(),
        body,
        header,
        footer: component(c, "footer").and_then(|f| f["text"].as_str().map(str::to_string)),
        buttons: component(c, "buttons")
            .and_then(|b| b["buttons"].as_array())
            .map(|b| {
                b.iter()
                    .filter_map(|x| x["text"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        name: t.name,
        language: t.language,
        category: t.category,
        status: t.status,
        reason: t.reason,
        quality: t.quality,
        updated_at: crate::ops::ts(t.updated_at),
    }
}

pub async fn list_wa_templates(core: &Core, i: AccountIdInput) -> Result<WaTemplateList, ApiError> {
    let ws = core.workspace().await;
    let items = ws.store.wa_templates(ws.me, i.account_id).await?;
    let ((used, _), limit) = core.business_initiated_use(i.account_id, None).await?;
    Ok(WaTemplateList {
        items: items.into_iter().map(template_dto).collect(),
        synced_at: core.templates_synced_at(i.account_id).await?,
        business_initiated_24h: used,
        messaging_limit: limit,
    })
}

pub async fn sync_wa_templates(core: &Core, i: AccountIdInput) -> Result<WaTemplateList, ApiError> {
    core.sync_templates(i.account_id).await?;
    list_wa_templates(core, i).await
}

pub async fn check_wa_template(
    _core: &Core,
    draft: TemplateDraft,
) -> Result<TemplateCheck, ApiError> {
    Ok(TemplateCheck {
        problems: wa_template::validate(&draft),
        preview: wa_template::render(&draft.body, &draft.body_examples),
    })
}

pub async fn submit_wa_template(
    core: &Core,
    i: SubmitTemplateInput,
) -> Result<WaTemplateList, ApiError> {
    core.submit_template(i.account_id, &i.draft).await?;
    list_wa_templates(
        core,
        AccountIdInput {
            account_id: i.account_id,
        },
    )
    .await
}

fn credentials(i: WhatsappConnectInput) -> WhatsappCredentials {
    WhatsappCredentials {
        app_id: i.app_id,
        app_secret: i.app_secret,
        waba_id: i.waba_id,
        phone_number_id: i.phone_number_id,
        access_token: i.access_token,
    }
}

fn number_dto(n: bandeja_channels::graph::PhoneNumberInfo) -> PhoneNumberDto {
    PhoneNumberDto {
        id: n.id,
        display_phone_number: n.display_phone_number,
        verified_name: n.verified_name,
        quality_rating: Some(n.quality_rating).filter(|q| !q.is_empty()),
        messaging_limit_tier: n.messaging_limit_tier,
        code_verification_status: Some(n.code_verification_status).filter(|s| !s.is_empty()),
        name_status: n.name_status,
        status: n.status,
    }
}

pub async fn test_whatsapp(
    core: &Core,
    i: WhatsappConnectInput,
) -> Result<PhoneNumberDto, ApiError> {
    Ok(number_dto(core.test_whatsapp(&credentials(i)).await?))
}

pub async fn connect_whatsapp(
    core: &Core,
    i: WhatsappConnectInput,
) -> Result<ConnectionDto, ApiError> {
    let account_id = core.connect_whatsapp(credentials(i)).await?;
    get_connection(core, AccountIdInput { account_id }).await
}

pub async fn reconnect_whatsapp(core: &Core, i: ReconnectInput) -> Result<ConnectionDto, ApiError> {
    core.reconnect_whatsapp(i.account_id, &i.access_token)
        .await?;
    get_connection(
        core,
        AccountIdInput {
            account_id: i.account_id,
        },
    )
    .await
}

pub async fn get_connection(core: &Core, i: AccountIdInput) -> Result<ConnectionDto, ApiError> {
    let ws = core.workspace().await;
    if !ws
        .store
        .accounts(Some(ws.me))
        .await?
        .iter()
        .any(|a| a.id == i.account_id)
    {
        return Err(ApiError::new(
            "not_found",
            format!("account {}", i.account_id),
        ));
    }
    let c = core.connection_info(i.account_id).await?;
    Ok(ConnectionDto {
        account_id: i.account_id,
        app_id: c.app_id,
        waba_id: c.waba_id,
        phone_number_id: c.phone_number_id,
        verify_token: c.verify_token,
        callback_url: c.callback_url,
        connected_here: c.connected_here,
        secrets_backend: c.secrets_backend,
        last_event_at: c.last_event_at.map(crate::ops::ts),
    })
}

pub async fn get_business_profile(
    core: &Core,
    i: AccountIdInput,
) -> Result<BusinessProfile, ApiError> {
    Ok(core.business_profile(i.account_id).await?)
}

pub async fn update_business_profile(
    core: &Core,
    i: UpdateProfileInput,
) -> Result<BusinessProfile, ApiError> {
    core.update_business_profile(i.account_id, &i.profile)
        .await?;
    Ok(core.business_profile(i.account_id).await?)
}

pub async fn list_phone_numbers(core: &Core, i: AccountIdInput) -> Result<PhoneNumbers, ApiError> {
    Ok(PhoneNumbers {
        items: core
            .phone_numbers(i.account_id)
            .await?
            .into_iter()
            .map(number_dto)
            .collect(),
    })
}

/// The file behind a message's attachment, for the media URL handlers of the
/// desktop shell and the dev bridge: `(path, mime, filename)`.
pub async fn media_file(
    core: &Core,
    message_id: i64,
) -> Result<(std::path::PathBuf, String, Option<String>), ApiError> {
    let ws = core.workspace().await;
    let f = ws
        .store
        .media_file(ws.me, message_id)
        .await?
        .ok_or_else(|| ApiError::new("not_found", format!("no file for message {message_id}")))?;
    // stored names are ours ("123.jpg", "outgoing-…"); never a path
    if f.file.contains(['/', '\\']) || f.file.starts_with('.') {
        return Err(ApiError::new("not_found", "invalid stored file name"));
    }
    Ok((core.media_path(&f.file).await, f.mime, f.filename))
}
