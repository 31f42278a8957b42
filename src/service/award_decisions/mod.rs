//! Award decisions (quyết định khen thưởng): the office prepares a draft
//! over nominations the chairman approved; the chairman signs it — which
//! fixes every line's amount by the regime in force on the signing date and
//! charges the issuer's reward fund in the same transaction — and may revoke
//! a line later, never delete it.
//!
//! Who sees what: a signed decision and its lines are read by every role in
//! scope and by `service:read` (the awarded list is public); a draft only by
//! those who prepare or sign decisions (the office and the chairman) —
//! anyone else gets 404, as for a decision that does not exist.

pub mod records;
pub mod revoke;
pub mod sign;

use crate::auth::policy::not_found;
use crate::auth::{Action, Grant};
use crate::db::award_decisions::NamedLine;
use crate::db::{self, DbConnection};
use crate::domain::award_decision::{Decision, DecisionStatus};
use crate::domain::org::within;
use crate::error::ApiError;
use crate::model::award_decisions::{AwardDecisionView, DecisionLineView};
use crate::service::Caller;

/// Whether the caller may see drafts: it prepares or signs decisions.
fn sees_drafts(caller: &Caller) -> bool {
    caller.may(Action::PrepareAwardDecisions).is_ok() || caller.may(Action::SignAwardDecisions).is_ok()
}

/// A decision the caller may see, with its issuer's name and path; 404 otherwise.
fn decision_in(
    conn: &mut DbConnection,
    caller: &Caller,
    grant: &Grant,
    id: &str,
) -> Result<(Decision, String, String), ApiError> {
    let (decision, name, path) = db::award_decisions::get(conn, id)?.ok_or_else(not_found)?;
    if !within(&path, grant.within()) || (decision.status == DecisionStatus::Draft && !sees_drafts(caller)) {
        return Err(not_found());
    }
    Ok((decision, name, path))
}

pub fn line_view(named: NamedLine) -> DecisionLineView {
    let NamedLine { line, org_unit_name, award_type_name, campaign_id } = named;
    DecisionLineView {
        revoked: line.revoked_at.is_some(),
        id: line.id,
        decision_id: line.decision_id,
        ordinal: line.ordinal,
        nomination_id: line.nomination_id,
        campaign_id,
        subject_kind: line.subject_kind,
        subject_name: line.subject_name,
        org_unit_id: line.org_unit_id,
        org_unit_name,
        person_id: line.person_id,
        award_type_id: line.award_type_id,
        award_type_name,
        coefficient: line.coefficient.map(|c| c.to_string()),
        coefficient_id: line.coefficient_id,
        base_salary_vnd: line.base_salary_vnd,
        base_salary_id: line.base_salary_id,
        raw_amount_vnd: line.raw_amount_vnd,
        amount_vnd: line.amount_vnd,
        legal_basis_id: line.legal_basis_id,
        revoked_at: line.revoked_at,
        revoked_by: line.revoked_by,
        revoke_ground: line.revoke_ground,
        revoke_reason: line.revoke_reason,
        recover_vnd: line.recover_vnd,
        version: line.version,
    }
}

/// A decision as answered, with its lines.
fn view(conn: &mut DbConnection, d: Decision, org_unit_name: String) -> Result<AwardDecisionView, ApiError> {
    let mut lines: Vec<DecisionLineView> =
        db::award_decisions::lines(conn, &d.id)?.into_iter().map(line_view).collect();
    // Every unit named as it was on the day the decision is signed.
    let labels = {
        let mut wanted: Vec<(&str, chrono::NaiveDate)> = vec![(d.org_unit_id.as_str(), d.signed_on)];
        wanted.extend(lines.iter().map(|l| (l.org_unit_id.as_str(), d.signed_on)));
        crate::service::org_units::labels_for(conn, &wanted)?
    };
    let dated = |id: &str| labels.get(&(id.to_owned(), d.signed_on));
    for line in &mut lines {
        if let Some((name, _)) = dated(&line.org_unit_id) {
            line.org_unit_name.clone_from(name);
        }
    }
    let (org_unit_name, org_unit_label) = dated(&d.org_unit_id).cloned().unwrap_or((org_unit_name, String::new()));
    let recovered_vnd = lines.iter().filter(|l| l.revoked).filter_map(|l| l.recover_vnd).sum();
    Ok(AwardDecisionView {
        id: d.id,
        org_unit_id: d.org_unit_id,
        org_unit_name,
        org_unit_label,
        number: d.number,
        signed_on: d.signed_on,
        signer_name: d.signer_name,
        signer_title: d.signer_title,
        legal_basis_ids: d.legal_basis_ids,
        status: d.status,
        total_vnd: d.total_vnd,
        recovered_vnd,
        fund_id: d.fund_id,
        over_budget_reason: d.over_budget_reason,
        signed_by: d.signed_by,
        signed_at: d.signed_at,
        lines,
        version: d.version,
        created_by: d.created_by,
        created_at: d.created_at,
        updated_at: d.updated_at,
    })
}
