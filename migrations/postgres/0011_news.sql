-- News (nieuwsberichten): what staff publish to the whole school, a group or a role,
-- shown from published_at until until_at; the audience in a child table; each reader's
-- read state.
--
-- One schema, two dialects: migrations/sqlite/0010_news.sql has the same tables and
-- columns. school_id comes first in every key and index, and every reference between
-- school tables pairs it (Citus). (postgres 0010 is the calendar's.)
-- Never edit this file once applied: add a new migration instead.

-- A news item. No reference to accounts for the author: an erased author's items stay,
-- with author_id and author_name NULL.
CREATE TABLE news (
    school_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    author_id    uuid,
    author_name  text,
    title        text        NOT NULL,
    body         text        NOT NULL,
    published_at timestamptz NOT NULL,
    until_at     timestamptz,
    pinned       boolean     NOT NULL,
    updated_at   timestamptz NOT NULL,
    CONSTRAINT news_pkey PRIMARY KEY (school_id, id),
    CONSTRAINT news_school_id_fkey FOREIGN KEY (school_id)
        REFERENCES schools (id) ON DELETE CASCADE,
    CONSTRAINT news_until_at_check CHECK (until_at IS NULL OR until_at > published_at)
);

-- The lists: a school's items, pinned first, newest first (the start page and /news walk
-- it in order; a school keeps a few hundred items).
CREATE INDEX news_school_id_pinned_published_at_id_idx
    ON news (school_id, pinned DESC, published_at DESC, id DESC);
-- An author's own items, and erasing an author.
CREATE INDEX news_school_id_author_id_idx ON news (school_id, author_id);

-- Whom an item reaches: the whole school ('school'), a group, or every account with a
-- role; one row per entry.
CREATE TABLE news_audience (
    school_id uuid NOT NULL,
    news_id   uuid NOT NULL,
    kind      text NOT NULL,
    -- The group's id as text, the role's name, or '' for the school.
    target    text NOT NULL,
    group_id  uuid,
    CONSTRAINT news_audience_pkey PRIMARY KEY (school_id, news_id, kind, target),
    CONSTRAINT news_audience_kind_check CHECK (kind IN ('school', 'group', 'role')),
    CONSTRAINT news_audience_group_id_check CHECK ((kind = 'group') = (group_id IS NOT NULL)),
    CONSTRAINT news_audience_target_check
        CHECK (kind <> 'role' OR target IN ('pupil', 'teacher', 'counsellor', 'admin')),
    CONSTRAINT news_audience_news_id_fkey FOREIGN KEY (school_id, news_id)
        REFERENCES news (school_id, id) ON DELETE CASCADE,
    CONSTRAINT news_audience_group_id_fkey FOREIGN KEY (school_id, group_id)
        REFERENCES groups (school_id, id) ON DELETE CASCADE
);

-- The cascade when a group is deleted.
CREATE INDEX news_audience_school_id_group_id_idx ON news_audience (school_id, group_id)
    WHERE group_id IS NOT NULL;

-- When an account opened an item. Goes with the account and with the item.
CREATE TABLE news_reads (
    school_id  uuid        NOT NULL,
    account_id uuid        NOT NULL,
    news_id    uuid        NOT NULL,
    read_at    timestamptz NOT NULL,
    CONSTRAINT news_reads_pkey PRIMARY KEY (school_id, account_id, news_id),
    CONSTRAINT news_reads_account_id_fkey FOREIGN KEY (school_id, account_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CONSTRAINT news_reads_news_id_fkey FOREIGN KEY (school_id, news_id)
        REFERENCES news (school_id, id) ON DELETE CASCADE
);

-- The cascade when an item is withdrawn.
CREATE INDEX news_reads_school_id_news_id_idx ON news_reads (school_id, news_id);

-- The outbox tells of news too: a row forwards either a message (message_id) or a news
-- item (news_id), never both, and goes with either.
ALTER TABLE outbox ALTER COLUMN message_id DROP NOT NULL;
ALTER TABLE outbox ADD COLUMN news_id uuid;
ALTER TABLE outbox ADD CONSTRAINT outbox_forwards_check
    CHECK ((message_id IS NULL) <> (news_id IS NULL));
ALTER TABLE outbox ADD CONSTRAINT outbox_news_id_fkey FOREIGN KEY (school_id, news_id)
    REFERENCES news (school_id, id) ON DELETE CASCADE;
-- The cascade when a news item is withdrawn.
CREATE INDEX outbox_school_id_news_id_idx ON outbox (school_id, news_id)
    WHERE news_id IS NOT NULL;
