-- The change feed: every audited change gets a place in commit order.
-- A sequence's numbers are taken in one order and committed in another, so a
-- reader paging by them alone could pass a number whose transaction commits
-- later. Each row therefore keeps the id of the transaction that wrote it
-- (xid8 as bigint: 64 bits with the epoch, never wraps); the feed orders by
-- (xid, seq) and shows only rows whose transaction is older than every
-- transaction still running (pg_snapshot_xmin), so no row can later appear
-- behind a cursor. The trigger writes the row in the transaction of the
-- audit event, whichever statement inserted the event (a CTE included).
CREATE TABLE changes (
    seq BIGSERIAL PRIMARY KEY,
    xid BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    event_id TEXT NOT NULL UNIQUE REFERENCES audit_events (id)
);

INSERT INTO changes (event_id) SELECT id FROM audit_events ORDER BY at, id;

CREATE INDEX changes_order ON changes (xid, seq);

CREATE FUNCTION audit_events_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO changes (event_id) VALUES (NEW.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER audit_events_change AFTER INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_change();
