//! The `reward_funds` table: each issuer's quỹ thi đua, khen thưởng per year.
//!
//! `committed_vnd` moves only in the transaction that signs a decision or
//! revokes a line, by a guarded UPDATE: of two decisions that would each fit
//! the budget but not together, exactly one charge lands, on both backends
//! (PostgreSQL re-reads the row once the first transaction commits).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{org_units, reward_funds};
use super::{DbConnection, DbError, Guarded};
use crate::domain::award_decision::RewardFund;
use crate::domain::page::Page;

type Row = (String, String, i32, i64, i64, i32, NaiveDateTime, NaiveDateTime);

const COLUMNS: (
    reward_funds::id,
    reward_funds::org_unit_id,
    reward_funds::year,
    reward_funds::budget_vnd,
    reward_funds::committed_vnd,
    reward_funds::version,
    reward_funds::created_at,
    reward_funds::updated_at,
) = (
    reward_funds::id,
    reward_funds::org_unit_id,
    reward_funds::year,
    reward_funds::budget_vnd,
    reward_funds::committed_vnd,
    reward_funds::version,
    reward_funds::created_at,
    reward_funds::updated_at,
);

fn fund(row: Row) -> RewardFund {
    let (id, org_unit_id, year, budget_vnd, committed_vnd, version, created_at, updated_at) = row;
    RewardFund {
        id,
        org_unit_id,
        year,
        budget_vnd,
        committed_vnd,
        version,
        created_at: created_at.and_utc(),
        updated_at: updated_at.and_utc(),
    }
}

/// A fund with its unit's name and path.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<(RewardFund, String, String)>, DbError> {
    let row: Option<(Row, String, String)> = reward_funds::table
        .inner_join(org_units::table)
        .filter(reward_funds::id.eq(id))
        .select((COLUMNS, org_units::name, org_units::path))
        .first(conn)
        .optional()?;
    Ok(row.map(|(row, name, path)| (fund(row), name, path)))
}

/// The fund of an issuer for a year.
pub fn of(conn: &mut DbConnection, org_unit_id: &str, year: i32) -> Result<Option<RewardFund>, DbError> {
    let row: Option<Row> = reward_funds::table
        .filter(reward_funds::org_unit_id.eq(org_unit_id))
        .filter(reward_funds::year.eq(year))
        .select(COLUMNS)
        .first(conn)
        .optional()?;
    Ok(row.map(fund))
}

/// Which funds to list.
#[derive(Debug, Default)]
pub struct Filter {
    pub within: String,
    pub year: Option<i32>,
    pub org_unit_id: Option<String>,
}

/// One page of funds, latest year first, each with its unit's name, and how many match.
pub fn list(conn: &mut DbConnection, filter: &Filter, page: Page) -> Result<(Vec<(RewardFund, String)>, u64), DbError> {
    let query = || {
        let mut query = reward_funds::table
            .inner_join(org_units::table)
            .filter(org_units::path.like(format!("{}%", filter.within)))
            .into_boxed();
        if let Some(year) = filter.year {
            query = query.filter(reward_funds::year.eq(year));
        }
        if let Some(unit) = &filter.org_unit_id {
            query = query.filter(reward_funds::org_unit_id.eq(unit.clone()));
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let rows: Vec<(Row, String)> = query()
        .select((COLUMNS, org_units::name))
        .order((reward_funds::year.desc(), org_units::name, reward_funds::id))
        .limit(i64::from(page.limit))
        .offset(i64::try_from(page.offset).unwrap_or(i64::MAX))
        .load(conn)?;
    Ok((rows.into_iter().map(|(row, name)| (fund(row), name)).collect(), u64::try_from(total).unwrap_or(0)))
}

pub fn insert(conn: &mut DbConnection, f: &RewardFund) -> Result<(), DbError> {
    diesel::insert_into(reward_funds::table)
        .values((
            reward_funds::id.eq(&f.id),
            reward_funds::org_unit_id.eq(&f.org_unit_id),
            reward_funds::year.eq(f.year),
            reward_funds::budget_vnd.eq(f.budget_vnd),
            reward_funds::committed_vnd.eq(0_i64),
            reward_funds::version.eq(1),
            reward_funds::created_at.eq(f.created_at.naive_utc()),
            reward_funds::updated_at.eq(f.updated_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Sets the budget if the fund is still at `version` (every charge and
/// release raises it, so the committed amount checked against the new budget
/// is still the one stored).
pub fn set_budget(conn: &mut DbConnection, id: &str, version: i32, budget_vnd: i64) -> Result<Guarded, DbError> {
    let updated = diesel::update(reward_funds::table.find(id).filter(reward_funds::version.eq(version)))
        .set((
            reward_funds::budget_vnd.eq(budget_vnd),
            reward_funds::version.eq(version + 1),
            reward_funds::updated_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn)?;
    super::guarded(updated, || Ok(get(conn, id)?.is_some()))
}

/// Commits `amount_vnd` to the fund; unless `over_budget`, only if it still
/// fits (committed + amount ≤ budget). `false`: it did not fit.
pub fn charge(conn: &mut DbConnection, id: &str, amount_vnd: i64, over_budget: bool) -> Result<bool, DbError> {
    let now = crate::domain::now().naive_utc();
    let set = (
        reward_funds::committed_vnd.eq(reward_funds::committed_vnd + amount_vnd),
        reward_funds::version.eq(reward_funds::version + 1),
        reward_funds::updated_at.eq(now),
    );
    let target = reward_funds::table.find(id);
    let updated = if over_budget {
        diesel::update(target).set(set).execute(conn)?
    } else {
        diesel::update(target.filter((reward_funds::committed_vnd + amount_vnd).le(reward_funds::budget_vnd)))
            .set(set)
            .execute(conn)?
    };
    Ok(updated == 1)
}

/// Releases `amount_vnd` committed to the fund (a revoked line's recovered money).
pub fn release(conn: &mut DbConnection, id: &str, amount_vnd: i64) -> Result<bool, DbError> {
    let updated = diesel::update(reward_funds::table.find(id).filter(reward_funds::committed_vnd.ge(amount_vnd)))
        .set((
            reward_funds::committed_vnd.eq(reward_funds::committed_vnd - amount_vnd),
            reward_funds::version.eq(reward_funds::version + 1),
            reward_funds::updated_at.eq(crate::domain::now().naive_utc()),
        ))
        .execute(conn)?;
    Ok(updated == 1)
}
