-- Per campaign and unit: what its reports add up to, as the scoreboard
-- shows them, over every period of the campaign (a campaign's periods are
-- fixed once it is active, and only an active campaign has reports). Kept
-- by every move of a report (`db::report_moves`), in the move's own
-- statement or transaction: the move takes its report's share out of the
-- status it leaves and adds it to the status it enters. So a whole-campaign
-- board reads one row per unit instead of every report, and its kept copy
-- is checked against the `moves` of these rows instead of every report's
-- version. A unit's row starts at zero at its first move.
CREATE TABLE unit_totals (
    campaign_id         TEXT NOT NULL REFERENCES campaigns (id),
    org_unit_id         TEXT NOT NULL REFERENCES org_units (id),
    -- Moves of the unit's reports so far: what the board's kept copy is checked against.
    moves               INTEGER NOT NULL DEFAULT 0,
    -- Reports submitted at least once, and of those first submitted by the due day.
    submitted           INTEGER NOT NULL DEFAULT 0,
    on_time             INTEGER NOT NULL DEFAULT 0,
    -- Approved reports and what their values add up to (each report's
    -- `met_weight`, `met_count`, `not_applicable_weight`, `not_applicable_count`).
    approved            INTEGER NOT NULL DEFAULT 0,
    approved_met_weight DOUBLE PRECISION NOT NULL DEFAULT 0,
    approved_met        INTEGER NOT NULL DEFAULT 0,
    approved_na_weight  DOUBLE PRECISION NOT NULL DEFAULT 0,
    approved_na         INTEGER NOT NULL DEFAULT 0,
    -- Submitted reports awaiting review, and the same sums: a preview counts them too.
    awaiting            INTEGER NOT NULL DEFAULT 0,
    awaiting_met_weight DOUBLE PRECISION NOT NULL DEFAULT 0,
    awaiting_met        INTEGER NOT NULL DEFAULT 0,
    awaiting_na_weight  DOUBLE PRECISION NOT NULL DEFAULT 0,
    awaiting_na         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, org_unit_id)
);

-- The reports there are: each counts as one move (the board's kept copies
-- start over anyway when the service restarts).
INSERT INTO unit_totals
SELECT campaign_id, org_unit_id,
       COUNT(*),
       COUNT(first_submitted_at),
       COUNT(CASE WHEN submitted_on_time = TRUE THEN 1 END),
       COUNT(CASE WHEN status = 'approved' THEN 1 END),
       COALESCE(SUM(CASE WHEN status = 'approved' THEN met_weight END), 0),
       COALESCE(SUM(CASE WHEN status = 'approved' THEN met_count END), 0),
       COALESCE(SUM(CASE WHEN status = 'approved' THEN not_applicable_weight END), 0),
       COALESCE(SUM(CASE WHEN status = 'approved' THEN not_applicable_count END), 0),
       COUNT(CASE WHEN status = 'submitted' THEN 1 END),
       COALESCE(SUM(CASE WHEN status = 'submitted' THEN met_weight END), 0),
       COALESCE(SUM(CASE WHEN status = 'submitted' THEN met_count END), 0),
       COALESCE(SUM(CASE WHEN status = 'submitted' THEN not_applicable_weight END), 0),
       COALESCE(SUM(CASE WHEN status = 'submitted' THEN not_applicable_count END), 0)
FROM reports
GROUP BY campaign_id, org_unit_id;
