//! Campaign definitions as JSON: export one, import it again — to reuse a
//! plan in another commune or another year.

use serde::Serialize;

use super::{code_taken, issuer, readable, resolve_units, validate_campaign};
use crate::auth::Action;
use crate::auth::policy::not_found;
use crate::db::{self, DbConnection};
use crate::domain::campaign::Campaign;
use crate::error::{ApiError, FieldError};
use crate::model::campaigns::{CampaignInput, CampaignView};
use crate::model::criteria::{CriterionInput, CriterionView};
use crate::model::definitions::{CampaignDefinition, DefinedCampaign, FORMAT, ImportRequest};
use crate::service::Caller;
use crate::service::audit::{Change, Entity};
use crate::service::criteria::{CriterionContext, check_code_free, validate_criterion};

/// The definition of the campaign `id`, ready to import elsewhere.
pub fn export(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<CampaignDefinition, ApiError> {
    let campaign = readable(conn, caller, id)?;
    let id = campaign.id.clone();
    let all = db::criteria::of_campaign(conn, &id)?;
    let code_of = |criterion_id: &str| all.iter().find(|c| c.id == criterion_id).map(|c| c.code.clone());
    let mut criteria = Vec::new();
    for c in &all {
        let units = match &c.applies_to_units {
            Some(ids) => {
                let mut codes = Vec::new();
                for unit in ids {
                    codes.push(db::org_units::get(conn, unit)?.map(|u| u.code).unwrap_or_else(|| unit.clone()));
                }
                Some(codes)
            }
            None => None,
        };
        criteria.push(CriterionInput {
            ordinal: c.ordinal,
            code: c.code.clone(),
            title: c.title.clone(),
            description: c.description.clone(),
            measure: c.measure,
            comparator: c.comparator,
            target: c.target,
            numerator_label: c.numerator_label.clone(),
            denominator_label: c.denominator_label.clone(),
            weight: Some(c.weight),
            parent_id: None,
            parent_code: c.parent_id.as_deref().and_then(code_of),
            applies_to_kinds: c.applies_to_kinds.clone(),
            applies_to_units: units,
        });
    }
    let participants = db::campaigns::participants(conn, &id)?.into_iter().map(|u| u.code).collect();
    Ok(CampaignDefinition { format: FORMAT.to_owned(), campaign: defined(&campaign), criteria, participants })
}

fn defined(c: &Campaign) -> DefinedCampaign {
    DefinedCampaign {
        code: c.code.clone(),
        title: c.title.clone(),
        issued_on: c.issued_on,
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        period_type: c.period_type,
        legal_bases: c.legal_bases.clone(),
        description: c.description.clone(),
        submission_days: c.deadlines.submission_days,
        lock_days: c.deadlines.lock_days,
        results_public: c.results_public,
        lineage: Some(c.lineage.clone().unwrap_or_else(|| c.id.clone())),
    }
}

/// Creates a draft campaign from a definition: all of it, or — when any
/// part is invalid — nothing, with every problem listed.
pub fn import(conn: &mut DbConnection, caller: &Caller, request: ImportRequest) -> Result<CampaignView, ApiError> {
    let grant = caller.may(Action::ManageCampaigns)?;
    if request.definition.format != FORMAT {
        return Err(ApiError::validation(vec![FieldError::new(
            "definition.format",
            "unknown_format",
            format!("The definition's format must be {FORMAT}."),
        )]));
    }
    let d = request.definition.campaign.clone();
    let lineage = d.lineage.clone();
    let input = CampaignInput {
        code: Some(request.code.clone().unwrap_or(d.code)),
        title: Some(d.title),
        issuer_id: None,
        issued_on: Some(request.issued_on.unwrap_or(d.issued_on)),
        starts_on: Some(request.starts_on.unwrap_or(d.starts_on)),
        ends_on: Some(request.ends_on.unwrap_or(d.ends_on)),
        period_type: Some(d.period_type),
        legal_bases: Some(d.legal_bases),
        description: Some(d.description),
        submission_days: Some(d.submission_days),
        lock_days: Some(d.lock_days),
        results_public: Some(d.results_public),
    };
    let valid = validate_campaign(input, None).map_err(|e| prefixed(e, "definition.campaign."))?;
    let issuer = issuer(conn, &request.issuer_id, grant.within())?;
    if db::campaigns::get_by_code(conn, &issuer.id, &valid.code)?.is_some() {
        return Err(code_taken(&valid.code));
    }
    let id = uuid::Uuid::now_v7().to_string();
    let fields = db::campaigns::Fields { lineage: lineage.as_deref(), ..valid.fields(&issuer.id) };
    db::campaigns::insert(conn, &id, fields)?;
    let mut errors = Vec::new();
    // The criteria inserted so far, kept here rather than re-read for each one.
    let mut existing = Vec::new();
    for (i, criterion) in request.definition.criteria.into_iter().enumerate() {
        let context =
            CriterionContext { campaign_id: &id, issuer_path: &issuer.path, existing: &existing, replacing: None };
        // A code taken by an earlier criterion is that criterion's only problem listed.
        let checked =
            check_code_free(&context, &criterion.code).and_then(|()| validate_criterion(conn, &context, criterion));
        match checked {
            Ok(valid) => {
                let criterion_id = uuid::Uuid::now_v7().to_string();
                db::criteria::insert(conn, &criterion_id, &id, valid.fields())?;
                existing.extend(db::criteria::get(conn, &criterion_id)?);
            }
            Err(e) => errors.extend(prefixed(e, &format!("definition.criteria[{i}].")).problem().errors.clone()),
        }
    }
    let (field, refs) = match request.participants {
        Some(refs) => ("participants", refs),
        None => ("definition.participants", request.definition.participants),
    };
    let participants = match resolve_units(conn, field, &refs, &issuer.path) {
        Ok(units) => {
            db::campaigns::set_participants(conn, &id, &units)?;
            units
        }
        Err(e) => {
            errors.extend(e.problem().errors.iter().cloned());
            Vec::new()
        }
    };
    if !errors.is_empty() {
        // The caller's transaction rolls back: nothing of the import remains.
        return Err(ApiError::validation(errors));
    }
    let campaign = db::campaigns::get(conn, &id)?.map(|(c, _)| c).ok_or_else(not_found)?;
    let view = super::view(conn, campaign)?;
    let imported =
        Imported { campaign: &view, criteria: existing.into_iter().map(CriterionView::from).collect(), participants };
    Change::new(caller, Entity::Campaign, &id, "import", Some(&issuer.path)).after(&imported).record(conn)?;
    Ok(view)
}

/// What an import created, as its one audit event keeps it: the campaign,
/// and the criteria and participants that came with it (which have no
/// events of their own).
#[derive(Serialize)]
struct Imported<'a> {
    #[serde(flatten)]
    campaign: &'a CampaignView,
    criteria: Vec<CriterionView>,
    /// The participating units' ids.
    participants: Vec<String>,
}

/// The same problem with each field named under `prefix`.
fn prefixed(error: ApiError, prefix: &str) -> ApiError {
    let errors: Vec<FieldError> = error
        .problem()
        .errors
        .iter()
        .map(|e| FieldError::new(format!("{prefix}{}", e.field), e.code.clone(), e.message.clone()))
        .collect();
    if errors.is_empty() { error } else { ApiError::validation(errors) }
}
