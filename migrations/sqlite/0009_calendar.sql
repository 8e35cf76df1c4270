-- The calendar module: activities with their audience, private calendar feeds, and the
-- school year. The free days the calendar shows and skips are messaging's `free_days`
-- (0002_messaging.sql): both modules read and write that one table.
--
-- One schema, two dialects: migrations/postgres/0010_calendar.sql has the same tables,
-- columns and key names. The conventions of 0001_accounts.sql hold: ids are 16-byte
-- BLOBs, times UTC RFC 3339 TEXT as sqlx writes chrono's DateTime<Utc>, dates
-- 'YYYY-MM-DD' TEXT, secrets SHA-256 hashes (BLOB), booleans 0/1. Every table carries
-- school_id; every key and index starts with it (but the one that finds a feed by its
-- token alone); references between tenant tables include school_id.
-- Never edit this file once applied: add a new migration instead.

-- An activity, once however often it repeats. Its first occurrence is either timed
-- (starts_at, ends_at) or whole days (first_day, last_day, in the school's time zone);
-- the repeat columns are all set or all NULL. span_start and span_end are the first
-- start and the last end over every repeat: what a window is matched against.
CREATE TABLE calendar_activities (
    school_id          BLOB    NOT NULL REFERENCES schools (id),
    id                 BLOB    NOT NULL,
    title              TEXT    NOT NULL,
    description        TEXT,
    location           TEXT,
    all_day            INTEGER NOT NULL CHECK (all_day IN (0, 1)),
    starts_at          TEXT,
    ends_at            TEXT,
    first_day          TEXT,
    last_day           TEXT,
    repeat_every_weeks INTEGER CHECK (repeat_every_weeks IN (1, 2)),
    repeat_until       TEXT,
    -- A JSON array of dates ('YYYY-MM-DD'); date[] on PostgreSQL.
    repeat_except      TEXT    CHECK (repeat_except IS NULL OR json_valid(repeat_except)),
    skip_free_days     INTEGER CHECK (skip_free_days IN (0, 1)),
    -- No reference to accounts: an activity outlives its planner (it is the school's).
    planner            BLOB    NOT NULL,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    -- iCalendar SEQUENCE: a replacement must name the next one.
    sequence           INTEGER NOT NULL CHECK (sequence >= 0),
    span_start         TEXT    NOT NULL,
    span_end           TEXT    NOT NULL,
    PRIMARY KEY (school_id, id),
    CHECK (
        CASE all_day
            WHEN 1 THEN first_day IS NOT NULL AND last_day IS NOT NULL
                AND starts_at IS NULL AND ends_at IS NULL
            ELSE starts_at IS NOT NULL AND ends_at IS NOT NULL
                AND first_day IS NULL AND last_day IS NULL
        END
    ),
    CHECK (
        (repeat_every_weeks IS NULL) = (repeat_until IS NULL)
        AND (repeat_until IS NULL) = (repeat_except IS NULL)
        AND (repeat_except IS NULL) = (skip_free_days IS NULL)
    )
) STRICT;

-- activities_in(school, window): a range of first starts, then the last end.
CREATE INDEX calendar_activities_school_span ON calendar_activities (school_id, span_start, span_end);

-- For whom an activity is: the whole school, a group, or everyone holding a role. No
-- reference to groups: the audience stays as planned, and a removed group reaches no one.
CREATE TABLE calendar_activity_audience (
    school_id   BLOB NOT NULL,
    activity_id BLOB NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('school', 'group', 'role')),
    group_id    BLOB,
    role        TEXT CHECK (role IN ('pupil', 'teacher', 'counsellor', 'admin')),
    FOREIGN KEY (school_id, activity_id) REFERENCES calendar_activities (school_id, id)
        ON DELETE CASCADE,
    CHECK (
        CASE kind
            WHEN 'school' THEN group_id IS NULL AND role IS NULL
            WHEN 'group' THEN group_id IS NOT NULL AND role IS NULL
            ELSE role IS NOT NULL AND group_id IS NULL
        END
    )
) STRICT;

-- Each target once per activity; also serves an activity's audience and the cascade.
CREATE UNIQUE INDEX calendar_activity_audience_key ON calendar_activity_audience (
    school_id, activity_id, kind,
    coalesce(group_id, X'00000000000000000000000000000000'), coalesce(role, '')
);
-- The activities of a group or a role.
CREATE INDEX calendar_activity_audience_target
    ON calendar_activity_audience (school_id, kind, group_id, role, activity_id);

-- A private feed: a secret link to one account's calendar (a co-account's: for one
-- child). Only the SHA-256 of the token is kept. Goes with its account and its child.
CREATE TABLE calendar_feeds (
    school_id    BLOB NOT NULL,
    id           BLOB NOT NULL,
    account_id   BLOB NOT NULL,
    child_id     BLOB,
    token_hash   BLOB NOT NULL CHECK (length(token_hash) = 32),
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    PRIMARY KEY (school_id, id),
    UNIQUE (school_id, token_hash),
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    FOREIGN KEY (school_id, child_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CHECK (child_id IS NULL OR child_id <> account_id)
) STRICT;

-- One feed per account and child (a NULL child counts as one): the feed_exists conflict.
-- Also serves feeds_of(school, account).
CREATE UNIQUE INDEX calendar_feeds_calendar_key ON calendar_feeds (
    school_id, account_id, coalesce(child_id, X'00000000000000000000000000000000')
);
-- A calendar app fetches a feed by its token alone: the link names no school.
CREATE INDEX calendar_feeds_token_hash ON calendar_feeds (token_hash);
-- Erasure of a child: the feeds that show it.
CREATE INDEX calendar_feeds_school_child ON calendar_feeds (school_id, child_id)
    WHERE child_id IS NOT NULL;

-- The school year a school set (the window of its feeds); none: 1 September–31 August.
CREATE TABLE school_years (
    school_id BLOB NOT NULL PRIMARY KEY REFERENCES schools (id) ON DELETE CASCADE,
    starts_on TEXT NOT NULL,
    ends_on   TEXT NOT NULL,
    CHECK (starts_on <= ends_on)
) STRICT, WITHOUT ROWID;
