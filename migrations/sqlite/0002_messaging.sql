-- The messaging module: messages, one copy per recipient (the inboxes), notification
-- settings, the forwarding outbox, the schools' free days, and full-text search.
--
-- One schema, two dialects: migrations/postgres holds the same tables and columns.
-- The conventions of 0001_accounts.sql hold: ids are 16-byte BLOBs (v7, so they sort by
-- time and serve keyset paging), times are UTC RFC 3339 TEXT as sqlx writes chrono's
-- DateTime<Utc>, dates 'YYYY-MM-DD' TEXT, secrets SHA-256 hashes (BLOB), booleans 0/1.
-- Every table carries school_id; every index that serves a query starts with it;
-- references between tenant tables include school_id.
-- Never edit this file once applied: add a new migration instead.

-- A message, once, however many recipients.
CREATE TABLE messages (
    school_id       BLOB    NOT NULL REFERENCES schools (id),
    id              BLOB    NOT NULL PRIMARY KEY,
    -- The key of the message's row in messages_fts. The implicit rowid of a table without
    -- an INTEGER PRIMARY KEY may change on VACUUM, so the full-text index refers to this
    -- column instead; the delivering transaction gives it max + 1.
    search_rowid    INTEGER NOT NULL UNIQUE,
    -- No reference to accounts: the sender may be erased; erasing nulls both columns.
    sender_id       BLOB,
    sender_name     TEXT,
    kind            TEXT    NOT NULL CHECK (kind IN ('normal', 'system')),
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    -- No reference: the message answered is looked up, never joined.
    in_reply_to     BLOB,
    reply_requested INTEGER NOT NULL CHECK (reply_requested IN (0, 1)),
    action_deadline TEXT,
    urgent          INTEGER NOT NULL CHECK (urgent IN (0, 1)),
    -- What every recipient may see of the addressing, decided at send time (JSON):
    -- {"named": [["<account uuid>", "<name>"], …], "groups": [<GroupLabel>, …]}
    visibility      TEXT    NOT NULL CHECK (json_valid(visibility)),
    sent_at         TEXT    NOT NULL,
    UNIQUE (school_id, id)
) STRICT;

-- The sent folder (newest first) and erasing a sender.
CREATE INDEX messages_school_sender ON messages (school_id, sender_id, id);

-- One recipient's copy of a message: its inbox row.
CREATE TABLE message_copies (
    school_id      BLOB NOT NULL,
    message_id     BLOB NOT NULL,
    recipient_id   BLOB NOT NULL,
    -- the recipient's name at send time (the sender's read receipts)
    recipient_name TEXT NOT NULL,
    -- NULL when named one by one; else the GroupLabel (JSON) of the blind copy
    via            TEXT CHECK (via IS NULL OR json_valid(via)),
    read_at        TEXT,
    replied_at     TEXT,
    reply_due_at   TEXT,
    trashed_at     TEXT,
    misdirected_at TEXT,
    PRIMARY KEY (recipient_id, message_id),
    FOREIGN KEY (school_id, message_id) REFERENCES messages (school_id, id) ON DELETE CASCADE,
    FOREIGN KEY (school_id, recipient_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE
) STRICT;

-- Inbox, trash and awaiting-reply listings: keyset on message_id, newest first.
CREATE INDEX message_copies_inbox ON message_copies (school_id, recipient_id, message_id DESC);
-- Read receipts and counts of one message (and the cascade from messages).
CREATE INDEX message_copies_message ON message_copies (school_id, message_id);
-- The unread count of an inbox: only unread copies outside the trash are in it (its two
-- always-NULL columns let the count read the index alone).
CREATE INDEX message_copies_unread ON message_copies (school_id, recipient_id, read_at, trashed_at)
    WHERE read_at IS NULL AND trashed_at IS NULL;

-- Notification settings; an account without a row has the defaults.
CREATE TABLE notification_settings (
    school_id               BLOB    NOT NULL,
    account_id              BLOB    NOT NULL PRIMARY KEY,
    forward_email           TEXT,
    forward_email_confirmed INTEGER NOT NULL CHECK (forward_email_confirmed IN (0, 1)),
    forward_messages        INTEGER NOT NULL CHECK (forward_messages IN (0, 1)),
    notify_news             INTEGER NOT NULL CHECK (notify_news IN (0, 1)),
    push                    INTEGER NOT NULL CHECK (push IN (0, 1)),
    -- the pending confirmation of a new forward address: SHA-256 of its token, expiry
    confirm_token_hash      BLOB    CHECK (length(confirm_token_hash) = 32),
    confirm_expires_at      TEXT,
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CHECK ((confirm_token_hash IS NULL) = (confirm_expires_at IS NULL))
) STRICT;

-- One mail to forward, written in the transaction that delivers the message.
CREATE TABLE outbox (
    school_id       BLOB    NOT NULL,
    id              BLOB    NOT NULL PRIMARY KEY,
    message_id      BLOB    NOT NULL,
    recipient_id    BLOB    NOT NULL,
    to_address      TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('waiting', 'sent', 'failed')),
    attempts        INTEGER NOT NULL CHECK (attempts >= 0),
    last_error      TEXT,
    next_attempt_at TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    FOREIGN KEY (school_id, message_id) REFERENCES messages (school_id, id) ON DELETE CASCADE,
    FOREIGN KEY (school_id, recipient_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE
) STRICT;

-- The admin's mail queue, by status, newest first.
CREATE INDEX outbox_school_status ON outbox (school_id, status, id DESC);
-- The forwarding worker: rows due, across schools.
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
-- Erasing a recipient, and the cascades from messages and accounts.
CREATE INDEX outbox_school_recipient ON outbox (school_id, recipient_id);
CREATE INDEX outbox_school_message ON outbox (school_id, message_id);

-- The free days a school's admins enter (dates inclusive).
CREATE TABLE free_days (
    school_id BLOB NOT NULL REFERENCES schools (id),
    from_date TEXT NOT NULL,
    to_date   TEXT NOT NULL,
    name      TEXT NOT NULL,
    CHECK (from_date <= to_date)
) STRICT;

CREATE INDEX free_days_school ON free_days (school_id, from_date);

-- Full-text search on subject and body: an external-content FTS5 table over messages
-- (the text is stored once, in messages), keyed by messages.search_rowid. 'Zwembad'
-- finds 'zwembad', 'ecole' finds 'école'. Triggers keep it in step with messages, in the
-- same transaction as the write: a message is indexed when it is inserted, re-indexed if
-- its text ever changed (messages are never edited), and taken out when it is deleted.
-- Rebuild with: INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    subject,
    body,
    content = 'messages',
    content_rowid = 'search_rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, subject, body)
    VALUES (new.search_rowid, new.subject, new.body);
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, subject, body)
    VALUES ('delete', old.search_rowid, old.subject, old.body);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF search_rowid, subject, body ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, subject, body)
    VALUES ('delete', old.search_rowid, old.subject, old.body);
    INSERT INTO messages_fts (rowid, subject, body)
    VALUES (new.search_rowid, new.subject, new.body);
END;
