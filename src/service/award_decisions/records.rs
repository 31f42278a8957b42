//! Drafts: prepared, read, changed and deleted by the office; read by
//! everyone in scope once signed.

use std::collections::HashSet;

use super::{decision_in, sees_drafts, view};
use crate::auth::{Action, Grant};
use crate::db::award_decisions::{Draft, NewLine};
use crate::db::nominees::Nominee;
use crate::db::{self, DbConnection};
use crate::domain::award_decision::{DecisionStatus, check_number};
use crate::domain::awards::IssuingLevel;
use crate::domain::if_match::IfMatch;
use crate::domain::nomination::NominationStatus;
use crate::domain::org::{ancestors, within};
use crate::domain::page::Page;
use crate::domain::text::{MAX_NAME, check_name};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::award_decisions::{AwardDecisionFilter, AwardDecisionInput, AwardDecisionSummary, AwardDecisionView};
use crate::model::list::List;
use crate::service::audit::{Change, Entity};
use crate::service::{Caller, version};

/// A draft's fields, checked.
struct Checked {
    number: String,
    signer_name: String,
    signer_title: String,
    nominees: Vec<Nominee>,
}

fn field_errors(field: &str, ids: &[String], errors: &mut Vec<FieldError>) {
    if ids.is_empty() {
        errors.push(FieldError::new(field, "required", "List at least one."));
    }
    let mut seen = HashSet::new();
    for (i, id) in ids.iter().enumerate() {
        if !seen.insert(id.as_str()) {
            errors.push(FieldError::new(format!("{field}[{i}]"), "duplicate", format!("{id} is listed twice.")));
        }
    }
}

/// 422: the values; the nominations must exist in the caller's commune and
/// the legal bases at all.
fn check_values(conn: &mut DbConnection, grant: &Grant, input: &AwardDecisionInput) -> Result<Checked, ApiError> {
    let mut errors = Vec::new();
    let number = check_number(&input.number)
        .map_err(|rule| errors.push(FieldError::new("number", "invalid", format!("The number {rule}."))))
        .unwrap_or_default();
    let mut name = |field: &str, value: &str| {
        check_name(value, MAX_NAME)
            .map_err(|rule| errors.push(FieldError::new(field, "invalid", format!("The {field} {rule}."))))
            .unwrap_or_default()
    };
    let signer_name = name("signer_name", &input.signer_name);
    let signer_title = name("signer_title", &input.signer_title);
    field_errors("legal_basis_ids", &input.legal_basis_ids, &mut errors);
    for (i, id) in input.legal_basis_ids.iter().enumerate() {
        if db::awards::get_legal_basis(conn, id)?.is_none() {
            errors.push(FieldError::new(format!("legal_basis_ids[{i}]"), "not_found", format!("No legal basis {id}.")));
        }
    }
    field_errors("nomination_ids", &input.nomination_ids, &mut errors);
    let nominees = db::nominees::nominees(conn, &input.nomination_ids)?;
    for (i, id) in input.nomination_ids.iter().enumerate() {
        if !nominees.iter().any(|n| &n.id == id && within(&n.unit_path, grant.within())) {
            errors.push(FieldError::new(
                format!("nomination_ids[{i}]"),
                "not_found",
                format!("No nomination {id} in your commune."),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok(Checked { number, signer_name, signer_title, nominees })
}

/// 409 `nomination_not_awardable` naming each nomination the commune's
/// chairman did not approve, or that is not the commune's to award.
pub(super) fn check_awardable(nominees: &[Nominee]) -> Result<(), ApiError> {
    let refused: Vec<FieldError> = nominees
        .iter()
        .filter_map(|n| {
            let field = format!("nominations[{}]", n.id);
            let name = n.subject_name();
            if n.status != NominationStatus::Approved {
                Some(FieldError::new(
                    field,
                    "not_approved",
                    format!("Nomination {} ({name}) is {}, not approved.", n.id, n.status.as_str()),
                ))
            } else if n.forwarded {
                Some(FieldError::new(
                    field,
                    "forwarded",
                    format!("Nomination {} ({name}) was forwarded: the superior level's decision awards it.", n.id),
                ))
            } else if n.issuing_level != IssuingLevel::Commune {
                Some(FieldError::new(
                    field,
                    "not_commune_level",
                    format!("{} is issued at {} level, not by the commune.", n.award_type_name, n.issuing_level),
                ))
            } else {
                None
            }
        })
        .collect();
    if refused.is_empty() {
        return Ok(());
    }
    let detail = refused.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" ");
    let mut e = ApiError::conflict(ErrorCode::NominationNotAwardable, detail);
    e.set_errors(refused);
    Err(e)
}

/// 409: the number is the issuer's already, or a nomination is on another decision.
fn check_free(conn: &mut DbConnection, issuer: &str, checked: &Checked, except: Option<&str>) -> Result<(), ApiError> {
    if db::award_decisions::number_taken(conn, issuer, &checked.number, except)? {
        return Err(ApiError::taken(
            ErrorCode::NumberTaken,
            "number",
            format!("The issuer has a decision numbered {} already.", checked.number),
            "Another decision of the issuer has this number.",
        ));
    }
    let ids: Vec<String> = checked.nominees.iter().map(|n| n.id.clone()).collect();
    let held = db::award_decisions::holders(conn, &ids, except)?;
    if !held.is_empty() {
        let detail = held
            .iter()
            .map(|(id, number)| format!("Nomination {id} is on decision {number} already."))
            .collect::<Vec<_>>()
            .join(" ");
        let mut e = ApiError::conflict(ErrorCode::NominationOnDecision, detail);
        e.set_errors(
            held.into_iter()
                .map(|(id, number)| {
                    FieldError::new(format!("nominations[{id}]"), "on_decision", format!("On {number}."))
                })
                .collect(),
        );
        return Err(e);
    }
    Ok(())
}

fn new_lines(nominees: &[Nominee]) -> Vec<NewLine<'_>> {
    nominees
        .iter()
        .enumerate()
        .map(|(i, n)| NewLine {
            ordinal: i32::try_from(i + 1).unwrap_or(i32::MAX),
            nomination_id: &n.id,
            award_type_id: &n.award_type_id,
            subject_kind: n.subject_kind.as_str(),
            org_unit_id: &n.org_unit_id,
            person_id: n.person_id.as_deref(),
            subject_name: n.subject_name(),
        })
        .collect()
}

/// Prepares a draft decision of the caller's commune.
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    input: AwardDecisionInput,
) -> Result<AwardDecisionView, ApiError> {
    let grant = caller.may(Action::PrepareAwardDecisions)?;
    let issuer = ancestors(grant.within())
        .last()
        .map(str::to_owned)
        .ok_or_else(|| ApiError::forbidden("Your account belongs to no commune, so it issues no decision."))?;
    let checked = check_values(conn, &grant, &input)?;
    check_awardable(&checked.nominees)?;
    check_free(conn, &issuer, &checked, None)?;
    let id = uuid::Uuid::now_v7().to_string();
    let draft = Draft {
        number: &checked.number,
        signed_on: input.signed_on,
        signer_name: &checked.signer_name,
        signer_title: &checked.signer_title,
        legal_basis_ids: &input.legal_basis_ids,
    };
    db::award_decisions::insert(conn, &id, &issuer, &caller.principal.actor_ref(), &draft)?;
    db::award_decisions::replace_lines(conn, &id, &new_lines(&checked.nominees))?;
    let (decision, name, path) = decision_in(conn, caller, &grant, &id)?;
    let after = view(conn, decision, name)?;
    Change::new(caller, Entity::AwardDecision, &id, "create", Some(&path)).after(&after).record(conn)?;
    Ok(after)
}

/// The decisions in the caller's scope, latest signing date first: signed
/// ones for everyone, drafts too for those who prepare or sign them.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: AwardDecisionFilter,
    page: Page,
) -> Result<List<AwardDecisionSummary>, ApiError> {
    let grant = caller.may(Action::ReadAwardDecisions)?;
    let visible: Vec<DecisionStatus> = if sees_drafts(caller) {
        vec![DecisionStatus::Draft, DecisionStatus::Signed]
    } else {
        vec![DecisionStatus::Signed]
    };
    let statuses = visible
        .into_iter()
        .filter(|s| filter.status.is_none_or(|wanted| wanted == *s))
        .map(|s| s.as_str().to_owned())
        .collect();
    let query = db::award_decisions::Filter {
        within: grant.within().to_owned(),
        statuses,
        year: filter.year.map(i32::from),
        campaign_id: filter.campaign_id,
        award_type_id: filter.award_type_id,
    };
    let (items, total) = db::award_decisions::list(conn, &query, page)?;
    let items = items
        .into_iter()
        .map(|(d, org_unit_name, lines)| AwardDecisionSummary {
            id: d.id,
            org_unit_id: d.org_unit_id,
            org_unit_name,
            number: d.number,
            signed_on: d.signed_on,
            signer_name: d.signer_name,
            status: d.status,
            total_vnd: d.total_vnd,
            lines,
            version: d.version,
            updated_at: d.updated_at,
        })
        .collect();
    Ok(List::new(items, total, page))
}

/// One decision with its lines.
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<AwardDecisionView, ApiError> {
    let grant = caller.may(Action::ReadAwardDecisions)?;
    let (decision, name, _) = decision_in(conn, caller, &grant, id)?;
    view(conn, decision, name)
}

/// 409 `decision_signed`: a signed decision never changes.
pub(super) fn signed(status: DecisionStatus) -> ApiError {
    ApiError::illegal_state(
        ErrorCode::DecisionSigned,
        "The decision is signed: it can no longer change; revoke a line instead.",
        status.as_str(),
    )
}

/// Replaces a draft's fields and lines.
pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
    input: AwardDecisionInput,
) -> Result<AwardDecisionView, ApiError> {
    let grant = caller.may(Action::PrepareAwardDecisions)?;
    let (current, name, path) = decision_in(conn, caller, &grant, id)?;
    let checked = check_values(conn, &grant, &input)?;
    version::check(current.version, expected)?;
    if current.status != DecisionStatus::Draft {
        return Err(signed(current.status));
    }
    check_awardable(&checked.nominees)?;
    check_free(conn, &current.org_unit_id, &checked, Some(id))?;
    let before = view(conn, current.clone(), name)?;
    let draft = Draft {
        number: &checked.number,
        signed_on: input.signed_on,
        signer_name: &checked.signer_name,
        signer_title: &checked.signer_title,
        legal_basis_ids: &input.legal_basis_ids,
    };
    version::landed(db::award_decisions::update_draft(conn, id, current.version, &draft)?, current.version)?;
    db::award_decisions::replace_lines(conn, id, &new_lines(&checked.nominees))?;
    let (decision, name, _) = decision_in(conn, caller, &grant, id)?;
    let after = view(conn, decision, name)?;
    Change::new(caller, Entity::AwardDecision, id, "update", Some(&path)).before(&before).after(&after).record(conn)?;
    Ok(after)
}

/// Deletes a draft (a signed decision never: 409 `decision_signed`).
pub fn delete(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
) -> Result<(), ApiError> {
    let grant = caller.may(Action::PrepareAwardDecisions)?;
    let (current, name, path) = decision_in(conn, caller, &grant, id)?;
    version::check(current.version, expected)?;
    if current.status != DecisionStatus::Draft {
        return Err(signed(current.status));
    }
    let before = view(conn, current.clone(), name)?;
    version::landed(db::award_decisions::delete_draft(conn, id, current.version)?, current.version)?;
    Change::new(caller, Entity::AwardDecision, id, "delete", Some(&path)).before(&before).record(conn)?;
    Ok(())
}
