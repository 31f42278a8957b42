DROP INDEX audit_events_unit_path;
ALTER TABLE audit_events DROP COLUMN unit_path;
