-- Links between co-accounts of different pupils of one school: a parent with a
-- co-account per child links them, and each then also reaches the other's child
-- (crates/accounts/src/ports/co_account_links.rs). A link is stored in both directions,
-- so "the co-accounts linked to this one" is one range of the primary key. A link goes
-- with either account (ON DELETE CASCADE) and with a co-account reset.
--
-- One schema, two dialects: migrations/sqlite/0013_co_account_links.sql has the same
-- columns. Never edit this file once applied: add a new migration instead.

CREATE TABLE co_account_links (
    school_id  uuid        NOT NULL,
    account_id uuid        NOT NULL,
    linked_id  uuid        NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT co_account_links_pkey PRIMARY KEY (school_id, account_id, linked_id),
    CONSTRAINT co_account_links_account_id_fkey FOREIGN KEY (school_id, account_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CONSTRAINT co_account_links_linked_id_fkey FOREIGN KEY (school_id, linked_id)
        REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CONSTRAINT co_account_links_check CHECK (account_id <> linked_id)
);
-- The cascade from the linked side.
CREATE INDEX co_account_links_school_id_linked_id_idx
    ON co_account_links (school_id, linked_id);
