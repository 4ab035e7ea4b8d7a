-- CSP Desk schema 3: stored SLA due times.
--
-- A call's due times are computed by the core (`sla`) from its plan, severity and pauses, and
-- stored so that "overdue" and "due soon" are index lookups even with a million calls. They are
-- recomputed whenever the call changes and when its plan's hours or targets change.
-- NULL: not due (met, paused, or a plan without service hours).

ALTER TABLE call ADD COLUMN first_response_due INTEGER;
ALTER TABLE call ADD COLUMN resolution_due INTEGER;

CREATE INDEX call_first_response_due ON call (first_response_due)
    WHERE first_response_at IS NULL AND first_response_due IS NOT NULL;
CREATE INDEX call_resolution_due ON call (resolution_due)
    WHERE resolved_at IS NULL AND resolution_due IS NOT NULL;
CREATE INDEX call_severity ON call (severity_id);
