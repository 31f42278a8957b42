//! Per campaign and unit, what its reports add up to on the scoreboard,
//! kept by every move of a report (table `unit_totals`, migration 000019):
//! a whole-campaign board reads one row per unit instead of every report.
//!
//! A move takes its report's share out of the status it leaves and adds it
//! to the status it enters: [`UnitShare`] says by how much, and the report's
//! own sums (`met_weight` …, frozen at its submission) say of what. On
//! PostgreSQL the write is one more data-modifying CTE of the move's one
//! statement (`db::report_moves`); on SQLite it is [`add_move`], in the
//! move's transaction (the writer's batch).

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};

use super::reports::Submission;
use super::schema::unit_totals as t;
use super::{DbConnection, DbError};
use crate::domain::report::ReportStatus;
use crate::domain::score::UnitTally;

/// What one move changes in its unit's row: +1, -1 or 0 for each count the
/// board shows; the sums follow `approved` and `awaiting`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UnitShare {
    /// The report's first submission.
    pub submitted: i32,
    /// Its first submission, by the due day.
    pub on_time: i32,
    /// Into (+1) or out of (-1) `approved`.
    pub approved: i32,
    /// Into (+1) or out of (-1) `submitted`: awaiting review.
    pub awaiting: i32,
}

impl UnitShare {
    /// The share of a move from `from` to `to` (with `submission` on a submission).
    pub fn of_move(from: ReportStatus, to: ReportStatus, submission: Option<Submission>) -> Self {
        let is = |s: ReportStatus, wanted: ReportStatus| i32::from(s == wanted);
        let first = submission.and_then(|s| s.first_on_time);
        Self {
            submitted: i32::from(first.is_some()),
            on_time: i32::from(first == Some(true)),
            approved: is(to, ReportStatus::Approved) - is(from, ReportStatus::Approved),
            awaiting: is(to, ReportStatus::Submitted) - is(from, ReportStatus::Submitted),
        }
    }
}

/// Adds a moved report's share to its unit's row (created at the unit's
/// first move), reading the report's sums as the move left them (SQLite:
/// PostgreSQL does the same inside the move's statement).
pub fn add_move(conn: &mut DbConnection, report_id: &str, share: UnitShare) -> Result<(), DbError> {
    let DbConnection::Sqlite(sqlite) = conn else {
        return Err(DbError::Other("unit totals are added apart from their move on SQLite only".to_owned()));
    };
    diesel::sql_query(ADD_MOVE)
        .bind::<Integer, _>(share.submitted)
        .bind::<Integer, _>(share.on_time)
        .bind::<Integer, _>(share.approved)
        .bind::<Integer, _>(share.awaiting)
        .bind::<Text, _>(report_id)
        .execute(sqlite)?;
    Ok(())
}

/// `add_move`'s statement; `db::report_moves::WRITE_MOVE` holds the same as a CTE.
const ADD_MOVE: &str = "\
INSERT INTO unit_totals (campaign_id, org_unit_id, moves, submitted, on_time,
                         approved, approved_met_weight, approved_met, approved_na_weight, approved_na,
                         awaiting, awaiting_met_weight, awaiting_met, awaiting_na_weight, awaiting_na)
SELECT r.campaign_id, r.org_unit_id, 1, ?1, ?2,
       ?3, ?3 * r.met_weight, ?3 * r.met_count, ?3 * r.not_applicable_weight, ?3 * r.not_applicable_count,
       ?4, ?4 * r.met_weight, ?4 * r.met_count, ?4 * r.not_applicable_weight, ?4 * r.not_applicable_count
FROM reports r WHERE r.id = ?5
ON CONFLICT (campaign_id, org_unit_id) DO UPDATE SET
    moves = moves + excluded.moves,
    submitted = submitted + excluded.submitted,
    on_time = on_time + excluded.on_time,
    approved = approved + excluded.approved,
    approved_met_weight = approved_met_weight + excluded.approved_met_weight,
    approved_met = approved_met + excluded.approved_met,
    approved_na_weight = approved_na_weight + excluded.approved_na_weight,
    approved_na = approved_na + excluded.approved_na,
    awaiting = awaiting + excluded.awaiting,
    awaiting_met_weight = awaiting_met_weight + excluded.awaiting_met_weight,
    awaiting_met = awaiting_met + excluded.awaiting_met,
    awaiting_na_weight = awaiting_na_weight + excluded.awaiting_na_weight,
    awaiting_na = awaiting_na + excluded.awaiting_na";

/// One unit's kept row, as the board reads it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct UnitTotals {
    pub submitted: i64,
    pub on_time: i64,
    pub approved: i64,
    pub awaiting: i64,
    /// What the approved reports add up to.
    pub approved_tally: UnitTally,
    /// What the reports awaiting review add up to.
    pub awaiting_tally: UnitTally,
}

type TotalsRow = (i32, i32, i32, f64, i32, f64, i32, i32, f64, i32, f64, i32);

/// A campaign's kept rows, by unit (a unit none of whose reports has moved
/// yet has none): what a whole-campaign board reads, one row per unit, beside
/// the participants its cache keeps.
pub fn of_campaign(conn: &mut DbConnection, campaign_id: &str) -> Result<Vec<(String, UnitTotals)>, DbError> {
    let rows: Vec<(String, TotalsRow)> = t::table
        .filter(t::campaign_id.eq(campaign_id))
        .select((
            t::org_unit_id,
            (
                t::submitted,
                t::on_time,
                t::approved,
                t::approved_met_weight,
                t::approved_met,
                t::approved_na_weight,
                t::approved_na,
                t::awaiting,
                t::awaiting_met_weight,
                t::awaiting_met,
                t::awaiting_na_weight,
                t::awaiting_na,
            ),
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|(unit, totals)| (unit, totals_of(totals))).collect())
}

fn totals_of(row: TotalsRow) -> UnitTotals {
    let (submitted, on_time, approved, amw, am, anw, an, awaiting, wmw, wm, wnw, wn) = row;
    let tally = |met_weight, met: i32, not_applicable_weight, not_applicable: i32| UnitTally {
        met_weight,
        met: met.into(),
        not_applicable_weight,
        not_applicable: not_applicable.into(),
    };
    UnitTotals {
        submitted: submitted.into(),
        on_time: on_time.into(),
        approved: approved.into(),
        awaiting: awaiting.into(),
        approved_tally: tally(amw, am, anw, an),
        awaiting_tally: tally(wmw, wm, wnw, wn),
    }
}
