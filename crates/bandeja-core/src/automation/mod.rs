//! The team's rules at work (issue 6): business hours, assignment,
//! auto-replies, window reminders, auto-close and response targets.
//!
//! The rules themselves are pure functions in `bandeja-domain`; this module
//! feeds them facts and `now`, and applies what they decide. Two triggers:
//! a customer's message (right after its batch is committed: assignment
//! and auto-reply, [`incoming`]) and time ([`scheduler`]: reminders,
//! auto-close, SLA deadlines, snoozes — found by deadline, so a run after
//! the computer slept catches up). Settings are read per account and are
//! owner/admin business ([`settings`]).

mod incoming;
pub(crate) mod queue;
mod scheduler;
mod settings;

use bandeja_domain::assign::AssignStep;
use bandeja_domain::auto_reply::AutoReplySettings;
use bandeja_domain::reminder::ReminderSettings;
use bandeja_domain::sla::SlaTargets;
use bandeja_domain::BusinessHours;

pub use scheduler::DueReport;
pub(crate) use scheduler::Scheduler;

/// Everything an account automates.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccountAutomation {
    /// `None`: always open.
    pub hours: Option<BusinessHours>,
    /// Tried in order; none finds anyone → unassigned.
    pub assignment: Vec<AssignStep>,
    pub auto_reply: AutoReplySettings,
    /// WhatsApp only.
    pub reminder: ReminderSettings,
    /// WhatsApp only: resolve when the window closes after our last message.
    pub auto_close: bool,
    pub sla: SlaTargets,
}

/// Changing the team's rules or members needs an owner or an admin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("only an owner or an admin can {0}")]
pub struct Forbidden(pub &'static str);
