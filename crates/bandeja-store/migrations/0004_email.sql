-- 0004: email accounts. The message itself is a `messages` row (kind
-- 'email', provider_id = the Message-ID) whose content holds the headers
-- worth showing and the text; the raw RFC 5322 bytes are kept in a file so
-- nothing is lost (HTML and attachments are read from it on demand).

CREATE TABLE email_messages (
    message_id  INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- the raw message, relative to the data dir's `mail/` folder
    raw_file    TEXT NOT NULL,
    -- lower-cased From address (remote images are allowed per sender)
    sender      TEXT NOT NULL,
    -- JSON arrays, for answering: References, Reply-To, To, Cc addresses
    refs        TEXT NOT NULL DEFAULT '[]',
    reply_to    TEXT NOT NULL DEFAULT '[]',
    to_addrs    TEXT NOT NULL DEFAULT '[]',
    cc_addrs    TEXT NOT NULL DEFAULT '[]',
    seen        INTEGER NOT NULL DEFAULT 0 CHECK (seen IN (0, 1)),
    answered    INTEGER NOT NULL DEFAULT 0 CHECK (answered IN (0, 1))
) STRICT;

-- where a message sits on the server (one message can be in INBOX and Sent)
CREATE TABLE email_locations (
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    mailbox      TEXT NOT NULL,
    uid_validity INTEGER NOT NULL,
    uid          INTEGER NOT NULL,
    message_id   INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, mailbox, uid_validity, uid)
) STRICT, WITHOUT ROWID;
CREATE INDEX email_locations_by_message ON email_locations(message_id);

-- every Message-ID a conversation's mail carried or referred to: a reply
-- finds its conversation through any ancestor, even one never received
CREATE TABLE email_thread_refs (
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    ref_id          TEXT NOT NULL,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, ref_id)
) STRICT, WITHOUT ROWID;

-- senders whose remote images a member chose to load
CREATE TABLE remote_image_senders (
    sender     TEXT PRIMARY KEY COLLATE NOCASE,
    allowed_at INTEGER NOT NULL
) STRICT;
