-- Insights: funnel steps join on (visitor, name, time); reports filter on time.
CREATE INDEX mc_event_visitor_name_time ON mc_event (visitor_id, name, occurred_at);
CREATE INDEX mc_event_time ON mc_event (occurred_at);
