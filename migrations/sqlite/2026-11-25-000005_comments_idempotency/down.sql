DROP TABLE idempotency_keys;
DROP TABLE report_comments;
