-- When a report was first submitted, and whether that was by its period's due
-- day: a report the office returns for correction and the unit resubmits
-- after the due day still came in on time. Set once, at the first submission.
ALTER TABLE reports ADD COLUMN first_submitted_at TIMESTAMP;
ALTER TABLE reports ADD COLUMN submitted_on_time BOOLEAN;
-- Reports submitted before this column existed: the latest submission is the
-- best record of the first. Their on-time flag stays unknown (NULL); no
-- release carried reports without it.
UPDATE reports SET first_submitted_at = submitted_at;

-- The campaign whose definition this one was imported from (the original's
-- id, carried through copies of copies); NULL for an original. The district
-- rolls up the communes running the same code or the same lineage.
ALTER TABLE campaigns ADD COLUMN lineage TEXT;
CREATE INDEX campaigns_lineage ON campaigns (lineage);
CREATE INDEX campaigns_code ON campaigns (code);
