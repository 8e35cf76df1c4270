-- Known devices (device tokens, by their SHA-256): a browser or app that signed in to an
-- account before. A sign-in that carries the token counts its failures against the
-- device alone (crates/accounts/src/model/device.rs). A device goes with its account
-- (ON DELETE CASCADE), when the account logs out everywhere, after too many wrong
-- passwords from it, and when unused for the policy's lifetime.
--
-- One schema, two dialects: migrations/sqlite/0006_devices.sql has the same columns.
-- Never edit this file once applied: add a new migration instead.

CREATE TABLE known_devices (
    school_id    uuid NOT NULL,
    token_hash   bytea NOT NULL,
    account_id   uuid NOT NULL,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz NOT NULL,
    CONSTRAINT known_devices_pkey PRIMARY KEY (school_id, token_hash),
    CONSTRAINT known_devices_account_id_fkey FOREIGN KEY (school_id, account_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CONSTRAINT known_devices_token_hash_check CHECK (octet_length(token_hash) = 32)
);
-- An account's devices, least recently used first (the limit per account, log out
-- everywhere, erasure's cascade).
CREATE INDEX known_devices_school_id_account_id_idx
    ON known_devices (school_id, account_id, last_used_at);
-- The purge of devices unused too long, across schools.
CREATE INDEX known_devices_last_used_at_idx ON known_devices (last_used_at);
