-- CSP Desk schema 10: each plan says which customary days of its holiday calendar (Midsummer
-- Eve, Christmas Eve, ...) it closes or shortens; the others are open as usual. Until now the
-- calendar closed a fixed set, so each existing plan gets that set (`customary_days` in
-- src/holidays.rs, the days marked closed by default).
CREATE TABLE plan_customary_day (
    plan_id          INTEGER NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
    day              TEXT NOT NULL,
    -- Set for a shortened day: open as usual until then. NULL: closed all day.
    closes_at_minute INTEGER CHECK (closes_at_minute BETWEEN 1 AND 1439),
    PRIMARY KEY (plan_id, day)
) STRICT, WITHOUT ROWID;

WITH closed (country, day) AS (VALUES
    ('SE', 'holy_saturday'), ('SE', 'midsummer_eve'), ('SE', 'christmas_eve'), ('SE', 'new_years_eve'),
    ('NO', 'christmas_eve'),
    ('DK', 'constitution_day_denmark'), ('DK', 'christmas_eve'), ('DK', 'new_years_eve'),
    ('FI', 'midsummer_eve'), ('FI', 'christmas_eve'))
INSERT INTO plan_customary_day (plan_id, day, closes_at_minute)
SELECT plan.id, closed.day, NULL FROM plan JOIN closed ON closed.country = plan.holiday_country;
