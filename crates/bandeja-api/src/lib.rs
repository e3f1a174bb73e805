//! The façade the UI calls.
//!
//! Every command is an async function `(&Core, Input) -> Result<Output,
//! ApiError>`. The Tauri shell and the dev bridge (loopback HTTP + WebSocket,
//! so the real UI can run in Chromium against the real core) both go through
//! [`call`], and the TypeScript bindings are generated from the same table.

pub mod bindings;
pub mod bridge;
mod commands;
pub mod dto;
mod dto_email;
mod dto_tags;
mod dto_team;
mod dto_whatsapp;
mod error;
mod ops;
mod ops_email;
mod ops_relay;
mod ops_tags;
mod ops_team;
mod ops_whatsapp;

pub use commands::{call, COMMANDS};
pub use dto::UiEvent;
pub use error::ApiError;
pub use ops_email::{email_part, part_headers};
pub use ops_whatsapp::media_file;
