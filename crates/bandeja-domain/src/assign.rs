//! Who gets a new conversation (AUTO-4 … AUTO-10), as a pure choice.
//!
//! An account keeps an ordered list of steps; the first step that finds a
//! *valid* member wins. Valid means authorized for the account (ACC-4),
//! online, and under capacity: a conversation handed to someone who cannot
//! see it, is away, or is already full would sit unanswered, which is worse
//! than leaving it unassigned for everyone to see. Each step says what to do
//! when it finds nobody: go on to the next step, stop (unassigned), or hand
//! it to a named member (if that member is valid). Randomness is an input,
//! so the choice is reproducible in tests.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Availability, BrandId, MemberId};

/// How one step finds its member.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AssignRule {
    /// AUTO-5: the contact's salesperson.
    Salesperson,
    /// AUTO-6: the member named (by name or email) in a contact field.
    CustomField { field: String },
    /// AUTO-7: whoever handled this contact's latest conversation.
    LastHandler,
    /// AUTO-8: fewest open conversations; ties go to the longest waiting.
    Rotation,
    /// AUTO-9: rotation among the members of the conversation's brand.
    Brand,
    /// AUTO-10: any valid member, at random.
    Random,
}

/// What a step does when it finds nobody valid.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Fallback {
    /// Try the next step.
    #[default]
    Next,
    /// Stop: the conversation stays unassigned.
    Unassigned,
    /// Give it to this member if they are valid, else try the next step.
    Member { member_id: MemberId },
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignStep {
    pub rule: AssignRule,
    #[serde(default)]
    pub fallback: Fallback,
}

/// A member as the rules see them at the moment of choosing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: MemberId,
    pub name: String,
    pub email: String,
    pub availability: Availability,
    pub capacity: Option<u32>,
    /// Open conversations assigned now.
    pub open: u32,
    pub last_assigned_at: Option<DateTime<Utc>>,
    /// Authorized for the conversation's account.
    pub authorized: bool,
    pub brands: Vec<BrandId>,
}

impl Candidate {
    /// Authorized, online and under capacity.
    pub fn is_valid(&self) -> bool {
        self.authorized
            && self.availability == Availability::Online
            && self.capacity.is_none_or(|cap| self.open < cap)
    }
}

/// What is known about the conversation being assigned.
#[derive(Debug, Clone, Default)]
pub struct AssignContext {
    pub salesperson: Option<MemberId>,
    pub custom_fields: Vec<(String, String)>,
    pub last_handler: Option<MemberId>,
    pub brand: Option<BrandId>,
    /// Any number; `Random` picks by it.
    pub random: u64,
}

/// The outcome, with the step that decided it (for the history).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignment {
    Member { member_id: MemberId, step: usize },
    Unassigned,
}

/// Run the steps in order over `members`.
pub fn choose(steps: &[AssignStep], members: &[Candidate], ctx: &AssignContext) -> Assignment {
    let valid = |id: MemberId| members.iter().find(|m| m.id == id && m.is_valid());
    for (step, s) in steps.iter().enumerate() {
        let found = match &s.rule {
            AssignRule::Salesperson => ctx.salesperson.and_then(valid),
            AssignRule::LastHandler => ctx.last_handler.and_then(valid),
            AssignRule::CustomField { field } => ctx
                .custom_fields
                .iter()
                .find(|(k, _)| k.trim().eq_ignore_ascii_case(field.trim()))
                .and_then(|(_, v)| named(members, v)),
            AssignRule::Rotation => rotation(members.iter()),
            AssignRule::Brand => ctx
                .brand
                .and_then(|b| rotation(members.iter().filter(|m| m.brands.contains(&b)))),
            AssignRule::Random => {
                let pool: Vec<_> = members.iter().filter(|m| m.is_valid()).collect();
                match pool.len() {
                    0 => None,
                    n => Some(pool[(ctx.random % n as u64) as usize]),
                }
            }
        };
        if let Some(m) = found {
            return Assignment::Member {
                member_id: m.id,
                step,
            };
        }
        match &s.fallback {
            Fallback::Next => {}
            Fallback::Unassigned => return Assignment::Unassigned,
            Fallback::Member { member_id } => {
                if let Some(m) = valid(*member_id) {
                    return Assignment::Member {
                        member_id: m.id,
                        step,
                    };
                }
            }
        }
    }
    Assignment::Unassigned
}

/// The valid member a field's value names (name or email, any case).
fn named<'a>(members: &'a [Candidate], value: &str) -> Option<&'a Candidate> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    members.iter().find(|m| {
        m.is_valid() && (m.name.trim().eq_ignore_ascii_case(v) || m.email.eq_ignore_ascii_case(v))
    })
}

/// Fewest open conversations; ties: longest since the last assignment
/// (never assigned first), then the lowest id so the choice is stable.
fn rotation<'a>(pool: impl Iterator<Item = &'a Candidate>) -> Option<&'a Candidate> {
    pool.filter(|m| m.is_valid())
        .min_by_key(|m| (m.open, m.last_assigned_at, m.id))
}

#[cfg(test)]
mod tests;
