ALTER TABLE reports DROP COLUMN submitted_on_time;
ALTER TABLE reports DROP COLUMN first_submitted_at;
