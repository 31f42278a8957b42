//! The `reports`, `report_values` and `report_events` tables (comments: `report_comments`).

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::dsl::Eq;
use diesel::prelude::*;

use super::prepared::prepared;
use super::schema::{campaigns, org_units, report_events, report_values, reports};
use super::{DbConnection, DbError};
use crate::domain::campaign::CampaignStatus;
use crate::domain::org::OrgKind;
use crate::domain::page::Paging;
use crate::domain::report::{Computed, Figures, Report, ReportStatus, StoredValue};
use crate::domain::score::UnitTally;

pub(super) type Row = (
    String,
    String,
    String,
    String,
    String,
    i32,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    String,
    NaiveDateTime,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<bool>,
);

/// The columns of a `Row`, in order.
pub(super) type Columns = (
    reports::id,
    reports::campaign_id,
    reports::org_unit_id,
    reports::period_id,
    reports::status,
    reports::version,
    reports::submitted_at,
    reports::approved_at,
    reports::created_by,
    reports::created_at,
    reports::updated_at,
    reports::first_submitted_at,
    reports::submitted_on_time,
);

pub(super) const COLUMNS: Columns = (
    reports::id,
    reports::campaign_id,
    reports::org_unit_id,
    reports::period_id,
    reports::status,
    reports::version,
    reports::submitted_at,
    reports::approved_at,
    reports::created_by,
    reports::created_at,
    reports::updated_at,
    reports::first_submitted_at,
    reports::submitted_on_time,
);

pub(super) fn from_row(row: Row) -> Result<Report, DbError> {
    let (
        id,
        campaign_id,
        org_unit_id,
        period_id,
        status,
        version,
        submitted_at,
        approved_at,
        created_by,
        created_at,
        updated_at,
        first_submitted_at,
        submitted_on_time,
    ) = row;
    Ok(Report {
        status: status.parse().map_err(|_| DbError::Other(format!("report {id} has an unknown status")))?,
        id,
        campaign_id,
        org_unit_id,
        period_id,
        version,
        submitted_at: submitted_at.map(|t| t.and_utc()),
        approved_at: approved_at.map(|t| t.and_utc()),
        created_by,
        created_at: created_at.and_utc(),
        updated_at: updated_at.and_utc(),
        first_submitted_at: first_submitted_at.map(|t| t.and_utc()),
        submitted_on_time,
    })
}

pub fn insert(conn: &mut DbConnection, r: &Report) -> Result<(), DbError> {
    diesel::insert_into(reports::table).values(new_row(r)).execute(conn)?;
    Ok(())
}

/// The columns a new report is inserted with (one report, or a batch's rows).
pub(super) type NewRow<'a> = (
    Eq<reports::id, &'a String>,
    Eq<reports::campaign_id, &'a String>,
    Eq<reports::org_unit_id, &'a String>,
    Eq<reports::period_id, &'a String>,
    Eq<reports::status, &'static str>,
    Eq<reports::version, i32>,
    Eq<reports::created_by, &'a String>,
    Eq<reports::created_at, NaiveDateTime>,
    Eq<reports::updated_at, NaiveDateTime>,
);

/// `r` as the row [`insert`] writes.
pub(super) fn new_row(r: &Report) -> NewRow<'_> {
    (
        reports::id.eq(&r.id),
        reports::campaign_id.eq(&r.campaign_id),
        reports::org_unit_id.eq(&r.org_unit_id),
        reports::period_id.eq(&r.period_id),
        reports::status.eq(r.status.as_str()),
        reports::version.eq(r.version),
        reports::created_by.eq(&r.created_by),
        reports::created_at.eq(r.created_at.naive_utc()),
        reports::updated_at.eq(r.updated_at.naive_utc()),
    )
}

/// A report and the path of its unit.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<(Report, String)>, DbError> {
    let row: Option<(Row, String)> = reports::table
        .inner_join(org_units::table)
        .filter(reports::id.eq(id))
        .select((COLUMNS, org_units::path))
        .first(conn)
        .optional()?;
    row.map(|(row, path)| Ok((from_row(row)?, path))).transpose()
}

/// A report with what may have changed around it since its campaign was
/// defined: where its unit sits now and the campaign's status.
#[derive(Clone, Debug)]
pub struct Located {
    pub report: Report,
    pub unit_path: String,
    pub unit_kind: OrgKind,
    pub campaign_status: CampaignStatus,
}

/// A report, its unit's path and kind and its campaign's status, in one query.
///
/// Its values are read by [`values`], a second query: one query joining
/// them, a row per value with the report's columns repeated, measured
/// slower on both backends (decoding the repeated columns costs more than
/// the round trip it saves).
pub fn located(conn: &mut DbConnection, id: &str) -> Result<Option<Located>, DbError> {
    let row: Option<(Row, String, String, String)> = reports::table
        .inner_join(org_units::table)
        .inner_join(campaigns::table)
        .filter(reports::id.eq(id))
        .select((COLUMNS, org_units::path, org_units::kind, campaigns::status))
        // Not `first`: its `LIMIT ?` is a bound value the SQLite planner
        // looks at, which makes SQLite prepare the statement again at every
        // execution (a fifth of a report read's CPU). The id is unique anyway.
        .get_result(conn)
        .optional()?;
    let Some((row, unit_path, kind, status)) = row else { return Ok(None) };
    let report = from_row(row)?;
    Ok(Some(Located {
        unit_kind: kind
            .parse()
            .map_err(|_| DbError::Other(format!("report {} has a unit of unknown kind", report.id)))?,
        campaign_status: status
            .parse()
            .map_err(|_| DbError::Other(format!("report {} has a campaign of unknown status", report.id)))?,
        report,
        unit_path,
    }))
}

#[derive(Debug, Default)]
pub struct Filter {
    pub within: String,
    /// Further subtrees read (the units the caller's unit succeeded).
    pub also_within: Vec<String>,
    pub campaign_id: Option<String>,
    pub period_id: Option<String>,
    pub org_unit_id: Option<String>,
    pub status: Option<String>,
    pub updated_since: Option<DateTime<Utc>>,
}

/// One page of reports (by offset: latest change first), and how many match.
pub fn list(
    conn: &mut DbConnection,
    filter: &Filter,
    paging: impl Into<Paging>,
) -> Result<(Vec<Report>, u64), DbError> {
    let paging = &paging.into();
    let query = || {
        let mut query = reports::table
            .inner_join(org_units::table)
            .filter(org_units::path.like(format!("{}%", filter.within)))
            .into_boxed();
        // Diesel groups what came before an `or_filter`: the filters below
        // apply to every subtree.
        for subtree in &filter.also_within {
            query = query.or_filter(org_units::path.like(format!("{subtree}%")));
        }
        if let Some(v) = &filter.campaign_id {
            query = query.filter(reports::campaign_id.eq(v.clone()));
        }
        if let Some(v) = &filter.period_id {
            query = query.filter(reports::period_id.eq(v.clone()));
        }
        if let Some(v) = &filter.org_unit_id {
            query = query.filter(reports::org_unit_id.eq(v.clone()));
        }
        if let Some(v) = &filter.status {
            query = query.filter(reports::status.eq(v.clone()));
        }
        if let Some(v) = filter.updated_since {
            query = query.filter(reports::updated_at.ge(v.naive_utc()));
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let mut rows = query().select(COLUMNS);
    rows = match paging {
        Paging::Offset(page) => rows
            .order((reports::updated_at.desc(), reports::id.asc()))
            .offset(i64::try_from(page.offset).unwrap_or(i64::MAX)),
        Paging::After { key, .. } => {
            if let Some(key) = key {
                let at = key.updated_at.naive_utc();
                rows = rows.filter(
                    reports::updated_at.gt(at).or(reports::updated_at.eq(at).and(reports::id.gt(key.id.clone()))),
                );
            }
            rows.order((reports::updated_at.asc(), reports::id.asc()))
        }
    };
    let rows: Vec<Row> = rows.limit(paging.rows()).load(conn)?;
    let found = rows.into_iter().map(from_row).collect::<Result<_, _>>()?;
    Ok((found, u64::try_from(total).unwrap_or(0)))
}

/// Every report of a campaign in the given periods, for units inside `within`.
pub fn of_periods(
    conn: &mut DbConnection,
    campaign_id: &str,
    period_ids: &[String],
    within: &str,
) -> Result<Vec<Report>, DbError> {
    let rows: Vec<Row> = reports::table
        .inner_join(org_units::table)
        .filter(reports::campaign_id.eq(campaign_id))
        .filter(reports::period_id.eq_any(period_ids))
        .filter(org_units::path.like(format!("{within}%")))
        .select(COLUMNS)
        .load(conn)?;
    rows.into_iter().map(from_row).collect()
}

pub(super) type ValueRow = (
    String,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<bool>,
    Option<f64>,
    Option<bool>,
    bool,
    String,
    NaiveDateTime,
);

type ValueColumns = (
    report_values::criterion_id,
    report_values::numerator,
    report_values::denominator,
    report_values::percentage,
    report_values::count,
    report_values::achieved,
    report_values::computed_percentage,
    report_values::met,
    report_values::not_applicable,
    report_values::note,
    report_values::updated_at,
);

/// The columns of a `ValueRow`, in order (the scoreboard reads values this way too).
pub(super) const VALUE_COLUMNS: ValueColumns = (
    report_values::criterion_id,
    report_values::numerator,
    report_values::denominator,
    report_values::percentage,
    report_values::count,
    report_values::achieved,
    report_values::computed_percentage,
    report_values::met,
    report_values::not_applicable,
    report_values::note,
    report_values::updated_at,
);

pub(super) fn value_from_row(row: ValueRow) -> StoredValue {
    let (criterion_id, numerator, denominator, percentage, count, achieved, computed, met, not_applicable, note, at) =
        row;
    StoredValue {
        criterion_id,
        figures: Figures { numerator, denominator, percentage, count, achieved },
        computed: Computed { percentage: computed, met, not_applicable },
        note,
        updated_at: at.and_utc(),
    }
}

/// The values of a report.
pub fn values(conn: &mut DbConnection, report_id: &str) -> Result<Vec<StoredValue>, DbError> {
    let rows: Vec<ValueRow> =
        report_values::table.filter(report_values::report_id.eq(report_id)).select(VALUE_COLUMNS).load(conn)?;
    Ok(rows.into_iter().map(value_from_row).collect())
}

/// Raises the version of a report still at `version`; the report as it is
/// now, or `None` when it is at another version (or gone).
pub fn touch(conn: &mut DbConnection, id: &str, version: i32) -> Result<Option<Report>, DbError> {
    let row: Option<Row> = prepared(
        diesel::update(reports::table.find(id).filter(reports::version.eq(version)))
            .set((reports::version.eq(version + 1), reports::updated_at.eq(crate::domain::now().naive_utc())))
            .returning(COLUMNS),
    )
    .get_result(conn)
    .optional()?;
    row.map(from_row).transpose()
}

/// What a submission writes besides the move.
#[derive(Clone, Copy, Debug)]
pub struct Submission {
    /// What the values add up to, for the scoreboard.
    pub tally: UnitTally,
    /// `Some(on_time)` on the first submission only.
    pub first_on_time: Option<bool>,
}

/// Moves a report from `from` to `to`, only if it is still at `version` and
/// in `from`: of two reviewers acting at once, exactly one succeeds. Returns
/// the report as moved, or `None` when another move came first.
///
/// A submission also records what the frozen values add up to for the
/// scoreboard and, on the report's first submission (`first_on_time`), the
/// time and whether it came by the due day, which later submissions keep.
/// (The caller read the report at `version` without a first submission; the
/// version guard makes sure that is still so.)
pub fn move_status(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    from: ReportStatus,
    to: ReportStatus,
    now: DateTime<Utc>,
    submission: Option<Submission>,
) -> Result<Option<Report>, DbError> {
    let guarded =
        reports::table.find(id).filter(reports::version.eq(version)).filter(reports::status.eq(from.as_str()));
    let stamp = now.naive_utc();
    let moved = (reports::status.eq(to.as_str()), reports::version.eq(version + 1), reports::updated_at.eq(stamp));
    let row: Option<Row> = match (to, submission) {
        (ReportStatus::Submitted, Some(Submission { tally, first_on_time })) => {
            let count = |n: i64| i32::try_from(n).unwrap_or(i32::MAX);
            let totals = (
                reports::met_weight.eq(tally.met_weight),
                reports::met_count.eq(count(tally.met)),
                reports::not_applicable_weight.eq(tally.not_applicable_weight),
                reports::not_applicable_count.eq(count(tally.not_applicable)),
            );
            match first_on_time {
                Some(on_time) => prepared(
                    diesel::update(guarded)
                        .set((
                            moved,
                            reports::submitted_at.eq(Some(stamp)),
                            reports::first_submitted_at.eq(Some(stamp)),
                            reports::submitted_on_time.eq(Some(on_time)),
                            totals,
                        ))
                        .returning(COLUMNS),
                )
                .get_result(conn)
                .optional()?,
                None => prepared(
                    diesel::update(guarded)
                        .set((moved, reports::submitted_at.eq(Some(stamp)), totals))
                        .returning(COLUMNS),
                )
                .get_result(conn)
                .optional()?,
            }
        }
        (ReportStatus::Approved, _) => {
            prepared(diesel::update(guarded).set((moved, reports::approved_at.eq(Some(stamp)))).returning(COLUMNS))
                .get_result(conn)
                .optional()?
        }
        _ => prepared(diesel::update(guarded).set(moved).returning(COLUMNS)).get_result(conn).optional()?,
    };
    row.map(from_row).transpose()
}

/// One move in a report's history.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub actor: String,
    pub at: DateTime<Utc>,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
}

pub fn add_event(conn: &mut DbConnection, report_id: &str, e: &Event) -> Result<(), DbError> {
    diesel::insert_into(report_events::table)
        .values((
            report_events::id.eq(uuid::Uuid::now_v7().to_string()),
            report_events::report_id.eq(report_id),
            report_events::actor.eq(&e.actor),
            report_events::at.eq(e.at.naive_utc()),
            report_events::action.eq(&e.action),
            report_events::from_status.eq(e.from_status.as_deref()),
            report_events::to_status.eq(&e.to_status),
            report_events::reason.eq(e.reason.as_deref()),
        ))
        .execute(conn)?;
    Ok(())
}

type EventRow = (String, NaiveDateTime, String, Option<String>, String, Option<String>);

/// A report's history, oldest first.
pub fn events(conn: &mut DbConnection, report_id: &str) -> Result<Vec<Event>, DbError> {
    let rows: Vec<EventRow> = report_events::table
        .filter(report_events::report_id.eq(report_id))
        .select((
            report_events::actor,
            report_events::at,
            report_events::action,
            report_events::from_status,
            report_events::to_status,
            report_events::reason,
        ))
        .order((report_events::at.asc(), report_events::id.asc()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(actor, at, action, from_status, to_status, reason)| Event {
            actor,
            at: at.and_utc(),
            action,
            from_status,
            to_status,
            reason,
        })
        .collect())
}
