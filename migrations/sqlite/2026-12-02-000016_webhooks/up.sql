-- Webhooks (issue 15). The change feed (`changes`) is the outbox: it is
-- written in the transaction of every audited change, and a dispatcher
-- follows it in commit order from `webhook_dispatch`'s position, fanning
-- each change out as one `webhook_deliveries` row per subscription that
-- wants it and whose creator may read it. A worker then delivers those.
CREATE TABLE webhooks (
    id TEXT PRIMARY KEY NOT NULL,
    url TEXT NOT NULL,
    -- Comma-separated kinds or types, as the change feed's `types`; '' = all.
    types TEXT NOT NULL,
    -- `whsec_` + base64: needed in clear to sign; shown to the caller once.
    secret TEXT NOT NULL,
    -- Who created it: the changes delivered are those this account may read.
    actor TEXT NOT NULL,
    scope_path TEXT NOT NULL,
    -- active | disabled
    status TEXT NOT NULL,
    -- Failed attempts since the last success; at the limit it is disabled.
    failures INTEGER NOT NULL DEFAULT 0,
    disabled_reason TEXT,
    -- The feed position when it was created: only later changes are sent.
    start_xid BIGINT NOT NULL,
    start_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX webhooks_by_scope ON webhooks (scope_path, created_at);

CREATE TABLE webhook_deliveries (
    -- Also the `webhook-id` header: the same on every attempt.
    id TEXT PRIMARY KEY NOT NULL,
    webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    -- The body, fixed when fanned out: every attempt sends the same bytes.
    payload TEXT NOT NULL,
    -- pending | delivered | failed
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    -- Attempts since the last (re)delivery was asked: the retry budget.
    round_attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP,
    -- A worker holds the delivery until then (it died if it passes).
    lease_until TIMESTAMP,
    last_attempt_at TIMESTAMP,
    response_code INTEGER,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, created_at);

-- The dispatcher's place in the feed: one row.
CREATE TABLE webhook_dispatch (
    id INTEGER PRIMARY KEY NOT NULL,
    xid BIGINT NOT NULL,
    seq BIGINT NOT NULL
);
INSERT INTO webhook_dispatch (id, xid, seq) VALUES (1, 0, 0);
