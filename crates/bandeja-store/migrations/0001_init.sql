-- 0001: the whole model of the first release.
-- Timestamps are INTEGER milliseconds since the Unix epoch (UTC).
-- Enumerations are CHECKed except messages.kind, which readers must tolerate
-- (an unknown kind is shown as "unsupported", never dropped).

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE workspace (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    name       TEXT NOT NULL,
    is_demo    INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE brands (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL,
    country TEXT NOT NULL CHECK (length(country) = 2)
) STRICT;

CREATE TABLE members (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role         TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'agent')),
    availability TEXT NOT NULL DEFAULT 'offline' CHECK (availability IN ('online', 'away', 'offline')),
    capacity     INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    color        TEXT NOT NULL DEFAULT '#64748b',
    is_me        INTEGER NOT NULL DEFAULT 0 CHECK (is_me IN (0, 1)),
    last_assigned_at INTEGER
) STRICT;
CREATE UNIQUE INDEX members_one_me ON members(is_me) WHERE is_me = 1;

CREATE TABLE brand_members (
    brand_id  INTEGER NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (brand_id, member_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('whatsapp_cloud', 'twilio_whatsapp', 'email_gmail', 'email_microsoft', 'email_imap')),
    name          TEXT NOT NULL,
    address       TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'error')),
    status_reason TEXT,
    brand_id      INTEGER REFERENCES brands(id) ON DELETE SET NULL,
    reopen_policy TEXT NOT NULL DEFAULT '{"policy":"reopen_within","hours":72}',
    settings      TEXT NOT NULL DEFAULT '{}',
    -- the provider's id for this account (WhatsApp Cloud: phone-number id)
    provider_ref  TEXT,
    created_at    INTEGER NOT NULL,
    removed_at    INTEGER,
    CHECK ((status = 'error') = (status_reason IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX accounts_by_provider_ref ON accounts(kind, provider_ref) WHERE provider_ref IS NOT NULL;

CREATE TABLE account_members (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (member_id, account_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE contacts (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    custom_fields  TEXT NOT NULL DEFAULT '[]',
    salesperson_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
    created_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE contact_identities (
    kind       TEXT NOT NULL CHECK (kind IN ('wa_id', 'wa_user', 'phone', 'email')),
    value      TEXT NOT NULL,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    -- phones: E.164 without national mobile markers (domain::phone_match_key)
    match_key  TEXT NOT NULL,
    PRIMARY KEY (kind, value)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_identities_by_key ON contact_identities(match_key);
CREATE INDEX contact_identities_by_contact ON contact_identities(contact_id);

CREATE TABLE tags (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    color       TEXT NOT NULL DEFAULT '#64748b',
    deleted_at  INTEGER
) STRICT;
CREATE UNIQUE INDEX tags_live_name ON tags(name) WHERE deleted_at IS NULL;

CREATE TABLE contact_tags (
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags(id),
    PRIMARY KEY (contact_id, tag_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE conversations (
    id                INTEGER PRIMARY KEY,
    account_id        INTEGER NOT NULL REFERENCES accounts(id),
    contact_id        INTEGER NOT NULL REFERENCES contacts(id),
    brand_id          INTEGER REFERENCES brands(id) ON DELETE SET NULL,
    subject           TEXT,
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'snoozed', 'resolved')),
    priority          TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    assignee_id       INTEGER REFERENCES members(id) ON DELETE SET NULL,
    snoozed_until     INTEGER,
    resolved_at       INTEGER,
    window_expires_at INTEGER,
    last_inbound_at   INTEGER,
    last_message_at   INTEGER NOT NULL,
    last_preview      TEXT NOT NULL DEFAULT '',
    last_kind         TEXT NOT NULL DEFAULT 'text',
    last_direction    TEXT NOT NULL DEFAULT 'inbound' CHECK (last_direction IN ('inbound', 'outbound')),
    unread            INTEGER NOT NULL DEFAULT 0 CHECK (unread >= 0),
    created_at        INTEGER NOT NULL,
    -- "open" in the inbox sense (open or pending): one indexed value lets the
    -- All open / Mine / Unassigned views walk an index in list order
    is_open           INTEGER GENERATED ALWAYS AS (status IN ('open', 'pending')) VIRTUAL
) STRICT;
CREATE INDEX conversations_by_status ON conversations(status, last_message_at DESC, id DESC, account_id);
CREATE INDEX conversations_open ON conversations(is_open, last_message_at DESC, id DESC, account_id);
CREATE INDEX conversations_by_assignee ON conversations(assignee_id, is_open, last_message_at DESC, id DESC, account_id);
CREATE INDEX conversations_by_account ON conversations(account_id, status, assignee_id);
CREATE INDEX conversations_unread ON conversations(account_id) WHERE unread > 0;
CREATE INDEX conversations_by_contact ON conversations(contact_id, account_id, last_message_at DESC);

CREATE TABLE conversation_tags (
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    tag_id          INTEGER NOT NULL REFERENCES tags(id),
    PRIMARY KEY (conversation_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX conversation_tags_by_tag ON conversation_tags(tag_id, conversation_id);

-- Counters behind the sidebar (INB-4 counts, unread per account, open per
-- tag), kept by triggers so reading them never scans conversations.
CREATE TABLE conversation_counts (
    account_id INTEGER NOT NULL,
    status     TEXT NOT NULL,
    assignee   INTEGER NOT NULL, -- 0 = unassigned
    n          INTEGER NOT NULL,
    PRIMARY KEY (account_id, status, assignee)
) STRICT, WITHOUT ROWID;
CREATE TABLE account_unread (
    account_id INTEGER PRIMARY KEY,
    n          INTEGER NOT NULL
) STRICT;
CREATE TABLE tag_open_counts (
    tag_id     INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (tag_id, account_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER conversation_counts_ai AFTER INSERT ON conversations BEGIN
    INSERT INTO conversation_counts (account_id, status, assignee, n)
        VALUES (new.account_id, new.status, coalesce(new.assignee_id, 0), 1)
        ON CONFLICT (account_id, status, assignee) DO UPDATE SET n = n + 1;
    INSERT INTO account_unread (account_id, n) VALUES (new.account_id, new.unread)
        ON CONFLICT (account_id) DO UPDATE SET n = n + new.unread;
END;
CREATE TRIGGER conversation_counts_ad AFTER DELETE ON conversations BEGIN
    UPDATE conversation_counts SET n = n - 1
        WHERE account_id = old.account_id AND status = old.status AND assignee = coalesce(old.assignee_id, 0);
    UPDATE account_unread SET n = n - old.unread WHERE account_id = old.account_id;
END;
-- BEFORE: the cascade removes the conversation's tags before AFTER triggers run
CREATE TRIGGER tag_open_counts_bd BEFORE DELETE ON conversations BEGIN
    UPDATE tag_open_counts SET n = n - 1
        WHERE old.status IN ('open', 'pending') AND account_id = old.account_id
          AND tag_id IN (SELECT tag_id FROM conversation_tags WHERE conversation_id = old.id);
END;
CREATE TRIGGER conversation_counts_au AFTER UPDATE OF status, assignee_id, account_id ON conversations
WHEN old.status IS NOT new.status OR old.assignee_id IS NOT new.assignee_id OR old.account_id IS NOT new.account_id
BEGIN
    UPDATE conversation_counts SET n = n - 1
        WHERE account_id = old.account_id AND status = old.status AND assignee = coalesce(old.assignee_id, 0);
    INSERT INTO conversation_counts (account_id, status, assignee, n)
        VALUES (new.account_id, new.status, coalesce(new.assignee_id, 0), 1)
        ON CONFLICT (account_id, status, assignee) DO UPDATE SET n = n + 1;
    UPDATE tag_open_counts SET n = n - 1
        WHERE old.status IN ('open', 'pending') AND account_id = old.account_id
          AND tag_id IN (SELECT tag_id FROM conversation_tags WHERE conversation_id = new.id);
    INSERT INTO tag_open_counts (tag_id, account_id, n)
        SELECT tag_id, new.account_id, 1 FROM conversation_tags
        WHERE conversation_id = new.id AND new.status IN ('open', 'pending')
        ON CONFLICT (tag_id, account_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER account_unread_au AFTER UPDATE OF unread, account_id ON conversations
WHEN old.unread IS NOT new.unread OR old.account_id IS NOT new.account_id
BEGIN
    UPDATE account_unread SET n = n - old.unread WHERE account_id = old.account_id;
    INSERT INTO account_unread (account_id, n) VALUES (new.account_id, new.unread)
        ON CONFLICT (account_id) DO UPDATE SET n = n + new.unread;
END;

CREATE TRIGGER tag_open_counts_ai AFTER INSERT ON conversation_tags BEGIN
    INSERT INTO tag_open_counts (tag_id, account_id, n)
        SELECT new.tag_id, account_id, 1 FROM conversations
        WHERE id = new.conversation_id AND status IN ('open', 'pending')
        ON CONFLICT (tag_id, account_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tag_open_counts_ad AFTER DELETE ON conversation_tags BEGIN
    UPDATE tag_open_counts SET n = n - 1
        WHERE tag_id = old.tag_id
          AND account_id = (SELECT account_id FROM conversations WHERE id = old.conversation_id AND status IN ('open', 'pending'));
END;

-- who tagged what, kept when a tag is deleted (TAG-3)
CREATE TABLE tag_history (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    tag_id          INTEGER NOT NULL REFERENCES tags(id),
    action          TEXT NOT NULL CHECK (action IN ('added', 'removed')),
    member_id       INTEGER REFERENCES members(id) ON DELETE SET NULL,
    at              INTEGER NOT NULL
) STRICT;
CREATE INDEX tag_history_by_conversation ON tag_history(conversation_id, at);

CREATE TABLE messages (
    id                   INTEGER PRIMARY KEY,
    conversation_id      INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    account_id           INTEGER NOT NULL REFERENCES accounts(id),
    direction            TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    kind                 TEXT NOT NULL,
    body                 TEXT NOT NULL DEFAULT '',
    content              TEXT NOT NULL,
    provider_id          TEXT,
    author_member_id     INTEGER REFERENCES members(id) ON DELETE SET NULL,
    sender               TEXT NOT NULL DEFAULT '',
    delivery             TEXT,
    reply_to_provider_id TEXT,
    forwarded            INTEGER NOT NULL DEFAULT 0 CHECK (forwarded IN (0, 1)),
    created_at           INTEGER NOT NULL,
    UNIQUE (account_id, provider_id)
) STRICT;
CREATE INDEX messages_by_conversation ON messages(conversation_id, created_at DESC, id DESC);

CREATE TABLE reactions (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    -- 0 = the contact; otherwise the member's id
    reactor    INTEGER NOT NULL,
    emoji      TEXT NOT NULL,
    at         INTEGER NOT NULL,
    PRIMARY KEY (message_id, reactor)
) STRICT, WITHOUT ROWID;

-- statuses that arrived before their message (applied when it arrives)
CREATE TABLE parked_statuses (
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    provider_id TEXT NOT NULL,
    delivery    TEXT NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (account_id, provider_id, delivery)
) STRICT, WITHOUT ROWID;

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    message_id      INTEGER NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
    account_id      INTEGER NOT NULL REFERENCES accounts(id),
    payload         TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'done', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);

-- per-account sync bookkeeping (IMAP UIDVALIDITY/UIDNEXT/MODSEQ per mailbox, …)
CREATE TABLE sync_state (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    scope      TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, scope)
) STRICT, WITHOUT ROWID;

CREATE TABLE relay_cursor (
    relay_url  TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL,
    acked_seq  INTEGER NOT NULL DEFAULT 0 CHECK (acked_seq >= 0),
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE templates (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    content       TEXT NOT NULL,
    template_type TEXT NOT NULL CHECK (template_type IN ('start', 'reply', 'window')),
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE template_tags (
    template_id INTEGER NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
    tag_id      INTEGER NOT NULL REFERENCES tags(id),
    PRIMARY KEY (template_id, tag_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE business_hours (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    timezone   TEXT NOT NULL,
    intervals  TEXT NOT NULL DEFAULT '[]',
    holidays   TEXT NOT NULL DEFAULT '[]'
) STRICT;

-- assignment and auto-reply rules, ordered; params are JSON owned by the domain
CREATE TABLE rules (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('assignment', 'auto_reply', 'window_reminder', 'auto_close', 'sla')),
    position   INTEGER NOT NULL,
    enabled    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    params     TEXT NOT NULL DEFAULT '{}'
) STRICT;

-- full-text search (external content; triggers keep it exact). Message
-- bodies use detail=none: queries are ANDs of single words (src/fts.rs), so
-- positions would only make the index bigger and ingest slower; snippets
-- re-tokenize the matched rows instead.
CREATE VIRTUAL TABLE messages_fts USING fts5(
    body, content = 'messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2',
    detail = none
);
CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER messages_fts_au AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
END;

CREATE VIRTUAL TABLE contacts_fts USING fts5(
    name, content = 'contacts', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER contacts_fts_ai AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts(rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER contacts_fts_ad AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_fts(contacts_fts, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER contacts_fts_au AFTER UPDATE OF name ON contacts BEGIN
    INSERT INTO contacts_fts(contacts_fts, rowid, name) VALUES ('delete', old.id, old.name);
    INSERT INTO contacts_fts(rowid, name) VALUES (new.id, new.name);
END;

CREATE VIRTUAL TABLE conversations_fts USING fts5(
    subject, content = 'conversations', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER conversations_fts_ai AFTER INSERT ON conversations BEGIN
    INSERT INTO conversations_fts(rowid, subject) VALUES (new.id, coalesce(new.subject, ''));
END;
CREATE TRIGGER conversations_fts_ad AFTER DELETE ON conversations BEGIN
    INSERT INTO conversations_fts(conversations_fts, rowid, subject) VALUES ('delete', old.id, coalesce(old.subject, ''));
END;
CREATE TRIGGER conversations_fts_au AFTER UPDATE OF subject ON conversations BEGIN
    INSERT INTO conversations_fts(conversations_fts, rowid, subject) VALUES ('delete', old.id, coalesce(old.subject, ''));
    INSERT INTO conversations_fts(rowid, subject) VALUES (new.id, coalesce(new.subject, ''));
END;
