-- Forwarding: a lease on every outbox row, so that any number of workers share the queue
-- and a worker that dies loses nothing, and the schools' quiet hours.
--
-- One schema, two dialects: migrations/postgres/0003_forwarding.sql has the same tables
-- and columns. The conventions of 0001_accounts.sql hold (times are UTC RFC 3339 TEXT as
-- sqlx writes chrono's DateTime<Utc>, which sorts like the times; booleans 0/1).
-- Never edit this file once applied: add a new migration instead.

-- Until when a worker holds the row (`OutboxQueue::claim_due`); NULL for a row no one
-- holds. A row whose lease has run out (leased_until <= now) may be claimed again.
ALTER TABLE outbox ADD COLUMN leased_until TEXT;

-- The worker's queue across schools: waiting rows in claim order (due time, then id), so
-- that a claim walks this index up to its limit, without a sort; rows sent or failed are
-- not in it. It takes the place of outbox_due (status, next_attempt_at). (Across schools
-- by nature: the one index here that does not start with school_id.)
CREATE INDEX outbox_claim ON outbox (next_attempt_at, id) WHERE status = 'waiting';
DROP INDEX outbox_due;

-- A school's quiet hours: the daily window [start_time, end_time) in the school's time
-- zone, local 'HH:MM' (wrapping midnight when end_time < start_time; none when they are
-- equal), and whether weekends and free days are quiet all day. No row: no quiet hours.
CREATE TABLE quiet_hours (
    school_id  BLOB    NOT NULL PRIMARY KEY REFERENCES schools (id) ON DELETE CASCADE,
    start_time TEXT    NOT NULL
        CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]' AND start_time <= '23:59'),
    end_time   TEXT    NOT NULL
        CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]' AND end_time <= '23:59'),
    weekends   INTEGER NOT NULL CHECK (weekends IN (0, 1)),
    free_days  INTEGER NOT NULL CHECK (free_days IN (0, 1))
) STRICT;
