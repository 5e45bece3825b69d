-- Conversions the database refused for good (a data or constraint error), kept so none is lost.
-- event_json is the whole event in ASCII-only JSON; reason is the metric label.
CREATE TABLE mc_event_rejected (
    event_id    CHAR(36)      NOT NULL,
    event_json  CLOB          NOT NULL,
    sql_state   VARCHAR(5),
    reason      VARCHAR(20)   NOT NULL,
    message     VARCHAR(500),
    rejected_at TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX mc_event_rejected_time ON mc_event_rejected (rejected_at);
CREATE INDEX mc_event_rejected_id ON mc_event_rejected (event_id);
