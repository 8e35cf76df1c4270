-- Forwarding: a lease on every outbox row, so that any number of workers share the queue
-- and a worker that dies loses nothing, and the school's quiet hours.
--
-- One schema, two dialects: migrations/sqlite/0003_forwarding.sql has the same tables and
-- columns. Applied migrations are never edited; change the schema with a new numbered
-- file.

-- Until when a worker holds the row (`OutboxQueue::claim_due`); NULL for a row no one
-- holds. A row whose lease has run out (leased_until <= now) may be claimed again.
ALTER TABLE outbox ADD COLUMN leased_until timestamptz;

-- The worker's queue across schools: waiting rows in claim order (due time, then id), so
-- that a claim is a range scan of this index up to its limit, without a sort. It takes
-- the place of the index on next_attempt_at alone, of which it is an extension. (Across
-- schools by nature: the one index here that does not start with school_id.)
CREATE INDEX outbox_next_attempt_at_id_idx ON outbox (next_attempt_at, id)
    WHERE status = 'waiting';
DROP INDEX outbox_next_attempt_at_idx;

-- A school's quiet hours: the daily window [start_time, end_time) in the school's time
-- zone (wrapping midnight when end_time < start_time; none when they are equal), and
-- whether weekends and free days are quiet all day. No row: no quiet hours.
CREATE TABLE quiet_hours (
    school_id  uuid    NOT NULL,
    start_time time    NOT NULL,
    end_time   time    NOT NULL,
    weekends   boolean NOT NULL,
    free_days  boolean NOT NULL,
    CONSTRAINT quiet_hours_pkey PRIMARY KEY (school_id),
    CONSTRAINT quiet_hours_school_id_fkey FOREIGN KEY (school_id)
        REFERENCES schools (id) ON DELETE CASCADE
);
