-- CSP Desk schema 4: the texts a partner writes for customers, in Swedish and in English.
--
-- Plan name and description, outsourced parts, closed-day labels, contact notes, severity names
-- and descriptions and scope items each get a Swedish (_sv) and an English (_en) column. Earlier
-- schemas held one text, written in the profile's document language: it moves to that
-- language's column, and the other starts empty (the starter plan's own texts get both; see
-- db/mod.rs). `plan` is rebuilt because its name was unique in one column; a name is now
-- unique within each language. Runs with foreign keys off (see `migrate`), as SQLite's
-- procedure for changing a table asks.

CREATE TEMP TABLE migration_language AS
    SELECT coalesce((SELECT document_language FROM partner_profile WHERE id = 1), 'en') AS lang;

CREATE TABLE plan_new (
    id                        INTEGER PRIMARY KEY,
    name_sv                   TEXT NOT NULL DEFAULT '',
    name_en                   TEXT NOT NULL DEFAULT '',
    description_sv            TEXT NOT NULL DEFAULT '',
    description_en            TEXT NOT NULL DEFAULT '',
    is_default                INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    archived                  INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    support_model             TEXT NOT NULL DEFAULT 'direct'
                              CHECK (support_model IN ('direct', 'outsourced', 'resold')),
    support_company           TEXT NOT NULL DEFAULT '',
    outsourced_parts_sv       TEXT NOT NULL DEFAULT '',
    outsourced_parts_en       TEXT NOT NULL DEFAULT '',
    time_zone                 TEXT NOT NULL,
    holiday_country           TEXT,
    pricing_model             TEXT NOT NULL DEFAULT 'included'
                              CHECK (pricing_model IN ('included', 'per_incident', 'hourly', 'monthly', 'block')),
    currency                  TEXT NOT NULL DEFAULT 'EUR',
    prices_include_vat        INTEGER NOT NULL DEFAULT 0 CHECK (prices_include_vat IN (0, 1)),
    price_minor               INTEGER,
    hourly_rate_minor         INTEGER,
    billing_increment_minutes INTEGER,
    minimum_minutes           INTEGER,
    monthly_basis             TEXT CHECK (monthly_basis IN ('per_user', 'per_tenant')),
    block_hours               INTEGER,
    block_rollover            INTEGER CHECK (block_rollover IN (0, 1)),
    overage_rate_minor        INTEGER,
    escalated_by              TEXT NOT NULL DEFAULT 'partner' CHECK (escalated_by IN ('partner', 'provider')),
    updated_at                INTEGER NOT NULL,
    CHECK (name_sv <> '' OR name_en <> '')
) STRICT;

INSERT INTO plan_new
SELECT id,
       CASE lang WHEN 'sv' THEN name ELSE '' END,
       CASE lang WHEN 'sv' THEN '' ELSE name END,
       CASE lang WHEN 'sv' THEN description ELSE '' END,
       CASE lang WHEN 'sv' THEN '' ELSE description END,
       is_default, archived, support_model, support_company,
       CASE lang WHEN 'sv' THEN outsourced_parts ELSE '' END,
       CASE lang WHEN 'sv' THEN '' ELSE outsourced_parts END,
       time_zone, holiday_country, pricing_model, currency, prices_include_vat, price_minor,
       hourly_rate_minor, billing_increment_minutes, minimum_minutes, monthly_basis, block_hours,
       block_rollover, overage_rate_minor, escalated_by, updated_at
FROM plan, migration_language;

DROP TABLE plan;
ALTER TABLE plan_new RENAME TO plan;
CREATE UNIQUE INDEX plan_one_default ON plan (is_default) WHERE is_default = 1;
CREATE UNIQUE INDEX plan_name_sv ON plan (name_sv COLLATE NOCASE) WHERE name_sv <> '';
CREATE UNIQUE INDEX plan_name_en ON plan (name_en COLLATE NOCASE) WHERE name_en <> '';

ALTER TABLE severity RENAME COLUMN name TO name_en;
ALTER TABLE severity RENAME COLUMN description TO description_en;
ALTER TABLE severity ADD COLUMN name_sv TEXT NOT NULL DEFAULT '';
ALTER TABLE severity ADD COLUMN description_sv TEXT NOT NULL DEFAULT '';
UPDATE severity SET name_sv = name_en, name_en = '', description_sv = description_en, description_en = ''
WHERE (SELECT lang FROM migration_language) = 'sv';

ALTER TABLE plan_scope_item RENAME COLUMN text TO text_en;
ALTER TABLE plan_scope_item ADD COLUMN text_sv TEXT NOT NULL DEFAULT '';
UPDATE plan_scope_item SET text_sv = text_en, text_en = ''
WHERE (SELECT lang FROM migration_language) = 'sv';

ALTER TABLE plan_closed_day RENAME COLUMN label TO label_en;
ALTER TABLE plan_closed_day ADD COLUMN label_sv TEXT NOT NULL DEFAULT '';
UPDATE plan_closed_day SET label_sv = label_en, label_en = ''
WHERE (SELECT lang FROM migration_language) = 'sv';

ALTER TABLE plan_contact RENAME COLUMN note TO note_en;
ALTER TABLE plan_contact ADD COLUMN note_sv TEXT NOT NULL DEFAULT '';
UPDATE plan_contact SET note_sv = note_en, note_en = ''
WHERE (SELECT lang FROM migration_language) = 'sv';

DROP TABLE migration_language;
