-- CSP Desk on PostgreSQL, schema 10: the customary days each plan closes or shortens (as
-- SQLite's 0010, which explains the days existing plans get).
CREATE TABLE plan_customary_day (
    plan_id          bigint NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
    day              text NOT NULL,
    closes_at_minute integer CHECK (closes_at_minute BETWEEN 1 AND 1439),
    PRIMARY KEY (plan_id, day)
);

WITH closed (country, day) AS (VALUES
    ('SE', 'holy_saturday'), ('SE', 'midsummer_eve'), ('SE', 'christmas_eve'), ('SE', 'new_years_eve'),
    ('NO', 'christmas_eve'),
    ('DK', 'constitution_day_denmark'), ('DK', 'christmas_eve'), ('DK', 'new_years_eve'),
    ('FI', 'midsummer_eve'), ('FI', 'christmas_eve'))
INSERT INTO plan_customary_day (plan_id, day, closes_at_minute)
SELECT plan.id, closed.day, NULL FROM plan JOIN closed ON closed.country = plan.holiday_country;

DO $$
DECLARE
    o text;
    t text;
BEGIN
    SELECT owners, technicians INTO o, t FROM cspdesk_schema;
    EXECUTE format('GRANT SELECT ON plan_customary_day TO %I, %I', o, t);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON plan_customary_day TO %I', o);
END $$;
