//! Meta's side of a connected number: message templates (synced from the
//! WhatsApp Business Account, submitted for review, updated by webhooks),
//! the business profile customers see, and the number's quality and
//! messaging tier. Everything is checked locally first (the same rules Meta
//! applies), so a member learns what to fix before anything is sent.

use bandeja_channels::graph::{GraphClient, PhoneNumberInfo};
use bandeja_domain::wa_profile::{self, BusinessProfile};
use bandeja_domain::wa_template::{self, TemplateDraft};
use bandeja_store::WaTemplateData;

use crate::connect::InvalidField;
use crate::{Core, CoreEvent};

const SYNCED_SCOPE: &str = "templates_synced_at";

impl Core {
    async fn business_client(&self, account_id: i64) -> anyhow::Result<(GraphClient, String)> {
        let ws = self.workspace().await;
        // the member must be authorized for the account
        if !ws
            .store
            .accounts(Some(ws.me))
            .await?
            .iter()
            .any(|a| a.id == account_id)
        {
            return Err(
                bandeja_store::StoreError::NotFound(format!("account {account_id}")).into(),
            );
        }
        self.whatsapp().business(account_id).ok_or_else(|| {
            crate::connect::ProviderRefused {
                code: 0,
                title: "This WhatsApp number is not connected on this computer".into(),
                reconnect: true,
            }
            .into()
        })
    }

    /// Fetch every template of the account's WABA (all pages) and store them.
    pub async fn sync_templates(&self, account_id: i64) -> anyhow::Result<usize> {
        let (client, waba) = self.business_client(account_id).await?;
        let all = match client.templates(&waba).await {
            Ok(all) => all,
            Err(e) => return Err(self.graph_refused(account_id, e).await),
        };
        let rows: Vec<WaTemplateData> = all
            .into_iter()
            .map(|t| WaTemplateData {
                provider_id: Some(t.id),
                name: t.name,
                language: t.language,
                category: t.category,
                status: t.status,
                reason: t.rejected_reason.filter(|r| r != "NONE"),
                quality: t.quality_score,
                components: t.components,
            })
            .collect();
        let ws = self.workspace().await;
        ws.store
            .replace_wa_templates(account_id, &rows, self.now())
            .await?;
        ws.store
            .set_sync_state(
                account_id,
                SYNCED_SCOPE,
                &self.now().to_rfc3339(),
                self.now(),
            )
            .await?;
        self.emit(CoreEvent::TemplatesChanged);
        Ok(rows.len())
    }

    /// When the account's templates were last synced (RFC 3339).
    pub async fn templates_synced_at(&self, account_id: i64) -> anyhow::Result<Option<String>> {
        let ws = self.workspace().await;
        Ok(ws.store.sync_state(account_id, SYNCED_SCOPE).await?)
    }

    /// Submit a new template for Meta's review; stored as PENDING.
    pub async fn submit_template(
        &self,
        account_id: i64,
        draft: &TemplateDraft,
    ) -> anyhow::Result<i64> {
        let problems = wa_template::validate(draft);
        if let Some(p) = problems.first() {
            anyhow::bail!(InvalidField {
                field: p.field.clone(),
                message: p.message.clone(),
            });
        }
        let (client, waba) = self.business_client(account_id).await?;
        let created = match client.create_template(&waba, draft).await {
            Ok(c) => c,
            Err(e) => return Err(self.graph_refused(account_id, e).await),
        };
        let ws = self.workspace().await;
        let id = ws
            .store
            .upsert_wa_template(
                account_id,
                &WaTemplateData {
                    provider_id: Some(created.id),
                    name: draft.name.clone(),
                    language: draft.language.clone(),
                    category: created.category,
                    status: created.status,
                    reason: None,
                    quality: None,
                    components: wa_template::to_graph_components(draft),
                },
                self.now(),
            )
            .await?;
        self.emit(CoreEvent::TemplatesChanged);
        Ok(id)
    }

    /// The profile customers see for the number.
    pub async fn business_profile(&self, account_id: i64) -> anyhow::Result<BusinessProfile> {
        let (client, _) = self.business_client(account_id).await?;
        match client.business_profile().await {
            Ok(p) => Ok(p),
            Err(e) => Err(self.graph_refused(account_id, e).await),
        }
    }

    pub async fn update_business_profile(
        &self,
        account_id: i64,
        profile: &BusinessProfile,
    ) -> anyhow::Result<()> {
        if let Some(p) = wa_profile::validate_profile(profile).first() {
            anyhow::bail!(InvalidField {
                field: p.field.clone(),
                message: p.message.clone(),
            });
        }
        let (client, _) = self.business_client(account_id).await?;
        match client.update_business_profile(profile).await {
            Ok(()) => Ok(()),
            Err(e) => Err(self.graph_refused(account_id, e).await),
        }
    }

    /// The WABA's numbers with their quality rating and messaging tier.
    pub async fn phone_numbers(&self, account_id: i64) -> anyhow::Result<Vec<PhoneNumberInfo>> {
        let (client, waba) = self.business_client(account_id).await?;
        let numbers = match client.phone_numbers(&waba).await {
            Ok(n) => n,
            Err(e) => return Err(self.graph_refused(account_id, e).await),
        };
        // keep this number's tier for the messaging-limit count
        let ws = self.workspace().await;
        let phone_id = ws.store.account_provider_ref(account_id).await?;
        if let Some(n) = numbers.iter().find(|n| Some(&n.id) == phone_id.as_ref()) {
            ws.store
                .patch_account_settings(
                    account_id,
                    &serde_json::json!({"messaging_limit_tier": n.messaging_limit_tier}),
                )
                .await?;
        }
        Ok(numbers)
    }
}
