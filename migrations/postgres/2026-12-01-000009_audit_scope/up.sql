-- Every change is audited, not only reports' (campaigns, users, org units, …).
-- Each event keeps the path of the org unit its record belongs to, so the log
-- is read by scope with one prefix match whatever the kind of record. NULL:
-- a service-wide record (a setting), read by those who may read it.
ALTER TABLE audit_events ADD COLUMN unit_path TEXT;

UPDATE audit_events SET unit_path = (
    SELECT o.path FROM reports r JOIN org_units o ON o.id = r.org_unit_id WHERE r.id = audit_events.entity_id
) WHERE entity = 'report';
UPDATE audit_events SET unit_path = (
    SELECT o.path FROM evidence e JOIN reports r ON r.id = e.report_id JOIN org_units o ON o.id = r.org_unit_id
    WHERE e.id = audit_events.entity_id
) WHERE entity = 'evidence';
UPDATE audit_events SET unit_path = (
    SELECT o.path FROM report_comments c JOIN reports r ON r.id = c.report_id JOIN org_units o ON o.id = r.org_unit_id
    WHERE c.id = audit_events.entity_id
) WHERE entity = 'report_comment';

CREATE INDEX audit_events_unit_path ON audit_events (unit_path text_pattern_ops);
