//! Reward funds (quỹ thi đua, khen thưởng): one per issuing commune and
//! year, with a budget the office sets; signing a decision commits its total
//! to the fund of the signing year, revoking a line releases the money
//! recovered (`service::award_decisions`).

use crate::auth::Action;
use crate::auth::policy::not_found;
use crate::db::{self, DbConnection};
use crate::domain::award_decision::RewardFund;
use crate::domain::if_match::IfMatch;
use crate::domain::org::{OrgKind, within};
use crate::domain::page::Page;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::award_decisions::{NewRewardFund, RewardFundFilter, RewardFundUpdate, RewardFundView};
use crate::model::list::List;
use crate::service::audit::{Change, Entity};
use crate::service::org_units::unit_in_scope;
use crate::service::{Caller, version};

pub fn view(fund: RewardFund, org_unit_name: String) -> RewardFundView {
    RewardFundView {
        remaining_vnd: fund.budget_vnd - fund.committed_vnd,
        id: fund.id,
        org_unit_id: fund.org_unit_id,
        org_unit_name,
        year: fund.year,
        budget_vnd: fund.budget_vnd,
        committed_vnd: fund.committed_vnd,
        version: fund.version,
        created_at: fund.created_at,
        updated_at: fund.updated_at,
    }
}

/// The funds of the issuers in the caller's scope, latest year first.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: RewardFundFilter,
    page: Page,
) -> Result<List<RewardFundView>, ApiError> {
    let grant = caller.may(Action::ReadAwardDecisions)?;
    let query = db::reward_funds::Filter {
        within: grant.within().to_owned(),
        year: filter.year.map(i32::from),
        org_unit_id: filter.org_unit_id,
    };
    let (items, total) = db::reward_funds::list(conn, &query, page)?;
    Ok(List::new(items.into_iter().map(|(f, name)| view(f, name)).collect(), total, page))
}

/// A fund in the caller's scope, with its unit's name and path; 404 otherwise.
fn fund_in(conn: &mut DbConnection, scope: &str, id: &str) -> Result<(RewardFund, String, String), ApiError> {
    let found = db::reward_funds::get(conn, id)?.ok_or_else(not_found)?;
    if !within(&found.2, scope) {
        return Err(not_found());
    }
    Ok(found)
}

/// One fund.
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<RewardFundView, ApiError> {
    let grant = caller.may(Action::ReadAwardDecisions)?;
    let (fund, name, _) = fund_in(conn, grant.within(), id)?;
    Ok(view(fund, name))
}

fn check_budget(errors: &mut Vec<FieldError>, budget_vnd: i64) {
    if budget_vnd < 0 {
        errors.push(FieldError::new("budget_vnd", "negative", "The budget cannot be negative."));
    }
}

/// Opens the fund of an issuing commune in the caller's scope for a year.
pub fn create(conn: &mut DbConnection, caller: &Caller, input: NewRewardFund) -> Result<RewardFundView, ApiError> {
    let grant = caller.may(Action::PrepareAwardDecisions)?;
    let mut errors = Vec::new();
    let unit = match unit_in_scope(conn, "org_unit_id", &input.org_unit_id, grant.within()) {
        Ok(unit) if unit.kind == OrgKind::Commune => Some(unit),
        Ok(unit) => {
            errors.push(FieldError::new(
                "org_unit_id",
                "not_an_issuer",
                format!("{} is a {}; a reward fund belongs to the issuing commune.", unit.name, unit.kind),
            ));
            None
        }
        Err(e) => {
            errors.extend(e.into_field_errors()?);
            None
        }
    };
    if !(1900..=9999).contains(&input.year) {
        errors.push(FieldError::new("year", "out_of_range", "The year must be from 1900 to 9999."));
    }
    check_budget(&mut errors, input.budget_vnd);
    let Some(unit) = unit.filter(|_| errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    if db::reward_funds::of(conn, &unit.id, input.year)?.is_some() {
        return Err(ApiError::taken(
            ErrorCode::AlreadyExists,
            "year",
            format!("{} has a reward fund for {} already; change its budget instead.", unit.name, input.year),
            "The issuer has a fund for this year.",
        ));
    }
    let now = crate::domain::now();
    let fund = RewardFund {
        id: uuid::Uuid::now_v7().to_string(),
        org_unit_id: unit.id.clone(),
        year: input.year,
        budget_vnd: input.budget_vnd,
        committed_vnd: 0,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    db::reward_funds::insert(conn, &fund)?;
    let (stored, name, path) = fund_in(conn, grant.within(), &fund.id)?;
    let after = view(stored, name);
    Change::new(caller, Entity::RewardFund, &after.id, "create", Some(&path)).after(&after).record(conn)?;
    Ok(after)
}

/// Sets a fund's budget: never below what is committed (409 `budget_below_committed`).
pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
    input: RewardFundUpdate,
) -> Result<RewardFundView, ApiError> {
    let grant = caller.may(Action::PrepareAwardDecisions)?;
    let (current, name, path) = fund_in(conn, grant.within(), id)?;
    let mut errors = Vec::new();
    check_budget(&mut errors, input.budget_vnd);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    version::check(current.version, expected)?;
    if input.budget_vnd < current.committed_vnd {
        let mut e = ApiError::conflict(
            ErrorCode::BudgetBelowCommitted,
            format!(
                "Signed decisions have committed {} đồng of this fund; the budget cannot be {} đồng.",
                current.committed_vnd, input.budget_vnd
            ),
        );
        e.set_errors(vec![FieldError::new(
            "budget_vnd",
            "below_committed",
            format!("At least {} đồng.", current.committed_vnd),
        )]);
        return Err(e);
    }
    let outcome = db::reward_funds::set_budget(conn, id, current.version, input.budget_vnd)?;
    version::landed(outcome, current.version)?;
    let before = view(current, name);
    let (stored, name, _) = fund_in(conn, grant.within(), id)?;
    let after = view(stored, name);
    Change::new(caller, Entity::RewardFund, id, "update", Some(&path)).before(&before).after(&after).record(conn)?;
    Ok(after)
}
