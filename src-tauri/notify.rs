//! Native notifications for customer messages, independent of any window
//! (they work with the window hidden). The in-app unread badges stay the
//! source of truth: a desktop notification may never be seen.

use bandeja_core::{Core, CoreEvent};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::error::RecvError;

pub fn start(app: tauri::AppHandle, core: Core) {
    let mut rx = core.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            match rx.recv().await {
                Ok(CoreEvent::IncomingMessage {
                    conversation_id,
                    contact_name,
                    preview,
                    ..
                }) => {
                    // only conversations of accounts this member may see (ACC-4)
                    let me = core.workspace().await.me;
                    if !core.notifies(me, conversation_id).await {
                        continue;
                    }
                    let shown = app
                        .notification()
                        .builder()
                        .title(&contact_name)
                        .body(&preview)
                        .show();
                    if let Err(e) = shown {
                        tracing::warn!(error = %e, "notification not shown");
                    }
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            }
        }
    });
}
