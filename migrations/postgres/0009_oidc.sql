-- Signing in with the school's identity provider (Office 365 / OpenID Connect).

-- The school's provider: at most one per school. The client secret is kept to talk to
-- the provider and is never shown back.
CREATE TABLE sign_in_providers (
    school_id     uuid NOT NULL,
    issuer        text NOT NULL,
    client_id     text NOT NULL,
    client_secret text NOT NULL,
    CONSTRAINT sign_in_providers_pkey PRIMARY KEY (school_id),
    CONSTRAINT sign_in_providers_school_id_fkey FOREIGN KEY (school_id)
        REFERENCES schools (id) ON DELETE CASCADE
);

-- An account's link to the provider's subject (`sub`): one per account, and a subject
-- links at most one account of the school. Goes with the account.
CREATE TABLE external_ids (
    school_id  uuid NOT NULL,
    account_id uuid NOT NULL,
    subject    text NOT NULL,
    CONSTRAINT external_ids_pkey PRIMARY KEY (school_id, account_id),
    CONSTRAINT external_ids_school_id_subject_key UNIQUE (school_id, subject),
    CONSTRAINT external_ids_account_id_fkey FOREIGN KEY (school_id, account_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE
);

-- Round trips to the provider waiting for its answer (at most ten minutes), each taken
-- once. The callback knows no school before it reads the round trip, so it is found by
-- the hash of its `state` (never the state itself).
CREATE TABLE pending_sign_ins (
    state_hash    bytea       NOT NULL,
    school_id     uuid        NOT NULL,
    -- NULL for a sign-in; the account to link otherwise.
    link_account  uuid,
    nonce         text        NOT NULL,
    pkce_verifier text        NOT NULL,
    expires_at    timestamptz NOT NULL,
    CONSTRAINT pending_sign_ins_pkey PRIMARY KEY (state_hash),
    CONSTRAINT pending_sign_ins_state_hash_check CHECK (octet_length(state_hash) = 32)
);

CREATE INDEX pending_sign_ins_expires_at_idx ON pending_sign_ins (expires_at);

COMMENT ON TABLE pending_sign_ins IS 'citus: distributed by state_hash; a round trip is '
    'found by its state alone (the callback knows no school before), lives ten minutes '
    'and is never joined with school tables';
