-- The accounts module: schools, main accounts and co-accounts, sessions, one-time codes,
-- groups, the security audit log and the counters of failed attempts.
--
-- One schema, two dialects: migrations/postgres holds the same tables and columns.
-- SQLite conventions (every value is written by sqlx from the domain's types):
--   * ids are UUIDs stored as 16-byte BLOBs (byte order = UUID order, so v7 ids sort by
--     time and serve keyset paging);
--   * times are UTC, RFC 3339 TEXT as sqlx writes chrono's DateTime<Utc>;
--   * dates are 'YYYY-MM-DD' TEXT;
--   * secrets (session tokens, one-time codes) are stored only as SHA-256 hashes (BLOB).
-- Every table but throttle carries school_id, and every index that serves a query
-- starts with it. References between tenant tables include school_id, so a row can never
-- point into another school.
-- Never edit this file once applied: add a new migration instead.

CREATE TABLE schools (
    id                  BLOB    NOT NULL PRIMARY KEY,
    slug                TEXT    NOT NULL UNIQUE,
    name                TEXT    NOT NULL,
    time_zone           TEXT    NOT NULL,
    min_password_length INTEGER NOT NULL,
    created_at          TEXT    NOT NULL
) STRICT;

CREATE TABLE accounts (
    school_id         BLOB    NOT NULL REFERENCES schools (id),
    id                BLOB    NOT NULL PRIMARY KEY,
    -- stored in lower case by the domain; NOCASE makes lookups and the unique rule
    -- case-insensitive even so
    username          TEXT    NOT NULL COLLATE NOCASE,
    first_name        TEXT    NOT NULL,
    last_name         TEXT    NOT NULL,
    kind              TEXT    NOT NULL CHECK (kind IN ('main', 'co')),
    -- role names separated by commas ('' for co-accounts); text[] on PostgreSQL
    roles             TEXT    NOT NULL DEFAULT '',
    birth_date        TEXT,
    -- co-accounts only: the pupil's main account, the slot (1-6), the relation, the status
    pupil_id          BLOB,
    slot              INTEGER,
    relation          TEXT,
    status            TEXT    CHECK (status IN ('active', 'inactive', 'active_until')),
    active_until      TEXT,
    email             TEXT,
    created_at        TEXT    NOT NULL,
    terms_version     TEXT,
    terms_accepted_at TEXT,
    -- argon2id PHC string; NULL until a password is set
    password_hash     TEXT,
    UNIQUE (school_id, id),
    UNIQUE (school_id, username),
    UNIQUE (school_id, pupil_id, slot),
    FOREIGN KEY (school_id, pupil_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CHECK (
        CASE kind
            WHEN 'main' THEN pupil_id IS NULL AND slot IS NULL AND relation IS NULL
                AND status IS NULL AND active_until IS NULL
            ELSE pupil_id IS NOT NULL AND slot IS NOT NULL AND relation IS NOT NULL
                AND status IS NOT NULL AND roles = '' AND birth_date IS NULL
                AND (status = 'active_until') = (active_until IS NOT NULL)
        END
    ),
    CHECK ((terms_version IS NULL) = (terms_accepted_at IS NULL))
) STRICT;

CREATE TABLE sessions (
    token_hash   BLOB NOT NULL PRIMARY KEY CHECK (length(token_hash) = 32),
    school_id    BLOB NOT NULL,
    account_id   BLOB NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE INDEX sessions_school_account ON sessions (school_id, account_id);

-- At most one code per account: a new one replaces the old.
CREATE TABLE reset_codes (
    school_id  BLOB NOT NULL,
    account_id BLOB NOT NULL PRIMARY KEY,
    code_hash  BLOB NOT NULL CHECK (length(code_hash) = 32),
    issued_at  TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE groups (
    school_id BLOB NOT NULL REFERENCES schools (id),
    id        BLOB NOT NULL PRIMARY KEY,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    UNIQUE (school_id, id),
    UNIQUE (school_id, name)
) STRICT;

CREATE TABLE group_members (
    school_id  BLOB NOT NULL,
    group_id   BLOB NOT NULL,
    account_id BLOB NOT NULL,
    PRIMARY KEY (group_id, account_id),
    FOREIGN KEY (school_id, group_id) REFERENCES groups (school_id, id) ON DELETE CASCADE,
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE INDEX group_members_school_group ON group_members (school_id, group_id, account_id);
CREATE INDEX group_members_school_account ON group_members (school_id, account_id);

-- No reference to accounts: events outlive the accounts they are about.
CREATE TABLE audit_events (
    school_id  BLOB NOT NULL REFERENCES schools (id),
    id         BLOB NOT NULL PRIMARY KEY,
    kind       TEXT NOT NULL,
    account_id BLOB,
    actor_id   BLOB,
    username   TEXT,
    client     TEXT,
    at         TEXT NOT NULL
) STRICT;

CREATE INDEX audit_events_school ON audit_events (school_id, id);
CREATE INDEX audit_events_school_account ON audit_events (school_id, account_id, id);

-- Failed attempts per key (a username of a school, a client address…).
CREATE TABLE throttle (
    key             TEXT    NOT NULL PRIMARY KEY,
    failures        INTEGER NOT NULL CHECK (failures >= 1),
    last_failure_at TEXT    NOT NULL
) STRICT, WITHOUT ROWID;
