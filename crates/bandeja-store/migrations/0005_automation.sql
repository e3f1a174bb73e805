-- 0005: team rules and automation (issue 6).

-- messages the app sent on its own (auto-replies, reminders): they do not
-- count as an answer for response times
ALTER TABLE messages ADD COLUMN automated INTEGER NOT NULL DEFAULT 0 CHECK (automated IN (0, 1));

-- the first customer message nobody has answered yet (NULL = nobody waits)
ALTER TABLE conversations ADD COLUMN awaiting_since INTEGER;
ALTER TABLE conversations ADD COLUMN first_response_at INTEGER;
-- the SLA deadline of the current wait (planned by the scheduler) and when it passed
ALTER TABLE conversations ADD COLUMN sla_due_at INTEGER;
ALTER TABLE conversations ADD COLUMN sla_breached_at INTEGER;
-- the window (its closing instant) a reminder was sent or skipped for
ALTER TABLE conversations ADD COLUMN reminded_for INTEGER;

CREATE INDEX conversations_awaiting ON conversations(sla_due_at) WHERE awaiting_since IS NOT NULL;
CREATE INDEX conversations_windows ON conversations(window_expires_at) WHERE status IN ('open', 'pending');
CREATE INDEX conversations_snoozed ON conversations(snoozed_until) WHERE status = 'snoozed';

-- one automatic answer per contact per period (AUTO-3)
CREATE TABLE auto_reply_log (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    trigger    TEXT NOT NULL CHECK (trigger IN ('outside_hours', 'first_contact', 'always')),
    message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    at         INTEGER NOT NULL
) STRICT;
CREATE INDEX auto_reply_log_by_contact ON auto_reply_log(account_id, contact_id, at);

-- who was given each conversation, by a rule or by a member (INB-6, AUTO-7, reports)
CREATE TABLE assignment_log (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    member_id       INTEGER REFERENCES members(id) ON DELETE SET NULL,
    -- the member who assigned it by hand; NULL for a rule
    by_member       INTEGER REFERENCES members(id) ON DELETE SET NULL,
    rule            TEXT,
    at              INTEGER NOT NULL
) STRICT;
CREATE INDEX assignment_log_by_conversation ON assignment_log(conversation_id, at);

-- saved filters of the inbox (INB-5), per member
CREATE TABLE saved_views (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    filter    TEXT NOT NULL,
    position  INTEGER NOT NULL
) STRICT;
