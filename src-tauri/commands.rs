//! The two commands the UI invokes. Everything else is `bandeja_api::call`.

use bandeja_api::{ApiError, UiEvent};
use bandeja_core::Core;
use tauri::ipc::Channel;
use tauri::State;

/// The core, or why it could not be opened (the UI shows the message).
#[derive(Clone)]
pub enum AppCore {
    Ready(Core),
    Failed(ApiError),
}

#[tauri::command]
pub async fn api_call(
    core: State<'_, AppCore>,
    cmd: String,
    input: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    match core.inner() {
        AppCore::Ready(core) => bandeja_api::call(core, &cmd, input).await,
        AppCore::Failed(e) => Err(e.clone()),
    }
}

#[tauri::command]
pub fn subscribe_events(subs: State<'_, crate::bridge::Subscribers>, channel: Channel<UiEvent>) {
    subs.add(channel);
}
