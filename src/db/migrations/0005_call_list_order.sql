-- CSP Desk schema 5: every order of the call list served by an index, so that its first page
-- is read without sorting a million calls; the warning instants of the clocks; and the
-- first-start checklist's plan step.
--
-- The nearest due time of a call is the first-response due time until the first response, then
-- the resolution due time until resolution; NULL when neither runs (met, paused, never due).
-- `calls::list` orders by exactly these expressions; calls without a due time come last.
CREATE INDEX call_due_order ON call (
    (coalesce(CASE WHEN first_response_at IS NULL THEN first_response_due END,
              CASE WHEN resolved_at IS NULL THEN resolution_due END) IS NULL),
    coalesce(CASE WHEN first_response_at IS NULL THEN first_response_due END,
             CASE WHEN resolved_at IS NULL THEN resolution_due END),
    received_at DESC
);

-- By severity: the severities in their plan's order (then by plan), each one's calls newest first.
DROP INDEX call_severity;
CREATE INDEX call_severity ON call (severity_id, received_at DESC);
CREATE INDEX severity_order ON severity (position, id);

-- When each clock reaches its warning share (80 % of the target, see `calls::WARN_AT`), stored
-- with the due times: "due soon" is then an index lookup, and a list row's state needs no plan.
ALTER TABLE call ADD COLUMN first_response_warn INTEGER;
ALTER TABLE call ADD COLUMN resolution_warn INTEGER;
CREATE INDEX call_first_response_warn ON call (first_response_warn)
    WHERE first_response_at IS NULL AND first_response_warn IS NOT NULL;
CREATE INDEX call_resolution_warn ON call (resolution_warn)
    WHERE resolved_at IS NULL AND resolution_warn IS NOT NULL;

-- A desk already in use has set up its plan: the first-start checklist does not reappear.
INSERT OR IGNORE INTO setting (key, value)
SELECT 'plan_saved', 'before schema 5' WHERE EXISTS (SELECT 1 FROM customer) OR EXISTS (SELECT 1 FROM call);
