//! Native notifications for customer messages (and mentions, assignments
//! and missed targets meant for this member), independent of any window
//! (they work with the window hidden). The in-app unread badges stay the
//! source of truth: a desktop notification may never be seen.

use bandeja_core::{Core, CoreEvent, NoticeKind};
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
                Ok(CoreEvent::Notice {
                    member_id,
                    kind,
                    text,
                    ..
                }) => {
                    if member_id != core.workspace().await.me {
                        continue;
                    }
                    let spanish = core
                        .home()
                        .store
                        .setting("locale")
                        .await
                        .ok()
                        .flatten()
                        .as_deref()
                        != Some("en");
                    let body = match (kind, spanish) {
                        (NoticeKind::Mentioned, true) => "te ha mencionado en una nota",
                        (NoticeKind::Mentioned, false) => "mentioned you in a note",
                        (NoticeKind::Assigned, true) => "conversación asignada a ti",
                        (NoticeKind::Assigned, false) => "conversation assigned to you",
                        (NoticeKind::SlaBreached, true) => {
                            "sin respuesta: objetivo de tiempo superado"
                        }
                        (NoticeKind::SlaBreached, false) => "no answer yet: response target missed",
                    };
                    if let Err(e) = app.notification().builder().title(&text).body(body).show() {
                        tracing::warn!(error = %e, "notification not shown");
                    }
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            }
        }
    });
}
