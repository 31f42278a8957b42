-- Per campaign, period and criterion: what the approved reports' values add
-- up to. Kept in the transaction of every approve (added) and reopen
-- (taken away) — the only moves into and out of "approved", whose values are
-- read-only — so that the scoreboard's commune-wide figures sum a few rows
-- per period instead of every value. A row starts at zero when a period's
-- first value of the criterion is approved.
CREATE TABLE criterion_totals (
    campaign_id     TEXT NOT NULL REFERENCES campaigns (id),
    period_id       TEXT NOT NULL,
    criterion_id    TEXT NOT NULL REFERENCES criteria (id),
    numerator_sum   DOUBLE PRECISION NOT NULL DEFAULT 0,
    denominator_sum DOUBLE PRECISION NOT NULL DEFAULT 0,
    -- Values with a numerator and a denominator (ratios).
    ratio_n         INTEGER NOT NULL DEFAULT 0,
    percentage_sum  DOUBLE PRECISION NOT NULL DEFAULT 0,
    percentage_n    INTEGER NOT NULL DEFAULT 0,
    count_sum       DOUBLE PRECISION NOT NULL DEFAULT 0,
    count_n         INTEGER NOT NULL DEFAULT 0,
    values_n        INTEGER NOT NULL DEFAULT 0,
    -- Values judged met or not met (the applicable ones), and of those met.
    measured        INTEGER NOT NULL DEFAULT 0,
    met             INTEGER NOT NULL DEFAULT 0,
    not_applicable  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, period_id, criterion_id)
);

INSERT INTO criterion_totals
SELECT r.campaign_id, r.period_id, v.criterion_id,
       COALESCE(SUM(CASE WHEN v.numerator IS NOT NULL AND v.denominator IS NOT NULL THEN v.numerator END), 0),
       COALESCE(SUM(CASE WHEN v.numerator IS NOT NULL AND v.denominator IS NOT NULL THEN v.denominator END), 0),
       COUNT(CASE WHEN v.numerator IS NOT NULL AND v.denominator IS NOT NULL THEN 1 END),
       COALESCE(SUM(v.percentage), 0), COUNT(v.percentage),
       COALESCE(SUM(v.count), 0), COUNT(v.count),
       COUNT(*), COUNT(v.met), COUNT(CASE WHEN v.met = true THEN 1 END), COUNT(CASE WHEN v.not_applicable = true THEN 1 END)
FROM reports r JOIN report_values v ON v.report_id = r.id
WHERE r.status = 'approved'
GROUP BY r.campaign_id, r.period_id, v.criterion_id;
