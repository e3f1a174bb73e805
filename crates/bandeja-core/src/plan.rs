//! The business's plan (WA-9): a number of conversations a month across
//! all accounts, set by an owner; starting one more (a template outside the
//! window) is refused with a clear message once it is used up. Customers
//! who write are never refused: their conversations count, that is all.
//! Meta's own limit per number (its messaging tier) is counted here too.

use bandeja_domain::limits::{month_start, tier_limit};

use crate::{Core, CoreEvent};

/// The workspace setting holding the plan's monthly conversations.
const PLAN_LIMIT_KEY: &str = "plan_monthly_conversations";

impl Core {
    /// Conversations started this month across accounts, and the plan's
    /// monthly limit (`None`: no limit set).
    pub async fn plan_use(&self) -> anyhow::Result<(u32, Option<u32>)> {
        let ws = self.workspace().await;
        let started = ws
            .store
            .conversations_started_since(month_start(self.now()))
            .await?;
        let limit = ws
            .store
            .setting(PLAN_LIMIT_KEY)
            .await?
            .and_then(|v| v.parse().ok());
        Ok((started, limit))
    }

    /// Set the plan's monthly limit of conversations (owners and admins).
    pub async fn set_plan_limit(&self, limit: Option<u32>) -> anyhow::Result<()> {
        self.require_admin("change the plan's limit").await?;
        let ws = self.workspace().await;
        let value = limit.map(|l| l.to_string());
        ws.store
            .set_setting(PLAN_LIMIT_KEY, value.as_deref())
            .await?;
        self.emit(CoreEvent::WorkspaceChanged);
        Ok(())
    }

    /// How many different customers the account started conversations with
    /// in the last 24 h (and whether `to` is one), and its tier's limit.
    pub async fn business_initiated_use(
        &self,
        account_id: i64,
        to: Option<&str>,
    ) -> anyhow::Result<((u32, bool), Option<u32>)> {
        let ws = self.workspace().await;
        let since = self.now() - chrono::Duration::hours(24);
        let used = ws
            .store
            .business_initiated_since(account_id, since, to)
            .await?;
        let tier = ws.store.account_settings(account_id).await?["messaging_limit_tier"]
            .as_str()
            .and_then(tier_limit);
        Ok((used, tier))
    }
}
