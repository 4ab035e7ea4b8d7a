-- CSP Desk schema 9: month end (billing).
--
-- - Each time entry knows the month its work belongs to (`work_month`, in its plan's time zone)
--   and the month it is billed in (`billing_month`): the same, unless that month was closed
--   when the entry was added, then the next open month, where it is a correction line. Both
--   are 'YYYY-MM', set by the core (`billing`); the migration's Rust step fills them in.
-- - A customer has a language for its documents (NULL: the profile's document language), a
--   history of its licensed users (`customer_users`, the count from a month on) and, on a
--   block plan, a ledger of blocks bought and adjustments (`block_entry`).
-- - Closed months (`billing_month`) keep the invoice basis as it was when closed
--   (`closed_basis`, the core's JSON); every close and reopen is recorded (`month_event`).
-- - The profile holds the VAT rate (in hundredths of a percent) and the article code of each
--   kind of invoice line.

ALTER TABLE time_entry ADD COLUMN work_month TEXT;
ALTER TABLE time_entry ADD COLUMN billing_month TEXT;
CREATE INDEX time_entry_billing_month ON time_entry (billing_month, call_id);

ALTER TABLE customer ADD COLUMN language TEXT CHECK (language IN ('en', 'sv'));

-- A customer's plan from a month on (the plan of an earlier month stays that month's), the
-- moment it was archived (months after it bill no subscription), and the month a call was
-- billed as an incident (a call reopened and resolved again is not billed twice).
CREATE TABLE plan_history (
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    from_month  TEXT NOT NULL,
    plan_id     INTEGER NOT NULL REFERENCES plan (id) ON DELETE RESTRICT,
    PRIMARY KEY (customer_id, from_month)
) STRICT, WITHOUT ROWID;
ALTER TABLE customer ADD COLUMN archived_at INTEGER;
ALTER TABLE call ADD COLUMN incident_month TEXT;
-- The share of SLA targets the partner aims to meet (1 to 100); NULL: none promised.
ALTER TABLE plan ADD COLUMN sla_goal_percent INTEGER CHECK (sla_goal_percent BETWEEN 1 AND 100);
-- A block plan's warning: fewer hours left than this (NULL: no warning).
ALTER TABLE plan ADD COLUMN block_low_hours INTEGER CHECK (block_low_hours >= 0);

CREATE TABLE customer_users (
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    from_month  TEXT NOT NULL,
    users       INTEGER NOT NULL CHECK (users >= 0),
    PRIMARY KEY (customer_id, from_month)
) STRICT, WITHOUT ROWID;

CREATE TABLE block_entry (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    month       TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('bought', 'adjustment')),
    minutes     INTEGER NOT NULL,
    price_minor INTEGER NOT NULL DEFAULT 0,
    reason      TEXT NOT NULL DEFAULT '',
    at          INTEGER NOT NULL,
    person_id   INTEGER REFERENCES person (id)
) STRICT;
CREATE INDEX block_entry_customer ON block_entry (customer_id, month);

CREATE INDEX call_resolved ON call (resolved_at) WHERE resolved_at IS NOT NULL;

CREATE TABLE billing_month (
    month     TEXT PRIMARY KEY,
    closed_at INTEGER NOT NULL,
    closed_by INTEGER REFERENCES person (id)
) STRICT;

CREATE TABLE closed_basis (
    month       TEXT NOT NULL REFERENCES billing_month (month) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    basis       TEXT NOT NULL,
    PRIMARY KEY (month, customer_id)
) STRICT;

CREATE TABLE month_event (
    id        INTEGER PRIMARY KEY,
    month     TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('closed', 'reopened')),
    reason    TEXT NOT NULL DEFAULT '',
    at        INTEGER NOT NULL,
    person_id INTEGER REFERENCES person (id)
) STRICT;

ALTER TABLE partner_profile ADD COLUMN vat_rate INTEGER NOT NULL DEFAULT 2500
    CHECK (vat_rate BETWEEN 0 AND 10000);
ALTER TABLE partner_profile ADD COLUMN article_hourly TEXT NOT NULL DEFAULT '';
ALTER TABLE partner_profile ADD COLUMN article_incident TEXT NOT NULL DEFAULT '';
ALTER TABLE partner_profile ADD COLUMN article_monthly TEXT NOT NULL DEFAULT '';
ALTER TABLE partner_profile ADD COLUMN article_block TEXT NOT NULL DEFAULT '';
ALTER TABLE partner_profile ADD COLUMN article_overage TEXT NOT NULL DEFAULT '';
