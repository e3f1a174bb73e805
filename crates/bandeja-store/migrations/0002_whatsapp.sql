-- WhatsApp Cloud API: media files, Meta's message templates, account settings.

-- A message's attachment: announced by the provider (downloaded in the
-- background into the data dir) or attached by a member (uploaded when sent).
CREATE TABLE media (
    message_id      INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- the provider's media id (WhatsApp: valid for 30 days after upload)
    provider_ref    TEXT,
    mime            TEXT NOT NULL,
    sha256          TEXT,
    -- path relative to the data dir's `media/` folder, once the file is here
    file            TEXT,
    size            INTEGER,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'ready', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    error           TEXT,
    CHECK ((state = 'ready') = (file IS NOT NULL))
) STRICT;
CREATE INDEX media_due ON media(next_attempt_at) WHERE state = 'pending';

-- Meta's message templates of an account's WhatsApp Business Account, as
-- last synced (or as submitted and then updated by status webhooks).
CREATE TABLE wa_templates (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    provider_id TEXT,
    name        TEXT NOT NULL,
    language    TEXT NOT NULL,
    category    TEXT NOT NULL,
    status      TEXT NOT NULL,
    reason      TEXT,
    quality     TEXT,
    -- Meta's `components` array (JSON), kept whole
    components  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (account_id, name, language)
) STRICT;
