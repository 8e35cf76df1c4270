-- The calendar module: activities with their audience, private calendar feeds, and the
-- school year. The free days the calendar shows and skips are messaging's `free_days`
-- (0002_messaging.sql): both modules read and write that one table.
--
-- One schema, two dialects: migrations/sqlite/0009_calendar.sql has the same tables,
-- columns and key names. Every table carries school_id NOT NULL; every key and index
-- starts with it (but the one that finds a feed by its token alone, listed in
-- crates/store-postgres/tests/citus_readiness.rs); references between tenant tables
-- pair school_id with school_id (crates/store-postgres/tests/citus_readiness.rs).
-- Times are UTC (timestamptz), secrets SHA-256 hashes only.
-- Applied migrations are never edited; change the schema with a new numbered file.

-- An activity, once however often it repeats. Its first occurrence is either timed
-- (starts_at, ends_at) or whole days (first_day, last_day, in the school's time zone);
-- the repeat columns are all set or all NULL. span_start and span_end are the first
-- start and the last end over every repeat: what a window is matched against.
CREATE TABLE calendar_activities (
    school_id          uuid        NOT NULL,
    id                 uuid        NOT NULL,
    title              text        NOT NULL,
    description        text,
    location           text,
    all_day            boolean     NOT NULL,
    starts_at          timestamptz,
    ends_at            timestamptz,
    first_day          date,
    last_day           date,
    repeat_every_weeks smallint,
    repeat_until       date,
    -- A JSON array of dates on SQLite.
    repeat_except      date[],
    skip_free_days     boolean,
    -- No reference to accounts: an activity outlives its planner (it is the school's).
    planner            uuid        NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    -- iCalendar SEQUENCE: a replacement must name the next one.
    sequence           bigint      NOT NULL,
    span_start         timestamptz NOT NULL,
    span_end           timestamptz NOT NULL,
    CONSTRAINT calendar_activities_pkey PRIMARY KEY (school_id, id),
    CONSTRAINT calendar_activities_school_id_fkey FOREIGN KEY (school_id)
        REFERENCES schools (id),
    CONSTRAINT calendar_activities_when_check CHECK (
        (all_day AND first_day IS NOT NULL AND last_day IS NOT NULL
            AND starts_at IS NULL AND ends_at IS NULL)
        OR
        (NOT all_day AND starts_at IS NOT NULL AND ends_at IS NOT NULL
            AND first_day IS NULL AND last_day IS NULL)
    ),
    CONSTRAINT calendar_activities_repeat_check CHECK (
        (repeat_every_weeks IS NULL) = (repeat_until IS NULL)
        AND (repeat_until IS NULL) = (repeat_except IS NULL)
        AND (repeat_except IS NULL) = (skip_free_days IS NULL)
    ),
    CONSTRAINT calendar_activities_repeat_every_weeks_check
        CHECK (repeat_every_weeks IN (1, 2)),
    CONSTRAINT calendar_activities_sequence_check CHECK (sequence >= 0)
);

-- activities_in(school, window): a range of first starts, then the last end.
CREATE INDEX calendar_activities_school_id_span_idx
    ON calendar_activities (school_id, span_start, span_end);

-- For whom an activity is: the whole school, a group, or everyone holding a role. No
-- reference to groups: the audience stays as planned, and a removed group reaches no one.
CREATE TABLE calendar_activity_audience (
    school_id   uuid NOT NULL,
    activity_id uuid NOT NULL,
    kind        text NOT NULL,
    group_id    uuid,
    role        text,
    CONSTRAINT calendar_activity_audience_activity_id_fkey FOREIGN KEY (school_id, activity_id)
        REFERENCES calendar_activities (school_id, id) ON DELETE CASCADE,
    CONSTRAINT calendar_activity_audience_kind_check CHECK (
        (kind = 'school' AND group_id IS NULL AND role IS NULL)
        OR (kind = 'group' AND group_id IS NOT NULL AND role IS NULL)
        OR (kind = 'role' AND group_id IS NULL
            AND role IN ('pupil', 'teacher', 'counsellor', 'admin'))
    )
);

-- Each target once per activity; also serves an activity's audience and the cascade.
CREATE UNIQUE INDEX calendar_activity_audience_key ON calendar_activity_audience (
    school_id, activity_id, kind,
    coalesce(group_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(role, '')
);
-- The activities of a group or a role.
CREATE INDEX calendar_activity_audience_target_idx
    ON calendar_activity_audience (school_id, kind, group_id, role, activity_id);
-- No primary key (group_id and role may be NULL) and only ever replaced per activity:
-- its rows are named by all their columns, so that logical replication (how Citus moves
-- a shard) can carry that delete.
ALTER TABLE calendar_activity_audience REPLICA IDENTITY FULL;

-- A private feed: a secret link to one account's calendar (a co-account's: for one
-- child). Only the SHA-256 of the token is kept. Goes with its account and its child.
CREATE TABLE calendar_feeds (
    school_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    account_id   uuid        NOT NULL,
    child_id     uuid,
    token_hash   bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    CONSTRAINT calendar_feeds_pkey PRIMARY KEY (school_id, id),
    CONSTRAINT calendar_feeds_token_hash_key UNIQUE (school_id, token_hash),
    CONSTRAINT calendar_feeds_account_id_fkey FOREIGN KEY (school_id, account_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CONSTRAINT calendar_feeds_child_id_fkey FOREIGN KEY (school_id, child_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CONSTRAINT calendar_feeds_token_hash_check CHECK (octet_length(token_hash) = 32),
    CONSTRAINT calendar_feeds_child_id_check CHECK (child_id <> account_id)
);

-- One feed per account and child (a NULL child counts as one): the feed_exists conflict.
-- Also serves feeds_of(school, account) and the cascade from the account.
CREATE UNIQUE INDEX calendar_feeds_calendar_key ON calendar_feeds (
    school_id, account_id, coalesce(child_id, '00000000-0000-0000-0000-000000000000'::uuid)
);
-- A calendar app fetches a feed by its token alone: the link names no school.
CREATE INDEX calendar_feeds_token_hash_idx ON calendar_feeds (token_hash);
-- Erasure of a child, and the cascade from it: the feeds that show it.
CREATE INDEX calendar_feeds_school_id_child_id_idx ON calendar_feeds (school_id, child_id)
    WHERE child_id IS NOT NULL;

-- The school year a school set (the window of its feeds); none: 1 September–31 August.
CREATE TABLE school_years (
    school_id uuid NOT NULL,
    starts_on date NOT NULL,
    ends_on   date NOT NULL,
    CONSTRAINT school_years_pkey PRIMARY KEY (school_id),
    CONSTRAINT school_years_school_id_fkey FOREIGN KEY (school_id)
        REFERENCES schools (id) ON DELETE CASCADE,
    CONSTRAINT school_years_dates_check CHECK (starts_on <= ends_on)
);
