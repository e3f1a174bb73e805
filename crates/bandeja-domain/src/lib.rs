//! The vocabulary of Bandeja and the rules that must hold whatever the channel.
//!
//! Everything here is pure: no IO, no async, no SQL, no clock. Rules take `now`
//! (and, where it matters, a timezone) as arguments so they can be tested with
//! tables and property tests, and so the store, the core and the simulators all
//! agree on one definition of "the window is open" or "read beats delivered".

pub mod assign;
pub mod auto_reply;
pub mod delivery;
pub mod email_body;
pub mod email_reply;
pub mod email_thread;
pub mod hours;
pub mod inbound;
pub mod limits;
pub mod media_limits;
pub mod mention;
pub mod model;
pub mod phone;
pub mod reminder;
pub mod report;
pub mod routing;
pub mod sla;
pub mod vars;
pub mod wa_profile;
pub mod wa_template;
pub mod window;

pub use delivery::{merge_delivery_state, DeliveryState};
pub use media_limits::{check_upload, MediaKind, MediaLimitError};
pub use model::*;
pub use phone::{normalize_phone, phones_match, PhoneError};
pub use routing::{route_inbound, ReopenPolicy, RouteDecision};
pub use wa_profile::{validate_profile, BusinessProfile, ProfileProblem};
pub use wa_template::{
    TemplateButton, TemplateCategory, TemplateDraft, TemplateHeader, TemplateProblem,
};
pub use window::{is_window_open, window_state, WindowState, WINDOW_HOURS};
