-- Known devices (device tokens, by their SHA-256): a browser or app that signed in to an
-- account before. A sign-in that carries the token counts its failures against the
-- device alone (crates/accounts/src/model/device.rs). A device goes with its account
-- (ON DELETE CASCADE), when the account logs out everywhere, after too many wrong
-- passwords from it, and when unused for the policy's lifetime.
--
-- One schema, two dialects: migrations/postgres/0007_devices.sql has the same columns.
-- Never edit this file once applied: add a new migration instead.

CREATE TABLE known_devices (
    school_id    BLOB NOT NULL,
    token_hash   BLOB NOT NULL CHECK (length(token_hash) = 32),
    account_id   BLOB NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL,
    PRIMARY KEY (school_id, token_hash),
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
-- An account's devices, least recently used first (the limit per account, log out
-- everywhere, erasure's cascade).
CREATE INDEX known_devices_account ON known_devices (school_id, account_id, last_used_at);
-- The purge of devices unused too long, across schools.
CREATE INDEX known_devices_last_used ON known_devices (last_used_at);
