-- Every insert pays for each B-tree of mc_event: on PostgreSQL 15 here, (name, occurred_at) cost
-- 2 to 4 us of server CPU per conversion (docs/performance.md). No query needs it: the funnel reads
-- its steps through (visitor_id, name, occurred_at), and a report's time range, one name's time
-- series and CUPED's pre-period go through the BRIN on time. (Derby keeps it: see its V8.)
DROP INDEX IF EXISTS mc_event_name_time;
