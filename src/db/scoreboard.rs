//! The scoreboard's sums, computed by the database: one grouped query per
//! view, so a campaign of thousands of units never loads its values into
//! memory. The same queries serve SQLite and PostgreSQL.

use chrono::NaiveDateTime;
use diesel::dsl::{avg, case_when, count, count_star, sum};
use diesel::prelude::*;
use diesel::sql_types::Integer;

use super::prepared::prepared;
use super::reports::ValueRow;
use super::schema::{campaign_participants, campaigns, criteria, org_units, report_values, reports, unit_totals};
use super::{DbConnection, DbError};
use crate::domain::report::{ReportStatus, StoredValue};
use crate::domain::score::{CriterionTally, UnitTally};

/// Which reports a scoreboard counts: the campaign, the periods, the statuses
/// (approved; with submitted ones for a preview).
pub struct Counted<'a> {
    pub campaign_id: &'a str,
    pub period_ids: &'a [String],
    pub statuses: &'a [&'static str],
}

/// The statuses a scoreboard counts.
pub fn statuses(preview: bool) -> &'static [&'static str] {
    const APPROVED: &[&str] = &[ReportStatus::Approved.as_str()];
    const WITH_SUBMITTED: &[&str] = &[ReportStatus::Approved.as_str(), ReportStatus::Submitted.as_str()];
    if preview { WITH_SUBMITTED } else { APPROVED }
}

/// Which of `period_ids` have at least one counted report in the campaign.
pub fn periods_with_results(
    conn: &mut DbConnection,
    campaign_id: &str,
    period_ids: &[String],
    statuses: &[&'static str],
) -> Result<Vec<String>, DbError> {
    Ok(reports::table
        .filter(reports::campaign_id.eq(campaign_id))
        .filter(reports::period_id.eq_any(period_ids))
        .filter(reports::status.eq_any(statuses))
        .select(reports::period_id)
        .distinct()
        .load(conn)?)
}

/// Per unit, over every report in the periods whatever its status: how many
/// were submitted, were first submitted on time, are approved.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ReportCounts {
    pub submitted: i64,
    pub on_time: i64,
    pub approved: i64,
    /// Submitted and waiting for review: counted only in a preview.
    pub awaiting_review: i64,
}

impl ReportCounts {
    /// These counts without `part` (what periods not counted hold).
    pub fn minus(&self, part: &ReportCounts) -> ReportCounts {
        ReportCounts {
            submitted: self.submitted - part.submitted,
            on_time: self.on_time - part.on_time,
            approved: self.approved - part.approved,
            awaiting_review: self.awaiting_review - part.awaiting_review,
        }
    }
}

type UnitRow = (String, i64, Option<i64>, Option<i64>, Option<i64>, Option<f64>, Option<i64>, Option<f64>, Option<i64>);

/// Per unit, from the reports alone (each carries what its values add up
/// to): the counted reports' tally, and the counts of all its reports.
pub fn unit_tallies(
    conn: &mut DbConnection,
    c: &Counted<'_>,
) -> Result<Vec<(String, UnitTally, ReportCounts)>, DbError> {
    let one = || 1.into_sql::<Integer>();
    let zero = || 0.into_sql::<Integer>();
    let counted = || reports::status.eq_any(c.statuses);
    let rows: Vec<UnitRow> = reports::table
        .filter(reports::campaign_id.eq(c.campaign_id))
        .filter(reports::period_id.eq_any(c.period_ids))
        .group_by(reports::org_unit_id)
        .select((
            reports::org_unit_id,
            count(reports::first_submitted_at),
            sum(case_when(reports::submitted_on_time.eq(true), one()).otherwise(zero())),
            sum(case_when(reports::status.eq(ReportStatus::Approved.as_str()), one()).otherwise(zero())),
            sum(case_when(reports::status.eq(ReportStatus::Submitted.as_str()), one()).otherwise(zero())),
            sum(case_when(counted(), reports::met_weight).otherwise(0.0)),
            sum(case_when(counted(), reports::met_count).otherwise(zero())),
            sum(case_when(counted(), reports::not_applicable_weight).otherwise(0.0)),
            sum(case_when(counted(), reports::not_applicable_count).otherwise(zero())),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(unit, submitted, on_time, approved, awaiting, met_weight, met, na_weight, na)| {
            let tally = UnitTally {
                met_weight: met_weight.unwrap_or(0.0),
                met: met.unwrap_or(0),
                not_applicable_weight: na_weight.unwrap_or(0.0),
                not_applicable: na.unwrap_or(0),
            };
            let counts = ReportCounts {
                submitted,
                on_time: on_time.unwrap_or(0),
                approved: approved.unwrap_or(0),
                awaiting_review: awaiting.unwrap_or(0),
            };
            (unit, tally, counts)
        })
        .collect())
}

type CriterionRow = (String, Option<f64>, Option<f64>, Option<f64>, Option<f64>, i64, i64, Option<i64>, Option<i64>);

/// Per criterion, over the counted values of units inside `within` (`None`:
/// every participant is inside the caller's scope, so no unit is left out —
/// and the join with the units is spared).
pub fn criterion_tallies(
    conn: &mut DbConnection,
    c: &Counted<'_>,
    within: Option<&str>,
) -> Result<Vec<(String, CriterionTally)>, DbError> {
    // One grouped select over either source; GROUP BY rules out a boxed query.
    macro_rules! grouped {
        ($source:expr) => {
            $source
                .group_by(report_values::criterion_id)
                .select((
                    report_values::criterion_id,
                    sum(report_values::numerator),
                    sum(report_values::denominator),
                    avg(report_values::percentage),
                    sum(report_values::count),
                    count_star(),
                    count(report_values::met),
                    sum(case_when(report_values::met.eq(true), 1.into_sql::<Integer>())
                        .otherwise(0.into_sql::<Integer>())),
                    sum(case_when(report_values::not_applicable.eq(true), 1.into_sql::<Integer>())
                        .otherwise(0.into_sql::<Integer>())),
                ))
                .load::<CriterionRow>(conn)?
        };
    }
    let counted = reports::table
        .inner_join(report_values::table)
        .filter(reports::campaign_id.eq(c.campaign_id))
        .filter(reports::period_id.eq_any(c.period_ids))
        .filter(reports::status.eq_any(c.statuses));
    let rows = match within {
        None => grouped!(counted),
        Some(within) => {
            let inside = org_units::table.filter(org_units::path.like(format!("{within}%"))).select(org_units::id);
            grouped!(counted.filter(reports::org_unit_id.eq_any(inside)))
        }
    };
    Ok(rows
        .into_iter()
        .map(|(criterion, numerator_sum, denominator_sum, percentage_mean, count_sum, values, measured, met, na)| {
            let tally = CriterionTally {
                numerator_sum,
                denominator_sum,
                percentage_mean,
                count_sum,
                values,
                measured,
                met: met.unwrap_or(0),
                not_applicable: na.unwrap_or(0),
            };
            (criterion, tally)
        })
        .collect())
}

/// One report of a unit, for the explanation.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitReport {
    pub id: String,
    pub period_id: String,
    pub status: String,
    pub first_submitted_at: Option<NaiveDateTime>,
    pub submitted_on_time: Option<bool>,
}

type UnitReportRow = (String, String, String, Option<NaiveDateTime>, Option<bool>);

/// Every report of one unit in the periods, whatever its status.
pub fn unit_reports(
    conn: &mut DbConnection,
    campaign_id: &str,
    unit_id: &str,
    period_ids: &[String],
) -> Result<Vec<UnitReport>, DbError> {
    let rows: Vec<UnitReportRow> = reports::table
        .filter(reports::campaign_id.eq(campaign_id))
        .filter(reports::org_unit_id.eq(unit_id))
        .filter(reports::period_id.eq_any(period_ids))
        .select((
            reports::id,
            reports::period_id,
            reports::status,
            reports::first_submitted_at,
            reports::submitted_on_time,
        ))
        .order(reports::period_id.asc())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, period_id, status, first_submitted_at, submitted_on_time)| UnitReport {
            id,
            period_id,
            status,
            first_submitted_at,
            submitted_on_time,
        })
        .collect())
}

/// One counted value, with the report and period it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct CountedValue {
    pub report_id: String,
    pub period_id: String,
    pub org_unit_id: String,
    pub status: String,
    pub value: StoredValue,
}

/// The counted values of units inside `within` (one unit when `unit_id` is
/// set), ordered by unit, period and criterion; a page of them when `page`
/// is set, with the total.
pub fn counted_values(
    conn: &mut DbConnection,
    c: &Counted<'_>,
    within: &str,
    unit_id: Option<&str>,
    page: Option<(i64, i64)>,
) -> Result<(Vec<CountedValue>, i64), DbError> {
    let query = || {
        let mut query = reports::table
            .inner_join(report_values::table)
            .inner_join(org_units::table)
            .inner_join(criteria::table.on(criteria::id.eq(report_values::criterion_id)))
            .filter(reports::campaign_id.eq(c.campaign_id))
            .filter(reports::period_id.eq_any(c.period_ids))
            .filter(reports::status.eq_any(c.statuses))
            .filter(org_units::path.like(format!("{within}%")))
            .into_boxed();
        if let Some(unit) = unit_id {
            query = query.filter(reports::org_unit_id.eq(unit.to_owned()));
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let mut rows = query()
        .select((reports::id, reports::period_id, reports::org_unit_id, reports::status, super::reports::VALUE_COLUMNS))
        .order((org_units::code.asc(), reports::period_id.asc(), criteria::ordinal.asc(), criteria::code.asc()));
    if let Some((limit, offset)) = page {
        rows = rows.limit(limit).offset(offset);
    }
    let rows: Vec<(String, String, String, String, ValueRow)> = rows.load(conn)?;
    let counted = rows
        .into_iter()
        .map(|(report_id, period_id, org_unit_id, status, value)| CountedValue {
            report_id,
            period_id,
            org_unit_id,
            status,
            value: super::reports::value_from_row(value),
        })
        .collect();
    Ok((counted, total))
}

/// What one value adds to its criterion's totals: the sums of its figures
/// and, for each kind of figure and outcome, whether it counts (1) or not (0).
struct Contribution {
    numerator: f64,
    denominator: f64,
    ratio_n: i32,
    percentage: f64,
    percentage_n: i32,
    count: f64,
    count_n: i32,
    values_n: i32,
    measured: i32,
    met: i32,
    not_applicable: i32,
}

impl Contribution {
    fn of(v: &StoredValue) -> Self {
        let flag = |b: bool| i32::from(b);
        let f = &v.figures;
        let ratio = f.numerator.zip(f.denominator);
        Self {
            numerator: ratio.map_or(0.0, |(n, _)| n),
            denominator: ratio.map_or(0.0, |(_, d)| d),
            ratio_n: flag(ratio.is_some()),
            percentage: f.percentage.unwrap_or(0.0),
            percentage_n: flag(f.percentage.is_some()),
            count: f.count.unwrap_or(0.0),
            count_n: flag(f.count.is_some()),
            values_n: 1,
            measured: flag(v.computed.met.is_some()),
            met: flag(v.computed.met == Some(true)),
            not_applicable: flag(v.computed.not_applicable),
        }
    }
}

/// Which way a report's values move the kept totals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Adjustment {
    /// An approval: its values now count.
    Add,
    /// A reopening: its values no longer count.
    Subtract,
}

impl Adjustment {
    pub(super) fn sign(self) -> i32 {
        match self {
            Adjustment::Add => 1,
            Adjustment::Subtract => -1,
        }
    }
}

/// Adds (an approval) or takes away (a reopening) one report's values to or
/// from its period's criterion totals, in the caller's transaction.
pub fn adjust_totals(
    conn: &mut DbConnection,
    campaign_id: &str,
    period_id: &str,
    values: &[StoredValue],
    adjustment: Adjustment,
) -> Result<(), DbError> {
    use super::schema::criterion_totals as t;
    let sign = adjustment.sign();
    let s = f64::from(sign);
    for v in values {
        let c = Contribution::of(v);
        let update = |conn: &mut DbConnection| {
            prepared(diesel::update(t::table.find((campaign_id, period_id, &v.criterion_id))).set((
                t::numerator_sum.eq(t::numerator_sum + s * c.numerator),
                t::denominator_sum.eq(t::denominator_sum + s * c.denominator),
                t::ratio_n.eq(t::ratio_n + sign * c.ratio_n),
                t::percentage_sum.eq(t::percentage_sum + s * c.percentage),
                t::percentage_n.eq(t::percentage_n + sign * c.percentage_n),
                t::count_sum.eq(t::count_sum + s * c.count),
                t::count_n.eq(t::count_n + sign * c.count_n),
                t::values_n.eq(t::values_n + sign * c.values_n),
                t::measured.eq(t::measured + sign * c.measured),
                t::met.eq(t::met + sign * c.met),
                t::not_applicable.eq(t::not_applicable + sign * c.not_applicable),
            )))
            .execute(conn)
        };
        if update(conn)? == 1 {
            continue;
        }
        // The period's first approved value of this criterion: its row starts
        // at zero. Inside a savepoint, so that losing the race to a concurrent
        // approval (a unique violation) leaves this transaction usable.
        let created = conn.transaction(|conn| {
            diesel::insert_into(t::table)
                .values((
                    t::campaign_id.eq(campaign_id),
                    t::period_id.eq(period_id),
                    t::criterion_id.eq(&v.criterion_id),
                ))
                .execute(conn)
        });
        match created {
            Ok(_)
            | Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
                update(conn)?;
            }
            Err(other) => return Err(other.into()),
        }
    }
    Ok(())
}

type TotalsRow = (
    String,
    Option<f64>,
    Option<f64>,
    Option<i64>,
    Option<f64>,
    Option<i64>,
    Option<f64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

/// Per criterion, the approved values of every participant, from the kept
/// totals: a few rows per period instead of every value.
pub fn approved_tallies(
    conn: &mut DbConnection,
    campaign_id: &str,
    period_ids: &[String],
) -> Result<Vec<(String, CriterionTally)>, DbError> {
    use super::schema::criterion_totals as t;
    let rows: Vec<TotalsRow> = t::table
        .filter(t::campaign_id.eq(campaign_id))
        .filter(t::period_id.eq_any(period_ids))
        .group_by(t::criterion_id)
        .select((
            t::criterion_id,
            sum(t::numerator_sum),
            sum(t::denominator_sum),
            sum(t::ratio_n),
            sum(t::percentage_sum),
            sum(t::percentage_n),
            sum(t::count_sum),
            sum(t::count_n),
            sum(t::values_n),
            sum(t::measured),
            sum(t::met),
            sum(t::not_applicable),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(criterion, n, d, rn, p, pn, c, cn, values, measured, met, na)| {
            let some = |count: Option<i64>| count.unwrap_or(0) > 0;
            let tally = CriterionTally {
                numerator_sum: n.filter(|_| some(rn)),
                denominator_sum: d.filter(|_| some(rn)),
                percentage_mean: p.zip(pn).filter(|(_, k)| *k > 0).map(|(sum, k)| sum / k as f64),
                count_sum: c.filter(|_| some(cn)),
                values: values.unwrap_or(0),
                measured: measured.unwrap_or(0),
                met: met.unwrap_or(0),
                not_applicable: na.unwrap_or(0),
            };
            (criterion, tally)
        })
        .collect())
}

/// A campaign's moves and participants as they stand: what a scoreboard
/// shows of a report changes only when the report moves (its values are
/// frozen from its submission, and a draft counts nowhere), every move
/// raises its unit's kept `moves`, and every change to a unit raises its
/// version; so equal fingerprints mean nothing a scoreboard shows has
/// changed. One row per unit read, not every report.
/// Read in one round trip: it comes before every answer, kept or not.
pub fn fingerprint(conn: &mut DbConnection, campaign_id: &str) -> Result<(i64, Option<i64>, Option<i64>), DbError> {
    // How many units have moved reports, and how many moves there were.
    let of_campaign = || unit_totals::table.filter(unit_totals::campaign_id.eq(campaign_id));
    let units_moved = of_campaign().select(count_star()).single_value();
    let moves = of_campaign().select(sum(unit_totals::moves)).single_value();
    let unit_versions = campaign_participants::table
        .inner_join(org_units::table)
        .filter(campaign_participants::campaign_id.eq(campaign_id))
        .select(sum(org_units::version))
        .single_value();
    let (units_moved, moves, unit_versions): (Option<i64>, Option<i64>, Option<i64>) =
        diesel::select((units_moved, moves, unit_versions)).get_result(conn)?;
    Ok((units_moved.unwrap_or(0), moves, unit_versions))
}

/// The campaigns that roll up with one of `code` or `lineage`, issued inside
/// `within`: the communes running the same plan.
pub fn family(conn: &mut DbConnection, code: &str, lineage: &str, within: &str) -> Result<Vec<String>, DbError> {
    Ok(campaigns::table
        .inner_join(org_units::table)
        .filter(org_units::path.like(format!("{within}%")))
        .filter(campaigns::code.eq(code).or(campaigns::lineage.eq(lineage)).or(campaigns::id.eq(lineage)))
        .select(campaigns::id)
        .order(org_units::code.asc())
        .load(conn)?)
}
