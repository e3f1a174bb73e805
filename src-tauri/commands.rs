//! The two commands the UI invokes. Everything else is `bandeja_api::call`.

use bandeja_api::{ApiError, UiEvent};
use bandeja_core::Core;
use tauri::ipc::Channel;
use tauri::State;

#[tauri::command]
pub async fn api_call(
    core: State<'_, Core>,
    cmd: String,
    input: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    bandeja_api::call(&core, &cmd, input).await
}

#[tauri::command]
pub fn subscribe_events(subs: State<'_, crate::bridge::Subscribers>, channel: Channel<UiEvent>) {
    subs.add(channel);
}
