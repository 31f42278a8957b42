DROP TABLE reminders;
DROP TABLE leases;
ALTER TABLE users DROP COLUMN email;
