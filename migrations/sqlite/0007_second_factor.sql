-- The second factor (TOTP, RFC 6238) of accounts, its single-use recovery codes, and the
-- school's rule that staff and admins must have one.
--
-- The TOTP secret is stored as is: checking a code needs it (HMAC of the time step), so
-- it cannot be hashed like a password; docs/security.md says what follows. Recovery
-- codes are stored only as SHA-256 hashes, like one-time codes. last_step is the last
-- time step (Unix time / 30 s) whose code was accepted: a code is accepted only for a
-- later step, in one UPDATE, so none is accepted twice. -1 before confirmation.
--
-- One schema, two dialects: migrations/postgres/0008_second_factor.sql has the same
-- tables and columns. Applied migrations are never edited; change the schema with a new
-- file.

CREATE TABLE second_factors (
    school_id  BLOB    NOT NULL,
    account_id BLOB    NOT NULL,
    secret     BLOB    NOT NULL CHECK (length(secret) BETWEEN 10 AND 64),
    active     INTEGER NOT NULL CHECK (active IN (0, 1)),
    last_step  INTEGER NOT NULL,
    created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (school_id, account_id),
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE recovery_codes (
    school_id  BLOB NOT NULL,
    account_id BLOB NOT NULL,
    code_hash  BLOB NOT NULL CHECK (length(code_hash) = 32),
    PRIMARY KEY (school_id, account_id, code_hash),
    FOREIGN KEY (school_id, account_id) REFERENCES second_factors (school_id, account_id)
        ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE second_factor_settings (
    school_id          BLOB    NOT NULL PRIMARY KEY REFERENCES schools (id) ON DELETE CASCADE,
    required_for_staff INTEGER NOT NULL CHECK (required_for_staff IN (0, 1))
) STRICT;
