//! Fetching attachments in the background. Ingest only records that a
//! message carries media (so a webhook is acknowledged at once); this loop
//! looks up the provider's short-lived URL, downloads the bytes with the
//! account's token, checks the hash, and writes the file under the data
//! dir's `media/` folder. A failure is retried with backoff (a fresh URL is
//! fetched each time, so an expired one heals itself) and, after a few
//! tries, shown as failed with the reason and a Retry button.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use bandeja_store::MediaJob;

use crate::{Core, CoreEvent};

/// Downloads tried before a file is shown as failed.
pub const MEDIA_ATTEMPTS: i64 = 5;

/// The file extension for a MIME type (files are named by message id).
pub fn extension(mime: &str) -> &'static str {
    let base = mime.split(';').next().unwrap_or("").trim();
    match base {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "image/gif" => "gif",
        "video/mp4" => "mp4",
        "video/3gpp" => "3gp",
        "audio/ogg" => "ogg",
        "audio/mpeg" => "mp3",
        "audio/mp4" => "m4a",
        "audio/aac" => "aac",
        "audio/amr" => "amr",
        "application/pdf" => "pdf",
        "text/plain" => "txt",
        "application/msword" => "doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.ms-excel" => "xls",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        "application/vnd.ms-powerpoint" => "ppt",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => "pptx",
        _ => "bin",
    }
}

impl Core {
    /// The folder the shown workspace keeps its attachments in.
    pub async fn media_dir(&self) -> PathBuf {
        let demo = self.workspace().await.is_demo;
        self.data_dir()
            .join(if demo { "demo-media" } else { "media" })
    }

    /// Where a stored attachment (relative name) lives on disk.
    pub async fn media_path(&self, file: &str) -> PathBuf {
        self.media_dir().await.join(file)
    }

    /// Write bytes as the file of a message; returns the relative name.
    pub(crate) async fn write_media(
        &self,
        message_id: i64,
        mime: &str,
        bytes: &[u8],
    ) -> anyhow::Result<String> {
        let dir = self.media_dir().await;
        let name = format!("{message_id}.{}", extension(mime));
        write_atomically(&dir, &name, bytes).await?;
        Ok(name)
    }

    pub(crate) fn wake_media(&self) {
        if let Some(n) = self.inner.media_wake.get() {
            n.notify_one();
        }
    }

    /// Download what is due now; returns how many jobs were handled.
    pub async fn fetch_media_once(&self) -> anyhow::Result<usize> {
        let ws = self.workspace().await;
        if ws.is_demo {
            return Ok(0);
        }
        let jobs = ws.store.media_due(self.now(), 8).await?;
        let n = jobs.len();
        for job in jobs {
            self.fetch_one(&ws.store, job).await?;
        }
        Ok(n)
    }

    async fn fetch_one(&self, store: &bandeja_store::Store, job: MediaJob) -> anyhow::Result<()> {
        let Some(client) = self.whatsapp().client(job.account_id) else {
            // not connected on this computer: wait for a (re)connect
            let later = self.now() + chrono::Duration::minutes(5);
            store
                .media_failed(job.message_id, "the account is not connected", Some(later))
                .await?;
            return Ok(());
        };
        let result = client.fetch_media(&job.provider_ref).await;
        let conversation = store.conversation_of_message(job.message_id).await?;
        match result {
            Ok((info, bytes)) => {
                let mime = if info.mime_type.is_empty() {
                    job.mime.clone()
                } else {
                    info.mime_type.clone()
                };
                let file = self.write_media(job.message_id, &mime, &bytes).await?;
                store
                    .media_ready(job.message_id, &file, bytes.len() as i64, &mime)
                    .await?;
                tracing::debug!(
                    message = job.message_id,
                    bytes = bytes.len(),
                    "media stored"
                );
            }
            Err(e) => {
                let attempts = job.attempts + 1;
                let at = (attempts < MEDIA_ATTEMPTS
                    && !matches!(e.kind(), bandeja_channels::graph::ErrorKind::Permanent))
                .then(|| {
                    self.now() + chrono::Duration::seconds(2i64.pow(attempts.clamp(1, 8) as u32))
                });
                tracing::warn!(message = job.message_id, code = e.code, title = %e.title, retry = at.is_some(), "media download failed");
                store.media_failed(job.message_id, &e.title, at).await?;
            }
        }
        if let Some(conversation_id) = conversation {
            self.emit(CoreEvent::ConversationChanged { conversation_id });
        }
        Ok(())
    }

    /// A member asked to try a failed download again.
    pub async fn retry_media(&self, message_id: i64) -> anyhow::Result<()> {
        let ws = self.workspace().await;
        if !ws.store.media_retry(ws.me, message_id, self.now()).await? {
            return Err(bandeja_store::StoreError::NotFound(format!(
                "failed download {message_id}"
            ))
            .into());
        }
        if let Some(conversation_id) = ws.store.conversation_of_message(message_id).await? {
            self.emit(CoreEvent::ConversationChanged { conversation_id });
        }
        self.wake_media();
        Ok(())
    }

    /// Fetch attachments in the background for the life of the app.
    pub fn start_media(&self) -> tokio::task::JoinHandle<()> {
        let core = self.clone();
        let wake = self
            .inner
            .media_wake
            .get_or_init(|| Arc::new(tokio::sync::Notify::new()))
            .clone();
        tokio::spawn(async move {
            loop {
                match core.fetch_media_once().await {
                    Ok(n) if n > 0 => continue,
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = format!("{e:#}"), "media pass failed"),
                }
                tokio::select! {
                    _ = wake.notified() => {}
                    _ = tokio::time::sleep(Duration::from_secs(2)) => {}
                }
            }
        })
    }
}

/// Write a file so that a crash never leaves half of it under its name.
async fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    let tmp = dir.join(format!(".{name}.part"));
    tokio::fs::write(&tmp, bytes).await?;
    tokio::fs::rename(&tmp, dir.join(name)).await
}
