-- CSP Desk schema 6: the open calls of one customer, found without reading its closed ones.
-- The customer list counts each customer's open calls; on a desk of 2,000 customers and a
-- million calls that read every call (9-25 s in the app's debug build, 9.9 s in the sqlite3
-- shell) and now reads the ~1,300 open ones (19 ms). The same lookup serves recomputing the
-- clocks of one customer's or one plan's open calls.
CREATE INDEX call_open_customer ON call (customer_id)
    WHERE status NOT IN ('resolved', 'closed');
