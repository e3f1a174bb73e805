-- Relay envelopes this desktop could not ingest (bad signature, not a
-- WhatsApp webhook, a provider it does not read yet, corrupt frame). They are
-- acknowledged so they do not block the relay's log, and kept here, raw, so
-- that nothing the relay delivered is ever thrown away.
CREATE TABLE relay_parked (
    relay_url   TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    event_id    TEXT NOT NULL,
    source      TEXT NOT NULL,
    reason      TEXT NOT NULL,
    headers     TEXT NOT NULL,
    body        BLOB,
    received_at INTEGER NOT NULL,
    parked_at   INTEGER NOT NULL,
    PRIMARY KEY (relay_url, seq)
) STRICT;
