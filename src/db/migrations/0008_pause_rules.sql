-- CSP Desk schema 8: which waits stop a plan's resolution clock. Waiting on the customer always
-- does; waiting on Microsoft and waiting on the indirect provider do when the plan says so
-- (until now neither did, so existing plans keep that).
ALTER TABLE plan ADD COLUMN pause_waiting_microsoft INTEGER NOT NULL DEFAULT 0
    CHECK (pause_waiting_microsoft IN (0, 1));
ALTER TABLE plan ADD COLUMN pause_waiting_provider INTEGER NOT NULL DEFAULT 0
    CHECK (pause_waiting_provider IN (0, 1));
