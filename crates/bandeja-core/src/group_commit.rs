//! Group commit for ingest: concurrent callers (webhook requests, relay
//! frames) share one write transaction instead of paying for one each.
//!
//! Each caller still gets its answer only after the transaction holding its
//! events committed, so "200 after commit" holds. A worker takes the first
//! job waiting, then whatever else is already queued (up to a bound), and
//! ingests them together. It holds only a weak reference to the core, so it
//! ends when the core is dropped.

use std::sync::{Arc, Weak};

use bandeja_domain::inbound::InboundEvent;
use bandeja_domain::AccountKind;
use tokio::sync::{mpsc, oneshot};

use crate::{Core, IngestReport, Inner};

/// At most this many events per shared transaction.
const MAX_EVENTS: usize = 512;

struct Job {
    kinds: Vec<AccountKind>,
    events: Vec<InboundEvent>,
    done: oneshot::Sender<Result<IngestReport, String>>,
}

pub(crate) struct Queue(mpsc::UnboundedSender<Job>);

fn start(inner: Weak<Inner>) -> Queue {
    let (tx, mut rx) = mpsc::unbounded_channel::<Job>();
    tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            let mut jobs = vec![first];
            let mut n = jobs[0].events.len();
            while n < MAX_EVENTS {
                match rx.try_recv() {
                    Ok(job) if job.kinds == jobs[0].kinds => {
                        n += job.events.len();
                        jobs.push(job);
                    }
                    Ok(other) => {
                        // another provider: its own transaction, right after
                        run(&inner, jobs).await;
                        jobs = vec![other];
                        n = jobs[0].events.len();
                    }
                    Err(_) => break,
                }
            }
            run(&inner, jobs).await;
        }
    });
    Queue(tx)
}

async fn run(inner: &Weak<Inner>, jobs: Vec<Job>) {
    let Some(inner) = inner.upgrade() else {
        return;
    };
    let core = Core { inner };
    let kinds = jobs[0].kinds.clone();
    let mut all = Vec::new();
    let mut replies = Vec::with_capacity(jobs.len());
    for job in jobs {
        all.extend(job.events);
        replies.push(job.done);
    }
    let result = core.ingest(&kinds, all).await.map_err(|e| format!("{e:#}"));
    for r in replies {
        let _ = r.send(result.clone());
    }
}

impl Core {
    /// Like [`Core::ingest`], sharing the transaction with concurrent callers.
    /// The report covers the whole shared batch.
    pub async fn ingest_grouped(
        &self,
        kinds: &[AccountKind],
        events: Vec<InboundEvent>,
    ) -> anyhow::Result<IngestReport> {
        let queue = self
            .inner
            .group_commit
            .get_or_init(|| start(Arc::downgrade(&self.inner)));
        let (done, wait) = oneshot::channel();
        queue
            .0
            .send(Job {
                kinds: kinds.to_vec(),
                events,
                done,
            })
            .map_err(|_| anyhow::anyhow!("the ingest worker has stopped"))?;
        wait.await
            .map_err(|_| anyhow::anyhow!("the ingest worker has stopped"))?
            .map_err(anyhow::Error::msg)
    }
}
