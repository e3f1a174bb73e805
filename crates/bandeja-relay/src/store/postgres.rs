//! The PostgreSQL backend: several relay instances behind a load balancer,
//! one log (`../shared/docs/relay.md` §3).
//!
//! Two things differ from one SQLite writer:
//! - **Order.** An identity column hands out seqs at INSERT time but they
//!   become visible at COMMIT, so a reader could pass seq 8 before seq 7
//!   commits and never see 7. Here the seq comes from `tenants.last_seq`,
//!   updated in the insert transaction after locking the tenant's row: the
//!   next append of that tenant waits for the COMMIT (and so the visibility)
//!   of the previous one, so seqs become visible in order and without gaps.
//!   A batch locks its tenants in id order, so two instances never deadlock.
//! - **Wake-ups.** Each commit does `pg_notify` with `tenant seq` (delivered
//!   only if and after it commits); every instance LISTENs and wakes its
//!   sockets of that tenant. Should the listening connection drop, or go
//!   quiet without an error, the listener re-reads the `last_seq` of every
//!   subscribed tenant: after a reconnect, and every [`RESYNC_EVERY`].
//!
//! `synchronous_commit=on` is set on every connection, whatever the
//! server's default: a 200 to Meta means the WAL is flushed.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgListener, PgPool, PgPoolOptions};
use sqlx::Row;
use tokio::task::JoinHandle;

use super::{schema, Dialect, Wakers};
use crate::RelayError;

/// The NOTIFY channel; one per database, so one per relay deployment.
const CHANNEL: &str = "bandeja_relay_events";

/// How often the listener re-reads the subscribed tenants' seqs anyway.
pub const RESYNC_EVERY: Duration = Duration::from_secs(10);

pub(crate) const DIALECT: Dialect = Dialect {
    lock_tenant: Some("SELECT id FROM tenants WHERE id = $1 FOR NO KEY UPDATE"),
    notify: Some("SELECT pg_notify('bandeja_relay_events', $1)"),
    ack: "UPDATE devices SET
              last_acked_seq = GREATEST(last_acked_seq,
                  LEAST($1, (SELECT last_seq FROM tenants WHERE tenants.id = devices.tenant_id))),
              last_seen_at = GREATEST(last_seen_at, $2)
          WHERE id = $3 AND revoked_at IS NULL
          RETURNING last_acked_seq",
    touch: "UPDATE devices SET last_seen_at = GREATEST(last_seen_at, $1) WHERE id = $2",
};

#[derive(Clone)]
pub(crate) struct Postgres {
    pool: PgPool,
}

impl Postgres {
    /// Connect and create the schema; also returns the URL without its
    /// password, to name the database in errors and logs.
    pub(crate) async fn connect(url: &str) -> Result<(Postgres, PathBuf), RelayError> {
        let shown = shown(url);
        let options = PgConnectOptions::from_str(url)
            .map_err(RelayError::db(&shown))?
            .application_name("bandeja-relay")
            .options([("synchronous_commit", "on")]);
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await
            .map_err(RelayError::db(&shown))?;
        sqlx::raw_sql(&schema::postgres_script())
            .execute(&pool)
            .await
            .map_err(RelayError::db(&shown))?;
        tracing::info!(db = %shown.display(), "postgres store connected");
        Ok((Postgres { pool }, shown))
    }

    pub(crate) fn writer(&self) -> &PgPool {
        &self.pool
    }

    pub(crate) fn reader(&self) -> &PgPool {
        &self.pool
    }
}

/// `url` without its password, to name the database in errors and logs.
pub(crate) fn shown(url: &str) -> PathBuf {
    match PgConnectOptions::from_str(url) {
        Ok(o) => PathBuf::from(format!(
            "postgres://{}@{}:{}/{}",
            o.get_username(),
            o.get_host(),
            o.get_port(),
            o.get_database().unwrap_or(""),
        )),
        Err(_) => PathBuf::from("postgres://(unparsable url)"),
    }
}

/// The NOTIFY payload for `tenant`'s commit up to `seq`.
pub(crate) fn payload(tenant: &str, seq: i64) -> String {
    format!("{tenant} {seq}")
}

fn parse(payload: &str) -> Option<(&str, i64)> {
    let (tenant, seq) = payload.split_once(' ')?;
    Some((tenant, seq.parse().ok()?))
}

/// LISTEN (before returning, so no commit after `Store::connect` is missed)
/// and spawn the task that turns notifications into wake-ups.
pub(crate) async fn listen(
    db: &Postgres,
    wakers: Wakers,
    shown: PathBuf,
) -> Result<JoinHandle<()>, RelayError> {
    let mut listener = PgListener::connect_with(&db.pool)
        .await
        .map_err(RelayError::db(&shown))?;
    listener
        .listen(CHANNEL)
        .await
        .map_err(RelayError::db(&shown))?;
    let pool = db.pool.clone();
    Ok(tokio::spawn(async move {
        // join, not select: neither loop is ever cancelled mid-read.
        tokio::join!(
            receive(listener, &pool, &wakers),
            resync_loop(&pool, &wakers)
        );
    }))
}

async fn receive(mut listener: PgListener, pool: &PgPool, wakers: &Wakers) {
    loop {
        match listener.try_recv().await {
            Ok(Some(note)) => match parse(note.payload()) {
                Some((tenant, seq)) => wakers.wake(tenant, seq),
                None => tracing::warn!(payload = note.payload(), "unexpected notification"),
            },
            // Lost and (eagerly) reconnected: notifications in between are gone.
            Ok(None) => {
                tracing::warn!("postgres listener reconnected");
                resync(pool, wakers).await;
            }
            Err(e) => {
                tracing::error!(error = %e, "postgres listener failed; reconnecting in 1 s");
                tokio::time::sleep(Duration::from_secs(1)).await;
                // A fresh listener: the old connection may be unusable.
                if let Ok(mut fresh) = PgListener::connect_with(pool).await {
                    if fresh.listen(CHANNEL).await.is_ok() {
                        listener = fresh;
                        resync(pool, wakers).await;
                    }
                }
            }
        }
    }
}

async fn resync_loop(pool: &PgPool, wakers: &Wakers) {
    let mut tick = tokio::time::interval(RESYNC_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        resync(pool, wakers).await;
    }
}

/// Wake every subscribed tenant up to its committed `last_seq`.
async fn resync(pool: &PgPool, wakers: &Wakers) {
    let tenants = wakers.tenants();
    if tenants.is_empty() {
        return;
    }
    match sqlx::query("SELECT id, last_seq FROM tenants WHERE id = ANY($1)")
        .bind(&tenants)
        .fetch_all(pool)
        .await
    {
        Ok(rows) => {
            for row in rows {
                wakers.wake(row.get("id"), row.get("last_seq"));
            }
        }
        Err(e) => tracing::warn!(error = %e, "postgres resync failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_round_trips() {
        assert_eq!(parse(&payload("ab12", 42)), Some(("ab12", 42)));
        assert_eq!(parse("ab12"), None);
        assert_eq!(parse("ab12 x"), None);
        assert!(DIALECT.notify.unwrap().contains(CHANNEL));
    }

    #[test]
    fn the_shown_url_has_no_password() {
        let shown = shown("postgres://relay:s3cret@db.internal:5433/relay");
        assert_eq!(
            shown,
            PathBuf::from("postgres://relay@db.internal:5433/relay")
        );
    }
}
