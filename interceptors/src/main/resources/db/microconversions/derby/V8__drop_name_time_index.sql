-- Every insert pays for each B-tree of mc_event, and Derby's single writer is what limits a busy
-- shop (docs/performance.md). No query needs (name, occurred_at): the funnel reads its steps through
-- (visitor_id, name, occurred_at), and a report's time range, one name's time series and CUPED's
-- pre-period go through (occurred_at).
DROP INDEX mc_event_name_time;
