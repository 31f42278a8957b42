-- The back-and-forth on a report, and stored answers to POSTs sent with an
-- Idempotency-Key.

CREATE TABLE report_comments (
    id         TEXT PRIMARY KEY,
    report_id  TEXT NOT NULL REFERENCES reports (id),
    author     TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX report_comments_report ON report_comments (report_id);

CREATE TABLE idempotency_keys (
    actor            TEXT NOT NULL,
    key              TEXT NOT NULL,
    -- SHA-256 of the method, path and body: the same key with another request is refused.
    request_hash     TEXT NOT NULL,
    -- NULL while the first request is still being answered.
    status           INTEGER,
    response_body    TEXT,
    response_headers TEXT,
    created_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (actor, key)
);
