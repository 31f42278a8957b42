//! Commendation reference data (issue 13): every role and `service:read`
//! read it; the amount of an award on a signing date is computed from it.

use super::Caller;
use crate::auth::Action;
use crate::db::{self, DbConnection};
use crate::domain::awards::{self, ROUNDING_RULE, ROUNDING_STEP_VND};
use crate::domain::page::Page;
use crate::error::{ApiError, FieldError};
use crate::model::awards::{
    AmountParams, AwardAmountView, AwardCoefficientView, AwardTypeView, BaseSalaryView, LegalBasisView,
};
use crate::model::list::List;

/// The legal bases, oldest in force first.
pub fn list_legal_bases(
    conn: &mut DbConnection,
    caller: &Caller,
    page: Page,
) -> Result<List<LegalBasisView>, ApiError> {
    caller.may(Action::ReadAwardReference)?;
    let (items, total) = db::awards::list_legal_bases(conn, page)?;
    Ok(List::new(items.into_iter().map(LegalBasisView::from).collect(), total, page))
}

/// The base salary table, oldest first.
pub fn list_base_salaries(
    conn: &mut DbConnection,
    caller: &Caller,
    page: Page,
) -> Result<List<BaseSalaryView>, ApiError> {
    caller.may(Action::ReadAwardReference)?;
    let (items, total) = db::awards::list_base_salaries(conn, page)?;
    Ok(List::new(items.into_iter().map(BaseSalaryView::from).collect(), total, page))
}

/// The award types in code order, each with its subjects and dated coefficients.
pub fn list_award_types(conn: &mut DbConnection, caller: &Caller, page: Page) -> Result<List<AwardTypeView>, ApiError> {
    caller.may(Action::ReadAwardReference)?;
    let (items, total) = db::awards::list_award_types(conn, page)?;
    Ok(List::new(items.into_iter().map(AwardTypeView::from).collect(), total, page))
}

fn award_type(conn: &mut DbConnection, id: &str) -> Result<awards::AwardType, ApiError> {
    db::awards::get_award_type(conn, id)?
        .ok_or_else(|| ApiError::not_found(format!("No award type has the id {id:?}.")))
}

/// One award type with its subjects and dated coefficients.
pub fn get_award_type(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<AwardTypeView, ApiError> {
    caller.may(Action::ReadAwardReference)?;
    Ok(award_type(conn, id)?.into())
}

/// What an award of type `id` to a subject of this kind carries when the
/// decision is signed on `params.on`: the coefficient and the base salary in
/// force that day, the raw and the rounded amount, and the legal bases used.
/// 422 naming `subject_kind` when the type has no coefficient for that
/// subject then, naming `on` when the type was not in force then or the date
/// precedes every base salary; 404 for an unknown type.
pub fn amount(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    params: AmountParams,
) -> Result<AwardAmountView, ApiError> {
    caller.may(Action::ReadAwardReference)?;
    let AmountParams { subject_kind, on } = params;
    let award = award_type(conn, id)?;
    let salaries = db::awards::all_base_salaries(conn)?;

    let mut errors = Vec::new();
    let coefficient = if !award.valid_on(on) {
        let until = award.valid_to.map(|to| format!(" to {to}")).unwrap_or_default();
        errors.push(FieldError::new(
            "on",
            "award_type_not_in_force",
            format!("{} is awarded from {}{until}, not on {on}.", award.name, award.valid_from),
        ));
        None
    } else {
        let found = award.coefficient_on(subject_kind, on).cloned();
        if found.is_none() {
            errors.push(FieldError::new(
                "subject_kind",
                "no_coefficient",
                format!("{} has no coefficient for subject kind {subject_kind} on {on}.", award.name),
            ));
        }
        found
    };
    let salary = awards::in_force(&salaries, on).cloned();
    if salary.is_none() {
        errors.push(FieldError::new("on", "no_base_salary", format!("No base salary is recorded in force on {on}.")));
    }
    let (Some(coefficient), Some(salary)) = (coefficient, salary) else {
        return Err(ApiError::validation(errors));
    };

    let money = awards::amount(coefficient.coefficient, salary.amount_vnd).ok_or_else(|| {
        ApiError::internal(&format!(
            "the amount of {} × {} is out of range",
            coefficient.coefficient, salary.amount_vnd
        ))
    })?;
    let mut basis_ids =
        vec![award.legal_basis_id.as_str(), coefficient.legal_basis_id.as_str(), salary.legal_basis_id.as_str()];
    basis_ids.sort_unstable();
    basis_ids.dedup();
    let legal_bases = db::awards::legal_bases(conn, &basis_ids)?;
    let verified = award.verified && coefficient.verified && salary.verified && legal_bases.iter().all(|b| b.verified);
    Ok(AwardAmountView {
        award_type_id: award.id.clone(),
        subject_kind,
        on,
        coefficient: AwardCoefficientView::from(coefficient),
        base_salary: BaseSalaryView::from(salary),
        raw_amount_vnd: money.raw_vnd,
        amount_vnd: money.rounded_vnd,
        rounding_step_vnd: ROUNDING_STEP_VND,
        rounding_rule: ROUNDING_RULE.to_owned(),
        legal_bases: legal_bases.into_iter().map(LegalBasisView::from).collect(),
        verified,
    })
}
