//! The reports page's numbers (REP-1) for the member using the app: only
//! accounts they may see, times in each account's business hours.

use std::collections::HashMap;

use bandeja_domain::report::{report, HoursFilter, Report};
use bandeja_domain::{hours, BusinessHours};
use chrono::{DateTime, Utc};

use crate::Core;

impl Core {
    /// Conversations started in `[from, to)`.
    pub async fn report(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        filter: HoursFilter,
    ) -> anyhow::Result<Report> {
        let ws = self.workspace().await;
        let rows = ws.store.report_rows(ws.me, from, to).await?;
        let mut all: HashMap<i64, (BusinessHours, chrono_tz::Tz)> = HashMap::new();
        for r in &rows {
            if all.contains_key(&r.account_id) {
                continue;
            }
            if let Some(h) = ws.store.business_hours(r.account_id).await? {
                if let Ok(tz) = hours::zone(&h) {
                    all.insert(r.account_id, (h, tz));
                }
            }
        }
        Ok(report(
            &rows,
            |account| all.get(&account).map(|(h, tz)| (h, *tz)),
            filter,
        ))
    }
}
