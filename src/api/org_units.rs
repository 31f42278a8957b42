//! `/api/v1/org-units`: the organisation tree (district → commune → units).

use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::auth::policy::not_found;
use crate::auth::{Action, Principal, authorize};
use crate::db::{self, Db, Guarded};
use crate::domain::accounts::OrgUnit;
use crate::domain::org::{OrgKind, child_path, within};
use crate::domain::text::{check_code, check_name};
use crate::error::{ApiError, FieldError};
use crate::http::extract::{Json, Query};
use crate::http::precondition::{IfMatch, ok_with_etag, tagged};
use crate::model::list::{List, PageParams};
use crate::model::org_units::OrgUnitView;

/// Longest org-unit name, in characters.
const MAX_NAME: usize = 200;

/// Narrows the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrgUnitFilter {
    /// Only the direct children of this unit.
    pub parent_id: Option<String>,
    /// Only units of this kind.
    pub kind: Option<OrgKind>,
    /// Only this unit and everything below it.
    pub subtree_of: Option<String>,
    /// Only active (`true`) or inactive (`false`) units.
    pub active: Option<bool>,
    /// Only the unit with this code.
    pub code: Option<String>,
}

/// Lists the units in the caller's scope, in tree order.
#[utoipa::path(
    tag = "org-units",
    operation_id = "list_org_units",
    params(PageParams, OrgUnitFilter),
    responses((status = 200, description = "One page of org units", body = List<OrgUnitView>)),
)]
#[get("/org-units")]
pub async fn list(
    db: web::Data<Db>,
    principal: Principal,
    page: Query<PageParams>,
    filter: Query<OrgUnitFilter>,
) -> Result<web::Json<List<OrgUnitView>>, ApiError> {
    let grant = authorize(&principal, Action::ReadOrgUnits)?;
    let page = page.0.page();
    let filter = filter.0;
    let scope = grant.within().to_owned();
    let (items, total) = db
        .run(move |conn| -> Result<_, ApiError> {
            let mut top = scope.clone();
            if let Some(id) = &filter.subtree_of {
                let unit = db::org_units::get(conn, id)?.filter(|u| within(&u.path, &scope));
                match unit {
                    Some(unit) => top = unit.path,
                    // A subtree outside the scope holds nothing the caller may see.
                    None => return Ok((Vec::new(), 0)),
                }
            }
            let query = db::org_units::Filter {
                within: top,
                parent_id: filter.parent_id,
                kind: filter.kind.map(|k| k.as_str().to_owned()),
                active: filter.active,
                code: filter.code,
            };
            Ok(db::org_units::list(conn, &query, page)?)
        })
        .await?;
    Ok(web::Json(List::new(items.into_iter().map(Into::into).collect(), total, page)))
}

/// Reads one unit.
#[utoipa::path(
    tag = "org-units",
    operation_id = "get_org_unit",
    params(("id" = String, Path, description = "The unit's id")),
    responses((status = 200, description = "The unit", body = OrgUnitView, headers(("ETag" = String, description = "The unit's version")))),
)]
#[get("/org-units/{id}")]
pub async fn get(db: web::Data<Db>, principal: Principal, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ReadOrgUnits)?;
    let id = id.into_inner();
    let unit = db.run(move |conn| db::org_units::get(conn, &id)).await?.ok_or_else(not_found)?;
    grant.check(&unit.path)?;
    Ok(ok_with_etag(unit.version, &OrgUnitView::from(unit)))
}

/// A new unit.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewOrgUnit {
    #[schema(pattern = r"^[A-Za-z0-9._/-]{1,50}$", example = "XA-DAI-THANG")]
    pub code: String,
    #[schema(min_length = 1, max_length = 200, example = "Xã Đại Thắng")]
    pub name: String,
    /// Any kind but `root`, of which there is one.
    pub kind: OrgKind,
    /// The unit it belongs to; its kind must fit (a commune under a district, a sector under a commune, …).
    pub parent_id: String,
}

/// Creates a unit under a parent in the caller's scope.
#[utoipa::path(
    tag = "org-units",
    operation_id = "create_org_unit",
    request_body = NewOrgUnit,
    responses(
        (status = 201, description = "Created", body = OrgUnitView,
            headers(("Location" = String, description = "The new unit"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The code is taken", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/org-units")]
pub async fn create(db: web::Data<Db>, principal: Principal, body: Json<NewOrgUnit>) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManageOrgUnits)?;
    let input = body.0;
    let mut errors = Vec::new();
    let code = check_code(&input.code)
        .map_err(|rule| errors.push(FieldError::new("code", "invalid", format!("The code {rule}."))));
    let name = check_name(&input.name, MAX_NAME)
        .map_err(|rule| errors.push(FieldError::new("name", "invalid", format!("The name {rule}."))));
    let kind = Some(input.kind).filter(|k| *k != OrgKind::Root);
    if kind.is_none() {
        errors.push(FieldError::new("kind", "invalid", "There is one root unit; choose another kind."));
    }
    let (Ok(code), Ok(name), Some(kind)) = (code, name, kind) else { return Err(ApiError::validation(errors)) };
    let scope = grant.within().to_owned();
    let parent_id = input.parent_id;
    let unit = db
        .write(move |conn| -> Result<OrgUnit, ApiError> {
            let parent = db::org_units::get(conn, &parent_id)?.filter(|p| within(&p.path, &scope));
            let Some(parent) = parent else {
                return Err(ApiError::validation(vec![FieldError::new(
                    "parent_id",
                    "not_found",
                    "No such parent unit in your scope.",
                )]));
            };
            check_placement(kind, &parent)?;
            if db::org_units::get_by_code(conn, &code)?.is_some() {
                return Err(code_taken(&code));
            }
            let id = uuid::Uuid::now_v7().to_string();
            let path = child_path(&parent.path, &id);
            let new = db::org_units::NewOrgUnit {
                id: &id,
                code: &code,
                name: &name,
                kind: kind.as_str(),
                parent_id: Some(&parent.id),
                path: &path,
            };
            db::org_units::insert(conn, new).map_err(|e| match e {
                db::DbError::UniqueViolation(_) => code_taken(&code),
                other => other.into(),
            })
        })
        .await?;
    Ok(tagged(HttpResponse::Created(), unit.version)
        .insert_header((header::LOCATION, format!("/api/v1/org-units/{}", unit.id)))
        .json(OrgUnitView::from(unit)))
}

fn code_taken(code: &str) -> ApiError {
    let mut error = ApiError::conflict("code_taken", format!("Another org unit has the code {code:?}."));
    error.set_errors(vec![FieldError::new("code", "taken", "Another org unit has this code.")]);
    error
}

/// 422 unless a unit of `kind` may sit under `parent`, which must be active.
fn check_placement(kind: OrgKind, parent: &OrgUnit) -> Result<(), ApiError> {
    if !parent.active {
        return Err(ApiError::validation(vec![FieldError::new(
            "parent_id",
            "inactive",
            "The parent unit is deactivated.",
        )]));
    }
    if !kind.fits_under(parent.kind) {
        let allowed: Vec<&str> = kind.allowed_parents().iter().map(|k| k.as_str()).collect();
        return Err(ApiError::validation(vec![FieldError::new(
            "parent_id",
            "wrong_parent_kind",
            format!("A {kind} unit belongs under a {}, not a {}.", allowed.join(" or "), parent.kind),
        )]));
    }
    Ok(())
}

/// Changes to a unit; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OrgUnitChanges {
    #[schema(pattern = r"^[A-Za-z0-9._/-]{1,50}$")]
    pub code: Option<String>,
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    /// Moves the unit (and everything below it) under another parent.
    pub parent_id: Option<String>,
    /// `false` deactivates the unit; units are never deleted, so what refers to them stays.
    pub active: Option<bool>,
}

/// Updates, moves, deactivates or reactivates a unit. Needs `If-Match`.
#[utoipa::path(
    tag = "org-units",
    operation_id = "update_org_unit",
    params(("id" = String, Path, description = "The unit's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = OrgUnitChanges,
    responses(
        (status = 200, description = "Updated", body = OrgUnitView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The move would make a cycle, the code is taken, the unit has active children, or it is the root", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The unit changed since it was read", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match header", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[patch("/org-units/{id}")]
pub async fn update(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<OrgUnitChanges>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManageOrgUnits)?;
    let changes = body.0;
    let mut errors = Vec::new();
    let code = changes.code.as_deref().map(check_code).transpose().map_err(|rule| {
        errors.push(FieldError::new("code", "invalid", format!("The code {rule}.")));
    });
    let name = changes.name.as_deref().map(|n| check_name(n, MAX_NAME)).transpose().map_err(|rule| {
        errors.push(FieldError::new("name", "invalid", format!("The name {rule}.")));
    });
    let (Ok(code), Ok(name)) = (code, name) else { return Err(ApiError::validation(errors)) };
    // After the body: a malformed body is answered as such first.
    let expected = if_match.version()?;
    let scope = grant.within().to_owned();
    let id = id.into_inner();
    let unit = db
        .write(move |conn| -> Result<OrgUnit, ApiError> {
            let unit = db::org_units::get(conn, &id)?.filter(|u| within(&u.path, &scope)).ok_or_else(not_found)?;
            if unit.version != expected {
                return Err(ApiError::precondition_failed(unit.version));
            }
            let is_root = unit.parent_id.is_none();
            let mut parent_id = unit.parent_id.clone();
            let mut new_path = None;
            if let Some(new_parent) = changes.parent_id.filter(|p| Some(p) != unit.parent_id.as_ref()) {
                if is_root {
                    return Err(ApiError::conflict("root_is_fixed", "The root unit cannot be moved."));
                }
                let parent = db::org_units::get(conn, &new_parent)?.filter(|p| within(&p.path, &scope));
                let Some(parent) = parent else {
                    return Err(ApiError::validation(vec![FieldError::new(
                        "parent_id",
                        "not_found",
                        "No such parent unit in your scope.",
                    )]));
                };
                if within(&parent.path, &unit.path) {
                    return Err(ApiError::conflict(
                        "cycle",
                        "A unit cannot move under itself or under one of its own units.",
                    ));
                }
                check_placement(unit.kind, &parent)?;
                new_path = Some(child_path(&parent.path, &unit.id));
                parent_id = Some(parent.id);
            }
            let active = changes.active.unwrap_or(unit.active);
            if !active && unit.active {
                if is_root {
                    return Err(ApiError::conflict("root_is_fixed", "The root unit cannot be deactivated."));
                }
                if db::org_units::active_children(conn, &unit.id)? > 0 {
                    return Err(ApiError::conflict(
                        "has_active_children",
                        "Deactivate the units below this one first.",
                    ));
                }
            }
            let code = code.unwrap_or(unit.code.clone());
            if code != unit.code && db::org_units::get_by_code(conn, &code)?.is_some() {
                return Err(code_taken(&code));
            }
            let fields = db::org_units::Changes {
                code: &code,
                name: &name.unwrap_or(unit.name.clone()),
                parent_id: parent_id.as_deref(),
                active,
            };
            match db::org_units::update(conn, &unit.id, unit.version, fields)? {
                Guarded::Done => {}
                Guarded::Stale => return Err(ApiError::precondition_failed(unit.version + 1)),
                Guarded::Missing => return Err(not_found()),
            }
            if let Some(new_path) = new_path {
                db::org_units::move_subtree(conn, &unit.path, &new_path)?;
            }
            db::org_units::get(conn, &unit.id)?.ok_or_else(not_found)
        })
        .await?;
    Ok(ok_with_etag(unit.version, &OrgUnitView::from(unit)))
}
