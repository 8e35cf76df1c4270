-- Links between co-accounts of different pupils of one school: a parent with a
-- co-account per child links them, and each then also reaches the other's child
-- (crates/accounts/src/ports/co_account_links.rs). A link is stored in both directions,
-- so "the co-accounts linked to this one" is one range of the primary key. A link goes
-- with either account (ON DELETE CASCADE) and with a co-account reset.
--
-- One schema, two dialects: migrations/postgres/0014_co_account_links.sql has the same
-- columns. Never edit this file once applied: add a new migration instead.

CREATE TABLE co_account_links (
    school_id  BLOB NOT NULL,
    account_id BLOB NOT NULL,
    linked_id  BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (school_id, account_id, linked_id),
    FOREIGN KEY (school_id, account_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    FOREIGN KEY (school_id, linked_id) REFERENCES accounts (school_id, id) ON DELETE CASCADE,
    CHECK (account_id <> linked_id)
) STRICT, WITHOUT ROWID;
-- The cascade from the linked side.
CREATE INDEX co_account_links_linked ON co_account_links (school_id, linked_id);
