-- The attendance module: a school's attendance settings and absence administrators, the
-- absent half-days of its pupils, parents' notes, the audit of every change to a
-- half-day, and the alerts to the parents.
--
-- One schema, two dialects: migrations/sqlite/0012_attendance.sql has the same tables,
-- columns and key names. Every table carries school_id NOT NULL; every key and index
-- starts with it; references between tenant tables pair school_id with school_id
-- (crates/store-postgres/tests/citus_readiness.rs). Dates are the school's local dates,
-- times UTC (timestamptz). Applied migrations are never edited; change the schema with a
-- new numbered file.

-- A school's own rules; no row: the Flemish defaults (AbsenceSettings::default()).
-- codes: the school's own codes, [{"code", "label", "official"}], in the school's order.
CREATE TABLE absence_settings (
    school_id                    uuid    NOT NULL,
    unknown_becomes_b_after_days integer NOT NULL,
    note_max_days                integer NOT NULL,
    notes_per_year               integer NOT NULL,
    guidance_threshold           integer NOT NULL,
    allowance_threshold          integer NOT NULL,
    codes                        jsonb   NOT NULL DEFAULT '[]',
    CONSTRAINT absence_settings_pkey PRIMARY KEY (school_id),
    CONSTRAINT absence_settings_school_id_fkey FOREIGN KEY (school_id)
        REFERENCES schools (id) ON DELETE CASCADE,
    CONSTRAINT absence_settings_numbers_check CHECK (
        unknown_becomes_b_after_days >= 0 AND note_max_days >= 0 AND notes_per_year >= 0
        AND guidance_threshold >= 0 AND allowance_threshold >= 0
    ),
    CONSTRAINT absence_settings_codes_check CHECK (jsonb_typeof(codes) = 'array')
);

-- The staff members who administer absences; they go with their account.
CREATE TABLE absence_administrators (
    school_id  uuid NOT NULL,
    account_id uuid NOT NULL,
    CONSTRAINT absence_administrators_pkey PRIMARY KEY (school_id, account_id),
    CONSTRAINT absence_administrators_account_id_fkey FOREIGN KEY (school_id, account_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE
);

-- One absent half-day of one pupil (a present pupil has no row). code is what was
-- registered ('?', an official letter, or one of the school's codes); official the
-- official code it counts as, NULL while unknown. note_id and registered_by name no row:
-- the note goes with the pupil's rows, and the registering account's name is wiped on
-- erasure while the half-day stays.
CREATE TABLE absences (
    school_id     uuid        NOT NULL,
    pupil_id      uuid        NOT NULL,
    date          date        NOT NULL,
    half          text        NOT NULL,
    code          text        NOT NULL,
    official      text,
    remark        text,
    note_id       uuid,
    confirmed     boolean     NOT NULL,
    registered_by uuid,
    registered_at timestamptz NOT NULL,
    CONSTRAINT absences_pkey PRIMARY KEY (school_id, pupil_id, date, half),
    CONSTRAINT absences_pupil_id_fkey FOREIGN KEY (school_id, pupil_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CONSTRAINT absences_half_check CHECK (half IN ('am', 'pm')),
    CONSTRAINT absences_official_check
        CHECK (official IN ('R', 'Z', 'P', 'H', 'M', 'A', 'B')),
    CONSTRAINT absences_unknown_check CHECK ((official IS NULL) = (code = '?'))
);

-- registrations(school, all pupils, dates) and a class's half-day.
CREATE INDEX absences_school_id_date_idx ON absences (school_id, date);
-- The follow-up list: a school's problematic half-days, already grouped by pupil (half
-- included so that the scan needs no visit to the table).
CREATE INDEX absences_follow_up_idx ON absences (school_id, pupil_id, date, half)
    WHERE official = 'B';
-- The settling worker: a school's unknown half-days up to a date.
CREATE INDEX absences_unknown_idx ON absences (school_id, date) WHERE official IS NULL;

-- A parents' note for a short illness, handed in by a co-account (by_account: NULL once
-- that account is erased).
CREATE TABLE absence_notes (
    school_id  uuid        NOT NULL,
    id         uuid        NOT NULL,
    pupil_id   uuid        NOT NULL,
    from_date  date        NOT NULL,
    to_date    date        NOT NULL,
    text       text,
    by_account uuid,
    at         timestamptz NOT NULL,
    CONSTRAINT absence_notes_pkey PRIMARY KEY (school_id, id),
    CONSTRAINT absence_notes_pupil_id_fkey FOREIGN KEY (school_id, pupil_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CONSTRAINT absence_notes_dates_check CHECK (from_date <= to_date)
);

-- A pupil's notes: the quota, the overlap, the note covering a date, and the cascade.
CREATE INDEX absence_notes_school_id_pupil_id_idx
    ON absence_notes (school_id, pupil_id, from_date);

-- The audit of a pupil's half-days: one row per change of code (NULL: present). seq
-- orders the changes as they were written (newest first: seq DESC; `at` is the time the
-- writer names and need not grow with the writes); by_account is NULL for the school's
-- rules (a note, the automatic B) and once the account is erased.
CREATE TABLE absence_changes (
    school_id  uuid        NOT NULL,
    seq        bigint      GENERATED ALWAYS AS IDENTITY,
    pupil_id   uuid        NOT NULL,
    date       date        NOT NULL,
    half       text        NOT NULL,
    from_code  text,
    to_code    text,
    by_account uuid,
    at         timestamptz NOT NULL,
    CONSTRAINT absence_changes_pkey PRIMARY KEY (school_id, seq),
    CONSTRAINT absence_changes_pupil_id_fkey FOREIGN KEY (school_id, pupil_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CONSTRAINT absence_changes_half_check CHECK (half IN ('am', 'pm'))
);

-- changes(school, pupil), newest first, and the cascade.
CREATE INDEX absence_changes_school_id_pupil_id_idx
    ON absence_changes (school_id, pupil_id, seq);

-- An alert to a pupil's parents: at most one per pupil per half-day, ever (the key), sent
-- once (sent_at). The system message it becomes carries its id.
CREATE TABLE absence_alerts (
    school_id uuid        NOT NULL,
    pupil_id  uuid        NOT NULL,
    date      date        NOT NULL,
    half      text        NOT NULL,
    id        uuid        NOT NULL,
    raised_at timestamptz NOT NULL,
    sent_at   timestamptz,
    CONSTRAINT absence_alerts_pkey PRIMARY KEY (school_id, pupil_id, date, half),
    CONSTRAINT absence_alerts_id_key UNIQUE (school_id, id),
    CONSTRAINT absence_alerts_pupil_id_fkey FOREIGN KEY (school_id, pupil_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CONSTRAINT absence_alerts_half_check CHECK (half IN ('am', 'pm'))
);

-- The sending worker's scan of every school: only the unsent alerts, which are few (they
-- are sent within minutes), so reading them all and sorting costs little; school_id
-- first like every other index of a school table.
CREATE INDEX absence_alerts_unsent_idx ON absence_alerts (school_id, raised_at)
    WHERE sent_at IS NULL;
