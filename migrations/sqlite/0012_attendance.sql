-- The attendance module: absent half-days with their codes, parents' notes, the audit of
-- every change, the alerts to parents until they are sent, and each school's settings
-- with its absence administrators.
--
-- One schema, two dialects: migrations/postgres/0013_attendance.sql has the same tables,
-- columns and key names. The conventions of 0001_accounts.sql hold: ids are 16-byte
-- BLOBs, times UTC RFC 3339 TEXT as sqlx writes chrono's DateTime<Utc>, dates
-- 'YYYY-MM-DD' TEXT, booleans 0/1. Every table carries school_id; every key and index
-- starts with it (but the one the alert worker scans over every school); references
-- between tenant tables include school_id.
-- Never edit this file once applied: add a new migration instead.

-- A school's settings; no row: the Flemish defaults. The school's own codes are a JSON
-- array of {"code", "label", "official"} (jsonb on PostgreSQL): they are read and
-- replaced whole, never queried one by one.
CREATE TABLE absence_settings (
    school_id                    BLOB    NOT NULL PRIMARY KEY
        REFERENCES schools (id) ON DELETE CASCADE,
    unknown_becomes_b_after_days INTEGER NOT NULL CHECK (unknown_becomes_b_after_days >= 0),
    note_max_days                INTEGER NOT NULL CHECK (note_max_days >= 0),
    notes_per_year               INTEGER NOT NULL CHECK (notes_per_year >= 0),
    guidance_threshold           INTEGER NOT NULL CHECK (guidance_threshold >= 0),
    allowance_threshold          INTEGER NOT NULL CHECK (allowance_threshold >= 0),
    codes                        TEXT    NOT NULL
        CHECK (json_valid(codes) AND json_type(codes) = 'array')
) STRICT, WITHOUT ROWID;

-- The staff members who administer absences; one who leaves leaves the list.
CREATE TABLE absence_administrators (
    school_id  BLOB NOT NULL,
    account_id BLOB NOT NULL,
    PRIMARY KEY (school_id, account_id),
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- One absent half-day of one pupil: a present pupil has no row. `code` is what was
-- registered ('?', an official letter or one of the school's codes); `official` the
-- official code it counted as then, NULL while unknown. registered_by and note_id refer
-- to nothing: erasing a staff member or parent leaves the half-day, by nobody.
CREATE TABLE absences (
    school_id     BLOB    NOT NULL,
    pupil_id      BLOB    NOT NULL,
    date          TEXT    NOT NULL,
    half          TEXT    NOT NULL CHECK (half IN ('am', 'pm')),
    code          TEXT    NOT NULL,
    official      TEXT    CHECK (official IN ('R', 'Z', 'P', 'H', 'M', 'A', 'B')),
    remark        TEXT,
    note_id       BLOB,
    confirmed     INTEGER NOT NULL CHECK (confirmed IN (0, 1)),
    registered_by BLOB,
    registered_at TEXT    NOT NULL,
    PRIMARY KEY (school_id, pupil_id, date, half),
    FOREIGN KEY (school_id, pupil_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CHECK ((official IS NULL) = (code = '?'))
) STRICT, WITHOUT ROWID;

-- registrations(school, all pupils, from..=to).
CREATE INDEX absences_school_date ON absences (school_id, date);
-- The follow-up list: only the problematic half-days, and (the table having no rowid)
-- the key's half rides along, so the list is read from this index alone.
CREATE INDEX absences_school_problematic ON absences (school_id, pupil_id, date)
    WHERE official = 'B';
-- Settling: the unknown half-days of a school up to a date, and the schools that have
-- any.
CREATE INDEX absences_school_unknown ON absences (school_id, date)
    WHERE official IS NULL;

-- A parents' note. by_account refers to nothing: the note stays when its parent's
-- co-account goes, by nobody.
CREATE TABLE absence_notes (
    school_id  BLOB NOT NULL,
    id         BLOB NOT NULL,
    pupil_id   BLOB NOT NULL,
    from_date  TEXT NOT NULL,
    to_date    TEXT NOT NULL,
    text       TEXT,
    by_account BLOB,
    at         TEXT NOT NULL,
    PRIMARY KEY (school_id, id),
    FOREIGN KEY (school_id, pupil_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CHECK (from_date <= to_date)
) STRICT;

-- A pupil's notes of a year, the quota and the overlap, the note covering a date.
CREATE INDEX absence_notes_school_pupil ON absence_notes (school_id, pupil_id, from_date);

-- The audit of every half-day's code: NULL from_code / to_code is "present". seq is the
-- rowid: it grows with every change, so it is the order changes were made in (`at` is
-- the time the caller gives, which need not grow). A rowid key cannot start with
-- school_id (PostgreSQL's is (school_id, seq)), so no query looks a change up by it: the
-- index below serves them all. by_account refers to nothing, as above.
CREATE TABLE absence_changes (
    seq        INTEGER PRIMARY KEY,
    school_id  BLOB NOT NULL,
    pupil_id   BLOB NOT NULL,
    date       TEXT NOT NULL,
    half       TEXT NOT NULL CHECK (half IN ('am', 'pm')),
    from_code  TEXT,
    to_code    TEXT,
    by_account BLOB,
    at         TEXT NOT NULL,
    FOREIGN KEY (school_id, pupil_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CHECK (from_code IS NOT NULL OR to_code IS NOT NULL)
) STRICT;

-- changes(school, pupil), newest first: the index holds the rowid after its columns, so
-- a pupil's changes are read backwards along seq without sorting.
CREATE INDEX absence_changes_school_pupil ON absence_changes (school_id, pupil_id);

-- An alert to a pupil's parents: at most one per half-day, ever (the key). The system
-- message it becomes takes its id.
CREATE TABLE absence_alerts (
    school_id BLOB NOT NULL,
    pupil_id  BLOB NOT NULL,
    date      TEXT NOT NULL,
    half      TEXT NOT NULL CHECK (half IN ('am', 'pm')),
    id        BLOB NOT NULL,
    raised_at TEXT NOT NULL,
    sent_at   TEXT,
    PRIMARY KEY (school_id, pupil_id, date, half),
    UNIQUE (school_id, id),
    FOREIGN KEY (school_id, pupil_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- The alert worker's scan over every school, oldest first: only what is still to send.
CREATE INDEX absence_alerts_unsent ON absence_alerts (raised_at, id) WHERE sent_at IS NULL;
