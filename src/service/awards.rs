//! Commendation reference data (issue 13): every role and `service:read`
//! read it; the amount of an award on a signing date is computed from it;
//! admins record and correct legal bases and base salaries, audited.

use chrono::NaiveDate;

use super::audit::{Change, Entity};
use super::{Caller, version};
use crate::auth::Action;
use crate::db::{self, DbConnection};
use crate::domain::awards::{self, ROUNDING_RULE, ROUNDING_STEP_VND};
use crate::domain::if_match::IfMatch;
use crate::domain::page::Page;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::awards::{
    AmountParams, AwardAmountView, AwardCoefficientView, AwardTypeView, BaseSalaryInput, BaseSalaryView,
    LegalBasisInput, LegalBasisView,
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

fn legal_basis_not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("No legal basis has the id {id:?}."))
}

fn base_salary_not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("No base salary row has the id {id:?}."))
}

/// One legal basis.
pub fn get_legal_basis(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<LegalBasisView, ApiError> {
    caller.may(Action::ReadAwardReference)?;
    Ok(db::awards::get_legal_basis(conn, id)?.ok_or_else(|| legal_basis_not_found(id))?.into())
}

/// One base salary row.
pub fn get_base_salary(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<BaseSalaryView, ApiError> {
    caller.may(Action::ReadAwardReference)?;
    Ok(db::awards::get_base_salary(conn, id)?.ok_or_else(|| base_salary_not_found(id))?.into())
}

fn text_field(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) {
    let len = value.trim().chars().count();
    if len == 0 {
        errors.push(FieldError::new(field, "required", format!("The {field} may not be empty.")));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(field, "too_long", format!("The {field} may hold at most {max} characters.")));
    }
}

/// Checks a legal basis's fields; `id` is the record being corrected, if any.
fn check_legal_basis(input: &LegalBasisInput) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    text_field(&mut errors, "code", &input.code, 100);
    text_field(&mut errors, "title", &input.title, 1000);
    text_field(&mut errors, "issuer", &input.issuer, 200);
    if input.in_force_to.is_some_and(|to| to < input.in_force_from) {
        errors.push(FieldError::new("in_force_to", "before_start", "The last day in force precedes the first."));
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::validation(errors)) }
}

/// 409 `code_taken` when another legal basis than `id` has the code.
fn check_code_free(conn: &mut DbConnection, code: &str, id: Option<&str>) -> Result<(), ApiError> {
    match db::awards::legal_basis_with_code(conn, code)? {
        Some(other) if Some(other.as_str()) != id => Err(ApiError::taken(
            ErrorCode::CodeTaken,
            "code",
            format!("Another legal basis has the code {code:?}."),
            "Taken by another legal basis.",
        )),
        _ => Ok(()),
    }
}

fn legal_basis_fields(input: &LegalBasisInput) -> db::awards::LegalBasisFields<'_> {
    db::awards::LegalBasisFields {
        code: &input.code,
        title: &input.title,
        issuer: &input.issuer,
        issued_on: input.issued_on,
        in_force_from: input.in_force_from,
        in_force_to: input.in_force_to,
        verified: input.verified,
    }
}

/// Records a legal basis (admins).
pub fn create_legal_basis(
    conn: &mut DbConnection,
    caller: &Caller,
    input: LegalBasisInput,
) -> Result<LegalBasisView, ApiError> {
    caller.may(Action::ManageAwardReference)?;
    check_legal_basis(&input)?;
    check_code_free(conn, &input.code, None)?;
    let id = uuid::Uuid::now_v7().to_string();
    db::awards::insert_legal_basis(conn, &id, legal_basis_fields(&input))?;
    let view = LegalBasisView::from(db::awards::get_legal_basis(conn, &id)?.ok_or_else(|| legal_basis_not_found(&id))?);
    // Service-wide reference data: no org unit.
    Change::new(caller, Entity::AwardLegalBasis, &id, "create", None).after(&view).record(conn)?;
    Ok(view)
}

/// Corrects a legal basis read at version `expected` (admins).
pub fn update_legal_basis(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
    input: LegalBasisInput,
) -> Result<LegalBasisView, ApiError> {
    caller.may(Action::ManageAwardReference)?;
    let current = db::awards::get_legal_basis(conn, id)?.ok_or_else(|| legal_basis_not_found(id))?;
    check_legal_basis(&input)?;
    version::check(current.version, expected)?;
    check_code_free(conn, &input.code, Some(id))?;
    let outcome = db::awards::update_legal_basis(conn, id, current.version, legal_basis_fields(&input))?;
    version::landed(outcome, current.version)?;
    let after = LegalBasisView::from(db::awards::get_legal_basis(conn, id)?.ok_or_else(|| legal_basis_not_found(id))?);
    Change::new(caller, Entity::AwardLegalBasis, id, "update", None)
        .before(&LegalBasisView::from(current))
        .after(&after)
        .record(conn)?;
    Ok(after)
}

/// Checks a base salary row's fields; `id` is the row being corrected, if any.
fn check_base_salary(conn: &mut DbConnection, input: &BaseSalaryInput) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if input.amount_vnd <= 0 {
        errors.push(FieldError::new("amount_vnd", "not_positive", "The base salary must be more than 0 đồng."));
    }
    if db::awards::get_legal_basis(conn, &input.legal_basis_id)?.is_none() {
        errors.push(FieldError::new(
            "legal_basis_id",
            "unknown",
            format!("No legal basis has the id {:?}.", input.legal_basis_id),
        ));
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::validation(errors)) }
}

/// 409 `already_exists` when another row than `id` starts on the same day.
fn check_start_free(conn: &mut DbConnection, from: NaiveDate, id: Option<&str>) -> Result<(), ApiError> {
    match db::awards::base_salary_from(conn, from)? {
        Some(other) if Some(other.as_str()) != id => Err(ApiError::taken(
            ErrorCode::AlreadyExists,
            "in_force_from",
            format!("Another base salary is in force from {from}."),
            "Another row starts on this day.",
        )),
        _ => Ok(()),
    }
}

fn base_salary_fields(input: &BaseSalaryInput) -> db::awards::BaseSalaryFields<'_> {
    db::awards::BaseSalaryFields {
        in_force_from: input.in_force_from,
        amount_vnd: input.amount_vnd,
        legal_basis_id: &input.legal_basis_id,
        verified: input.verified,
    }
}

/// Records a base salary from a date (admins).
pub fn create_base_salary(
    conn: &mut DbConnection,
    caller: &Caller,
    input: BaseSalaryInput,
) -> Result<BaseSalaryView, ApiError> {
    caller.may(Action::ManageAwardReference)?;
    check_base_salary(conn, &input)?;
    check_start_free(conn, input.in_force_from, None)?;
    let id = uuid::Uuid::now_v7().to_string();
    db::awards::insert_base_salary(conn, &id, base_salary_fields(&input))?;
    let view = BaseSalaryView::from(db::awards::get_base_salary(conn, &id)?.ok_or_else(|| base_salary_not_found(&id))?);
    Change::new(caller, Entity::BaseSalary, &id, "create", None).after(&view).record(conn)?;
    Ok(view)
}

/// Corrects a base salary row read at version `expected` (admins).
pub fn update_base_salary(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
    input: BaseSalaryInput,
) -> Result<BaseSalaryView, ApiError> {
    caller.may(Action::ManageAwardReference)?;
    let current = db::awards::get_base_salary(conn, id)?.ok_or_else(|| base_salary_not_found(id))?;
    check_base_salary(conn, &input)?;
    version::check(current.version, expected)?;
    check_start_free(conn, input.in_force_from, Some(id))?;
    let outcome = db::awards::update_base_salary(conn, id, current.version, base_salary_fields(&input))?;
    version::landed(outcome, current.version)?;
    let after = BaseSalaryView::from(db::awards::get_base_salary(conn, id)?.ok_or_else(|| base_salary_not_found(id))?);
    Change::new(caller, Entity::BaseSalary, id, "update", None)
        .before(&BaseSalaryView::from(current))
        .after(&after)
        .record(conn)?;
    Ok(after)
}
