DROP TRIGGER audit_events_change ON audit_events;
DROP FUNCTION audit_events_change();
DROP TABLE changes;
