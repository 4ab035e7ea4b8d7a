-- CSP Desk schema 1: the offering, customers and the call log.
--
-- Conventions
-- * Every table is STRICT.
-- * Instants are INTEGER seconds since the Unix epoch, UTC. Calendar dates are TEXT 'YYYY-MM-DD'.
-- * Times of day are INTEGER minutes after midnight (0..=1440; 1440 is "midnight at the end").
-- * Money is INTEGER minor units (öre, cents) of the plan's currency.
-- * Enumerations are TEXT in snake_case with a CHECK listing the allowed values.
-- * Ordered child lists carry a `position`.

-- Key/value application settings (language, ...), one row per key.
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The partner's own profile: exactly one row, id = 1.
CREATE TABLE partner_profile (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    legal_name            TEXT NOT NULL DEFAULT '',
    registration_number   TEXT NOT NULL DEFAULT '',
    postal_address        TEXT NOT NULL DEFAULT '',
    support_website       TEXT NOT NULL DEFAULT '',
    support_email         TEXT NOT NULL DEFAULT '',
    support_phone         TEXT NOT NULL DEFAULT '',
    logo                  BLOB,
    logo_mime             TEXT CHECK (logo_mime IN ('image/png', 'image/jpeg')),
    relationship          TEXT NOT NULL DEFAULT 'direct_bill'
                          CHECK (relationship IN ('direct_bill', 'indirect_reseller')),
    provider_name         TEXT NOT NULL DEFAULT '',
    provider_contact      TEXT NOT NULL DEFAULT '',
    provider_escalation   TEXT NOT NULL DEFAULT '',
    microsoft_route       TEXT NOT NULL DEFAULT 'partner_center'
                          CHECK (microsoft_route IN ('partner_center', 'advanced_support', 'unified', 'other')),
    microsoft_route_other TEXT NOT NULL DEFAULT '',
    document_language     TEXT NOT NULL DEFAULT 'en' CHECK (document_language IN ('en', 'sv'))
) STRICT;

-- A support plan (Basic / Standard / Premium ...).
CREATE TABLE plan (
    id                        INTEGER PRIMARY KEY,
    name                      TEXT NOT NULL COLLATE NOCASE UNIQUE,
    description               TEXT NOT NULL DEFAULT '',
    is_default                INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    archived                  INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    support_model             TEXT NOT NULL DEFAULT 'direct'
                              CHECK (support_model IN ('direct', 'outsourced', 'resold')),
    support_company           TEXT NOT NULL DEFAULT '',
    outsourced_parts          TEXT NOT NULL DEFAULT '',
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
    updated_at                INTEGER NOT NULL
) STRICT;

-- At most one default plan.
CREATE UNIQUE INDEX plan_one_default ON plan (is_default) WHERE is_default = 1;

-- Weekly service-hour windows; several a day are allowed, end 1440 is midnight.
CREATE TABLE plan_window (
    plan_id      INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6), -- 0 = Monday
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute   INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
    CHECK (end_minute > start_minute),
    PRIMARY KEY (plan_id, weekday, start_minute)
) STRICT, WITHOUT ROWID;

-- The partner's own closed days and shortened days (closes_at_minute set).
CREATE TABLE plan_closed_day (
    plan_id          INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
    date             TEXT NOT NULL,
    label            TEXT NOT NULL DEFAULT '',
    closes_at_minute INTEGER CHECK (closes_at_minute BETWEEN 0 AND 1440),
    PRIMARY KEY (plan_id, date)
) STRICT, WITHOUT ROWID;

CREATE TABLE plan_contact (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    method       TEXT NOT NULL CHECK (method IN ('phone', 'email', 'portal', 'chat', 'remote')),
    address      TEXT NOT NULL,
    availability TEXT NOT NULL DEFAULT 'service_hours' CHECK (availability IN ('service_hours', 'always')),
    note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX plan_contact_plan ON plan_contact (plan_id, position);

CREATE TABLE severity (
    id                     INTEGER PRIMARY KEY,
    plan_id                INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
    position               INTEGER NOT NULL,
    code                   TEXT NOT NULL,
    name                   TEXT NOT NULL,
    description            TEXT NOT NULL DEFAULT '',
    first_response_minutes INTEGER NOT NULL CHECK (first_response_minutes > 0),
    resolution_minutes     INTEGER NOT NULL CHECK (resolution_minutes > 0),
    clock                  TEXT NOT NULL DEFAULT 'service_hours' CHECK (clock IN ('service_hours', 'calendar')),
    UNIQUE (plan_id, code)
) STRICT;

-- What a plan includes (included = 1) and excludes (included = 0).
CREATE TABLE plan_scope_item (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    included INTEGER NOT NULL CHECK (included IN (0, 1)),
    text     TEXT NOT NULL
) STRICT;
CREATE INDEX plan_scope_item_plan ON plan_scope_item (plan_id, included, position);

CREATE TABLE customer (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    tenant_domain       TEXT NOT NULL DEFAULT '',
    tenant_id           TEXT,
    registration_number TEXT NOT NULL DEFAULT '',
    relationship        TEXT NOT NULL DEFAULT 'direct' CHECK (relationship IN ('direct', 'via_provider')),
    plan_id             INTEGER NOT NULL REFERENCES plan (id) ON DELETE RESTRICT,
    notes               TEXT NOT NULL DEFAULT '',
    archived            INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at          INTEGER NOT NULL
) STRICT;
CREATE INDEX customer_name ON customer (name COLLATE NOCASE);
CREATE INDEX customer_plan ON customer (plan_id);

CREATE TABLE contact (
    id                  INTEGER PRIMARY KEY,
    customer_id         INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    name                TEXT NOT NULL,
    email               TEXT NOT NULL DEFAULT '',
    phone               TEXT NOT NULL DEFAULT '',
    role                TEXT NOT NULL DEFAULT '',
    may_request_changes INTEGER NOT NULL DEFAULT 0 CHECK (may_request_changes IN (0, 1))
) STRICT;
CREATE INDEX contact_customer ON contact (customer_id);

CREATE TABLE call (
    id                    INTEGER PRIMARY KEY,
    customer_id           INTEGER NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
    contact_id            INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    contact_name          TEXT NOT NULL DEFAULT '',
    received_at           INTEGER NOT NULL,
    channel               TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'portal', 'chat', 'on_site')),
    service               TEXT NOT NULL,
    severity_id           INTEGER NOT NULL REFERENCES severity (id) ON DELETE RESTRICT,
    summary               TEXT NOT NULL,
    description           TEXT NOT NULL DEFAULT '',
    status                TEXT NOT NULL DEFAULT 'new' CHECK (status IN (
                              'new', 'in_progress', 'waiting_customer', 'waiting_microsoft',
                              'waiting_provider', 'resolved', 'closed')),
    health_checked_at     INTEGER,
    health_reference      TEXT NOT NULL DEFAULT '',
    known_issue           INTEGER CHECK (known_issue IN (0, 1)),
    troubleshooting_notes TEXT NOT NULL DEFAULT '',
    escalation            TEXT NOT NULL DEFAULT 'none' CHECK (escalation IN ('none', 'microsoft', 'provider')),
    escalation_category   TEXT CHECK (escalation_category IN (
                              'undocumented', 'unavailable', 'defect', 'network', 'regional')),
    escalation_reference  TEXT NOT NULL DEFAULT '',
    first_response_at     INTEGER,
    resolved_at           INTEGER,
    resolution            TEXT NOT NULL DEFAULT '',
    updated_at            INTEGER NOT NULL
) STRICT;
CREATE INDEX call_received ON call (received_at DESC);
CREATE INDEX call_customer ON call (customer_id, received_at DESC);
CREATE INDEX call_open ON call (status, received_at) WHERE status NOT IN ('resolved', 'closed');

-- Everything that happened to a call, in order: status changes, triage steps, edits.
CREATE TABLE call_event (
    id      INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES call (id) ON DELETE CASCADE,
    at      INTEGER NOT NULL,
    kind    TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX call_event_call ON call_event (call_id, at);

CREATE TABLE time_entry (
    id       INTEGER PRIMARY KEY,
    call_id  INTEGER NOT NULL REFERENCES call (id) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    minutes  INTEGER NOT NULL CHECK (minutes > 0),
    billable INTEGER NOT NULL DEFAULT 1 CHECK (billable IN (0, 1)),
    note     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX time_entry_call ON time_entry (call_id);

-- The profile row exists from the start; the app only ever updates it.
INSERT INTO partner_profile (id) VALUES (1);
