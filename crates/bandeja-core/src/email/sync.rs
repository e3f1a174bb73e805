//! Keeping a mailbox in sync (EMAIL-1): one task per account logs in,
//! catches up on Sent and INBOX, then waits in IDLE on INBOX and catches up
//! again whenever the server says something changed (and every few minutes
//! regardless, which also polls Sent).
//!
//! Bookkeeping per mailbox — UIDVALIDITY, the next UID to read, the highest
//! mod-sequence seen — is written in the same transaction as the messages
//! it covers. A new UIDVALIDITY means the server renumbered the mailbox:
//! the old UIDs are forgotten and the mailbox is read again, and the
//! Message-IDs already stored keep that from making duplicates. Network
//! trouble retries with backoff; a refused password stops the task and
//! turns the account to `error` until the member reconnects.

use std::time::Duration;

use bandeja_channels::email::imap::{Imap, Wake};
use bandeja_channels::email::{imap, Login, MailError, Step};
use bandeja_domain::AccountStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::EmailSettings;
use crate::{Core, CoreEvent};

/// How long one IDLE lasts before it is re-issued (and Sent polled).
const IDLE_SLICE: Duration = Duration::from_secs(120);
/// Messages fetched per round trip on a first sync.
const FETCH_CHUNK: usize = 500;
const BACKOFF_CAP: Duration = Duration::from_secs(60);
/// How often Sent is read while INBOX keeps waking the session.
const SENT_POLL: Duration = Duration::from_secs(60);

/// What an account's sync task is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncState {
    Connecting,
    Syncing,
    /// Up to date, waiting for new mail.
    Idle,
    /// Cannot reach the server; retrying.
    Offline,
    /// Stopped (refused login, or not started).
    Stopped,
}

impl std::fmt::Display for SyncState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SyncState::Connecting => "connecting",
            SyncState::Syncing => "syncing",
            SyncState::Idle => "idle",
            SyncState::Offline => "offline",
            SyncState::Stopped => "stopped",
        })
    }
}

pub(crate) struct Running {
    task: tokio::task::JoinHandle<()>,
    state: SyncState,
    last_sync_at: Option<DateTime<Utc>>,
}

/// Per-mailbox bookkeeping kept in `sync_state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct MailboxState {
    pub uid_validity: u32,
    /// Every UID below this one has been read.
    pub next_uid: u32,
    pub modseq: Option<u64>,
}

pub(crate) fn scope(mailbox: &str) -> String {
    format!("imap:{mailbox}")
}

impl Core {
    /// Start (or restart) an account's sync task.
    pub(crate) fn start_email_sync(&self, account: i64) {
        let core = self.clone();
        let task = tokio::spawn(async move { core.sync_loop(account).await });
        let mut tasks = self.syncs().tasks.lock().expect("syncs lock");
        if let Some(old) = tasks.insert(
            account,
            Running {
                task,
                state: SyncState::Connecting,
                last_sync_at: None,
            },
        ) {
            old.task.abort();
        }
    }

    /// Stop every sync task (workspace switch, shutdown).
    pub fn stop_email_sync(&self) {
        for (_, r) in self.syncs().tasks.lock().expect("syncs lock").drain() {
            r.task.abort();
        }
    }

    pub(crate) fn sync_status(&self, account: i64) -> (SyncState, Option<DateTime<Utc>>) {
        match self.syncs().tasks.lock().expect("syncs lock").get(&account) {
            Some(r) => (r.state, r.last_sync_at),
            None => (SyncState::Stopped, None),
        }
    }

    fn set_sync_state(&self, account: i64, state: SyncState) {
        let now = self.now();
        let changed = {
            let mut tasks = self.syncs().tasks.lock().expect("syncs lock");
            match tasks.get_mut(&account) {
                Some(r) if r.state != state => {
                    r.state = state;
                    if state == SyncState::Idle {
                        r.last_sync_at = Some(now);
                    }
                    true
                }
                Some(r) => {
                    if state == SyncState::Idle {
                        r.last_sync_at = Some(now);
                    }
                    false
                }
                None => false,
            }
        };
        if changed {
            self.emit(CoreEvent::WorkspaceChanged);
        }
    }

    async fn sync_loop(&self, account: i64) {
        let mut failures = 0u32;
        let mut token_retried = false;
        loop {
            match self.sync_session(account, &mut failures).await {
                Ok(()) => return,
                Err(e)
                    if e.step == Step::Auth && !token_retried && self.uses_oauth(account).await =>
                {
                    // the server refused a token we thought valid: refresh once
                    tracing::info!(account, error = %e, "access token refused; refreshing");
                    self.forget_access_token(account);
                    token_retried = true;
                }
                Err(e) if e.step == Step::Auth => {
                    tracing::warn!(account, error = %e, "mailbox login refused");
                    self.set_sync_state(account, SyncState::Stopped);
                    let ws = self.workspace().await;
                    let reason = format!("the server refused the login: {}", e.message);
                    if let Err(e) = ws
                        .store
                        .set_account_status(account, &AccountStatus::Error { reason })
                        .await
                    {
                        tracing::error!(account, error = %e, "cannot record the account's error");
                    }
                    self.emit(CoreEvent::WorkspaceChanged);
                    return;
                }
                Err(e) => {
                    failures += 1;
                    token_retried = false;
                    self.set_sync_state(account, SyncState::Offline);
                    let wait = backoff(failures);
                    tracing::info!(account, error = %e, retry_in = ?wait, "mailbox unreachable");
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// One connection's life: log in, catch up, then IDLE until it breaks.
    async fn sync_session(&self, account: i64, failures: &mut u32) -> Result<(), MailError> {
        let internal = |e: anyhow::Error| MailError::new(Step::Protocol, format!("{e:#}"));
        let Some(mut settings) = self.email_settings(account).await.map_err(internal)? else {
            return Ok(());
        };
        self.set_sync_state(account, SyncState::Connecting);
        let login: Login = self.email_login(account, &settings).await?;
        let mut session = imap::connect(&settings.imap, &login, &self.mail_trust()).await?;
        *failures = 0;
        if settings.sent_folder.is_none() {
            settings.sent_folder = session.sent_folder().await?;
            self.save_email_settings(account, &settings)
                .await
                .map_err(internal)?;
        }
        self.set_sync_state(account, SyncState::Syncing);
        let mut sent_synced: Option<std::time::Instant> = None;
        let mut woke_at: Option<std::time::Instant> = None;
        loop {
            // Sent when due (first pass, quiet wakes, once a minute); INBOX
            // last, so it stays selected for IDLE
            let sent_due = sent_synced.is_none_or(|t| t.elapsed() >= SENT_POLL);
            if let (true, Some(sent)) = (sent_due, settings.sent_folder.clone()) {
                self.sync_mailbox(&mut session, account, &settings, &sent, true)
                    .await?;
                sent_synced = Some(std::time::Instant::now());
            }
            // after a change notice INBOX is still selected: no new SELECT
            let stored = self
                .sync_mailbox(&mut session, account, &settings, "INBOX", woke_at.is_none())
                .await?;
            if let (Some(t), Some(committed)) = (woke_at.take(), stored) {
                self.syncs().record_wake(committed.duration_since(t));
            }
            self.set_sync_state(account, SyncState::Idle);
            let wake;
            if session.caps().idle {
                (session, wake) = session.idle(IDLE_SLICE).await?;
            } else {
                tokio::time::sleep(Duration::from_secs(30)).await;
                session.noop().await?;
                wake = Wake::Changed;
            }
            if wake == Wake::Changed {
                woke_at = Some(std::time::Instant::now());
            } else {
                sent_synced = None;
            }
            tracing::debug!(account, ?wake, "mailbox woke");
        }
    }

    /// Catch up on one mailbox: new messages, then flag changes. Returns
    /// when the last new message was committed, if any came.
    async fn sync_mailbox(
        &self,
        session: &mut Imap,
        account: i64,
        settings: &EmailSettings,
        mailbox: &str,
        reselect: bool,
    ) -> Result<Option<std::time::Instant>, MailError> {
        let internal = |e: anyhow::Error| MailError::new(Step::Protocol, format!("{e:#}"));
        let (selected, reused) = match session.current() {
            Some((m, s)) if m == mailbox && !reselect => (s, true),
            _ => (session.select(mailbox).await?, false),
        };
        let store = self.workspace().await.store;
        let known: Option<MailboxState> = store
            .sync_state(account, &scope(mailbox))
            .await
            .map_err(|e| internal(e.into()))?
            .and_then(|v| serde_json::from_str(&v).ok());
        let known = match known {
            Some(k) if k.uid_validity == selected.uid_validity => Some(k),
            Some(k) => {
                tracing::warn!(
                    account,
                    mailbox,
                    old = k.uid_validity,
                    new = selected.uid_validity,
                    "UIDVALIDITY changed: reading the mailbox again"
                );
                store
                    .forget_email_locations(account, mailbox)
                    .await
                    .map_err(|e| internal(e.into()))?;
                None
            }
            None => None,
        };
        let backfill = known.is_none();
        let uids = match known {
            Some(k) if !reused && k.next_uid >= selected.uid_next && selected.uid_next != 0 => {
                Vec::new()
            }
            Some(k) => session.uids_from(k.next_uid).await?,
            None => {
                let since =
                    (self.now() - chrono::Duration::days(settings.sync_days as i64)).date_naive();
                session.uids_since(since).await?
            }
        };
        let mut state = known.unwrap_or(MailboxState {
            uid_validity: selected.uid_validity,
            next_uid: 1,
            modseq: None,
        });
        let mut changed = Vec::new();
        // three stages at once: chunk n+2 is fetched, n+1 parsed and its
        // files written, n stored
        type Ingest = tokio::task::JoinHandle<anyhow::Result<Vec<i64>>>;
        let mut writing: Option<Ingest> = None;
        let mut top_modseq = state.modseq;
        for chunk in uids.chunks(FETCH_CHUNK) {
            let fetched = session.fetch(chunk).await?;
            top_modseq = top_modseq.max(fetched.iter().filter_map(|f| f.modseq).max());
            let core = self.clone();
            let (box_name, validity) = (mailbox.to_string(), state.uid_validity);
            let prepared =
                tokio::spawn(
                    async move { core.prepare(account, &box_name, validity, fetched).await },
                );
            if let Some(w) = writing.take() {
                changed.extend(w.await.map_err(|e| internal(e.into()))?.map_err(internal)?);
            }
            state.next_uid = chunk
                .iter()
                .max()
                .map_or(state.next_uid, |u| u + 1)
                .max(state.next_uid);
            let (core, settings, mailbox, at) =
                (self.clone(), settings.clone(), mailbox.to_string(), state);
            writing = Some(tokio::spawn(async move {
                let incoming = prepared.await??;
                core.ingest_email(account, &settings, &mailbox, incoming, backfill, &at)
                    .await
            }));
        }
        let mut committed = None;
        if let Some(w) = writing.take() {
            changed.extend(w.await.map_err(|e| internal(e.into()))?.map_err(internal)?);
            committed = Some(std::time::Instant::now());
        }
        if !reused && uids.is_empty() && selected.uid_next > state.next_uid {
            // nothing new in range (e.g. only old mail before the sync window)
            state.next_uid = selected.uid_next;
        }
        if !backfill {
            let flags = session
                .flags(state.modseq.filter(|_| session.caps().condstore))
                .await?;
            top_modseq = top_modseq.max(flags.iter().filter_map(|f| f.2).max());
            let rows: Vec<(u32, bool, bool)> = flags
                .iter()
                .map(|(uid, f, _)| (*uid, f.seen, f.answered))
                .collect();
            let n = store
                .set_email_flags(account, mailbox, state.uid_validity, &rows)
                .await
                .map_err(|e| internal(e.into()))?;
            if n > 0 {
                self.emit(CoreEvent::ListChanged);
            }
        }
        state.modseq = match reused {
            true => top_modseq,
            false => selected.highest_modseq.max(top_modseq),
        };
        store
            .set_sync_state(
                account,
                &scope(mailbox),
                &serde_json::to_string(&state).unwrap_or_default(),
                self.now(),
            )
            .await
            .map_err(|e| internal(e.into()))?;
        if !changed.is_empty() {
            changed.sort_unstable();
            changed.dedup();
            for c in changed {
                self.emit(CoreEvent::ConversationChanged { conversation_id: c });
            }
            self.emit(CoreEvent::ListChanged);
        }
        Ok(committed)
    }
}

impl Core {
    async fn uses_oauth(&self, account: i64) -> bool {
        matches!(self.email_settings(account).await, Ok(Some(s)) if s.oauth.is_some())
    }

    /// Set `\Seen` on the server for a conversation's unseen mail.
    pub(crate) async fn push_seen(&self, account: i64, conversation: i64) {
        let r = async {
            let store = self.workspace().await.store;
            let Some(settings) = self.email_settings(account).await? else {
                return Ok(());
            };
            let places = store.take_unseen_email(conversation).await?;
            if places.is_empty() {
                return Ok(());
            }
            let login = self.email_login(account, &settings).await?;
            let mut session = imap::connect(&settings.imap, &login, &self.mail_trust()).await?;
            let mut selected: Option<(String, u32)> = None;
            for (mailbox, uid_validity, uid) in places {
                if selected.as_ref().map(|s| &s.0) != Some(&mailbox) {
                    let sel = session.select(&mailbox).await?;
                    selected = Some((mailbox.clone(), sel.uid_validity));
                }
                if selected.as_ref().map(|s| s.1) == Some(uid_validity) {
                    session.set_flag(uid, "\\Seen", true).await?;
                }
            }
            session.logout().await;
            anyhow::Ok(())
        }
        .await;
        if let Err(e) = r {
            tracing::warn!(
                account,
                error = format!("{e:#}"),
                "read state not sent to the mail server"
            );
        }
    }
}

fn backoff(failures: u32) -> Duration {
    let base = Duration::from_millis(500) * 2u32.saturating_pow(failures.min(8));
    let capped = base.min(BACKOFF_CAP);
    // equal jitter: half fixed, half random
    let jitter = (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0) as u64)
        % (capped.as_millis() as u64 / 2 + 1);
    capped / 2 + Duration::from_millis(jitter)
}
