//! The team and its rules across the UI boundary: members with the accounts
//! they may see, an account's automation (business hours as plain
//! "HH:MM" strings and ISO weekdays, the rules as the domain defines them),
//! and what a member does to a conversation by hand.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use bandeja_domain::assign::{AssignRule, AssignStep, Fallback};
pub use bandeja_domain::auto_reply::AutoReplySettings;
pub use bandeja_domain::reminder::ReminderSettings;
pub use bandeja_domain::sla::{SlaLevel, SlaTargets};

use crate::dto::{Availability, ConversationStatus, MemberDto, Priority, Role};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamMemberDto {
    pub member: MemberDto,
    /// Accounts this member may see and answer (ACC-4).
    pub account_ids: Vec<i64>,
    pub is_me: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamDto {
    pub members: Vec<TeamMemberDto>,
    /// Whether the member using the app may change the team and its rules.
    pub can_manage: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MemberInput {
    /// `null` adds a member.
    pub id: Option<i64>,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub availability: Availability,
    pub capacity: Option<u32>,
    pub account_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MemberIdInput {
    pub member_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AvailabilityInput {
    pub availability: Availability,
}

/// One opening on a weekday (1 = Monday … 7 = Sunday), local "HH:MM";
/// a closing of "00:00" runs to midnight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpeningDto {
    pub weekday: u8,
    pub opens: String,
    pub closes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SpanDto {
    pub opens: String,
    pub closes: String,
}

/// A date ("YYYY-MM-DD") closed (no spans) or with special hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HolidayDto {
    pub date: String,
    pub spans: Vec<SpanDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HoursDto {
    /// IANA zone, e.g. "Europe/Madrid".
    pub timezone: String,
    pub openings: Vec<OpeningDto>,
    pub holidays: Vec<HolidayDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutomationDto {
    pub account_id: i64,
    /// `null`: always open.
    pub hours: Option<HoursDto>,
    pub assignment: Vec<AssignStep>,
    pub auto_reply: AutoReplySettings,
    pub reminder: ReminderSettings,
    pub auto_close: bool,
    pub sla: SlaTargets,
    /// Read-only: whether the account is open now, and when it opens next.
    pub open_now: bool,
    pub next_open: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssignInput {
    pub conversation_id: i64,
    /// `null` leaves it unassigned.
    pub member_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatusInput {
    pub conversation_id: i64,
    pub status: ConversationStatus,
    /// Required for `snoozed` (RFC 3339).
    pub snoozed_until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PriorityInput {
    pub conversation_id: i64,
    pub priority: Priority,
}

/// A conversation's response target as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SlaDto {
    pub due_at: String,
    /// When the warning starts (due − the account's warning minutes).
    pub warn_at: String,
    pub breached: bool,
}

/// Common IANA zones offered first by the hours editor.
pub const ZONES: &[&str] = &[
    "Europe/Madrid",
    "Atlantic/Canary",
    "America/Mexico_City",
    "America/Bogota",
    "America/Lima",
    "America/Santiago",
    "America/Argentina/Buenos_Aires",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Lisbon",
    "UTC",
];

pub use bandeja_domain::report::{Figures, HoursFilter, Times};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportQuery {
    /// RFC 3339; conversations started in `[from, to)`.
    pub from: String,
    pub to: String,
    pub hours: HoursFilter,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChannelFigures {
    pub channel: crate::dto::ChannelKind,
    pub figures: Figures,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MemberFigures {
    /// `null` = unassigned.
    pub member_id: Option<i64>,
    pub figures: Figures,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TagFigures {
    pub tag_id: i64,
    pub figures: Figures,
}

/// REP-1: times are seconds of business time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportDto {
    pub total: Figures,
    pub by_channel: Vec<ChannelFigures>,
    pub by_member: Vec<MemberFigures>,
    pub by_tag: Vec<TagFigures>,
}

/// One WhatsApp number's business-initiated sends (WA-9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NumberUsage {
    pub account_id: i64,
    /// Different customers reached outside the window in the last 24 h.
    pub business_initiated_24h: u32,
    /// The number's messaging tier, when known.
    pub tier_limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UsageDto {
    pub conversations_this_month: u32,
    /// `null`: no plan limit set.
    pub plan_limit: Option<u32>,
    pub numbers: Vec<NumberUsage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanLimitInput {
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StartConversationInput {
    pub contact_id: i64,
    /// The account to write from ("From").
    pub account_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BrandInput {
    /// `null` adds a brand.
    pub id: Option<i64>,
    pub name: String,
    /// ISO 3166-1 alpha-2, e.g. "ES".
    pub country: String,
    pub member_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BrandIdInput {
    pub brand_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BrandDetail {
    pub brand: crate::dto::BrandDto,
    pub member_ids: Vec<i64>,
    /// Accounts of this brand.
    pub account_ids: Vec<i64>,
}

pub type Brands = Vec<BrandDetail>;
