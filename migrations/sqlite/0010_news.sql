-- News (nieuwsberichten): what staff publish to the whole school, a group or a role,
-- shown from published_at until until_at; the audience in a child table; each reader's
-- read state.
--
-- One schema, two dialects: migrations/postgres/0011_news.sql has the same tables and
-- columns. The conventions of 0001_accounts.sql hold (ids 16-byte BLOBs, times UTC RFC
-- 3339 TEXT as sqlx writes chrono's DateTime<Utc>, which sorts like the times; booleans
-- 0/1). school_id comes first in every key and index. (sqlite 0009 is the calendar's.)
-- Never edit this file once applied: add a new migration instead.

-- A news item. No reference to accounts for the author: an erased author's items stay,
-- with author_id and author_name NULL.
CREATE TABLE news (
    school_id    BLOB    NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
    id           BLOB    NOT NULL,
    author_id    BLOB,
    author_name  TEXT,
    title        TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    published_at TEXT    NOT NULL,
    until_at     TEXT,
    pinned       INTEGER NOT NULL CHECK (pinned IN (0, 1)),
    updated_at   TEXT    NOT NULL,
    PRIMARY KEY (school_id, id),
    CHECK (until_at IS NULL OR until_at > published_at)
) STRICT, WITHOUT ROWID;

-- The lists: a school's items, pinned first, newest first (the start page and /news walk
-- it in order; a school keeps a few hundred items).
CREATE INDEX news_school_order ON news (school_id, pinned DESC, published_at DESC, id DESC);
-- An author's own items, and erasing an author.
CREATE INDEX news_school_author ON news (school_id, author_id);

-- Whom an item reaches: the whole school ('school'), a group, or every account with a
-- role; one row per entry.
CREATE TABLE news_audience (
    school_id BLOB NOT NULL,
    news_id   BLOB NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('school', 'group', 'role')),
    -- The group's id, the role's name, or '' for the school.
    target    TEXT NOT NULL,
    group_id  BLOB,
    PRIMARY KEY (school_id, news_id, kind, target),
    CHECK ((kind = 'group') = (group_id IS NOT NULL)),
    CHECK (kind <> 'role' OR target IN ('pupil', 'teacher', 'counsellor', 'admin')),
    FOREIGN KEY (school_id, news_id) REFERENCES news (school_id, id) ON DELETE CASCADE,
    FOREIGN KEY (school_id, group_id) REFERENCES groups (school_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- The cascade when a group is deleted.
CREATE INDEX news_audience_school_group ON news_audience (school_id, group_id)
    WHERE group_id IS NOT NULL;

-- When an account opened an item. Goes with the account and with the item.
CREATE TABLE news_reads (
    school_id  BLOB NOT NULL,
    account_id BLOB NOT NULL,
    news_id    BLOB NOT NULL,
    read_at    TEXT NOT NULL,
    PRIMARY KEY (school_id, account_id, news_id),
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    FOREIGN KEY (school_id, news_id) REFERENCES news (school_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- The cascade when an item is withdrawn.
CREATE INDEX news_reads_school_news ON news_reads (school_id, news_id);

-- The outbox tells of news too: a row forwards either a message (message_id) or a news
-- item (news_id), never both, and goes with either. SQLite cannot change a column in
-- place: the table is made again (as in 0004_school_keys.sql; no table refers to it),
-- every row kept.
CREATE TABLE outbox_new (
    school_id       BLOB    NOT NULL,
    id              BLOB    NOT NULL,
    message_id      BLOB,
    news_id         BLOB,
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
    CHECK ((message_id IS NULL) <> (news_id IS NULL)),
    FOREIGN KEY (school_id, message_id) REFERENCES messages (school_id, id) ON DELETE CASCADE,
    FOREIGN KEY (school_id, news_id) REFERENCES news (school_id, id) ON DELETE CASCADE,
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
CREATE INDEX outbox_claim ON outbox (next_attempt_at, id) WHERE status = 'waiting';
CREATE INDEX outbox_school_recipient ON outbox (school_id, recipient_id);
CREATE INDEX outbox_school_message ON outbox (school_id, message_id);
-- The cascade when a news item is withdrawn.
CREATE INDEX outbox_school_news ON outbox (school_id, news_id) WHERE news_id IS NOT NULL;
