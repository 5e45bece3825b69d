-- Every insert maintains each index of mc_event. (visitor_id, name, occurred_at) answers every
-- lookup by visitor that (visitor_id, occurred_at) did: a visitor's rows are few.
DROP INDEX IF EXISTS mc_event_visitor_time;
-- Rows arrive in about the order they happened, so a BRIN index (one summary per block range,
-- kilobytes for millions of rows, nearly free to maintain) serves the time ranges of reports and
-- retention where a B-tree cost a leaf entry per row.
DROP INDEX IF EXISTS mc_event_time;
CREATE INDEX mc_event_time ON mc_event USING BRIN (occurred_at);
