-- The change feed: every audited change gets a place in commit order.
-- SQLite has one writer, so a number taken inside the writing transaction is
-- commit order; AUTOINCREMENT never hands out a number twice (a plain rowid
-- may reuse the highest after a delete). The trigger writes the row in the
-- transaction of the audit event, whichever statement inserted the event.
-- xid is always 0 here; it keeps the cursor the same shape on both backends.
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    xid BIGINT NOT NULL DEFAULT 0,
    event_id TEXT NOT NULL UNIQUE REFERENCES audit_events (id)
);

INSERT INTO changes (event_id) SELECT id FROM audit_events ORDER BY at, id;

CREATE TRIGGER audit_events_change AFTER INSERT ON audit_events
BEGIN
    INSERT INTO changes (event_id) VALUES (NEW.id);
END;
