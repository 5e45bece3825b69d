-- What each sink still owes: one row per (sink, event), written in the event's transaction.
-- Times are epoch milliseconds (portable, no time zone ambiguity).
CREATE TABLE mc_outbox (
    sink            VARCHAR(40)  NOT NULL,
    event_id        VARCHAR(36)   NOT NULL,
    status          VARCHAR(5)   NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at BIGINT       NOT NULL,
    created_at      BIGINT       NOT NULL,
    done_at         BIGINT,
    last_error      VARCHAR(500),
    PRIMARY KEY (sink, event_id)
);
-- Forwarders read owed rows of one sink in event order (UUIDv7 sorts by time).
CREATE INDEX mc_outbox_status ON mc_outbox (sink, status, event_id);
-- One forwarder per sink at a time, across server instances.
CREATE TABLE mc_sink_lease (
    sink        VARCHAR(40) NOT NULL PRIMARY KEY,
    holder      VARCHAR(64),
    lease_until BIGINT      NOT NULL
);
