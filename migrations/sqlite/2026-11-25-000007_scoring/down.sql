DROP INDEX campaigns_code;
DROP INDEX campaigns_lineage;
ALTER TABLE campaigns DROP COLUMN lineage;
ALTER TABLE reports DROP COLUMN not_applicable_count;
ALTER TABLE reports DROP COLUMN not_applicable_weight;
ALTER TABLE reports DROP COLUMN met_count;
ALTER TABLE reports DROP COLUMN met_weight;
ALTER TABLE reports DROP COLUMN submitted_on_time;
ALTER TABLE reports DROP COLUMN first_submitted_at;
