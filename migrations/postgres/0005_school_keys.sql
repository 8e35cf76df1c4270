-- Every key of a school's table starts with school_id, so that the tables can be
-- distributed by school (Citus) with every row of a school in one shard, and the tables
-- that are not per school say what they are.
--
-- What holds after this migration (crates/store-postgres/tests/citus_readiness.rs reads
-- it from the catalogue):
--   * every table of a school has school_id NOT NULL, and its primary key, unique keys
--     and unique indexes include it;
--   * every foreign key between two school tables pairs school_id with school_id; school
--     tables also refer to `schools`, a reference table;
--   * a table that is not per school carries a comment `citus: <class>; <why>`.
--
-- One schema, two dialects: migrations/sqlite/0004_school_keys.sql makes the same keys
-- where SQLite can (see there). Applied migrations are never edited; change the schema
-- with a new numbered file.
--
-- The primary keys keep their names (accounts_pkey…): statements that name them
-- (`ON CONFLICT ON CONSTRAINT …`) are unchanged. accounts, groups and messages had both a
-- primary key (id) and a unique key (school_id, id), the target of the foreign keys: the
-- unique key becomes the primary key, so the foreign keys are dropped and made again
-- against it (PostgreSQL ties a foreign key to the index it was made against). Every
-- row stays; the index builds and the checks of the foreign keys read each table once.

-- The foreign keys that hang on the unique keys about to go.
ALTER TABLE accounts DROP CONSTRAINT accounts_pupil_id_fkey;
ALTER TABLE sessions DROP CONSTRAINT sessions_account_id_fkey;
ALTER TABLE reset_codes DROP CONSTRAINT reset_codes_account_id_fkey;
ALTER TABLE group_members DROP CONSTRAINT group_members_group_id_fkey;
ALTER TABLE group_members DROP CONSTRAINT group_members_account_id_fkey;
ALTER TABLE notification_settings DROP CONSTRAINT notification_settings_account_id_fkey;
ALTER TABLE message_copies DROP CONSTRAINT message_copies_message_id_fkey;
ALTER TABLE outbox DROP CONSTRAINT outbox_message_id_fkey;

-- accounts, groups, messages: (school_id, id) is the primary key. It serves every
-- lookup by id (all carry the school) and is the target of the composite foreign keys.
ALTER TABLE accounts DROP CONSTRAINT accounts_pkey;
ALTER TABLE accounts DROP CONSTRAINT accounts_school_id_id_key;
ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (school_id, id);

ALTER TABLE groups DROP CONSTRAINT groups_pkey;
ALTER TABLE groups DROP CONSTRAINT groups_school_id_id_key;
ALTER TABLE groups ADD CONSTRAINT groups_pkey PRIMARY KEY (school_id, id);

ALTER TABLE messages DROP CONSTRAINT messages_pkey;
ALTER TABLE messages DROP CONSTRAINT messages_school_id_id_key;
ALTER TABLE messages ADD CONSTRAINT messages_pkey PRIMARY KEY (school_id, id);

-- sessions: found by (school, token hash); the school comes from the token itself
-- (crates/accounts/src/model/token_school.rs), so authenticating a request reads one
-- shard.
ALTER TABLE sessions DROP CONSTRAINT sessions_pkey;
ALTER TABLE sessions ADD CONSTRAINT sessions_pkey PRIMARY KEY (school_id, token_hash);
-- Tokens issued before this migration do not name their school: they are found by
-- their hash alone (across schools, on every shard under Citus) until they expire, 12
-- hours at most after it. A later migration drops this index with that fallback.
CREATE INDEX sessions_token_hash_idx ON sessions (token_hash);

-- reset_codes: one code per account of a school.
ALTER TABLE reset_codes DROP CONSTRAINT reset_codes_pkey;
ALTER TABLE reset_codes ADD CONSTRAINT reset_codes_pkey PRIMARY KEY (school_id, account_id);

-- group_members: the key now serves members(school, group) by id, the index that did
-- goes.
ALTER TABLE group_members DROP CONSTRAINT group_members_pkey;
ALTER TABLE group_members
    ADD CONSTRAINT group_members_pkey PRIMARY KEY (school_id, group_id, account_id);
DROP INDEX group_members_school_id_group_id_idx;

-- audit_events: the key serves events(school), newest first (read backwards), in place
-- of the index that did.
ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey;
ALTER TABLE audit_events ADD CONSTRAINT audit_events_pkey PRIMARY KEY (school_id, id);
DROP INDEX audit_events_school_id_id_idx;

-- outbox: every outcome finds its row by (school, id). A claim first reads which
-- schools have mail due (outbox_next_attempt_at_id_idx, without locks), then claims and
-- locks rows of one school at a time, in claim order, by the new index.
ALTER TABLE outbox DROP CONSTRAINT outbox_pkey;
ALTER TABLE outbox ADD CONSTRAINT outbox_pkey PRIMARY KEY (school_id, id);
CREATE INDEX outbox_school_id_next_attempt_at_id_idx ON outbox (school_id, next_attempt_at, id)
    WHERE status = 'waiting';

-- The foreign keys again, against the new primary keys, with their names and actions.
ALTER TABLE accounts ADD CONSTRAINT accounts_pupil_id_fkey FOREIGN KEY (school_id, pupil_id)
    REFERENCES accounts (school_id, id) ON DELETE CASCADE;
ALTER TABLE sessions ADD CONSTRAINT sessions_account_id_fkey FOREIGN KEY (school_id, account_id)
    REFERENCES accounts (school_id, id) ON DELETE CASCADE;
ALTER TABLE reset_codes ADD CONSTRAINT reset_codes_account_id_fkey
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE;
ALTER TABLE group_members ADD CONSTRAINT group_members_group_id_fkey
    FOREIGN KEY (school_id, group_id) REFERENCES groups (school_id, id) ON DELETE CASCADE;
ALTER TABLE group_members ADD CONSTRAINT group_members_account_id_fkey
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE;
ALTER TABLE notification_settings ADD CONSTRAINT notification_settings_account_id_fkey
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE;
ALTER TABLE message_copies ADD CONSTRAINT message_copies_message_id_fkey
    FOREIGN KEY (school_id, message_id) REFERENCES messages (school_id, id) ON DELETE CASCADE;
ALTER TABLE outbox ADD CONSTRAINT outbox_message_id_fkey FOREIGN KEY (school_id, message_id)
    REFERENCES messages (school_id, id) ON DELETE CASCADE;

-- free_days has no key: a school may enter the same period twice, and its periods are
-- only ever replaced all at once. Its rows are named by all their columns, so that
-- logical replication (how Citus moves a shard) can carry that delete.
ALTER TABLE free_days REPLICA IDENTITY FULL;

-- The tables that are not per school.
COMMENT ON TABLE schools IS 'citus: reference table; every school table refers to it, '
    'every node needs it, and it changes rarely';
COMMENT ON TABLE throttle IS 'citus: distributed by key; failure counts per account of a '
    'school or per client address (which spans schools), always read and written by key '
    'alone, never joined with school tables';
