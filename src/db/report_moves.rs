//! A report's move (and the reads that check it) in as few round trips as
//! each backend allows.
//!
//! On PostgreSQL every statement is a round trip to the server, and a
//! transaction's `BEGIN` and `COMMIT` two more: a submission written as
//! plain statements took seven. Here it takes two: [`read_for_move`] reads
//! the report, its unit, its campaign's status, its values and whether a
//! lock exception is open in one statement, and [`write_move`] writes the
//! move, its history entry, its audit event and the scoreboard's kept totals
//! in one statement of data-modifying CTEs, which — run outside an explicit
//! transaction (`Db::write_one`) — commits in the same round trip.
//!
//! On SQLite, a file in this process, a statement costs no round trip; the
//! same work is the plain statements of `db::reports`, `db::audit` and
//! `db::scoreboard`, in the one writer's batch (its group commit).

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Double, Integer, Nullable, Text, Timestamp};

use super::audit::AuditEvent;
use super::prepared::prepared;
use super::reports::{Event, Located, Submission};
use super::scoreboard::Adjustment;
use super::unit_totals::UnitShare;
use super::{DbConnection, DbError};
use crate::domain::report::{Computed, Figures, Report, ReportStatus, StoredValue};

/// A report as read to move it or edit its values.
pub struct ForMove {
    pub located: Located,
    pub values: Vec<StoredValue>,
    /// Whether a lock exception for the report's unit and period is open at
    /// the time asked; `None` when not read (SQLite: asked only when the
    /// period is locked, which costs no round trip there).
    pub lock_exception_open: Option<bool>,
}

/// The report `id` with its unit, campaign status and values, and (on
/// PostgreSQL) whether a lock exception is open for it at `now`: one
/// statement on PostgreSQL, two queries on SQLite.
pub fn read_for_move(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> Result<Option<ForMove>, DbError> {
    match conn {
        DbConnection::Postgres(pg) => {
            let row: Option<ForMoveRow> =
                prepared(diesel::sql_query(READ_FOR_MOVE).bind::<Text, _>(id).bind::<Timestamp, _>(now.naive_utc()))
                    .get_result(pg)
                    .optional()?;
            row.map(ForMoveRow::into_for_move).transpose()
        }
        DbConnection::Sqlite(_) => {
            let Some(located) = super::reports::located(conn, id)? else { return Ok(None) };
            let values = super::reports::values(conn, id)?;
            Ok(Some(ForMove { located, values, lock_exception_open: None }))
        }
    }
}

/// The report with its unit and campaign (as `db::reports::located`), its
/// values as one array per column (one index scan of `report_values`), and
/// the lock exception (as `db::lock_exceptions::open_for`).
const READ_FOR_MOVE: &str = "\
SELECT r.id, r.campaign_id, r.org_unit_id, r.period_id, r.status, r.version, r.submitted_at, r.approved_at,
       r.created_by, r.created_at, r.updated_at, r.first_submitted_at, r.submitted_on_time,
       u.path AS unit_path, u.kind AS unit_kind, c.status AS campaign_status,
       EXISTS (SELECT 1 FROM lock_exceptions e
               WHERE e.campaign_id = r.campaign_id AND e.period_id = r.period_id
                 AND e.org_unit_id = r.org_unit_id AND e.expires_at > $2) AS lock_exception_open,
       v.criterion_ids, v.numerators, v.denominators, v.percentages, v.counts, v.achieved,
       v.computed_percentages, v.met, v.not_applicable, v.notes, v.updated_ats
FROM reports r
JOIN org_units u ON u.id = r.org_unit_id
JOIN campaigns c ON c.id = r.campaign_id
CROSS JOIN LATERAL (
    SELECT array_agg(criterion_id) AS criterion_ids, array_agg(numerator) AS numerators,
           array_agg(denominator) AS denominators, array_agg(percentage) AS percentages,
           array_agg(count) AS counts, array_agg(achieved) AS achieved,
           array_agg(computed_percentage) AS computed_percentages, array_agg(met) AS met,
           array_agg(not_applicable) AS not_applicable, array_agg(note) AS notes,
           array_agg(updated_at) AS updated_ats
    FROM report_values WHERE report_id = r.id
) v
WHERE r.id = $1";

#[derive(QueryableByName)]
#[diesel(check_for_backend(diesel::pg::Pg))]
struct ForMoveRow {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    campaign_id: String,
    #[diesel(sql_type = Text)]
    org_unit_id: String,
    #[diesel(sql_type = Text)]
    period_id: String,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Integer)]
    version: i32,
    #[diesel(sql_type = Nullable<Timestamp>)]
    submitted_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Nullable<Timestamp>)]
    approved_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Text)]
    created_by: String,
    #[diesel(sql_type = Timestamp)]
    created_at: NaiveDateTime,
    #[diesel(sql_type = Timestamp)]
    updated_at: NaiveDateTime,
    #[diesel(sql_type = Nullable<Timestamp>)]
    first_submitted_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Nullable<Bool>)]
    submitted_on_time: Option<bool>,
    #[diesel(sql_type = Text)]
    unit_path: String,
    #[diesel(sql_type = Text)]
    unit_kind: String,
    #[diesel(sql_type = Text)]
    campaign_status: String,
    #[diesel(sql_type = Bool)]
    lock_exception_open: bool,
    // Each array is NULL when the report has no value (array_agg of no rows).
    #[diesel(sql_type = Nullable<Array<Text>>)]
    criterion_ids: Option<Vec<String>>,
    #[diesel(sql_type = Nullable<Array<Nullable<Double>>>)]
    numerators: Option<Vec<Option<f64>>>,
    #[diesel(sql_type = Nullable<Array<Nullable<Double>>>)]
    denominators: Option<Vec<Option<f64>>>,
    #[diesel(sql_type = Nullable<Array<Nullable<Double>>>)]
    percentages: Option<Vec<Option<f64>>>,
    #[diesel(sql_type = Nullable<Array<Nullable<Double>>>)]
    counts: Option<Vec<Option<f64>>>,
    #[diesel(sql_type = Nullable<Array<Nullable<Bool>>>)]
    achieved: Option<Vec<Option<bool>>>,
    #[diesel(sql_type = Nullable<Array<Nullable<Double>>>)]
    computed_percentages: Option<Vec<Option<f64>>>,
    #[diesel(sql_type = Nullable<Array<Nullable<Bool>>>)]
    met: Option<Vec<Option<bool>>>,
    #[diesel(sql_type = Nullable<Array<Bool>>)]
    not_applicable: Option<Vec<bool>>,
    #[diesel(sql_type = Nullable<Array<Text>>)]
    notes: Option<Vec<String>>,
    #[diesel(sql_type = Nullable<Array<Timestamp>>)]
    updated_ats: Option<Vec<NaiveDateTime>>,
}

impl ForMoveRow {
    fn into_for_move(self) -> Result<ForMove, DbError> {
        let report = super::reports::from_row((
            self.id,
            self.campaign_id,
            self.org_unit_id,
            self.period_id,
            self.status,
            self.version,
            self.submitted_at,
            self.approved_at,
            self.created_by,
            self.created_at,
            self.updated_at,
            self.first_submitted_at,
            self.submitted_on_time,
        ))?;
        let ids = self.criterion_ids.unwrap_or_default();
        let n = ids.len();
        // Every array has one element per value, in the same order (one aggregate pass).
        let column = |c: Option<Vec<Option<f64>>>| c.unwrap_or_default().into_iter().chain(std::iter::repeat(None));
        let (mut numerators, mut denominators, mut percentages, mut counts, mut computed) = (
            column(self.numerators),
            column(self.denominators),
            column(self.percentages),
            column(self.counts),
            column(self.computed_percentages),
        );
        let mut achieved = self.achieved.unwrap_or_default().into_iter();
        let mut met = self.met.unwrap_or_default().into_iter();
        let mut not_applicable = self.not_applicable.unwrap_or_default().into_iter();
        let mut notes = self.notes.unwrap_or_default().into_iter();
        let mut updated = self.updated_ats.unwrap_or_default().into_iter();
        let mut values = Vec::with_capacity(n);
        for criterion_id in ids {
            let missing = || DbError::Other(format!("report {} has a value read short", report.id));
            values.push(StoredValue {
                criterion_id,
                figures: Figures {
                    numerator: numerators.next().flatten(),
                    denominator: denominators.next().flatten(),
                    percentage: percentages.next().flatten(),
                    count: counts.next().flatten(),
                    achieved: achieved.next().ok_or_else(missing)?,
                },
                computed: Computed {
                    percentage: computed.next().flatten(),
                    met: met.next().ok_or_else(missing)?,
                    not_applicable: not_applicable.next().ok_or_else(missing)?,
                },
                note: notes.next().ok_or_else(missing)?,
                updated_at: updated.next().ok_or_else(missing)?.and_utc(),
            });
        }
        let unknown = |what: &str| DbError::Other(format!("report {} has a {what}", report.id));
        Ok(ForMove {
            located: Located {
                unit_kind: self.unit_kind.parse().map_err(|_| unknown("unit of unknown kind"))?,
                campaign_status: self.campaign_status.parse().map_err(|_| unknown("campaign of unknown status"))?,
                report,
                unit_path: self.unit_path,
            },
            values,
            lock_exception_open: Some(self.lock_exception_open),
        })
    }
}

/// A checked move, to be written.
pub struct MoveWrite<'a> {
    pub id: &'a str,
    /// The version checked: the move lands only on the report still at it.
    pub version: i32,
    pub from: ReportStatus,
    pub to: ReportStatus,
    pub now: DateTime<Utc>,
    pub submission: Option<Submission>,
    pub event: &'a Event,
    pub audit: &'a AuditEvent,
    /// On approval or reopening: the report's values, in or out of the kept totals.
    pub totals: Option<(Adjustment, &'a [StoredValue])>,
}

/// Writes a checked move: the status (guarded by the version checked and
/// the status it leaves), the history entry, the audit event and the kept
/// totals (the criteria's on approval and reopening, the unit's on every move). The report as moved, or `None` when another change came first
/// (nothing is then written). One statement on PostgreSQL; on SQLite, the
/// statements of the caller's transaction.
pub fn write_move(conn: &mut DbConnection, w: &MoveWrite<'_>) -> Result<Option<Report>, DbError> {
    let pg = match conn {
        DbConnection::Postgres(pg) => pg,
        DbConnection::Sqlite(_) => return write_move_in_steps(conn, w),
    };
    let stamp = w.now.naive_utc();
    let submitted = w.submission.is_some().then_some(stamp);
    let first = w.submission.and_then(|s| s.first_on_time);
    let tally = w.submission.map(|s| s.tally);
    let count = |n: i64| i32::try_from(n).unwrap_or(i32::MAX);
    let sign = w.totals.map_or(0, |(adjustment, _)| adjustment.sign());
    let share = UnitShare::of_move(w.from, w.to, w.submission);
    let a = w.audit;
    let query = diesel::sql_query(WRITE_MOVE)
        .bind::<Text, _>(w.to.as_str())
        .bind::<Timestamp, _>(stamp)
        .bind::<Nullable<Timestamp>, _>(submitted)
        .bind::<Nullable<Timestamp>, _>((w.to == ReportStatus::Approved).then_some(stamp))
        .bind::<Nullable<Timestamp>, _>(first.map(|_| stamp))
        .bind::<Nullable<Bool>, _>(first)
        .bind::<Nullable<Double>, _>(tally.map(|t| t.met_weight))
        .bind::<Nullable<Integer>, _>(tally.map(|t| count(t.met)))
        .bind::<Nullable<Double>, _>(tally.map(|t| t.not_applicable_weight))
        .bind::<Nullable<Integer>, _>(tally.map(|t| count(t.not_applicable)))
        .bind::<Text, _>(w.id)
        .bind::<Integer, _>(w.version)
        .bind::<Text, _>(w.from.as_str())
        // $14…: the history entry.
        .bind::<Text, _>(uuid::Uuid::now_v7().to_string())
        .bind::<Text, _>(&w.event.actor)
        .bind::<Timestamp, _>(w.event.at.naive_utc())
        .bind::<Text, _>(&w.event.action)
        .bind::<Nullable<Text>, _>(w.event.from_status.as_deref())
        .bind::<Text, _>(&w.event.to_status)
        .bind::<Nullable<Text>, _>(w.event.reason.as_deref())
        // $21…: the audit event.
        .bind::<Text, _>(&a.id)
        .bind::<Timestamp, _>(a.at.naive_utc())
        .bind::<Text, _>(&a.actor)
        .bind::<Nullable<Text>, _>(a.request_id.as_deref())
        .bind::<Text, _>(&a.entity)
        .bind::<Text, _>(&a.entity_id)
        .bind::<Text, _>(&a.action)
        .bind::<Nullable<Text>, _>(a.before.as_deref())
        .bind::<Nullable<Text>, _>(a.after.as_deref())
        .bind::<Nullable<Text>, _>(a.unit_path.as_deref())
        .bind::<Nullable<Text>, _>(a.client_address.as_deref())
        // $32: 1 adds the values to the kept totals, -1 takes them away, 0 leaves them.
        .bind::<Integer, _>(sign)
        // $33…: the unit's kept totals (`db::unit_totals`).
        .bind::<Integer, _>(share.submitted)
        .bind::<Integer, _>(share.on_time)
        .bind::<Integer, _>(share.approved)
        .bind::<Integer, _>(share.awaiting);
    let row: Option<super::reports::Row> =
        prepared(query).load::<MovedRow>(pg)?.into_iter().next().map(MovedRow::into_row);
    row.map(super::reports::from_row).transpose()
}

/// The move as data-modifying CTEs: the history, the audit event and the
/// totals are written only for a row the guarded UPDATE moved. The kept
/// totals add what `db::scoreboard::adjust_totals` adds (see its
/// `Contribution`), read from the values the version guard keeps as checked;
/// in the criteria's order, so that concurrent approvals lock the rows of a
/// period's totals in one order. The unit's kept totals (`db::unit_totals`)
/// take the moved report's share, from the sums the move left on it.
///
/// The sign (`$32`) is read through a materialised CTE rather than used
/// as it is: PostgreSQL plans a kept statement afresh for its first five
/// runs, then keeps one generic plan only if it costs no more than those
/// did. A fresh plan folds a bare `$32` into constants — for a submission
/// (0) the whole totals branch away — so it always looked cheaper, and
/// every move was planned again: a fifth of the server's CPU under a burst
/// of submissions. Read from `sign`, the sign costs the same in both plans.
const WRITE_MOVE: &str = "\
WITH sign AS MATERIALIZED (SELECT $32::integer AS s), moved AS (
    UPDATE reports SET status = $1, version = version + 1, updated_at = $2,
        submitted_at = COALESCE($3, submitted_at), approved_at = COALESCE($4, approved_at),
        first_submitted_at = COALESCE($5, first_submitted_at), submitted_on_time = COALESCE($6, submitted_on_time),
        met_weight = COALESCE($7, met_weight), met_count = COALESCE($8, met_count),
        not_applicable_weight = COALESCE($9, not_applicable_weight),
        not_applicable_count = COALESCE($10, not_applicable_count)
    WHERE id = $11 AND version = $12 AND status = $13
    RETURNING id, campaign_id, org_unit_id, period_id, status, version, submitted_at, approved_at, created_by,
              created_at, updated_at, first_submitted_at, submitted_on_time,
              met_weight, met_count, not_applicable_weight, not_applicable_count
), event AS (
    INSERT INTO report_events (id, report_id, actor, at, action, from_status, to_status, reason)
    SELECT $14, id, $15, $16, $17, $18, $19, $20 FROM moved
), audit AS (
    INSERT INTO audit_events (id, at, actor, request_id, entity, entity_id, action, before, after, unit_path,
                              client_address)
    SELECT $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31 FROM moved
), totals AS (
    INSERT INTO criterion_totals AS t (campaign_id, period_id, criterion_id, numerator_sum, denominator_sum, ratio_n,
                                       percentage_sum, percentage_n, count_sum, count_n, values_n, measured, met,
                                       not_applicable)
    SELECT m.campaign_id, m.period_id, v.criterion_id,
           sign.s * CASE WHEN v.numerator IS NOT NULL AND v.denominator IS NOT NULL THEN v.numerator ELSE 0 END,
           sign.s * CASE WHEN v.numerator IS NOT NULL AND v.denominator IS NOT NULL THEN v.denominator ELSE 0 END,
           sign.s * CASE WHEN v.numerator IS NOT NULL AND v.denominator IS NOT NULL THEN 1 ELSE 0 END,
           sign.s * COALESCE(v.percentage, 0), sign.s * CASE WHEN v.percentage IS NOT NULL THEN 1 ELSE 0 END,
           sign.s * COALESCE(v.count, 0), sign.s * CASE WHEN v.count IS NOT NULL THEN 1 ELSE 0 END,
           sign.s,
           sign.s * CASE WHEN v.met IS NOT NULL THEN 1 ELSE 0 END,
           sign.s * CASE WHEN v.met THEN 1 ELSE 0 END,
           sign.s * CASE WHEN v.not_applicable THEN 1 ELSE 0 END
    FROM moved m JOIN report_values v ON v.report_id = m.id CROSS JOIN sign
    WHERE sign.s <> 0
    ORDER BY v.criterion_id
    ON CONFLICT (campaign_id, period_id, criterion_id) DO UPDATE SET
        numerator_sum = t.numerator_sum + EXCLUDED.numerator_sum,
        denominator_sum = t.denominator_sum + EXCLUDED.denominator_sum,
        ratio_n = t.ratio_n + EXCLUDED.ratio_n,
        percentage_sum = t.percentage_sum + EXCLUDED.percentage_sum,
        percentage_n = t.percentage_n + EXCLUDED.percentage_n,
        count_sum = t.count_sum + EXCLUDED.count_sum,
        count_n = t.count_n + EXCLUDED.count_n,
        values_n = t.values_n + EXCLUDED.values_n,
        measured = t.measured + EXCLUDED.measured,
        met = t.met + EXCLUDED.met,
        not_applicable = t.not_applicable + EXCLUDED.not_applicable
), unit AS (
    INSERT INTO unit_totals AS u (campaign_id, org_unit_id, moves, submitted, on_time,
                                  approved, approved_met_weight, approved_met, approved_na_weight, approved_na,
                                  awaiting, awaiting_met_weight, awaiting_met, awaiting_na_weight, awaiting_na)
    SELECT m.campaign_id, m.org_unit_id, 1, $33, $34,
           $35, $35 * m.met_weight, $35 * m.met_count, $35 * m.not_applicable_weight, $35 * m.not_applicable_count,
           $36, $36 * m.met_weight, $36 * m.met_count, $36 * m.not_applicable_weight, $36 * m.not_applicable_count
    FROM moved m
    ON CONFLICT (campaign_id, org_unit_id) DO UPDATE SET
        moves = u.moves + EXCLUDED.moves,
        submitted = u.submitted + EXCLUDED.submitted,
        on_time = u.on_time + EXCLUDED.on_time,
        approved = u.approved + EXCLUDED.approved,
        approved_met_weight = u.approved_met_weight + EXCLUDED.approved_met_weight,
        approved_met = u.approved_met + EXCLUDED.approved_met,
        approved_na_weight = u.approved_na_weight + EXCLUDED.approved_na_weight,
        approved_na = u.approved_na + EXCLUDED.approved_na,
        awaiting = u.awaiting + EXCLUDED.awaiting,
        awaiting_met_weight = u.awaiting_met_weight + EXCLUDED.awaiting_met_weight,
        awaiting_met = u.awaiting_met + EXCLUDED.awaiting_met,
        awaiting_na_weight = u.awaiting_na_weight + EXCLUDED.awaiting_na_weight,
        awaiting_na = u.awaiting_na + EXCLUDED.awaiting_na
)
SELECT id, campaign_id, org_unit_id, period_id, status, version, submitted_at, approved_at, created_by, created_at,
       updated_at, first_submitted_at, submitted_on_time
FROM moved";

/// A report row as a write statement returns it (here and `db::value_edits`).
#[derive(QueryableByName)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub(super) struct MovedRow {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    campaign_id: String,
    #[diesel(sql_type = Text)]
    org_unit_id: String,
    #[diesel(sql_type = Text)]
    period_id: String,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Integer)]
    version: i32,
    #[diesel(sql_type = Nullable<Timestamp>)]
    submitted_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Nullable<Timestamp>)]
    approved_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Text)]
    created_by: String,
    #[diesel(sql_type = Timestamp)]
    created_at: NaiveDateTime,
    #[diesel(sql_type = Timestamp)]
    updated_at: NaiveDateTime,
    #[diesel(sql_type = Nullable<Timestamp>)]
    first_submitted_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Nullable<Bool>)]
    submitted_on_time: Option<bool>,
}

impl MovedRow {
    pub(super) fn into_row(self) -> super::reports::Row {
        (
            self.id,
            self.campaign_id,
            self.org_unit_id,
            self.period_id,
            self.status,
            self.version,
            self.submitted_at,
            self.approved_at,
            self.created_by,
            self.created_at,
            self.updated_at,
            self.first_submitted_at,
            self.submitted_on_time,
        )
    }
}

/// The move as plain statements, in the caller's transaction (SQLite).
fn write_move_in_steps(conn: &mut DbConnection, w: &MoveWrite<'_>) -> Result<Option<Report>, DbError> {
    let Some(moved) = super::reports::move_status(conn, w.id, w.version, w.from, w.to, w.now, w.submission)? else {
        return Ok(None);
    };
    super::reports::add_event(conn, w.id, w.event)?;
    super::audit::record(conn, w.audit)?;
    if let Some((adjustment, values)) = w.totals {
        super::scoreboard::adjust_totals(conn, &moved.campaign_id, &moved.period_id, values, adjustment)?;
    }
    super::unit_totals::add_move(conn, w.id, UnitShare::of_move(w.from, w.to, w.submission))?;
    Ok(Some(moved))
}
