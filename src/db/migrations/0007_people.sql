-- CSP Desk schema 7: people, who did what, and versions.
--
-- A desk has people: on a team server each is a PostgreSQL login (`login`); a solo file has one
-- implicit owner (id 1, no login) whose display name is set in Settings. Every call has a
-- "logged by" and may have an assignee; every history entry and time entry records who. The
-- rows a user edits in a form (calls, customers, plans, the profile) carry a version, raised by
-- every change, so a save from a stale copy is refused with who changed the row and when.
-- Everything recorded before this schema was done by the solo owner.

CREATE TABLE person (
    id       INTEGER PRIMARY KEY,
    login    TEXT UNIQUE,
    name     TEXT NOT NULL DEFAULT '',
    role     TEXT NOT NULL CHECK (role IN ('owner', 'technician')),
    active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    -- The language of the app for this person (`en`, `sv`); NULL until chosen.
    language TEXT CHECK (language IN ('en', 'sv'))
) STRICT;

INSERT INTO person (id, login, name, role, language)
VALUES (1, NULL, '', 'owner', (SELECT value FROM setting WHERE key = 'language' AND value IN ('en', 'sv')));
DELETE FROM setting WHERE key = 'language';

ALTER TABLE call ADD COLUMN logged_by INTEGER REFERENCES person (id);
ALTER TABLE call ADD COLUMN assignee_id INTEGER REFERENCES person (id);
ALTER TABLE call ADD COLUMN updated_by INTEGER REFERENCES person (id);
ALTER TABLE call ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
UPDATE call SET logged_by = 1, updated_by = 1;
CREATE INDEX call_assignee ON call (assignee_id, received_at DESC);

ALTER TABLE call_event ADD COLUMN person_id INTEGER REFERENCES person (id);
UPDATE call_event SET person_id = 1;

ALTER TABLE time_entry ADD COLUMN person_id INTEGER REFERENCES person (id);
UPDATE time_entry SET person_id = 1;

ALTER TABLE customer ADD COLUMN updated_at INTEGER;
ALTER TABLE customer ADD COLUMN updated_by INTEGER REFERENCES person (id);
ALTER TABLE customer ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
UPDATE customer SET updated_at = created_at, updated_by = 1;

ALTER TABLE plan ADD COLUMN updated_by INTEGER REFERENCES person (id);
ALTER TABLE plan ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
UPDATE plan SET updated_by = 1;

ALTER TABLE partner_profile ADD COLUMN updated_at INTEGER;
ALTER TABLE partner_profile ADD COLUMN updated_by INTEGER REFERENCES person (id);
ALTER TABLE partner_profile ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
