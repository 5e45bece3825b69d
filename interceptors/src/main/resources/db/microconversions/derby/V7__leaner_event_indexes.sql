-- Every insert maintains each index of mc_event, and on Derby that is most of a conversion's write
-- (a JFR profile of the storefront under wrk: 57 % of the store's samples in B-tree inserts).
-- (visitor_id, name, occurred_at) answers every lookup by visitor that (visitor_id, occurred_at)
-- did: a visitor's rows are few, and those by name and time are its prefix.
DROP INDEX mc_event_visitor_time;
