//! Issue 6's scenarios: the team's rules running against Meta's simulator
//! with a controlled clock (see `kit`).

mod kit;

mod assignment;
mod auto_reply;
mod reminder;
mod sla;
mod team;
