-- CSP Desk schema 2: full-text search over calls.
--
-- One FTS5 row per call (rowid = call.id) holding the call's texts and its customer's name, kept
-- in step by triggers. Diacritics are folded so "sodertalje" finds "Södertälje".

CREATE VIRTUAL TABLE call_search USING fts5 (
    summary,
    description,
    notes,
    resolution,
    customer,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER call_search_insert AFTER INSERT ON call BEGIN
    INSERT INTO call_search (rowid, summary, description, notes, resolution, customer)
    VALUES (new.id, new.summary, new.description, new.troubleshooting_notes, new.resolution,
            (SELECT name FROM customer WHERE id = new.customer_id));
END;

CREATE TRIGGER call_search_delete AFTER DELETE ON call BEGIN
    DELETE FROM call_search WHERE rowid = old.id;
END;

CREATE TRIGGER call_search_update
AFTER UPDATE OF summary, description, troubleshooting_notes, resolution, customer_id ON call BEGIN
    UPDATE call_search
    SET summary = new.summary, description = new.description, notes = new.troubleshooting_notes,
        resolution = new.resolution,
        customer = (SELECT name FROM customer WHERE id = new.customer_id)
    WHERE rowid = new.id;
END;

CREATE TRIGGER call_search_customer_rename AFTER UPDATE OF name ON customer BEGIN
    UPDATE call_search SET customer = new.name
    WHERE rowid IN (SELECT id FROM call WHERE customer_id = new.id);
END;

-- Calls logged before this schema are indexed too.
INSERT INTO call_search (rowid, summary, description, notes, resolution, customer)
SELECT call.id, call.summary, call.description, call.troubleshooting_notes, call.resolution, customer.name
FROM call JOIN customer ON customer.id = call.customer_id;
