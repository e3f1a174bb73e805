//! The vocabulary of Bandeja and the rules that must hold whatever the channel.
//!
//! Everything here is pure: no IO, no async, no SQL, no clock. Rules take `now`
//! (and, where it matters, a timezone) as arguments so they can be tested with
//! tables and property tests, and so the store, the core and the simulators all
//! agree on one definition of "the window is open" or "read beats delivered".

pub mod delivery;
pub mod inbound;
pub mod model;
pub mod phone;
pub mod routing;
pub mod window;

pub use delivery::{merge_delivery_state, DeliveryState};
pub use model::*;
pub use phone::{normalize_phone, phones_match, PhoneError};
pub use routing::{route_inbound, ReopenPolicy, RouteDecision};
pub use window::{is_window_open, window_state, WindowState, WINDOW_HOURS};
