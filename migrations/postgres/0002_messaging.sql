-- Messaging module: messages (once per send), one copy per recipient (its inbox row),
-- notification settings, the forwarding outbox and the school's free days.
--
-- One schema, two dialects: migrations/sqlite/0002_messaging.sql has the same tables and
-- column and constraint names (full-text search differs by nature). Applied migrations are
-- never edited; change the schema with a new numbered file.
--
-- Every table carries school_id, every btree index that serves a query starts with it, and
-- references between these tables include it (composite foreign keys on (school_id, …)),
-- so a region-wide deployment can distribute them by school_id (Citus) without changing a
-- query. Times are UTC (timestamptz); the confirmation token of a forward address is
-- stored as its SHA-256 hash only.
--
-- Accounts are referenced without foreign keys where messages must outlive them: a
-- message keeps its text after its sender's erasure (sender_id and sender_name become
-- NULL), and copies and outbox rows are removed by the messaging erasure hook
-- (`MessageStore::erase_account`), not by a cascade (which would also cost a lookup per
-- copy when a message reaches thousands).

CREATE TABLE messages (
    school_id       uuid        NOT NULL,
    id              uuid        NOT NULL,
    -- NULL for a system notice, and once the sender's account was erased.
    sender_id       uuid,
    sender_name     text,
    kind            text        NOT NULL,
    subject         text        NOT NULL,
    body            text        NOT NULL,
    in_reply_to     uuid,
    reply_requested boolean     NOT NULL,
    action_deadline timestamptz,
    urgent          boolean     NOT NULL,
    -- What every recipient may see of the addressing:
    -- {"named": [[account_id, name], …], "groups": [GroupLabel, …]}; GroupLabel as its
    -- serde form ({"kind": "group", "name": "3A", "audience": "co_accounts"}, …).
    visibility      jsonb       NOT NULL,
    sent_at         timestamptz NOT NULL,
    -- Full-text search with the Dutch configuration (snowball stemmer, Dutch stop words):
    -- the subject weighs more than the body. No accent folding: `unaccent` is an
    -- extension that not every server offers, so "café" does not find "cafe".
    search          tsvector    NOT NULL GENERATED ALWAYS AS (
        setweight(to_tsvector('dutch', subject), 'A') || to_tsvector('dutch', body)
    ) STORED,
    CONSTRAINT messages_pkey PRIMARY KEY (id),
    -- Lookups by id (all carry the school) and the target of the composite foreign keys.
    CONSTRAINT messages_school_id_id_key UNIQUE (school_id, id),
    CONSTRAINT messages_school_id_fkey FOREIGN KEY (school_id) REFERENCES schools (id),
    CONSTRAINT messages_kind_check CHECK (kind IN ('normal', 'system')),
    CONSTRAINT messages_visibility_check CHECK (
        jsonb_typeof(visibility -> 'named') = 'array'
        AND jsonb_typeof(visibility -> 'groups') = 'array'
    )
);

-- The sent folder: messages(school, sender), newest first; also erasure of a sender.
CREATE INDEX messages_school_id_sender_id_id_idx ON messages (school_id, sender_id, id DESC);
-- Search. A GIN index cannot start with school_id without the btree_gin extension: the
-- folder queries join it with the account's copies, which carry the school.
CREATE INDEX messages_search_idx ON messages USING gin (search);

CREATE TABLE message_copies (
    school_id      uuid        NOT NULL,
    message_id     uuid        NOT NULL,
    recipient_id   uuid        NOT NULL,
    -- The recipient's name at send time (the sender's receipts).
    recipient_name text        NOT NULL,
    -- NULL: named one by one; otherwise the GroupLabel that reached a blind copy.
    via            jsonb,
    read_at        timestamptz,
    replied_at     timestamptz,
    reply_due_at   timestamptz,
    trashed_at     timestamptz,
    misdirected_at timestamptz,
    -- The inbox: copies(school, recipient) by message id, newest first (a backward scan);
    -- also refuses a recipient twice in one message.
    CONSTRAINT message_copies_pkey PRIMARY KEY (school_id, recipient_id, message_id),
    CONSTRAINT message_copies_message_id_fkey FOREIGN KEY (school_id, message_id)
        REFERENCES messages (school_id, id) ON DELETE CASCADE,
    CONSTRAINT message_copies_via_check CHECK (via IS NULL OR jsonb_typeof(via) = 'object')
);

-- Receipts and counts of one message; the cascade from a message.
CREATE INDEX message_copies_school_id_message_id_idx ON message_copies (school_id, message_id);

CREATE TABLE notification_settings (
    school_id               uuid        NOT NULL,
    account_id              uuid        NOT NULL,
    forward_email           text,
    forward_email_confirmed boolean     NOT NULL,
    forward_messages        boolean     NOT NULL,
    notify_news             boolean     NOT NULL,
    push                    boolean     NOT NULL,
    -- SHA-256 of the pending confirmation token of forward_email, and its expiry.
    confirm_token_hash      bytea,
    confirm_expires_at      timestamptz,
    CONSTRAINT notification_settings_pkey PRIMARY KEY (school_id, account_id),
    CONSTRAINT notification_settings_account_id_fkey FOREIGN KEY (school_id, account_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CONSTRAINT notification_settings_confirm_token_hash_check
        CHECK (octet_length(confirm_token_hash) = 32),
    CONSTRAINT notification_settings_confirm_check
        CHECK ((confirm_token_hash IS NULL) = (confirm_expires_at IS NULL))
);

-- One mail to forward, written in the same transaction as the delivery. The forwarding
-- worker claims waiting rows that are due with FOR UPDATE SKIP LOCKED.
CREATE TABLE outbox (
    school_id       uuid        NOT NULL,
    id              uuid        NOT NULL,
    message_id      uuid        NOT NULL,
    recipient_id    uuid        NOT NULL,
    to_address      text        NOT NULL,
    subject         text        NOT NULL,
    status          text        NOT NULL,
    attempts        integer     NOT NULL,
    last_error      text,
    next_attempt_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    CONSTRAINT outbox_pkey PRIMARY KEY (id),
    CONSTRAINT outbox_message_id_fkey FOREIGN KEY (school_id, message_id)
        REFERENCES messages (school_id, id) ON DELETE CASCADE,
    CONSTRAINT outbox_status_check CHECK (status IN ('waiting', 'sent', 'failed')),
    CONSTRAINT outbox_attempts_check CHECK (attempts >= 0)
);

-- The school's mail queue by status, newest first.
CREATE INDEX outbox_school_id_status_id_idx ON outbox (school_id, status, id DESC);
-- The worker's queue across schools: waiting rows by due time.
CREATE INDEX outbox_next_attempt_at_idx ON outbox (next_attempt_at) WHERE status = 'waiting';
-- Erasing a recipient's rows.
CREATE INDEX outbox_school_id_recipient_id_idx ON outbox (school_id, recipient_id);
-- The cascade from a message.
CREATE INDEX outbox_school_id_message_id_idx ON outbox (school_id, message_id);

-- Free days and holidays, dates inclusive: with the school's time zone they make its
-- calendar of school days (the 48-hour rules).
CREATE TABLE free_days (
    school_id uuid NOT NULL,
    from_date date NOT NULL,
    to_date   date NOT NULL,
    name      text NOT NULL,
    CONSTRAINT free_days_school_id_fkey FOREIGN KEY (school_id) REFERENCES schools (id),
    CONSTRAINT free_days_dates_check CHECK (to_date >= from_date)
);

-- free_days(school), by start date.
CREATE INDEX free_days_school_id_from_date_idx ON free_days (school_id, from_date);
