-- Accounts module: schools, accounts and co-accounts, sessions, one-time reset codes,
-- groups, the security audit log and throttling counters.
--
-- One schema, two dialects: migrations/sqlite/0001_accounts.sql has the same tables and
-- column and constraint names. Applied migrations are never edited; change the schema
-- with a new numbered file.
--
-- Every table but `throttle` carries school_id, every index that serves a query starts
-- with it, and every reference between accounts' tables includes it (composite foreign
-- keys on (school_id, …)), so the database itself refuses a link across schools and a
-- region-wide deployment can distribute the tables by school_id (Citus) without changing
-- a query. Times are UTC (timestamptz); secrets are stored as SHA-256 hashes only and
-- passwords as argon2id PHC strings.

CREATE TABLE schools (
    id                  uuid        NOT NULL,
    slug                text        NOT NULL,
    name                text        NOT NULL,
    time_zone           text        NOT NULL,
    min_password_length integer     NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT schools_pkey PRIMARY KEY (id),
    CONSTRAINT schools_slug_key UNIQUE (slug),
    CONSTRAINT schools_min_password_length_check CHECK (min_password_length >= 8)
);

CREATE TABLE accounts (
    school_id         uuid        NOT NULL,
    id                uuid        NOT NULL,
    -- Stored in lower case: lookups and the unique key are case-insensitive by that.
    username          text        NOT NULL,
    first_name        text        NOT NULL,
    last_name         text        NOT NULL,
    kind              text        NOT NULL,
    -- Role names of a main account; always empty for a co-account.
    roles             text[]      NOT NULL DEFAULT '{}',
    birth_date        date,
    -- Co-accounts only: the pupil's main account, the slot, the relation, the status.
    pupil_id          uuid,
    slot              smallint,
    relation          text,
    status            text,
    active_until      date,
    email             text,
    created_at        timestamptz NOT NULL,
    terms_version     text,
    terms_accepted_at timestamptz,
    -- argon2id PHC string; NULL until a password is set (or after a co-account reset).
    password_hash     text,
    CONSTRAINT accounts_pkey PRIMARY KEY (id),
    -- Serves every lookup by id (all carry the school) and is the target of the
    -- composite foreign keys that keep references inside one school.
    CONSTRAINT accounts_school_id_id_key UNIQUE (school_id, id),
    CONSTRAINT accounts_username_key UNIQUE (school_id, username),
    -- Also serves co_accounts(school, pupil) by slot and the cascade from a pupil.
    CONSTRAINT accounts_slot_key UNIQUE (school_id, pupil_id, slot),
    CONSTRAINT accounts_school_id_fkey FOREIGN KEY (school_id) REFERENCES schools (id),
    CONSTRAINT accounts_pupil_id_fkey FOREIGN KEY (school_id, pupil_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CONSTRAINT accounts_username_check CHECK (username = lower(username)),
    CONSTRAINT accounts_kind_check CHECK (kind IN ('main', 'co')),
    CONSTRAINT accounts_roles_check
        CHECK (roles <@ ARRAY['pupil', 'teacher', 'counsellor', 'admin']::text[]),
    CONSTRAINT accounts_slot_check CHECK (slot BETWEEN 1 AND 6),
    CONSTRAINT accounts_relation_check CHECK (relation IN (
        'mother', 'father', 'guardian', 'foster_parent', 'step_parent',
        'homework_tutor', 'boarding_educator', 'other')),
    CONSTRAINT accounts_status_check CHECK (status IN ('active', 'inactive', 'active_until')),
    CONSTRAINT accounts_active_until_check
        CHECK (status IS NULL OR (status = 'active_until') = (active_until IS NOT NULL)),
    CONSTRAINT accounts_kind_columns_check CHECK (
        (kind = 'main' AND pupil_id IS NULL AND slot IS NULL AND relation IS NULL
            AND status IS NULL AND active_until IS NULL)
        OR
        (kind = 'co' AND cardinality(roles) = 0 AND birth_date IS NULL
            AND pupil_id IS NOT NULL AND slot IS NOT NULL AND relation IS NOT NULL
            AND status IS NOT NULL)
    ),
    CONSTRAINT accounts_terms_check
        CHECK ((terms_version IS NULL) = (terms_accepted_at IS NULL))
);

CREATE TABLE sessions (
    -- SHA-256 of the session token; the token itself is never stored.
    token_hash   bytea       NOT NULL,
    school_id    uuid        NOT NULL,
    account_id   uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    CONSTRAINT sessions_pkey PRIMARY KEY (token_hash),
    CONSTRAINT sessions_account_id_fkey FOREIGN KEY (school_id, account_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CONSTRAINT sessions_token_hash_check CHECK (octet_length(token_hash) = 32)
);

-- Ending an account's sessions (password change, erasure).
CREATE INDEX sessions_school_id_account_id_idx ON sessions (school_id, account_id);

CREATE TABLE reset_codes (
    school_id  uuid        NOT NULL,
    -- One code per account: issuing a new one replaces the old.
    account_id uuid        NOT NULL,
    -- SHA-256 of the canonical code; the code itself is never stored.
    code_hash  bytea       NOT NULL,
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    CONSTRAINT reset_codes_pkey PRIMARY KEY (account_id),
    CONSTRAINT reset_codes_account_id_fkey FOREIGN KEY (school_id, account_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CONSTRAINT reset_codes_code_hash_check CHECK (octet_length(code_hash) = 32)
);

CREATE TABLE groups (
    school_id uuid NOT NULL,
    id        uuid NOT NULL,
    name      text NOT NULL,
    kind      text NOT NULL,
    CONSTRAINT groups_pkey PRIMARY KEY (id),
    CONSTRAINT groups_school_id_id_key UNIQUE (school_id, id),
    -- Also serves groups(school) by name.
    CONSTRAINT groups_name_key UNIQUE (school_id, name),
    CONSTRAINT groups_school_id_fkey FOREIGN KEY (school_id) REFERENCES schools (id),
    CONSTRAINT groups_kind_check CHECK (kind IN ('class', 'group'))
);

CREATE TABLE group_members (
    school_id  uuid NOT NULL,
    group_id   uuid NOT NULL,
    account_id uuid NOT NULL,
    CONSTRAINT group_members_pkey PRIMARY KEY (group_id, account_id),
    CONSTRAINT group_members_group_id_fkey FOREIGN KEY (school_id, group_id)
        REFERENCES groups (school_id, id) ON DELETE CASCADE,
    CONSTRAINT group_members_account_id_fkey FOREIGN KEY (school_id, account_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE
);

-- members(school, group) by id.
CREATE INDEX group_members_school_id_group_id_idx
    ON group_members (school_id, group_id, account_id);
-- The cascade when an account is erased.
CREATE INDEX group_members_school_id_account_id_idx ON group_members (school_id, account_id);

CREATE TABLE audit_events (
    school_id  uuid        NOT NULL,
    id         uuid        NOT NULL,
    kind       text        NOT NULL,
    -- No foreign keys: events outlive the accounts they tell about.
    account_id uuid,
    actor_id   uuid,
    username   text,
    client     text,
    at         timestamptz NOT NULL,
    CONSTRAINT audit_events_pkey PRIMARY KEY (id)
);

-- events(school), newest first.
CREATE INDEX audit_events_school_id_id_idx ON audit_events (school_id, id DESC);
-- events(school, account), newest first.
CREATE INDEX audit_events_school_id_account_id_id_idx
    ON audit_events (school_id, account_id, id DESC);

-- Failed attempts per key ("account:<school>:<username>", "client:<address>", …). Not per
-- school: a client address spans schools (a reference or local table under Citus).
CREATE TABLE throttle (
    key             text        NOT NULL,
    failures        integer     NOT NULL,
    last_failure_at timestamptz NOT NULL,
    CONSTRAINT throttle_pkey PRIMARY KEY (key),
    CONSTRAINT throttle_failures_check CHECK (failures >= 1)
);
