-- CSP Desk schema 11: requests about a person (GDPR). A contact can be anonymised: their name,
-- e-mail and phone are emptied and the moment recorded (`anonymised_at`), while their calls and
-- time stay for billing and the SLA figures. Every erasure is logged in `erasure`: what kind,
-- when, by whom, about which contact and customer (numbers only) and how many records; never
-- the erased data.
ALTER TABLE contact ADD COLUMN anonymised_at INTEGER;

CREATE TABLE erasure (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    person_id   INTEGER REFERENCES person (id),
    kind        TEXT NOT NULL CHECK (kind IN ('anonymise', 'redact', 'erase')),
    contact_id  INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    records     INTEGER NOT NULL CHECK (records >= 0)
) STRICT;
