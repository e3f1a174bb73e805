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
mod error;
mod ops;

pub use commands::{call, COMMANDS};
pub use dto::UiEvent;
pub use error::ApiError;
