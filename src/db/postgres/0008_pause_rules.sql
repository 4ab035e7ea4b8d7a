-- CSP Desk on PostgreSQL, schema 8: which waits stop a plan's resolution clock (as SQLite's
-- 0008). New columns of `plan` are covered by the table's existing grants.
ALTER TABLE plan ADD COLUMN pause_waiting_microsoft integer NOT NULL DEFAULT 0
    CHECK (pause_waiting_microsoft IN (0, 1));
ALTER TABLE plan ADD COLUMN pause_waiting_provider integer NOT NULL DEFAULT 0
    CHECK (pause_waiting_provider IN (0, 1));
