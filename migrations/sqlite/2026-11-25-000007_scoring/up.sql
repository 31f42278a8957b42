-- When a report was first submitted, and whether that was by its period's due
-- day: a report the office returns for correction and the unit resubmits
-- after the due day still came in on time. Set once, at the first submission.
ALTER TABLE reports ADD COLUMN first_submitted_at TIMESTAMP;
ALTER TABLE reports ADD COLUMN submitted_on_time BOOLEAN;
-- Reports submitted before this column existed: the latest submission is the
-- best record of the first. Their on-time flag stays unknown (NULL); no
-- release carried reports without it.
UPDATE reports SET first_submitted_at = submitted_at;

-- What a report's values add up to, for the scoreboard: the weight and number
-- of values that met their target and of those not applicable. Written at
-- each submission, when the values freeze (they change again only after a
-- return or a reopening, and then the next submission rewrites these), so
-- that a unit's score over 12 periods sums 12 rows, not 12 × 16 values.
ALTER TABLE reports ADD COLUMN met_weight DOUBLE NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN met_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN not_applicable_weight DOUBLE NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN not_applicable_count INTEGER NOT NULL DEFAULT 0;
UPDATE reports SET
    met_weight = COALESCE((SELECT SUM(c.weight) FROM report_values v JOIN criteria c ON c.id = v.criterion_id
                           WHERE v.report_id = reports.id AND v.met), 0),
    met_count = (SELECT COUNT(*) FROM report_values v WHERE v.report_id = reports.id AND v.met),
    not_applicable_weight = COALESCE((SELECT SUM(c.weight) FROM report_values v JOIN criteria c ON c.id = v.criterion_id
                                      WHERE v.report_id = reports.id AND v.not_applicable), 0),
    not_applicable_count = (SELECT COUNT(*) FROM report_values v WHERE v.report_id = reports.id AND v.not_applicable);

-- The campaign whose definition this one was imported from (the original's
-- id, carried through copies of copies); NULL for an original. The district
-- rolls up the communes running the same code or the same lineage.
ALTER TABLE campaigns ADD COLUMN lineage TEXT;
CREATE INDEX campaigns_lineage ON campaigns (lineage);
CREATE INDEX campaigns_code ON campaigns (code);
