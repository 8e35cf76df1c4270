-- Signing in with the school's identity provider (Office 365 / OpenID Connect).

-- The school's provider: at most one per school. The client secret is kept to talk to
-- the provider and is never shown back.
CREATE TABLE sign_in_providers (
    school_id     BLOB NOT NULL PRIMARY KEY REFERENCES schools (id) ON DELETE CASCADE,
    issuer        TEXT NOT NULL,
    client_id     TEXT NOT NULL,
    client_secret TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- An account's link to the provider's subject (`sub`): one per account, and a subject
-- links at most one account of the school. Goes with the account.
CREATE TABLE external_ids (
    school_id  BLOB NOT NULL,
    account_id BLOB NOT NULL,
    subject    TEXT NOT NULL,
    PRIMARY KEY (school_id, account_id),
    UNIQUE (school_id, subject),
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- Round trips to the provider waiting for its answer (at most ten minutes), each taken
-- once. The callback knows no school before it reads the round trip, so it is found by
-- the hash of its `state` (never the state itself).
CREATE TABLE pending_sign_ins (
    state_hash    BLOB NOT NULL PRIMARY KEY CHECK (length(state_hash) = 32),
    school_id     BLOB NOT NULL,
    -- NULL for a sign-in; the account to link otherwise.
    link_account  BLOB,
    nonce         TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    expires_at    TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX pending_sign_ins_expires_at ON pending_sign_ins (expires_at);
