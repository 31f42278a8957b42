DROP TABLE audit_events;
DROP TABLE report_events;
DROP TABLE report_values;
DROP TABLE reports;
