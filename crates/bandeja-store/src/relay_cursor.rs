//! Where the desktop stands in a relay's event log: the highest seq it has
//! ingested and acknowledged, per relay URL and device.
//!
//! The cursor only moves forward. A late or repeated ack (a reconnect that
//! replays frames already stored) must never rewind it, or the relay would be
//! told to resend — and worse, to keep — events already applied here.
//! Enrolling a new device for the same URL starts over at 0, because seqs are
//! per tenant and a new enrollment may belong to a different tenant.

use chrono::{DateTime, Utc};

use crate::time::{from_millis, to_millis};
use crate::{Result, Store};

/// The stored cursor for one relay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayCursor {
    pub relay_url: String,
    pub device_id: String,
    pub acked_seq: i64,
    pub updated_at: DateTime<Utc>,
}

impl Store {
    /// Remember the device enrolled at `relay_url`. Keeps the cursor when the
    /// device is the same one, resets it to 0 when it changes.
    pub async fn set_relay_device(
        &self,
        relay_url: &str,
        device_id: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO relay_cursor (relay_url, device_id, acked_seq, updated_at) VALUES (?, ?, 0, ?)
             ON CONFLICT (relay_url) DO UPDATE SET
               acked_seq = CASE WHEN device_id = excluded.device_id THEN acked_seq ELSE 0 END,
               device_id = excluded.device_id,
               updated_at = excluded.updated_at",
        )
        .bind(relay_url)
        .bind(device_id)
        .bind(to_millis(now))
        .execute(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Move the cursor of `relay_url`/`device_id` to `seq` if that is ahead of
    /// it; returns the cursor after the call (unchanged when `seq` is behind).
    /// Returns `None` when that relay/device pair is not enrolled.
    pub async fn advance_relay_cursor(
        &self,
        relay_url: &str,
        device_id: &str,
        seq: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>> {
        let row: Option<(i64,)> = sqlx::query_as(
            "UPDATE relay_cursor
                SET acked_seq = MAX(acked_seq, ?),
                    updated_at = CASE WHEN ? > acked_seq THEN ? ELSE updated_at END
              WHERE relay_url = ? AND device_id = ?
             RETURNING acked_seq",
        )
        .bind(seq.max(0))
        .bind(seq)
        .bind(to_millis(now))
        .bind(relay_url)
        .bind(device_id)
        .fetch_optional(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        Ok(row.map(|r| r.0))
    }

    /// The cursor stored for `relay_url`, if a device is enrolled there.
    pub async fn relay_cursor(&self, relay_url: &str) -> Result<Option<RelayCursor>> {
        let row: Option<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT relay_url, device_id, acked_seq, updated_at FROM relay_cursor WHERE relay_url = ?",
        )
        .bind(relay_url)
        .fetch_optional(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        Ok(
            row.map(|(relay_url, device_id, acked_seq, at)| RelayCursor {
                relay_url,
                device_id,
                acked_seq,
                updated_at: from_millis(at),
            }),
        )
    }

    /// Every enrolled relay (normally zero or one).
    pub async fn relay_cursors(&self) -> Result<Vec<RelayCursor>> {
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT relay_url, device_id, acked_seq, updated_at FROM relay_cursor ORDER BY relay_url",
        )
        .fetch_all(&self.writer)
        .await
        .map_err(|e| self.err(e))?;
        Ok(rows
            .into_iter()
            .map(|(relay_url, device_id, acked_seq, at)| RelayCursor {
                relay_url,
                device_id,
                acked_seq,
                updated_at: from_millis(at),
            })
            .collect())
    }

    /// Keep an envelope that can never be ingested and move the cursor past
    /// it, in one transaction: acked on the relay, never lost here.
    pub async fn park_relay_envelope(
        &self,
        relay_url: &str,
        device_id: &str,
        parked: &ParkedEnvelope<'_>,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>> {
        let mut tx = self.writer.begin().await.map_err(|e| self.err(e))?;
        sqlx::query(
            "INSERT OR IGNORE INTO relay_parked
               (relay_url, seq, event_id, source, reason, headers, body, received_at, parked_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(relay_url)
        .bind(parked.seq)
        .bind(parked.event_id)
        .bind(parked.source)
        .bind(parked.reason)
        .bind(parked.headers_json)
        .bind(parked.body)
        .bind(parked.received_at)
        .bind(to_millis(now))
        .execute(&mut *tx)
        .await
        .map_err(|e| self.err(e))?;
        let row: Option<(i64,)> = sqlx::query_as(
            "UPDATE relay_cursor
                SET acked_seq = MAX(acked_seq, ?), updated_at = ?
              WHERE relay_url = ? AND device_id = ?
             RETURNING acked_seq",
        )
        .bind(parked.seq.max(0))
        .bind(to_millis(now))
        .bind(relay_url)
        .bind(device_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| self.err(e))?;
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(row.map(|r| r.0))
    }

    /// How many envelopes from `relay_url` were kept aside.
    pub async fn relay_parked_count(&self, relay_url: &str) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM relay_parked WHERE relay_url = ?")
            .bind(relay_url)
            .fetch_one(&self.writer)
            .await
            .map_err(|e| self.err(e))?;
        Ok(n)
    }
}

/// A relay envelope kept aside by [`Store::park_relay_envelope`].
#[derive(Debug, Clone, Copy)]
pub struct ParkedEnvelope<'a> {
    pub seq: i64,
    pub event_id: &'a str,
    /// `meta`, `twilio`, …
    pub source: &'a str,
    /// Why it could not be ingested, for whoever looks later.
    pub reason: &'a str,
    /// The kept headers as a JSON object.
    pub headers_json: &'a str,
    /// The raw body; `None` when the frame's base64 was corrupt.
    pub body: Option<&'a [u8]>,
    /// Milliseconds since the epoch, on the relay's clock.
    pub received_at: i64,
}
