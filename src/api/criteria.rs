//! `/api/v1/campaigns/{id}/criteria`: a campaign's criteria (tiêu chí thi đua).

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, post, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::campaigns::{managed, read_campaign, require_draft, resolve_units};
use crate::auth::policy::{Grant, not_found};
use crate::auth::{Action, Principal, authorize};
use crate::db::{self, Db, DbConnection, Guarded};
use crate::domain::campaign::{Comparator, Criterion, Measure, Rule, check_rule};
use crate::domain::org::OrgKind;
use crate::domain::text::check_name;
use crate::error::{ApiError, FieldError};
use crate::http::extract::Json;
use crate::http::precondition::{IfMatch, ok_with_etag, tagged};

/// A criterion.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CriterionView {
    pub id: String,
    pub campaign_id: String,
    /// The criterion this one is a sub-criterion of (criterion 9 of plan 05/KH-UBND has one).
    pub parent_id: Option<String>,
    /// Its number in the plan; a sub-criterion shares its parent's.
    pub ordinal: i32,
    /// A short code, unique in the campaign, e.g. `9` or `9.1`.
    pub code: String,
    /// The criterion as the plan states it, in Vietnamese.
    pub title: String,
    pub description: String,
    pub measure: Measure,
    pub comparator: Comparator,
    /// A percentage (0–100) for ratios and percentages, a whole number for counts, none for yes/no.
    pub target: Option<f64>,
    pub numerator_label: Option<String>,
    pub denominator_label: Option<String>,
    pub weight: f64,
    /// Only participants of these kinds report it.
    pub applies_to_kinds: Option<Vec<OrgKind>>,
    /// Only these participants (ids) report it. Neither list: every participant.
    pub applies_to_units: Option<Vec<String>>,
    pub version: i32,
}

impl From<Criterion> for CriterionView {
    fn from(c: Criterion) -> Self {
        Self {
            id: c.id,
            campaign_id: c.campaign_id,
            parent_id: c.parent_id,
            ordinal: c.ordinal,
            code: c.code,
            title: c.title,
            description: c.description,
            measure: c.measure,
            comparator: c.comparator,
            target: c.target,
            numerator_label: c.numerator_label,
            denominator_label: c.denominator_label,
            weight: c.weight,
            applies_to_kinds: c.applies_to_kinds,
            applies_to_units: c.applies_to_units,
            version: c.version,
        }
    }
}

/// A criterion's definition.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CriterionInput {
    #[schema(minimum = 1, maximum = 1000)]
    pub ordinal: i32,
    #[schema(pattern = r"^[A-Za-z0-9._-]{1,20}$", example = "9.1")]
    pub code: String,
    #[schema(min_length = 1, max_length = 2000)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub measure: Measure,
    pub comparator: Comparator,
    pub target: Option<f64>,
    /// Required for a ratio: what the numerator counts.
    pub numerator_label: Option<String>,
    /// Required for a ratio: what the denominator counts.
    pub denominator_label: Option<String>,
    /// Default 1.
    #[schema(minimum = 0, maximum = 100)]
    pub weight: Option<f64>,
    /// The parent criterion, by id (it must belong to the same campaign)…
    pub parent_id: Option<String>,
    /// …or by code.
    pub parent_code: Option<String>,
    pub applies_to_kinds: Option<Vec<OrgKind>>,
    /// Units by id or code, inside the issuing unit.
    pub applies_to_units: Option<Vec<String>>,
}

/// A criterion checked against the rules and the campaign.
pub(super) struct Checked {
    pub parent_id: Option<String>,
    pub ordinal: i32,
    pub code: String,
    pub title: String,
    pub description: String,
    pub measure: Measure,
    pub comparator: Comparator,
    pub target: Option<f64>,
    pub numerator_label: Option<String>,
    pub denominator_label: Option<String>,
    pub weight: f64,
    pub applies_to_kinds: Option<String>,
    pub applies_to_units: Option<Vec<String>>,
}

impl Checked {
    pub(super) fn fields(&self) -> db::criteria::Fields<'_> {
        db::criteria::Fields {
            parent_id: self.parent_id.as_deref(),
            ordinal: self.ordinal,
            code: &self.code,
            title: &self.title,
            description: &self.description,
            measure: self.measure.as_str(),
            comparator: self.comparator.as_str(),
            target: self.target,
            numerator_label: self.numerator_label.as_deref(),
            denominator_label: self.denominator_label.as_deref(),
            weight: self.weight,
            applies_to_kinds: self.applies_to_kinds.clone(),
            applies_to_units: self.applies_to_units.as_deref(),
        }
    }
}

/// Checks `input` for the campaign `campaign_id` (whose issuer sits at
/// `issuer_path`); `existing` are its criteria now and `this` the one being
/// replaced, if any. Every broken rule is listed.
pub(super) fn check(
    conn: &mut DbConnection,
    campaign_id: &str,
    issuer_path: &str,
    existing: &[Criterion],
    this: Option<&str>,
    input: CriterionInput,
) -> Result<Checked, ApiError> {
    let mut errors = Vec::new();
    let code_ok = !input.code.is_empty()
        && input.code.len() <= 20
        && input.code.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if !code_ok {
        errors.push(FieldError::new("code", "invalid", "The code is 1–20 of letters, digits, '.', '_' and '-'."));
    }
    if existing.iter().any(|c| c.code == input.code && Some(c.id.as_str()) != this) {
        let mut e = ApiError::conflict("code_taken", format!("The campaign already has a criterion {:?}.", input.code));
        e.set_errors(vec![FieldError::new("code", "taken", "The campaign already has a criterion with this code.")]);
        return Err(e);
    }
    if !(1..=1000).contains(&input.ordinal) {
        errors.push(FieldError::new("ordinal", "out_of_range", "The ordinal is from 1 to 1000."));
    }
    let title = check_name(&input.title, 2000)
        .map_err(|rule| errors.push(FieldError::new("title", "invalid", format!("The title {rule}."))))
        .unwrap_or_default();
    if input.description.chars().count() > 20_000 {
        errors.push(FieldError::new("description", "too_long", "The description may hold 20,000 characters at most."));
    }
    for (field, code, message) in check_rule(Rule {
        measure: input.measure,
        comparator: input.comparator,
        target: input.target,
        numerator_label: input.numerator_label.as_deref(),
        denominator_label: input.denominator_label.as_deref(),
    }) {
        errors.push(FieldError::new(field, code, message));
    }
    let weight = input.weight.unwrap_or(1.0);
    if !(0.0..=100.0).contains(&weight) || !weight.is_finite() {
        errors.push(FieldError::new("weight", "out_of_range", "The weight is from 0 to 100."));
    }

    // The parent: in this campaign, itself top-level, not this criterion.
    let parent_id = match (&input.parent_id, &input.parent_code) {
        (Some(_), Some(_)) => {
            errors.push(FieldError::new("parent_id", "ambiguous", "Name the parent by id or by code, not both."));
            None
        }
        (Some(id), None) => match db::criteria::get(conn, id)? {
            Some(parent) if parent.campaign_id != campaign_id => {
                errors.push(FieldError::new(
                    "parent_id",
                    "other_campaign",
                    "The parent criterion belongs to another campaign.",
                ));
                None
            }
            Some(parent) => Some(parent),
            None => {
                errors.push(FieldError::new("parent_id", "not_found", "No such criterion."));
                None
            }
        },
        (None, Some(code)) => match existing.iter().find(|c| &c.code == code) {
            Some(parent) => Some(parent.clone()),
            None => {
                errors.push(FieldError::new(
                    "parent_code",
                    "not_found",
                    "The campaign has no criterion with this code.",
                ));
                None
            }
        },
        (None, None) => None,
    };
    if let Some(parent) = &parent_id {
        if Some(parent.id.as_str()) == this {
            errors.push(FieldError::new("parent_id", "self", "A criterion cannot be its own parent."));
        } else if parent.parent_id.is_some() {
            errors.push(FieldError::new("parent_id", "too_deep", "A sub-criterion cannot have sub-criteria."));
        } else if this.is_some_and(|id| existing.iter().any(|c| c.parent_id.as_deref() == Some(id))) {
            errors.push(FieldError::new("parent_id", "too_deep", "This criterion has sub-criteria of its own."));
        }
    }

    if input.applies_to_kinds.is_some() && input.applies_to_units.is_some() {
        errors.push(FieldError::new(
            "applies_to_units",
            "ambiguous",
            "Limit a criterion by kinds or by units, not both.",
        ));
    }
    let kinds = input
        .applies_to_kinds
        .filter(|k| !k.is_empty())
        .map(|kinds| kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(" "));
    let units = match input.applies_to_units.filter(|u| !u.is_empty()) {
        Some(refs) => match resolve_units(conn, "applies_to_units", &refs, issuer_path) {
            Ok(ids) => Some(ids),
            Err(e) => {
                errors.extend(e.problem().errors.iter().cloned());
                None
            }
        },
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok(Checked {
        parent_id: parent_id.map(|p| p.id),
        ordinal: input.ordinal,
        code: input.code,
        title,
        description: input.description,
        measure: input.measure,
        comparator: input.comparator,
        target: input.target,
        numerator_label: input.numerator_label,
        denominator_label: input.denominator_label,
        weight,
        applies_to_kinds: kinds,
        applies_to_units: units,
    })
}

/// Lists a campaign's criteria: by ordinal, each parent before its sub-criteria.
#[utoipa::path(
    tag = "criteria",
    operation_id = "list_criteria",
    params(("id" = String, Path, description = "The campaign's id")),
    responses((status = 200, description = "The criteria", body = Vec<CriterionView>)),
)]
#[get("/campaigns/{id}/criteria")]
pub async fn list(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<web::Json<Vec<CriterionView>>, ApiError> {
    let found = read_campaign(&db, &principal, id.into_inner(), |conn, campaign| {
        Ok(db::criteria::of_campaign(conn, &campaign.id)?)
    })
    .await?;
    Ok(web::Json(found.into_iter().map(Into::into).collect()))
}

/// Reads one criterion.
#[utoipa::path(
    tag = "criteria",
    operation_id = "get_criterion",
    params(("id" = String, Path, description = "The campaign's id"), ("criterion_id" = String, Path, description = "The criterion's id")),
    responses((status = 200, description = "The criterion", body = CriterionView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/campaigns/{id}/criteria/{criterion_id}")]
pub async fn get(
    db: web::Data<Db>,
    principal: Principal,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, criterion_id) = path.into_inner();
    let criterion = read_campaign(&db, &principal, id, move |conn, campaign| {
        db::criteria::get(conn, &criterion_id)?.filter(|c| c.campaign_id == campaign.id).ok_or_else(not_found)
    })
    .await?;
    Ok(ok_with_etag(criterion.version, &CriterionView::from(criterion)))
}

/// The draft campaign `id` the caller manages, its issuer's path and criteria.
fn draft(conn: &mut DbConnection, id: &str, grant: &Grant) -> Result<(String, Vec<Criterion>), ApiError> {
    let (campaign, issuer_path) = managed(conn, id, grant)?;
    require_draft(&campaign)?;
    Ok((issuer_path, db::criteria::of_campaign(conn, id)?))
}

/// Adds a criterion to a draft campaign.
#[utoipa::path(
    tag = "criteria",
    operation_id = "create_criterion",
    params(("id" = String, Path, description = "The campaign's id")),
    request_body = CriterionInput,
    responses(
        (status = 201, description = "Created", body = CriterionView,
            headers(("Location" = String, description = "The new criterion"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The campaign is not a draft, or the code is taken", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/campaigns/{id}/criteria")]
pub async fn create(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
    body: Json<CriterionInput>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManageCampaigns)?;
    let id = id.into_inner();
    let input = body.0;
    let criterion = db
        .write(move |conn| -> Result<Criterion, ApiError> {
            let (issuer_path, existing) = draft(conn, &id, &grant)?;
            let checked = check(conn, &id, &issuer_path, &existing, None, input)?;
            let criterion_id = uuid::Uuid::now_v7().to_string();
            db::criteria::insert(conn, &criterion_id, &id, checked.fields())?;
            db::campaigns::touch(conn, &id)?;
            db::criteria::get(conn, &criterion_id)?.ok_or_else(not_found)
        })
        .await?;
    Ok(tagged(HttpResponse::Created(), criterion.version)
        .insert_header((
            header::LOCATION,
            format!("/api/v1/campaigns/{}/criteria/{}", criterion.campaign_id, criterion.id),
        ))
        .json(CriterionView::from(criterion)))
}

/// Replaces a criterion of a draft campaign. Needs `If-Match`.
#[utoipa::path(
    tag = "criteria",
    operation_id = "update_criterion",
    params(
        ("id" = String, Path, description = "The campaign's id"),
        ("criterion_id" = String, Path, description = "The criterion's id"),
        ("If-Match" = String, Header, description = "The version read, as its ETag"),
    ),
    request_body = CriterionInput,
    responses(
        (status = 200, description = "Replaced", body = CriterionView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The campaign is not a draft, or the code is taken", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The criterion changed since it was read", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match header", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/campaigns/{id}/criteria/{criterion_id}")]
pub async fn update(
    db: web::Data<Db>,
    principal: Principal,
    path: web::Path<(String, String)>,
    if_match: IfMatch,
    body: Json<CriterionInput>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManageCampaigns)?;
    let input = body.0;
    let (id, criterion_id) = path.into_inner();
    let criterion = db
        .write(move |conn| -> Result<Criterion, ApiError> {
            let (issuer_path, existing) = draft(conn, &id, &grant)?;
            let current = existing.iter().find(|c| c.id == criterion_id).ok_or_else(not_found)?;
            // The body first: a malformed one is answered as such before a stale version.
            let checked = check(conn, &id, &issuer_path, &existing, Some(&criterion_id), input)?;
            let expected = if_match.version()?;
            if current.version != expected {
                return Err(ApiError::precondition_failed(current.version));
            }
            match db::criteria::update(conn, &criterion_id, expected, checked.fields())? {
                Guarded::Done => {}
                Guarded::Stale => return Err(ApiError::precondition_failed(expected + 1)),
                Guarded::Missing => return Err(not_found()),
            }
            db::campaigns::touch(conn, &id)?;
            db::criteria::get(conn, &criterion_id)?.ok_or_else(not_found)
        })
        .await?;
    Ok(ok_with_etag(criterion.version, &CriterionView::from(criterion)))
}

/// Removes a criterion from a draft campaign (its sub-criteria first).
#[utoipa::path(
    tag = "criteria",
    operation_id = "delete_criterion",
    params(("id" = String, Path, description = "The campaign's id"), ("criterion_id" = String, Path, description = "The criterion's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 409, description = "The campaign is not a draft, or the criterion has sub-criteria", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[delete("/campaigns/{id}/criteria/{criterion_id}")]
pub async fn delete(
    db: web::Data<Db>,
    principal: Principal,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManageCampaigns)?;
    let (id, criterion_id) = path.into_inner();
    db.write(move |conn| -> Result<(), ApiError> {
        let (_, existing) = draft(conn, &id, &grant)?;
        if !existing.iter().any(|c| c.id == criterion_id) {
            return Err(not_found());
        }
        if db::criteria::children(conn, &criterion_id)? > 0 {
            return Err(ApiError::conflict("has_sub_criteria", "Remove its sub-criteria first."));
        }
        db::criteria::delete(conn, &criterion_id)?;
        db::campaigns::touch(conn, &id)?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
