//! `/api/v1/campaigns`: campaigns (phong trào thi đua), their participants,
//! periods and lock exceptions. Criteria live in `criteria.rs`, definitions
//! (export and import) in `definitions.rs`.

use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, put, web};
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::policy::{Grant, check_campaign_manager, not_found};
use crate::auth::{Action, Principal, authorize};
use crate::db::lock_exceptions::LockException;
use crate::db::{self, Db, DbConnection, Guarded};
use crate::domain::accounts::OrgUnit;
use crate::domain::campaign::{Campaign, CampaignStatus};
use crate::domain::org::{OrgKind, ancestors, within};
use crate::domain::periods::{Deadlines, Period, PeriodType, periods};
use crate::domain::text::{check_code, check_name};
use crate::error::{ApiError, FieldError};
use crate::http::extract::{Json, Query};
use crate::http::precondition::{IfMatch, ok_with_etag, tagged};
use crate::model::list::{List, PageParams};
use crate::model::org_units::OrgUnitView;
use crate::service::campaigns::visible;

/// A campaign.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CampaignView {
    pub id: String,
    /// The plan's number, e.g. `05/KH-UBND`.
    pub code: String,
    pub title: String,
    /// The issuing unit (a commune or a district).
    pub issuer_id: String,
    pub issued_on: NaiveDate,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub period_type: PeriodType,
    /// Căn cứ: the legal bases, one per entry.
    pub legal_bases: Vec<String>,
    pub description: String,
    pub status: CampaignStatus,
    /// Reports are due this many days after a period ends.
    pub submission_days: u32,
    /// A period locks this many days after it ends.
    pub lock_days: u32,
    /// Whether every participant may see every unit's results.
    pub results_public: bool,
    /// The original campaign whose definition this one was imported from
    /// (`null` for an original). Communes sharing a code or a lineage are
    /// rolled up together for the district.
    pub lineage: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Campaign> for CampaignView {
    fn from(c: Campaign) -> Self {
        Self {
            id: c.id,
            code: c.code,
            title: c.title,
            issuer_id: c.issuer_id,
            issued_on: c.issued_on,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            period_type: c.period_type,
            legal_bases: c.legal_bases,
            description: c.description,
            status: c.status,
            submission_days: c.deadlines.submission_days,
            lock_days: c.deadlines.lock_days,
            results_public: c.results_public,
            lineage: c.lineage,
            version: c.version,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CampaignFilter {
    pub status: Option<CampaignStatus>,
    /// Only campaigns with this code, e.g. `05/KH-UBND`.
    pub code: Option<String>,
}

/// Lists the campaigns that reach the caller: issued in its scope or above it.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "list_campaigns",
    params(PageParams, CampaignFilter),
    responses((status = 200, description = "One page of campaigns", body = List<CampaignView>)),
)]
#[get("/campaigns")]
pub async fn list(
    db: web::Data<Db>,
    principal: Principal,
    page: Query<PageParams>,
    filter: Query<CampaignFilter>,
) -> Result<web::Json<List<CampaignView>>, ApiError> {
    let grant = authorize(&principal, Action::ReadCampaigns)?;
    let page = page.0.page();
    let query = db::campaigns::Filter {
        within: grant.within().to_owned(),
        issued_above: ancestors(grant.within()).map(str::to_owned).collect(),
        status: filter.0.status.map(|s| s.as_str().to_owned()),
        code: filter.0.code,
    };
    let (items, total) = db.run(move |conn| db::campaigns::list(conn, &query, page)).await?;
    Ok(web::Json(List::new(items.into_iter().map(Into::into).collect(), total, page)))
}

/// Reads from a campaign the caller can see: authorises `ReadCampaigns`,
/// checks the campaign reaches the caller (404 otherwise), then runs `load`
/// with it on a blocking thread. Every read under `/campaigns/{id}` goes here.
pub(super) async fn read_campaign<T, F>(db: &Db, principal: &Principal, id: String, load: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection, Campaign) -> Result<T, ApiError> + Send + 'static,
{
    let grant = authorize(principal, Action::ReadCampaigns)?;
    let scope = grant.within().to_owned();
    db.run(move |conn| {
        let campaign = visible(conn, &id, &scope)?;
        load(conn, campaign)
    })
    .await
}

/// The campaign `id` and its issuer's path, if the grant lets the caller manage it.
pub(super) fn managed(conn: &mut DbConnection, id: &str, grant: &Grant) -> Result<(Campaign, String), ApiError> {
    let (campaign, issuer_path) = db::campaigns::get(conn, id)?.ok_or_else(not_found)?;
    check_campaign_manager(grant, &issuer_path)?;
    Ok((campaign, issuer_path))
}

/// 409 unless the campaign is a draft: definitions change only then.
pub(super) fn require_draft(campaign: &Campaign) -> Result<(), ApiError> {
    if campaign.status == CampaignStatus::Draft {
        return Ok(());
    }
    Err(ApiError::conflict(
        "campaign_not_draft",
        format!("The campaign is {}; its definition changes only while it is a draft.", campaign.status.as_str()),
    ))
}

/// Reads one campaign.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "get_campaign",
    params(("id" = String, Path, description = "The campaign's id")),
    responses((status = 200, description = "The campaign", body = CampaignView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/campaigns/{id}")]
pub async fn get(db: web::Data<Db>, principal: Principal, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let campaign = read_campaign(&db, &principal, id.into_inner(), |_, campaign| Ok(campaign)).await?;
    Ok(ok_with_etag(campaign.version, &CampaignView::from(campaign)))
}

/// A campaign's definition. On update, absent fields stay as they are.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct CampaignInput {
    #[schema(pattern = r"^[A-Za-z0-9._/-]{1,50}$", example = "05/KH-UBND")]
    pub code: Option<String>,
    #[schema(min_length = 1, max_length = 500)]
    pub title: Option<String>,
    /// The issuing unit: a commune, district or province in the caller's scope. Fixed once created.
    pub issuer_id: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub period_type: Option<PeriodType>,
    pub legal_bases: Option<Vec<String>>,
    pub description: Option<String>,
    /// Days after a period's end when reports are due (default 5).
    #[schema(minimum = 0, maximum = 365)]
    pub submission_days: Option<u32>,
    /// Days after a period's end when it locks (default 15; not before the due day).
    #[schema(minimum = 0, maximum = 366)]
    pub lock_days: Option<u32>,
    pub results_public: Option<bool>,
}

/// A campaign definition, checked: everything a row needs.
pub(super) struct Checked {
    pub code: String,
    pub title: String,
    pub issued_on: NaiveDate,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub period_type: PeriodType,
    pub legal_bases: Vec<String>,
    pub description: String,
    pub deadlines: Deadlines,
    pub results_public: bool,
}

impl Checked {
    pub(super) fn fields<'a>(&'a self, issuer_id: &'a str) -> db::campaigns::Fields<'a> {
        db::campaigns::Fields {
            code: &self.code,
            title: &self.title,
            issuer_id,
            issued_on: self.issued_on,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            period_type: self.period_type.as_str(),
            legal_bases: &self.legal_bases,
            description: &self.description,
            deadlines: self.deadlines,
            results_public: self.results_public,
            lineage: None,
        }
    }
}

/// Checks a definition; fields absent from `input` come from `current`
/// (an update) or are required (a creation). Every broken rule is listed.
pub(super) fn check(input: CampaignInput, current: Option<&Campaign>) -> Result<Checked, ApiError> {
    let mut errors = Vec::new();
    let mut required = |field: &'static str| {
        errors.push(FieldError::new(field, "required", format!("{field} is required.")));
    };
    let code = input.code.or(current.map(|c| c.code.clone()));
    let title = input.title.or(current.map(|c| c.title.clone()));
    let issued_on = input.issued_on.or(current.map(|c| c.issued_on));
    let starts_on = input.starts_on.or(current.map(|c| c.starts_on));
    let ends_on = input.ends_on.or(current.map(|c| c.ends_on));
    let period_type = input.period_type.or(current.map(|c| c.period_type));
    for (field, missing) in [
        ("code", code.is_none()),
        ("title", title.is_none()),
        ("issued_on", issued_on.is_none()),
        ("starts_on", starts_on.is_none()),
        ("ends_on", ends_on.is_none()),
        ("period_type", period_type.is_none()),
    ] {
        if missing {
            required(field);
        }
    }
    let code = code.map(|c| check_code(&c)).transpose().unwrap_or_else(|rule| {
        errors.push(FieldError::new("code", "invalid", format!("The code {rule}.")));
        None
    });
    let title = title.map(|t| check_name(&t, 500)).transpose().unwrap_or_else(|rule| {
        errors.push(FieldError::new("title", "invalid", format!("The title {rule}.")));
        None
    });
    if let (Some(start), Some(end)) = (starts_on, ends_on) {
        if end < start {
            errors.push(FieldError::new("ends_on", "before_start", "The campaign cannot end before it starts."));
        } else if end > start + Days::new(366 * 10) {
            errors.push(FieldError::new("ends_on", "too_long", "A campaign runs for ten years at most."));
        }
    }
    let legal_bases = input.legal_bases.or(current.map(|c| c.legal_bases.clone())).unwrap_or_default();
    let mut bases = Vec::new();
    for (i, basis) in legal_bases.iter().enumerate() {
        match check_name(basis, 1000) {
            Ok(basis) => bases.push(basis),
            Err(rule) => {
                errors.push(FieldError::new(format!("legal_bases[{i}]"), "invalid", format!("A legal basis {rule}.")))
            }
        }
    }
    let description = input.description.or(current.map(|c| c.description.clone())).unwrap_or_default();
    if description.chars().count() > 20_000 {
        errors.push(FieldError::new("description", "too_long", "The description may hold 20,000 characters at most."));
    }
    let current_deadlines = current.map(|c| c.deadlines);
    let submission_days = input.submission_days.or(current_deadlines.map(|d| d.submission_days)).unwrap_or(5);
    let lock_days = input.lock_days.or(current_deadlines.map(|d| d.lock_days)).unwrap_or(15);
    if submission_days > 365 {
        errors.push(FieldError::new("submission_days", "out_of_range", "At most 365 days."));
    }
    if lock_days > 366 || lock_days < submission_days {
        errors.push(FieldError::new(
            "lock_days",
            "out_of_range",
            "A period locks no earlier than reports are due, and within 366 days.",
        ));
    }
    let results_public = input.results_public.or(current.map(|c| c.results_public)).unwrap_or(false);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let (Some(code), Some(title), Some(issued_on), Some(starts_on), Some(ends_on), Some(period_type)) =
        (code, title, issued_on, starts_on, ends_on, period_type)
    else {
        unreachable!("every missing field was reported")
    };
    Ok(Checked {
        code,
        title,
        issued_on,
        starts_on,
        ends_on,
        period_type,
        legal_bases: bases,
        description,
        deadlines: Deadlines { submission_days, lock_days },
        results_public,
    })
}

/// The issuing unit, if it is in scope and may issue campaigns.
pub(super) fn issuer(conn: &mut DbConnection, id: &str, scope: &str) -> Result<OrgUnit, ApiError> {
    let unit = db::org_units::get(conn, id)?.filter(|u| within(&u.path, scope));
    let Some(unit) = unit else {
        return Err(ApiError::validation(vec![FieldError::new(
            "issuer_id",
            "not_found",
            "No such org unit in your scope.",
        )]));
    };
    if !matches!(unit.kind, OrgKind::Commune | OrgKind::District | OrgKind::Province) {
        return Err(ApiError::validation(vec![FieldError::new(
            "issuer_id",
            "cannot_issue",
            format!("A {} does not issue campaigns; a commune, district or province does.", unit.kind),
        )]));
    }
    Ok(unit)
}

pub(super) fn code_taken(code: &str) -> ApiError {
    let mut e = ApiError::conflict("code_taken", format!("The issuer already has a campaign {code:?}."));
    e.set_errors(vec![FieldError::new("code", "taken", "The issuer already has a campaign with this code.")]);
    e
}

/// Creates a draft campaign.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "create_campaign",
    request_body = CampaignInput,
    responses(
        (status = 201, description = "Created as a draft", body = CampaignView,
            headers(("Location" = String, description = "The new campaign"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The issuer already has a campaign with this code", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/campaigns")]
pub async fn create(
    db: web::Data<Db>,
    principal: Principal,
    body: Json<CampaignInput>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManageCampaigns)?;
    let input = body.0;
    let issuer_id = input.issuer_id.clone();
    let checked = check(input, None);
    let Some(issuer_id) = issuer_id else {
        let mut errors = checked.err().map(|e| e.problem().errors.clone()).unwrap_or_default();
        errors.insert(0, FieldError::new("issuer_id", "required", "issuer_id is required."));
        return Err(ApiError::validation(errors));
    };
    let checked = checked?;
    let scope = grant.within().to_owned();
    let campaign = db
        .write(move |conn| -> Result<Campaign, ApiError> {
            let issuer = issuer(conn, &issuer_id, &scope)?;
            if db::campaigns::get_by_code(conn, &issuer.id, &checked.code)?.is_some() {
                return Err(code_taken(&checked.code));
            }
            let id = uuid::Uuid::now_v7().to_string();
            db::campaigns::insert(conn, &id, checked.fields(&issuer.id)).map_err(|e| match e {
                db::DbError::UniqueViolation(_) => code_taken(&checked.code),
                other => other.into(),
            })
        })
        .await?;
    Ok(tagged(HttpResponse::Created(), campaign.version)
        .insert_header((header::LOCATION, format!("/api/v1/campaigns/{}", campaign.id)))
        .json(CampaignView::from(campaign)))
}

/// Changes a draft campaign's definition. Needs `If-Match`.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "update_campaign",
    params(("id" = String, Path, description = "The campaign's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = CampaignInput,
    responses(
        (status = 200, description = "Updated", body = CampaignView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The campaign is not a draft, or the code is taken", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The campaign changed since it was read", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match header", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[patch("/campaigns/{id}")]
pub async fn update(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<CampaignInput>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManageCampaigns)?;
    let input = body.0;
    if input.issuer_id.is_some() {
        return Err(ApiError::validation(vec![FieldError::new(
            "issuer_id",
            "fixed",
            "A campaign's issuer is fixed; import its definition under another issuer instead.",
        )]));
    }
    let id = id.into_inner();
    let campaign = db
        .write(move |conn| -> Result<Campaign, ApiError> {
            let (current, _) = managed(conn, &id, &grant)?;
            // The body first: a malformed one is answered as such before a stale version.
            let checked = check(input, Some(&current))?;
            let expected = if_match.version()?;
            if current.version != expected {
                return Err(ApiError::precondition_failed(current.version));
            }
            require_draft(&current)?;
            if checked.code != current.code
                && db::campaigns::get_by_code(conn, &current.issuer_id, &checked.code)?.is_some()
            {
                return Err(code_taken(&checked.code));
            }
            match db::campaigns::update(conn, &id, current.version, checked.fields(&current.issuer_id))? {
                Guarded::Done => Ok(db::campaigns::get(conn, &id)?.ok_or_else(not_found)?.0),
                Guarded::Stale => Err(ApiError::precondition_failed(current.version + 1)),
                Guarded::Missing => Err(not_found()),
            }
        })
        .await?;
    Ok(ok_with_etag(campaign.version, &CampaignView::from(campaign)))
}

/// Starts the campaign: draft → active. It needs at least one criterion and
/// one participant; from now on it takes reports and its definition is fixed.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "activate_campaign",
    params(("id" = String, Path, description = "The campaign's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    responses(
        (status = 200, description = "Active", body = CampaignView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "Not a draft, or no criteria or participants yet", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The campaign changed since it was read", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match header", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/campaigns/{id}/activate")]
pub async fn activate(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    move_status(db, principal, id.into_inner(), if_match, CampaignStatus::Draft, CampaignStatus::Active).await
}

/// Ends the campaign: active → closed. A closed campaign is read-only.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "close_campaign",
    params(("id" = String, Path, description = "The campaign's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    responses(
        (status = 200, description = "Closed", body = CampaignView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The campaign is not active", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The campaign changed since it was read", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match header", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/campaigns/{id}/close")]
pub async fn close(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    move_status(db, principal, id.into_inner(), if_match, CampaignStatus::Active, CampaignStatus::Closed).await
}

async fn move_status(
    db: web::Data<Db>,
    principal: Principal,
    id: String,
    if_match: IfMatch,
    from: CampaignStatus,
    to: CampaignStatus,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManageCampaigns)?;
    let expected = if_match.version()?;
    let campaign = db
        .write(move |conn| -> Result<Campaign, ApiError> {
            let (current, _) = managed(conn, &id, &grant)?;
            if current.version != expected {
                return Err(ApiError::precondition_failed(current.version));
            }
            if current.status != from {
                return Err(ApiError::conflict(
                    "illegal_status_change",
                    format!("The campaign is {}; only a {} campaign can become {}.", current.status.as_str(), from.as_str(), to.as_str()),
                ));
            }
            if to == CampaignStatus::Active {
                let criterion_count = db::criteria::of_campaign(conn, &id)?.len();
                let participant_count = db::campaigns::participants(conn, &id)?.len();
                if criterion_count == 0 || participant_count == 0 {
                    return Err(ApiError::conflict(
                        "incomplete_definition",
                        format!(
                            "A campaign needs criteria and participants to start; it has {criterion_count} and {participant_count}."
                        ),
                    ));
                }
            }
            match db::campaigns::set_status(conn, &id, current.version, from.as_str(), to.as_str())? {
                Guarded::Done => Ok(db::campaigns::get(conn, &id)?.ok_or_else(not_found)?.0),
                Guarded::Stale => Err(ApiError::precondition_failed(current.version + 1)),
                Guarded::Missing => Err(not_found()),
            }
        })
        .await?;
    Ok(ok_with_etag(campaign.version, &CampaignView::from(campaign)))
}

/// Lists a campaign's participants.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "list_participants",
    params(("id" = String, Path, description = "The campaign's id")),
    responses((status = 200, description = "The participating units, in tree order", body = Vec<OrgUnitView>)),
)]
#[get("/campaigns/{id}/participants")]
pub async fn participants(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<web::Json<Vec<OrgUnitView>>, ApiError> {
    let units = read_campaign(&db, &principal, id.into_inner(), |conn, campaign| {
        Ok(db::campaigns::participants(conn, &campaign.id)?)
    })
    .await?;
    Ok(web::Json(units.into_iter().map(Into::into).collect()))
}

/// The participants of a draft campaign.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ParticipantsInput {
    /// Units inside the issuer's subtree, by id or by code.
    pub org_units: Vec<String>,
}

/// Resolves units given by id or code inside the issuer's subtree (the
/// issuer itself excluded); each failure names its place in the list.
pub(super) fn resolve_units(
    conn: &mut DbConnection,
    field: &str,
    refs: &[String],
    issuer_path: &str,
) -> Result<Vec<String>, ApiError> {
    let mut ids = Vec::new();
    let mut errors = Vec::new();
    for (i, reference) in refs.iter().enumerate() {
        let unit = match db::org_units::get(conn, reference)? {
            Some(unit) => Some(unit),
            None => db::org_units::get_by_code(conn, reference)?,
        };
        let place = format!("{field}[{i}]");
        match unit {
            Some(unit) if within(&unit.path, issuer_path) && unit.path != issuer_path => {
                if !unit.active {
                    errors.push(FieldError::new(place, "inactive", format!("{} is deactivated.", unit.code)));
                } else if !ids.contains(&unit.id) {
                    ids.push(unit.id);
                }
            }
            Some(unit) => errors.push(FieldError::new(
                place,
                "outside_issuer",
                format!("{} is not inside the issuing unit.", unit.code),
            )),
            None => errors.push(FieldError::new(place, "not_found", format!("No org unit {reference:?}."))),
        }
    }
    if errors.is_empty() { Ok(ids) } else { Err(ApiError::validation(errors)) }
}

/// Replaces the participants of a draft campaign.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "set_participants",
    params(("id" = String, Path, description = "The campaign's id")),
    request_body = ParticipantsInput,
    responses(
        (status = 200, description = "The participants now", body = Vec<OrgUnitView>),
        (status = 409, description = "The campaign is not a draft", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/campaigns/{id}/participants")]
pub async fn set_participants(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
    body: Json<ParticipantsInput>,
) -> Result<web::Json<Vec<OrgUnitView>>, ApiError> {
    let grant = authorize(&principal, Action::ManageCampaigns)?;
    let id = id.into_inner();
    let refs = body.0.org_units;
    let units = db
        .write(move |conn| -> Result<_, ApiError> {
            let (campaign, issuer_path) = managed(conn, &id, &grant)?;
            require_draft(&campaign)?;
            let ids = resolve_units(conn, "org_units", &refs, &issuer_path)?;
            db::campaigns::set_participants(conn, &id, &ids)?;
            db::campaigns::touch(conn, &id)?;
            Ok(db::campaigns::participants(conn, &id)?)
        })
        .await?;
    Ok(web::Json(units.into_iter().map(Into::into).collect()))
}

/// A reporting period.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PeriodView {
    /// `2023`, `2023S1`, `2023Q1` or `2023M02`.
    #[schema(example = "2023Q1")]
    pub id: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Shorter than its calendar period: the campaign starts or ends inside it.
    pub partial: bool,
    /// Reports are due by the end of this day.
    pub due_on: NaiveDate,
    /// After this day the period is locked.
    pub locks_after: NaiveDate,
    /// Whether it is locked today (UTC).
    pub locked: bool,
}

impl PeriodView {
    fn new(p: Period, today: NaiveDate) -> Self {
        Self {
            locked: today > p.locks_after,
            id: p.id,
            starts_on: p.starts_on,
            ends_on: p.ends_on,
            partial: p.partial,
            due_on: p.due_on,
            locks_after: p.locks_after,
        }
    }
}

/// The campaign's reporting periods, from its period type and dates.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "list_periods",
    params(("id" = String, Path, description = "The campaign's id")),
    responses((status = 200, description = "The periods, in order", body = Vec<PeriodView>)),
)]
#[get("/campaigns/{id}/periods")]
pub async fn list_periods(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<web::Json<Vec<PeriodView>>, ApiError> {
    let campaign = read_campaign(&db, &principal, id.into_inner(), |_, campaign| Ok(campaign)).await?;
    let today = crate::domain::now().date_naive();
    let found = periods(campaign.period_type, campaign.starts_on, campaign.ends_on, campaign.deadlines);
    Ok(web::Json(found.into_iter().map(|p| PeriodView::new(p, today)).collect()))
}

/// A lock exception: one unit may work in one locked period until it expires.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LockExceptionView {
    pub id: String,
    pub period_id: String,
    pub org_unit_id: String,
    pub reason: String,
    pub expires_at: DateTime<Utc>,
    /// The user who opened it.
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl From<LockException> for LockExceptionView {
    fn from(e: LockException) -> Self {
        Self {
            id: e.id,
            period_id: e.period_id,
            org_unit_id: e.org_unit_id,
            reason: e.reason,
            expires_at: e.expires_at,
            created_by: e.created_by,
            created_at: e.created_at,
        }
    }
}

/// Lists a campaign's lock exceptions, newest first.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "list_lock_exceptions",
    params(("id" = String, Path, description = "The campaign's id")),
    responses((status = 200, description = "The lock exceptions", body = Vec<LockExceptionView>)),
)]
#[get("/campaigns/{id}/lock-exceptions")]
pub async fn list_lock_exceptions(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<web::Json<Vec<LockExceptionView>>, ApiError> {
    let found = read_campaign(&db, &principal, id.into_inner(), |conn, campaign| {
        Ok(db::lock_exceptions::of_campaign(conn, &campaign.id)?)
    })
    .await?;
    Ok(web::Json(found.into_iter().map(Into::into).collect()))
}

/// A new lock exception.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LockExceptionInput {
    #[schema(example = "2023Q1")]
    pub period_id: String,
    /// A participant of the campaign.
    pub org_unit_id: String,
    /// Why the unit may still work in the locked period.
    #[schema(min_length = 1, max_length = 1000)]
    pub reason: String,
    /// When the exception ends: in the future, within 90 days.
    pub expires_at: DateTime<Utc>,
}

/// Opens a locked period for one participant until `expires_at`.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "create_lock_exception",
    params(("id" = String, Path, description = "The campaign's id")),
    request_body = LockExceptionInput,
    responses(
        (status = 201, description = "Opened", body = LockExceptionView),
        (status = 409, description = "The campaign is closed", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/campaigns/{id}/lock-exceptions")]
pub async fn create_lock_exception(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
    body: Json<LockExceptionInput>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManageCampaigns)?;
    let Some(user_id) = principal.user_id().map(str::to_owned) else {
        return Err(ApiError::forbidden("Only a person opens a lock exception."));
    };
    let input = body.0;
    let now = crate::domain::now();
    let mut errors = Vec::new();
    let reason = check_name(&input.reason, 1000)
        .map_err(|rule| errors.push(FieldError::new("reason", "invalid", format!("The reason {rule}."))))
        .unwrap_or_default();
    if input.expires_at <= now || input.expires_at > now + chrono::TimeDelta::days(90) {
        errors.push(FieldError::new("expires_at", "out_of_range", "An exception ends in the future, within 90 days."));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let id = id.into_inner();
    let exception = db
        .write(move |conn| -> Result<LockException, ApiError> {
            let (campaign, _) = managed(conn, &id, &grant)?;
            if campaign.status == CampaignStatus::Closed {
                return Err(ApiError::conflict("campaign_closed", "The campaign is closed; nothing reopens in it."));
            }
            let known = periods(campaign.period_type, campaign.starts_on, campaign.ends_on, campaign.deadlines);
            let mut errors = Vec::new();
            if !known.iter().any(|p| p.id == input.period_id) {
                errors.push(FieldError::new("period_id", "not_found", "The campaign has no such period."));
            }
            if !db::campaigns::participants(conn, &id)?.iter().any(|u| u.id == input.org_unit_id) {
                errors.push(FieldError::new(
                    "org_unit_id",
                    "not_a_participant",
                    "The unit does not take part in the campaign.",
                ));
            }
            if !errors.is_empty() {
                return Err(ApiError::validation(errors));
            }
            let exception = LockException {
                id: uuid::Uuid::now_v7().to_string(),
                campaign_id: id,
                period_id: input.period_id,
                org_unit_id: input.org_unit_id,
                reason,
                expires_at: input.expires_at,
                created_by: user_id,
                created_at: now,
            };
            db::lock_exceptions::insert(conn, &exception)?;
            Ok(exception)
        })
        .await?;
    Ok(HttpResponse::Created().json(LockExceptionView::from(exception)))
}
