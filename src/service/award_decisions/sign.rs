//! Signing a decision: each line's amount by the regime in force on the
//! signing date — the coefficient for the award type and subject kind that
//! day × the base salary that day, rounded up to 10,000 đồng
//! (`domain::awards::amount`) — kept on the line with every figure it came
//! from; the total charged to the issuer's reward fund of that year by a
//! guarded update in the same transaction.
//!
//! Over the budget the signature is refused (409 `fund_exceeded`, with the
//! figures) unless the chairman gives `over_budget_reason`; with no fund
//! recorded for the year it is refused (409 `no_fund`) unless the same
//! reason is given — the decision is then signed charging no fund. The
//! reason is kept on the decision and in the audit log.

use std::collections::HashMap;

use chrono::Datelike;

use super::records::{check_awardable, signed};
use super::{decision_in, view};
use crate::auth::Action;
use crate::db::award_decisions::{Figures, Signature};
use crate::db::{self, DbConnection};
use crate::domain::award_decision::{DecisionStatus, FundCharge};
use crate::domain::awards::{self, AwardType};
use crate::domain::if_match::IfMatch;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::award_decisions::{AwardDecisionView, SignInput};
use crate::service::audit::{Change, Entity};
use crate::service::{Caller, version};

/// The longest reason, in characters.
const MAX_REASON: usize = 2_000;

/// Signs a draft read at version `expected` (see the module's notes).
pub fn sign(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
    input: SignInput,
) -> Result<AwardDecisionView, ApiError> {
    let grant = caller.may(Action::SignAwardDecisions)?;
    let (decision, name, path) = decision_in(conn, caller, &grant, id)?;
    let reason = input.over_budget_reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    if reason.as_ref().is_some_and(|r| r.chars().count() > MAX_REASON) {
        return Err(ApiError::validation(vec![FieldError::new(
            "over_budget_reason",
            "too_long",
            "2,000 characters at most.",
        )]));
    }
    version::check(decision.version, expected)?;
    if decision.status != DecisionStatus::Draft {
        return Err(signed(decision.status));
    }
    let lines = db::award_decisions::lines(conn, id)?;
    let ids: Vec<String> = lines.iter().map(|l| l.line.nomination_id.clone()).collect();
    check_awardable(&db::nominees::nominees(conn, &ids)?)?;

    // Every line's figures on the signing date, or 409 naming each line without them.
    let on = decision.signed_on;
    let salaries = db::awards::all_base_salaries(conn)?;
    let salary = awards::in_force(&salaries, on).cloned();
    let mut types: HashMap<String, Option<AwardType>> = HashMap::new();
    let mut missing = Vec::new();
    let mut figures = Vec::new();
    for named in &lines {
        let line = &named.line;
        if !types.contains_key(&line.award_type_id) {
            types.insert(line.award_type_id.clone(), db::awards::get_award_type(conn, &line.award_type_id)?);
        }
        let award = types.get(&line.award_type_id).and_then(Option::as_ref);
        let coefficient = award.and_then(|a| a.coefficient_on(line.subject_kind, on));
        let field = format!("lines[{}]", line.ordinal);
        let who = format!("line {} ({})", line.ordinal, line.subject_name);
        match (coefficient, &salary) {
            (None, _) => missing.push(FieldError::new(
                field,
                "no_coefficient",
                format!(
                    "{who}: {} has no coefficient for a {} subject in force on {on}.",
                    named.award_type_name,
                    line.subject_kind.as_str()
                ),
            )),
            (_, None) => missing.push(FieldError::new(
                field,
                "no_base_salary",
                format!("{who}: no base salary is recorded in force on {on}."),
            )),
            (Some(c), Some(s)) => {
                let money = awards::amount(c.coefficient, s.amount_vnd).ok_or_else(|| {
                    ApiError::internal(&format!("the amount of {} × {} is out of range", c.coefficient, s.amount_vnd))
                })?;
                figures.push((line.id.clone(), c.clone(), money));
            }
        }
    }
    if !missing.is_empty() {
        let detail = missing.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" ");
        let mut e = ApiError::conflict(ErrorCode::AmountUnavailable, detail);
        e.set_errors(missing);
        return Err(e);
    }
    let total_vnd: i64 = figures.iter().map(|(_, _, money)| money.rounded_vnd).sum();
    let year = on.year();
    let fund = db::reward_funds::of(conn, &decision.org_unit_id, year)?;
    if fund.is_none() && reason.is_none() {
        return Err(ApiError::conflict(
            ErrorCode::NoFund,
            format!(
                "{name} has no reward fund for {year}: open one (POST /api/v1/reward-funds), or sign with \
                 over_budget_reason to sign charging no fund. The decision totals {total_vnd} đồng."
            ),
        ));
    }

    // The writes: the signature first (of two concurrent ones, one lands), then the fund.
    let now = crate::domain::now();
    let actor = caller.principal.actor_ref();
    let signature = Signature {
        total_vnd,
        fund_id: fund.as_ref().map(|f| f.id.as_str()),
        over_budget_reason: reason.as_deref(),
        signed_by: &actor,
        signed_at: now.naive_utc(),
    };
    version::landed(db::award_decisions::sign(conn, id, decision.version, &signature)?, decision.version)?;
    for (line_id, c, money) in &figures {
        let s = salary.as_ref().ok_or_else(|| ApiError::internal(&"the base salary vanished"))?;
        let milli = i32::try_from(c.coefficient.milli())
            .map_err(|_| ApiError::internal(&format!("coefficient {} is out of range", c.coefficient)))?;
        db::award_decisions::set_figures(
            conn,
            line_id,
            &Figures {
                coefficient_id: &c.id,
                coefficient_milli: milli,
                base_salary_id: &s.id,
                base_salary_vnd: s.amount_vnd,
                raw_amount_vnd: money.raw_vnd,
                amount_vnd: money.rounded_vnd,
                legal_basis_id: &c.legal_basis_id,
            },
        )?;
    }
    if let Some(fund) = &fund
        && !db::reward_funds::charge(conn, &fund.id, total_vnd, false)?
    {
        // What the fund holds now: another signature may have committed more since it was read.
        let now_fund = db::reward_funds::of(conn, &decision.org_unit_id, year)?.unwrap_or_else(|| fund.clone());
        let charge = FundCharge { budget_vnd: now_fund.budget_vnd, committed_vnd: now_fund.committed_vnd, total_vnd };
        if reason.is_none() {
            let figures = format!(
                "The {year} reward fund of {name} has {} đồng budgeted, {} committed, {} remaining; this decision \
                 totals {total_vnd} đồng, {} over. Sign with over_budget_reason to exceed it.",
                charge.budget_vnd,
                charge.committed_vnd,
                charge.remaining_vnd(),
                charge.excess_vnd()
            );
            let mut e = ApiError::conflict(ErrorCode::FundExceeded, figures.clone());
            e.set_errors(vec![FieldError::new("total_vnd", "fund_exceeded", figures)]);
            return Err(e);
        }
        db::reward_funds::charge(conn, &fund.id, total_vnd, true)?;
    }
    let (signed_decision, name, _) = decision_in(conn, caller, &grant, id)?;
    let after = view(conn, signed_decision, name)?;
    Change::new(caller, Entity::AwardDecision, id, "sign", Some(&path))
        .before(&serde_json::json!({ "status": DecisionStatus::Draft.as_str(), "version": decision.version }))
        .after(&after)
        .record(conn)?;
    Ok(after)
}
