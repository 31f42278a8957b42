DROP TRIGGER audit_events_change;
DROP TABLE changes;
