-- The second factor (TOTP, RFC 6238) of accounts, its single-use recovery codes, and the
-- school's rule that staff and admins must have one.
--
-- The TOTP secret is stored as is: checking a code needs it (HMAC of the time step), so
-- it cannot be hashed like a password; docs/security.md says what follows. Recovery
-- codes are stored only as SHA-256 hashes, like one-time codes. last_step is the last
-- time step (Unix time / 30 s) whose code was accepted: a code is accepted only for a
-- later step, in one UPDATE, so none is accepted twice. -1 before confirmation.
--
-- One schema, two dialects: migrations/sqlite/0007_second_factor.sql has the same tables
-- and columns. Applied migrations are never edited; change the schema with a new file.

CREATE TABLE second_factors (
    school_id  uuid        NOT NULL,
    account_id uuid        NOT NULL,
    secret     bytea       NOT NULL,
    active     boolean     NOT NULL,
    last_step  bigint      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT second_factors_pkey PRIMARY KEY (school_id, account_id),
    CONSTRAINT second_factors_account_id_fkey FOREIGN KEY (school_id, account_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CONSTRAINT second_factors_secret_check CHECK (octet_length(secret) BETWEEN 10 AND 64)
);

CREATE TABLE recovery_codes (
    school_id  uuid  NOT NULL,
    account_id uuid  NOT NULL,
    code_hash  bytea NOT NULL,
    CONSTRAINT recovery_codes_pkey PRIMARY KEY (school_id, account_id, code_hash),
    CONSTRAINT recovery_codes_account_id_fkey FOREIGN KEY (school_id, account_id)
        REFERENCES second_factors (school_id, account_id) ON DELETE CASCADE,
    CONSTRAINT recovery_codes_code_hash_check CHECK (octet_length(code_hash) = 32)
);

CREATE TABLE second_factor_settings (
    school_id          uuid    NOT NULL,
    required_for_staff boolean NOT NULL,
    CONSTRAINT second_factor_settings_pkey PRIMARY KEY (school_id),
    CONSTRAINT second_factor_settings_school_id_fkey FOREIGN KEY (school_id)
        REFERENCES schools (id) ON DELETE CASCADE
);
