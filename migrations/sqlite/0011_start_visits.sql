-- When each account last looked at its start page: the start page shows what is new
-- since then.
ALTER TABLE accounts ADD COLUMN last_visit_at TEXT;
