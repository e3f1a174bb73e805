//! The running engine of Bandeja.
//!
//! `Core` owns the open workspace database, the clock and the event bus. The
//! UI never talks to the store: it calls `bandeja-api`, which calls the core,
//! which emits ID-only change events so every window refreshes what it shows.
//! Two databases live in the data dir: the real workspace and, separately,
//! the demo workspace, so trying the demo never touches real data.

mod automation;
mod clock;
mod compose;
mod connect;
mod demo;
mod demo_phone;
mod demo_rules;
pub mod email;
mod events;
mod group_commit;
mod ingest;
mod media;
mod notes;
mod outbox;
mod plan;
mod relay;
mod reports;
mod tags;
mod team;
mod template_fields;
mod templates;
mod whatsapp;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use bandeja_domain::{Availability, Role};
use bandeja_store::Store;
use tokio::sync::{broadcast, RwLock};

pub use automation::{AccountAutomation, DueReport, Forbidden};
pub use bandeja_secrets::Secrets;
pub use clock::{Clock, ManualClock, OffsetClock, SystemClock};
pub use compose::{template_body, Attachment};
pub use connect::{
    ConnectionInfo, InvalidField, ProviderRefused, WhatsappCredentials, GRAPH_URL, GRAPH_VERSION,
};
pub use demo_phone::WorkspaceOutbound;
pub use events::{CoreEvent, NoticeKind};
pub use ingest::IngestReport;
pub use media::{extension as media_extension, MEDIA_ATTEMPTS};
pub use outbox::{Outbound, SendError, SendErrorKind, SendFuture, SendRefused, MAX_ATTEMPTS};
pub use relay::{
    token_key as relay_token_key, RelayError, RelayState, RelayStatus, RelayTransport,
    RELAY_URL_SETTING,
};
pub use tags::MissingVariables;
pub use template_fields::{template_placeholders, TemplateFields};
pub use whatsapp::{WebhookKeys, WhatsappOutbound};

const WORKSPACE_FILE: &str = "workspace.sqlite";
const DEMO_FILE: &str = "demo.sqlite";
const ACTIVE_KEY: &str = "active_workspace";
const EVENT_CAPACITY: usize = 1024;

/// The workspace currently shown: its store and the member using this
/// installation.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub store: Store,
    pub me: i64,
    pub is_demo: bool,
}

struct Inner {
    data_dir: PathBuf,
    clock: Arc<dyn Clock>,
    events: broadcast::Sender<CoreEvent>,
    /// The real workspace: settings (language, active workspace) live here.
    home: Workspace,
    active: RwLock<Workspace>,
    /// Queue of the group-commit worker, started on first use.
    group_commit: std::sync::OnceLock<group_commit::Queue>,
    /// Wakes the outbox loop when something is queued.
    outbox_wake: std::sync::OnceLock<Arc<tokio::sync::Notify>>,
    /// Wakes the media loop when attachments are announced.
    media_wake: std::sync::OnceLock<Arc<tokio::sync::Notify>>,
    /// The connected WhatsApp numbers of the workspace shown.
    whatsapp: Arc<WhatsappOutbound>,
    /// Where tokens and app secrets are kept (the OS keychain).
    secrets: Secrets,
    /// The local webhook receiver's public URL, once it listens.
    webhook_url: std::sync::OnceLock<String>,
    /// The relay client's status and task.
    relay: relay::Slot,
    /// The email accounts' sync tasks.
    email: email::Syncs,
    /// Extra roots for mail servers' certificates.
    mail_trust: std::sync::RwLock<bandeja_channels::email::Trust>,
    /// Meta's Graph API, or the simulator.
    graph_url: std::sync::RwLock<String>,
    /// The automation's worker, started on first use.
    automation: std::sync::OnceLock<automation::queue::Queue>,
    /// Wakes the automation's scheduler.
    scheduler: automation::Scheduler,
    /// When each account last received something from its provider (since start).
    last_provider_event:
        std::sync::Mutex<std::collections::HashMap<i64, chrono::DateTime<chrono::Utc>>>,
}

/// A cheap, cloneable handle to the engine.
#[derive(Clone)]
pub struct Core {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Core {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Core")
            .field("data_dir", &self.inner.data_dir)
            .finish()
    }
}

impl Core {
    /// Open the workspace in `data_dir` (creating it on first run) and, if the
    /// demo was the last workspace shown, the demo too.
    pub async fn open(data_dir: &Path, clock: Arc<dyn Clock>) -> anyhow::Result<Core> {
        let secrets = Secrets::open(data_dir);
        Self::open_with(data_dir, clock, secrets).await
    }

    /// [`Core::open`] with a given secrets store (tests use memory).
    pub async fn open_with(
        data_dir: &Path,
        clock: Arc<dyn Clock>,
        secrets: Secrets,
    ) -> anyhow::Result<Core> {
        let home = open_home(data_dir, clock.as_ref()).await?;
        let wants_demo = home.store.setting(ACTIVE_KEY).await?.as_deref() == Some("demo");
        let active = match wants_demo {
            true if data_dir.join(DEMO_FILE).exists() => {
                match open_demo_file(&data_dir.join(DEMO_FILE)).await {
                    Ok(demo) => demo,
                    Err(e) => {
                        tracing::warn!(error = %e, "demo workspace unusable; showing the real one");
                        home.clone()
                    }
                }
            }
            _ => home.clone(),
        };
        let (events, _) = broadcast::channel(EVENT_CAPACITY);
        Ok(Core {
            inner: Arc::new(Inner {
                data_dir: data_dir.to_path_buf(),
                clock,
                events,
                home: home.clone(),
                active: RwLock::new(active),
                group_commit: std::sync::OnceLock::new(),
                outbox_wake: std::sync::OnceLock::new(),
                media_wake: std::sync::OnceLock::new(),
                whatsapp: Arc::new(WhatsappOutbound::new()),
                secrets,
                webhook_url: std::sync::OnceLock::new(),
                relay: relay::Slot::default(),
                email: email::Syncs::default(),
                mail_trust: std::sync::RwLock::new(email::trust_from_env()),
                graph_url: std::sync::RwLock::new(connect::default_graph_url()),
                automation: std::sync::OnceLock::new(),
                scheduler: automation::Scheduler::default(),
                last_provider_event: std::sync::Mutex::default(),
            }),
        })
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.clock.now()
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    /// The workspace shown now (real or demo).
    pub async fn workspace(&self) -> Workspace {
        self.inner.active.read().await.clone()
    }

    /// The real workspace, where installation-wide settings are kept.
    pub fn home(&self) -> &Workspace {
        &self.inner.home
    }

    /// The connected WhatsApp numbers (Graph clients, webhook keys).
    pub fn whatsapp(&self) -> Arc<WhatsappOutbound> {
        self.inner.whatsapp.clone()
    }

    fn record_provider_events(&self, accounts: &[i64]) {
        if accounts.is_empty() {
            return;
        }
        let now = self.now();
        let mut last = self.inner.last_provider_event.lock().expect("events lock");
        for a in accounts {
            last.insert(*a, now);
        }
    }

    /// When the account last received a webhook (since Bandeja started): the
    /// proof that Meta's webhook settings point here.
    pub fn last_provider_event(&self, account_id: i64) -> Option<chrono::DateTime<chrono::Utc>> {
        self.inner
            .last_provider_event
            .lock()
            .expect("events lock")
            .get(&account_id)
            .copied()
    }

    /// Where secrets are kept.
    pub fn secrets(&self) -> &Secrets {
        &self.inner.secrets
    }

    /// Start the background work of a running app: restore the connected
    /// numbers and the relay client, then the outbox (sends) and the media
    /// loop (downloads).
    pub async fn start_background(&self) -> Vec<tokio::task::JoinHandle<()>> {
        match self.restore_connections().await {
            Ok(n) => tracing::info!(connected = n, "WhatsApp numbers restored"),
            Err(e) => tracing::error!(error = format!("{e:#}"), "cannot restore connections"),
        }
        match self.restore_relay().await {
            Ok(started) => tracing::info!(started, "relay client"),
            Err(e) => tracing::error!(error = %e, "cannot start the relay client"),
        }
        match self.restore_email().await {
            Ok(n) => tracing::info!(mailboxes = n, "email sync started"),
            Err(e) => tracing::error!(error = format!("{e:#}"), "cannot start the email sync"),
        }
        let outbound = Arc::new(WorkspaceOutbound::new(self.clone(), self.whatsapp()));
        vec![
            self.start_outbox(outbound),
            self.start_media(),
            self.start_scheduler(),
        ]
    }

    pub fn subscribe(&self) -> broadcast::Receiver<CoreEvent> {
        self.inner.events.subscribe()
    }

    /// Whether `member` may be told about this conversation (ACC-4: only
    /// members authorized for its account; notifications ask first).
    pub async fn notifies(&self, member: i64, conversation_id: i64) -> bool {
        let ws = self.workspace().await;
        ws.store.conversation(member, conversation_id).await.is_ok()
    }

    /// Publish a change. Nobody listening is fine.
    pub fn emit(&self, event: CoreEvent) {
        let _ = self.inner.events.send(event);
    }

    /// Build a fresh demo workspace (replacing an older one) and show it.
    pub async fn open_demo(&self) -> anyhow::Result<Workspace> {
        let path = self.inner.data_dir.join(DEMO_FILE);
        {
            // close the current demo before replacing its file
            let mut active = self.inner.active.write().await;
            if active.is_demo {
                active.store.close().await;
                *active = self.inner.home.clone();
            }
        }
        for suffix in ["", "-wal", "-shm"] {
            let p = PathBuf::from(format!("{}{suffix}", path.display()));
            if p.exists() {
                std::fs::remove_file(&p).with_context(|| format!("remove {}", p.display()))?;
            }
        }
        let store = Store::open(&path).await?;
        let me = demo::load(
            &store,
            &bandeja_demo::demo_workspace(self.now()),
            self.now(),
        )
        .await?;
        let ws = Workspace {
            store,
            me,
            is_demo: true,
        };
        *self.inner.active.write().await = ws.clone();
        self.inner
            .home
            .store
            .set_setting(ACTIVE_KEY, Some("demo"))
            .await?;
        self.restore_connections().await?;
        self.emit(CoreEvent::WorkspaceChanged);
        Ok(ws)
    }

    /// Leave the demo and show the real workspace again.
    pub async fn close_demo(&self) -> anyhow::Result<Workspace> {
        let mut active = self.inner.active.write().await;
        if active.is_demo {
            active.store.close().await;
        }
        *active = self.inner.home.clone();
        self.inner.home.store.set_setting(ACTIVE_KEY, None).await?;
        drop(active);
        self.restore_connections().await?;
        self.wake_outbox();
        self.wake_media();
        self.emit(CoreEvent::WorkspaceChanged);
        Ok(self.inner.home.clone())
    }
}

async fn open_home(data_dir: &Path, clock: &dyn Clock) -> anyhow::Result<Workspace> {
    let store = Store::open(&data_dir.join(WORKSPACE_FILE)).await?;
    if store.workspace().await?.is_none() {
        store
            .create_workspace("Bandeja", false, clock.now())
            .await?;
    }
    let me = match store.members().await?.into_iter().find(|(_, me)| *me) {
        Some((m, _)) => m.id,
        None => {
            let name = std::env::var("USER")
                .ok()
                .filter(|u| !u.is_empty() && u != "root")
                .unwrap_or_else(|| "Owner".into());
            store
                .insert_member(
                    &name,
                    "owner@localhost",
                    Role::Owner,
                    Availability::Online,
                    None,
                    "#2563eb",
                    true,
                )
                .await?
        }
    };
    Ok(Workspace {
        store,
        me,
        is_demo: false,
    })
}

async fn open_demo_file(path: &Path) -> anyhow::Result<Workspace> {
    let store = Store::open(path).await?;
    let me = store
        .members()
        .await?
        .into_iter()
        .find(|(_, me)| *me)
        .map(|(m, _)| m.id)
        .context("demo workspace has no owner")?;
    Ok(Workspace {
        store,
        me,
        is_demo: true,
    })
}
