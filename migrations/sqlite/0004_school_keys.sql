-- The keys of migrations/postgres/0005_school_keys.sql, where SQLite can make them: the
-- key of every table that no other table refers to starts with school_id, as on
-- PostgreSQL, so that both dialects look rows up the same way (a session by school and
-- token hash, a code or settings by school and account…).
--
-- SQLite cannot change a table's key in place: each table is made again under a new
-- name, its rows copied, the old table dropped and the new one renamed, with its indexes,
-- all in this migration's transaction. Every row stays. Only tables no foreign key points
-- at are made again: dropping a table that others refer to (accounts, groups, messages)
-- would delete their rows by cascade unless foreign keys were off, and they cannot be
-- switched off inside a transaction. Those three keep `id` as their primary key next to
-- their UNIQUE (school_id, id), which every reference uses; SQLite serves one
-- installation and is never distributed, so nothing depends on the difference.
--
-- The conventions of 0001_accounts.sql hold. Never edit this file once applied: add a
-- new migration instead.

-- sessions: found by (school, token hash); the school comes from the token itself.
CREATE TABLE sessions_new (
    token_hash   BLOB NOT NULL CHECK (length(token_hash) = 32),
    school_id    BLOB NOT NULL,
    account_id   BLOB NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    PRIMARY KEY (school_id, token_hash),
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
INSERT INTO sessions_new (token_hash, school_id, account_id, created_at, last_seen_at)
    SELECT token_hash, school_id, account_id, created_at, last_seen_at FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_school_account ON sessions (school_id, account_id);
-- Tokens issued before this migration do not name their school: they are found by hash
-- alone until they expire. A later migration drops this index with that fallback.
CREATE INDEX sessions_token_hash ON sessions (token_hash);

-- reset_codes: at most one code per account of a school.
CREATE TABLE reset_codes_new (
    school_id  BLOB NOT NULL,
    account_id BLOB NOT NULL,
    code_hash  BLOB NOT NULL CHECK (length(code_hash) = 32),
    issued_at  TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (school_id, account_id),
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO reset_codes_new (school_id, account_id, code_hash, issued_at, expires_at)
    SELECT school_id, account_id, code_hash, issued_at, expires_at FROM reset_codes;
DROP TABLE reset_codes;
ALTER TABLE reset_codes_new RENAME TO reset_codes;

-- group_members: the key serves members(school, group), in place of the index that did.
CREATE TABLE group_members_new (
    school_id  BLOB NOT NULL,
    group_id   BLOB NOT NULL,
    account_id BLOB NOT NULL,
    PRIMARY KEY (school_id, group_id, account_id),
    FOREIGN KEY (school_id, group_id) REFERENCES groups (school_id, id) ON DELETE CASCADE,
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
INSERT INTO group_members_new (school_id, group_id, account_id)
    SELECT school_id, group_id, account_id FROM group_members;
DROP TABLE group_members;
ALTER TABLE group_members_new RENAME TO group_members;
CREATE INDEX group_members_school_account ON group_members (school_id, account_id);

-- audit_events: the key serves events(school), newest first, in place of the index that
-- did.
CREATE TABLE audit_events_new (
    school_id  BLOB NOT NULL REFERENCES schools (id),
    id         BLOB NOT NULL,
    kind       TEXT NOT NULL,
    account_id BLOB,
    actor_id   BLOB,
    username   TEXT,
    client     TEXT,
    at         TEXT NOT NULL,
    PRIMARY KEY (school_id, id)
) STRICT;
INSERT INTO audit_events_new (school_id, id, kind, account_id, actor_id, username, client, at)
    SELECT school_id, id, kind, account_id, actor_id, username, client, at FROM audit_events;
DROP TABLE audit_events;
ALTER TABLE audit_events_new RENAME TO audit_events;
CREATE INDEX audit_events_school_account ON audit_events (school_id, account_id, id);

-- message_copies: the inbox index, which starts with school_id, is also the key that
-- refuses a recipient twice in one message (the primary key (recipient_id, message_id)
-- goes).
CREATE TABLE message_copies_new (
    school_id      BLOB NOT NULL,
    message_id     BLOB NOT NULL,
    recipient_id   BLOB NOT NULL,
    recipient_name TEXT NOT NULL,
    via            TEXT CHECK (via IS NULL OR json_valid(via)),
    read_at        TEXT,
    replied_at     TEXT,
    reply_due_at   TEXT,
    trashed_at     TEXT,
    misdirected_at TEXT,
    FOREIGN KEY (school_id, message_id) REFERENCES messages (school_id, id) ON DELETE CASCADE,
    FOREIGN KEY (school_id, recipient_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO message_copies_new (school_id, message_id, recipient_id, recipient_name, via,
                                read_at, replied_at, reply_due_at, trashed_at, misdirected_at)
    SELECT school_id, message_id, recipient_id, recipient_name, via,
           read_at, replied_at, reply_due_at, trashed_at, misdirected_at
    FROM message_copies;
DROP TABLE message_copies;
ALTER TABLE message_copies_new RENAME TO message_copies;
CREATE UNIQUE INDEX message_copies_inbox
    ON message_copies (school_id, recipient_id, message_id DESC);
CREATE INDEX message_copies_message ON message_copies (school_id, message_id);
CREATE INDEX message_copies_unread ON message_copies (school_id, recipient_id, read_at, trashed_at)
    WHERE read_at IS NULL AND trashed_at IS NULL;

-- notification_settings: one row per account of a school.
CREATE TABLE notification_settings_new (
    school_id               BLOB    NOT NULL,
    account_id              BLOB    NOT NULL,
    forward_email           TEXT,
    forward_email_confirmed INTEGER NOT NULL CHECK (forward_email_confirmed IN (0, 1)),
    forward_messages        INTEGER NOT NULL CHECK (forward_messages IN (0, 1)),
    notify_news             INTEGER NOT NULL CHECK (notify_news IN (0, 1)),
    push                    INTEGER NOT NULL CHECK (push IN (0, 1)),
    confirm_token_hash      BLOB    CHECK (length(confirm_token_hash) = 32),
    confirm_expires_at      TEXT,
    PRIMARY KEY (school_id, account_id),
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CHECK ((confirm_token_hash IS NULL) = (confirm_expires_at IS NULL))
) STRICT;
INSERT INTO notification_settings_new (school_id, account_id, forward_email,
        forward_email_confirmed, forward_messages, notify_news, push, confirm_token_hash,
        confirm_expires_at)
    SELECT school_id, account_id, forward_email, forward_email_confirmed, forward_messages,
           notify_news, push, confirm_token_hash, confirm_expires_at
    FROM notification_settings;
DROP TABLE notification_settings;
ALTER TABLE notification_settings_new RENAME TO notification_settings;

-- outbox: every outcome finds its row by (school, id).
CREATE TABLE outbox_new (
    school_id       BLOB    NOT NULL,
    id              BLOB    NOT NULL,
    message_id      BLOB    NOT NULL,
    recipient_id    BLOB    NOT NULL,
    to_address      TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('waiting', 'sent', 'failed')),
    attempts        INTEGER NOT NULL CHECK (attempts >= 0),
    last_error      TEXT,
    next_attempt_at TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    leased_until    TEXT,
    PRIMARY KEY (school_id, id),
    FOREIGN KEY (school_id, message_id) REFERENCES messages (school_id, id) ON DELETE CASCADE,
    FOREIGN KEY (school_id, recipient_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO outbox_new (school_id, id, message_id, recipient_id, to_address, subject, status,
                        attempts, last_error, next_attempt_at, created_at, leased_until)
    SELECT school_id, id, message_id, recipient_id, to_address, subject, status,
           attempts, last_error, next_attempt_at, created_at, leased_until
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_school_status ON outbox (school_id, status, id DESC);
-- The worker's queue across schools (SQLite claims in one write transaction: one
-- installation, no row locks to bind to a school).
CREATE INDEX outbox_claim ON outbox (next_attempt_at, id) WHERE status = 'waiting';
CREATE INDEX outbox_school_recipient ON outbox (school_id, recipient_id);
CREATE INDEX outbox_school_message ON outbox (school_id, message_id);
