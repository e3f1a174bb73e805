//! The automation's own worker: ingest hands it the conversations that
//! just received customer messages and goes on, so rules never slow the
//! answer to the provider or the next batch. Work queued meanwhile is merged
//! (a burst from one customer is looked at once). It holds only a weak
//! reference to the core and ends with it. Tests (and a clean shutdown)
//! wait for it with [`Core::automation_settled`].

use std::sync::{Arc, Weak};

use tokio::sync::{mpsc, watch};

use crate::{Core, Inner};

pub(crate) struct Queue {
    tx: mpsc::UnboundedSender<Vec<i64>>,
    /// Batches queued and not yet done.
    pending: watch::Sender<usize>,
}

fn start(inner: Weak<Inner>) -> Queue {
    let (tx, mut rx) = mpsc::unbounded_channel::<Vec<i64>>();
    let (pending, _) = watch::channel(0usize);
    let done = pending.clone();
    tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            let mut ids = first;
            let mut jobs = 1;
            while let Ok(more) = rx.try_recv() {
                ids.extend(more);
                jobs += 1;
            }
            let Some(inner) = inner.upgrade() else {
                break;
            };
            let core = Core { inner };
            core.run_incoming(&ids).await;
            drop(core);
            done.send_modify(|n| *n = n.saturating_sub(jobs));
        }
    });
    Queue { tx, pending }
}

impl Core {
    /// Hand conversations that just received customer messages to the
    /// automation (assignment, auto-replies); returns at once.
    pub(crate) fn after_incoming(&self, conversations: &[i64]) {
        if conversations.is_empty() {
            return;
        }
        let q = self
            .inner
            .automation
            .get_or_init(|| start(Arc::downgrade(&self.inner)));
        q.pending.send_modify(|n| *n += 1);
        if q.tx.send(conversations.to_vec()).is_err() {
            q.pending.send_modify(|n| *n -= 1);
        }
    }

    /// Wait until the automation has handled everything handed to it.
    pub async fn automation_settled(&self) {
        let Some(q) = self.inner.automation.get() else {
            return;
        };
        let mut rx = q.pending.subscribe();
        let _ = rx.wait_for(|n| *n == 0).await;
    }
}
