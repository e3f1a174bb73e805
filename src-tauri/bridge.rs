//! Core events -> the UI. The UI registers a `Channel` when it starts; events
//! are forwarded to every registered channel. A channel whose webview went
//! away is dropped on its first failed send.

use std::sync::Mutex;

use bandeja_api::UiEvent;
use bandeja_core::Core;
use tauri::ipc::Channel;
use tokio::sync::broadcast::error::RecvError;

#[derive(Default)]
pub struct Subscribers(Mutex<Vec<Channel<UiEvent>>>);

impl Subscribers {
    pub fn add(&self, channel: Channel<UiEvent>) {
        self.0.lock().expect("subscribers lock").push(channel);
    }

    fn send(&self, event: UiEvent) {
        self.0
            .lock()
            .expect("subscribers lock")
            .retain(|c| c.send(event.clone()).is_ok());
    }
}

pub fn start(app: tauri::AppHandle, core: Core) {
    use tauri::Manager;
    let mut rx = core.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            let event: UiEvent = match rx.recv().await {
                Ok(e) => e.into(),
                Err(RecvError::Lagged(_)) => UiEvent::WorkspaceChanged,
                Err(RecvError::Closed) => break,
            };
            app.state::<Subscribers>().send(event);
        }
    });
}
