//! The team and its rules: members and their accounts, an account's
//! automation, and a member's hand on a conversation.

use std::collections::HashMap;

use bandeja_core::{AccountAutomation, Core};
use bandeja_domain::{hours, BusinessHours, OpeningInterval};
use bandeja_store::MemberFields;
use chrono::{NaiveDate, NaiveTime, Weekday};

use crate::dto::*;
use crate::ops::{member_dto, ts};
use crate::ApiError;

fn time(s: &str) -> Result<NaiveTime, ApiError> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map_err(|_| ApiError::bad_input(format!("{s:?} is not a time (HH:MM)")))
}

fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn weekday(n: u8) -> Result<Weekday, ApiError> {
    match n {
        1..=7 => Ok(Weekday::try_from(n - 1).expect("0..=6 is a weekday")),
        _ => Err(ApiError::bad_input(format!(
            "{n} is not a weekday (1 = Monday … 7 = Sunday)"
        ))),
    }
}

fn hours_from(d: HoursDto) -> Result<BusinessHours, ApiError> {
    let intervals = d
        .openings
        .iter()
        .map(|o| {
            Ok(OpeningInterval {
                weekday: weekday(o.weekday)?,
                opens: time(&o.opens)?,
                closes: time(&o.closes)?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let holidays = d
        .holidays
        .iter()
        .map(|h| {
            let date = NaiveDate::parse_from_str(&h.date, "%Y-%m-%d").map_err(|_| {
                ApiError::bad_input(format!("{:?} is not a date (YYYY-MM-DD)", h.date))
            })?;
            let spans = h
                .spans
                .iter()
                .map(|s| Ok((time(&s.opens)?, time(&s.closes)?)))
                .collect::<Result<Vec<_>, ApiError>>()?;
            Ok((date, spans))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(BusinessHours {
        timezone: d.timezone.trim().to_string(),
        intervals,
        holidays,
    })
}

fn hours_dto(h: &BusinessHours) -> HoursDto {
    use chrono::Datelike;
    HoursDto {
        timezone: h.timezone.clone(),
        openings: h
            .intervals
            .iter()
            .map(|i| OpeningDto {
                weekday: i.weekday.number_from_monday() as u8,
                opens: hhmm(i.opens),
                closes: hhmm(i.closes),
            })
            .collect(),
        holidays: h
            .holidays
            .iter()
            .map(|(date, spans)| HolidayDto {
                date: format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day()),
                spans: spans
                    .iter()
                    .map(|(o, c)| SpanDto {
                        opens: hhmm(*o),
                        closes: hhmm(*c),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn automation_dto(core: &Core, account_id: i64, a: AccountAutomation) -> AutomationDto {
    let now = core.now();
    let (open_now, next_open) = match &a.hours {
        Some(h) => match hours::zone(h) {
            Ok(tz) => (
                hours::is_open(h, tz, now),
                hours::next_open(h, tz, now).map(ts),
            ),
            Err(_) => (false, None),
        },
        None => (true, Some(ts(now))),
    };
    AutomationDto {
        account_id,
        hours: a.hours.as_ref().map(hours_dto),
        assignment: a.assignment,
        auto_reply: a.auto_reply,
        reminder: a.reminder,
        auto_close: a.auto_close,
        sla: a.sla,
        open_now,
        next_open,
    }
}

pub async fn get_automation(core: &Core, input: AccountIdInput) -> Result<AutomationDto, ApiError> {
    let a = core.automation(input.account_id).await?;
    Ok(automation_dto(core, input.account_id, a))
}

pub async fn set_automation(core: &Core, input: AutomationDto) -> Result<AutomationDto, ApiError> {
    let a = AccountAutomation {
        hours: input.hours.map(hours_from).transpose()?,
        assignment: input.assignment,
        auto_reply: input.auto_reply,
        reminder: input.reminder,
        auto_close: input.auto_close,
        sla: input.sla,
    };
    let saved = core.set_automation(input.account_id, a).await?;
    Ok(automation_dto(core, input.account_id, saved))
}

pub async fn list_team(core: &Core) -> Result<TeamDto, ApiError> {
    let ws = core.workspace().await;
    let accounts = ws.store.accounts(None).await?;
    let members = ws.store.members().await?;
    let me_role = members
        .iter()
        .find(|(m, _)| m.id == ws.me)
        .map(|(m, _)| m.role);
    Ok(TeamDto {
        can_manage: matches!(me_role, Some(Role::Owner | Role::Admin)),
        members: members
            .into_iter()
            .map(|(m, is_me)| TeamMemberDto {
                account_ids: accounts
                    .iter()
                    .filter(|a| a.authorized.contains(&m.id))
                    .map(|a| a.id)
                    .collect(),
                is_me,
                member: member_dto(m),
            })
            .collect(),
    })
}

pub async fn save_member(core: &Core, input: MemberInput) -> Result<TeamDto, ApiError> {
    let fields = MemberFields {
        name: input.name,
        email: input.email,
        role: input.role,
        availability: input.availability,
        capacity: input.capacity,
    };
    core.save_member(input.id, fields, &input.account_ids)
        .await?;
    list_team(core).await
}

pub async fn delete_member(core: &Core, input: MemberIdInput) -> Result<TeamDto, ApiError> {
    core.delete_member(input.member_id).await?;
    list_team(core).await
}

pub async fn set_availability(core: &Core, input: AvailabilityInput) -> Result<(), ApiError> {
    core.set_my_availability(input.availability).await?;
    Ok(())
}

pub async fn assign_conversation(core: &Core, input: AssignInput) -> Result<(), ApiError> {
    core.assign_conversation(input.conversation_id, input.member_id)
        .await?;
    Ok(())
}

pub async fn set_status(core: &Core, input: StatusInput) -> Result<(), ApiError> {
    let until = input
        .snoozed_until
        .as_deref()
        .map(|s| {
            chrono::DateTime::parse_from_rfc3339(s)
                .map(|t| t.with_timezone(&chrono::Utc))
                .map_err(|_| ApiError::bad_input(format!("{s:?} is not a time")))
        })
        .transpose()?;
    core.set_status(input.conversation_id, input.status, until)
        .await?;
    Ok(())
}

pub async fn set_priority(core: &Core, input: PriorityInput) -> Result<(), ApiError> {
    core.set_priority(input.conversation_id, input.priority)
        .await?;
    Ok(())
}

/// Warning times need each account's warning minutes: read once per list.
pub(crate) async fn fill_sla_warnings(core: &Core, items: &mut [ConversationSummary]) {
    let mut warn: HashMap<i64, i64> = HashMap::new();
    for c in items.iter_mut() {
        let Some(sla) = c.sla.as_mut() else { continue };
        let minutes = match warn.get(&c.account_id) {
            Some(m) => *m,
            None => {
                let m = core
                    .automation(c.account_id)
                    .await
                    .map(|a| i64::from(a.sla.warn_minutes))
                    .unwrap_or(15);
                warn.insert(c.account_id, m);
                m
            }
        };
        if let Ok(due) = chrono::DateTime::parse_from_rfc3339(&sla.due_at) {
            sla.warn_at = ts(due.with_timezone(&chrono::Utc) - chrono::Duration::minutes(minutes));
        }
    }
}

pub async fn get_report(core: &Core, q: ReportQuery) -> Result<ReportDto, ApiError> {
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&chrono::Utc))
            .map_err(|_| ApiError::bad_input(format!("{s:?} is not a time")))
    };
    let (from, to) = (at(&q.from)?, at(&q.to)?);
    if to <= from {
        return Err(ApiError::bad_input(
            "the report's end must come after its start",
        ));
    }
    let r = core.report(from, to, q.hours).await?;
    Ok(ReportDto {
        total: r.total,
        by_channel: r
            .by_channel
            .into_iter()
            .filter_map(|(k, figures)| {
                k.parse()
                    .ok()
                    .map(|channel| ChannelFigures { channel, figures })
            })
            .collect(),
        by_member: r
            .by_member
            .into_iter()
            .map(|(member_id, figures)| MemberFigures { member_id, figures })
            .collect(),
        by_tag: r
            .by_tag
            .into_iter()
            .map(|(tag_id, figures)| TagFigures { tag_id, figures })
            .collect(),
    })
}

pub async fn get_usage(core: &Core) -> Result<UsageDto, ApiError> {
    let (started, limit) = core.plan_use().await?;
    let ws = core.workspace().await;
    let mut numbers = Vec::new();
    for a in ws.store.accounts(Some(ws.me)).await? {
        if a.kind.channel() != ChannelKind::Whatsapp {
            continue;
        }
        let ((used, _), tier) = core.business_initiated_use(a.id, None).await?;
        numbers.push(NumberUsage {
            account_id: a.id,
            business_initiated_24h: used,
            tier_limit: tier,
        });
    }
    Ok(UsageDto {
        conversations_this_month: started,
        plan_limit: limit,
        numbers,
    })
}

pub async fn set_plan_limit(core: &Core, input: PlanLimitInput) -> Result<UsageDto, ApiError> {
    if input.limit == Some(0) {
        return Err(ApiError::bad_input(
            "a plan allows at least one conversation a month",
        ));
    }
    core.set_plan_limit(input.limit).await?;
    get_usage(core).await
}

pub async fn start_conversation(
    core: &Core,
    input: StartConversationInput,
) -> Result<ConversationIdInput, ApiError> {
    let id = core
        .start_conversation(input.contact_id, input.account_id)
        .await?;
    Ok(ConversationIdInput { id })
}

pub async fn list_brands(core: &Core) -> Result<Vec<BrandDetail>, ApiError> {
    let ws = core.workspace().await;
    let accounts = ws.store.accounts(Some(ws.me)).await?;
    let mut out = Vec::new();
    for b in ws.store.brands().await? {
        out.push(BrandDetail {
            member_ids: ws.store.brand_members(b.id).await?,
            account_ids: accounts
                .iter()
                .filter(|a| a.brand_id == Some(b.id))
                .map(|a| a.id)
                .collect(),
            brand: BrandDto {
                id: b.id,
                name: b.name,
                country: b.country,
            },
        });
    }
    Ok(out)
}

pub async fn save_brand(core: &Core, input: BrandInput) -> Result<Vec<BrandDetail>, ApiError> {
    core.save_brand(input.id, &input.name, &input.country, &input.member_ids)
        .await?;
    list_brands(core).await
}

pub async fn delete_brand(core: &Core, input: BrandIdInput) -> Result<Vec<BrandDetail>, ApiError> {
    core.delete_brand(input.brand_id).await?;
    list_brands(core).await
}
