-- One row per recorded conversion. The id (UUIDv7) is the idempotency key.
CREATE TABLE mc_event (
    id          CHAR(36)      NOT NULL PRIMARY KEY,
    name        VARCHAR(40)   NOT NULL,
    kind        VARCHAR(5)    NOT NULL,
    occurred_at TIMESTAMP     NOT NULL,
    visitor_id  VARCHAR(128),
    session_id  VARCHAR(128),
    user_id     VARCHAR(128),
    source      VARCHAR(100),
    medium      VARCHAR(100),
    campaign    VARCHAR(100),
    variants    VARCHAR(2000),
    value       DECIMAL(19, 4),
    currency    CHAR(3),
    attributes  VARCHAR(4000),
    origin      VARCHAR(255),
    recorded_at TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX mc_event_name_time ON mc_event (name, occurred_at);
CREATE INDEX mc_event_visitor_time ON mc_event (visitor_id, occurred_at);
