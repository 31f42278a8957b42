//! Campaign definitions as JSON: export one, import it again — to reuse a
//! plan in another commune or another year.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::campaigns::{
    self as campaigns_api, CampaignInput, CampaignView, code_taken, issuer, read_campaign, resolve_units,
};
use super::criteria::{self as criteria_api, CriterionInput};
use crate::auth::policy::not_found;
use crate::auth::{Action, Principal, authorize};
use crate::db::{self, Db};
use crate::domain::campaign::Campaign;
use crate::domain::periods::PeriodType;
use crate::error::{ApiError, FieldError};
use crate::http::extract::Json;
use crate::http::precondition::tagged;

/// The format marker of a definition.
pub const FORMAT: &str = "thidua.campaign/1";

/// A campaign's definition: everything but its id, status and history.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CampaignDefinition {
    /// Always `thidua.campaign/1`.
    #[schema(example = "thidua.campaign/1")]
    pub format: String,
    pub campaign: DefinedCampaign,
    /// Parents before their sub-criteria; parents named by `parent_code`,
    /// units by code.
    pub criteria: Vec<CriterionInput>,
    /// The participating units, by code.
    pub participants: Vec<String>,
}

/// The campaign part of a definition.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DefinedCampaign {
    pub code: String,
    pub title: String,
    pub issued_on: NaiveDate,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub period_type: PeriodType,
    pub legal_bases: Vec<String>,
    pub description: String,
    pub submission_days: u32,
    pub lock_days: u32,
    pub results_public: bool,
    /// The original campaign's id, written on export and kept by import, so
    /// that copies of a plan stay recognisable whatever their code.
    #[serde(default)]
    pub lineage: Option<String>,
}

/// The definition of a campaign, ready to import elsewhere.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "export_campaign",
    params(("id" = String, Path, description = "The campaign's id")),
    responses((status = 200, description = "The definition", body = CampaignDefinition)),
)]
#[get("/campaigns/{id}/definition")]
pub async fn export(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<web::Json<CampaignDefinition>, ApiError> {
    let definition = read_campaign(&db, &principal, id.into_inner(), |conn, campaign| {
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
    })
    .await?;
    Ok(web::Json(definition))
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

/// A definition to import as a new draft campaign.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ImportRequest {
    /// The unit that issues the new campaign.
    pub issuer_id: String,
    pub definition: CampaignDefinition,
    /// Overrides the definition's code (e.g. a new plan number).
    pub code: Option<String>,
    /// Overrides the definition's dates (e.g. another year).
    pub issued_on: Option<NaiveDate>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// Overrides the definition's participants (ids or codes); `[]` for none yet.
    pub participants: Option<Vec<String>>,
}

/// Creates a draft campaign from a definition: all of it, or — when any
/// part is invalid — nothing, with every problem listed.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "import_campaign",
    request_body = ImportRequest,
    responses(
        (status = 201, description = "Imported as a draft", body = CampaignView,
            headers(("Location" = String, description = "The new campaign"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The issuer already has a campaign with this code", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/campaigns/import")]
pub async fn import(
    db: web::Data<Db>,
    principal: Principal,
    body: Json<ImportRequest>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManageCampaigns)?;
    let request = body.0;
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
    let checked = campaigns_api::check(input, None).map_err(|e| prefixed(e, "definition.campaign."))?;
    let scope = grant.within().to_owned();
    let campaign = db
        .write(move |conn| -> Result<Campaign, ApiError> {
            let issuer = issuer(conn, &request.issuer_id, &scope)?;
            if db::campaigns::get_by_code(conn, &issuer.id, &checked.code)?.is_some() {
                return Err(code_taken(&checked.code));
            }
            let id = uuid::Uuid::now_v7().to_string();
            let fields = db::campaigns::Fields { lineage: lineage.as_deref(), ..checked.fields(&issuer.id) };
            db::campaigns::insert(conn, &id, fields)?;
            let mut errors = Vec::new();
            // The criteria inserted so far, kept here rather than re-read for each one.
            let mut existing = Vec::new();
            for (i, criterion) in request.definition.criteria.into_iter().enumerate() {
                match criteria_api::check(conn, &id, &issuer.path, &existing, None, criterion) {
                    Ok(checked) => {
                        let criterion_id = uuid::Uuid::now_v7().to_string();
                        db::criteria::insert(conn, &criterion_id, &id, checked.fields())?;
                        existing.extend(db::criteria::get(conn, &criterion_id)?);
                    }
                    Err(e) => {
                        errors.extend(prefixed(e, &format!("definition.criteria[{i}].")).problem().errors.clone())
                    }
                }
            }
            let (field, refs) = match request.participants {
                Some(refs) => ("participants", refs),
                None => ("definition.participants", request.definition.participants),
            };
            match resolve_units(conn, field, &refs, &issuer.path) {
                Ok(units) => db::campaigns::set_participants(conn, &id, &units)?,
                Err(e) => errors.extend(e.problem().errors.iter().cloned()),
            }
            if !errors.is_empty() {
                // The transaction rolls back: nothing of the import remains.
                return Err(ApiError::validation(errors));
            }
            db::campaigns::get(conn, &id)?.map(|(c, _)| c).ok_or_else(not_found)
        })
        .await?;
    Ok(tagged(HttpResponse::Created(), campaign.version)
        .insert_header((header::LOCATION, format!("/api/v1/campaigns/{}", campaign.id)))
        .json(CampaignView::from(campaign)))
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
