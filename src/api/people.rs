//! `/api/v1/people`: cán bộ, công chức — the individuals who can be nominated.

use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::policy::not_found;
use crate::auth::{Action, Principal, authorize};
use crate::db::{self, Db, DbConnection, Guarded};
use crate::domain::accounts::Person;
use crate::domain::org::within;
use crate::domain::text::check_name;
use crate::error::{ApiError, FieldError};
use crate::http::extract::{Json, Query};
use crate::http::precondition::{IfMatch, ok_with_etag, tagged};
use crate::model::list::{List, PageParams};

const MAX_NAME: usize = 200;

/// A person.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonView {
    pub id: String,
    pub org_unit_id: String,
    /// The full Vietnamese name, e.g. `Nguyễn Thị Hoa`.
    pub full_name: String,
    /// The position (chức vụ), e.g. `Công chức Văn phòng – Thống kê`.
    pub position: String,
    /// The user account of this person, if any.
    pub user_id: Option<String>,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Person> for PersonView {
    fn from(p: Person) -> Self {
        Self {
            id: p.id,
            org_unit_id: p.org_unit_id,
            full_name: p.full_name,
            position: p.position,
            user_id: p.user_id,
            active: p.active,
            version: p.version,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PersonFilter {
    /// Only people of this unit.
    pub org_unit_id: Option<String>,
    /// Only active (`true`) or inactive (`false`) people.
    pub active: Option<bool>,
}

/// Lists the people in the caller's scope.
#[utoipa::path(
    tag = "people",
    operation_id = "list_people",
    params(PageParams, PersonFilter),
    responses((status = 200, description = "One page of people", body = List<PersonView>)),
)]
#[get("/people")]
pub async fn list(
    db: web::Data<Db>,
    principal: Principal,
    page: Query<PageParams>,
    filter: Query<PersonFilter>,
) -> Result<web::Json<List<PersonView>>, ApiError> {
    let grant = authorize(&principal, Action::ReadPeople)?;
    let page = page.0.page();
    let query = db::people::Filter {
        within: grant.within().to_owned(),
        org_unit_id: filter.0.org_unit_id,
        active: filter.0.active,
    };
    let (items, total) = db.run(move |conn| db::people::list(conn, &query, page)).await?;
    Ok(web::Json(List::new(items.into_iter().map(Into::into).collect(), total, page)))
}

/// Reads one person.
#[utoipa::path(
    tag = "people",
    operation_id = "get_person",
    params(("id" = String, Path, description = "The person's id")),
    responses((status = 200, description = "The person", body = PersonView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/people/{id}")]
pub async fn get(db: web::Data<Db>, principal: Principal, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ReadPeople)?;
    let id = id.into_inner();
    let (person, path) = db.run(move |conn| db::people::get(conn, &id)).await?.ok_or_else(not_found)?;
    grant.check(&path)?;
    Ok(ok_with_etag(person.version, &PersonView::from(person)))
}

/// A person's fields. On update, absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PersonInput {
    pub org_unit_id: Option<String>,
    pub full_name: Option<String>,
    pub position: Option<String>,
    /// Links the person to a user account; an empty string unlinks it.
    pub user_id: Option<String>,
    pub active: Option<bool>,
}

/// Adds a person to a unit in the caller's scope.
#[utoipa::path(
    tag = "people",
    operation_id = "create_person",
    request_body = PersonInput,
    responses(
        (status = 201, description = "Created", body = PersonView,
            headers(("Location" = String, description = "The new person"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The user account is linked to another person", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/people")]
pub async fn create(
    db: web::Data<Db>,
    principal: Principal,
    body: Json<PersonInput>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManagePeople)?;
    let input = body.0;
    let scope = grant.within().to_owned();
    let person = db
        .write(move |conn| -> Result<Person, ApiError> {
            let fields = resolve(conn, &scope, input, None)?;
            let id = uuid::Uuid::now_v7().to_string();
            db::people::insert(conn, &id, fields.as_db()).map_err(linked_elsewhere)
        })
        .await?;
    Ok(tagged(HttpResponse::Created(), person.version)
        .insert_header((header::LOCATION, format!("/api/v1/people/{}", person.id)))
        .json(PersonView::from(person)))
}

/// Updates a person. Needs `If-Match`.
#[utoipa::path(
    tag = "people",
    operation_id = "update_person",
    params(("id" = String, Path, description = "The person's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = PersonInput,
    responses(
        (status = 200, description = "Updated", body = PersonView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The user account is linked to another person", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The person changed since it was read", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match header", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[patch("/people/{id}")]
pub async fn update(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<PersonInput>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ManagePeople)?;
    // After the body: a malformed body is answered as such first.
    let expected = if_match.version()?;
    let scope = grant.within().to_owned();
    let id = id.into_inner();
    let input = body.0;
    let person = db
        .write(move |conn| -> Result<Person, ApiError> {
            let (current, path) = db::people::get(conn, &id)?.ok_or_else(not_found)?;
            if !within(&path, &scope) {
                return Err(not_found());
            }
            if current.version != expected {
                return Err(ApiError::precondition_failed(current.version));
            }
            let fields = resolve(conn, &scope, input, Some(&current))?;
            match db::people::update(conn, &id, current.version, fields.as_db()).map_err(linked_elsewhere)? {
                Guarded::Done => Ok(db::people::get(conn, &id)?.ok_or_else(not_found)?.0),
                Guarded::Stale => Err(ApiError::precondition_failed(current.version + 1)),
                Guarded::Missing => Err(not_found()),
            }
        })
        .await?;
    Ok(ok_with_etag(person.version, &PersonView::from(person)))
}

struct Fields {
    org_unit_id: String,
    full_name: String,
    position: String,
    user_id: Option<String>,
    active: bool,
}

impl Fields {
    fn as_db(&self) -> db::people::Fields<'_> {
        db::people::Fields {
            org_unit_id: &self.org_unit_id,
            full_name: &self.full_name,
            position: &self.position,
            user_id: self.user_id.as_deref(),
            active: self.active,
        }
    }
}

/// Checks the input against the rules and the caller's scope; absent fields
/// come from `current` (an update) or are required (a creation).
fn resolve(
    conn: &mut DbConnection,
    scope: &str,
    input: PersonInput,
    current: Option<&Person>,
) -> Result<Fields, ApiError> {
    let mut errors = Vec::new();
    let full_name = match (input.full_name, current) {
        (Some(name), _) => check_name(&name, MAX_NAME)
            .map_err(|rule| errors.push(FieldError::new("full_name", "invalid", format!("The name {rule}."))))
            .unwrap_or_default(),
        (None, Some(p)) => p.full_name.clone(),
        (None, None) => {
            errors.push(FieldError::new("full_name", "required", "The full name is required."));
            String::new()
        }
    };
    let position = match (input.position, current) {
        (Some(position), _) if position.trim().is_empty() => String::new(),
        (Some(position), _) => check_name(&position, MAX_NAME)
            .map_err(|rule| errors.push(FieldError::new("position", "invalid", format!("The position {rule}."))))
            .unwrap_or_default(),
        (None, Some(p)) => p.position.clone(),
        (None, None) => String::new(),
    };
    let org_unit_id = match (input.org_unit_id, current) {
        (Some(unit_id), _) => {
            let unit = db::org_units::get(conn, &unit_id)?.filter(|u| within(&u.path, scope));
            if unit.is_none() {
                errors.push(FieldError::new("org_unit_id", "not_found", "No such org unit in your scope."));
            }
            unit_id
        }
        (None, Some(p)) => p.org_unit_id.clone(),
        (None, None) => {
            errors.push(FieldError::new("org_unit_id", "required", "The org unit is required."));
            String::new()
        }
    };
    let user_id = match (input.user_id, current) {
        (Some(user_id), _) if user_id.is_empty() => None,
        (Some(user_id), _) => {
            let user = db::users::get(conn, &user_id)?.filter(|(_, path)| within(path, scope));
            if user.is_none() {
                errors.push(FieldError::new("user_id", "not_found", "No such user in your scope."));
            }
            Some(user_id)
        }
        (None, Some(p)) => p.user_id.clone(),
        (None, None) => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let active = input.active.or(current.map(|p| p.active)).unwrap_or(true);
    Ok(Fields { org_unit_id, full_name, position, user_id, active })
}

fn linked_elsewhere(error: db::DbError) -> ApiError {
    match error {
        db::DbError::UniqueViolation(_) => {
            let mut e = ApiError::conflict("user_already_linked", "That user account belongs to another person.");
            e.set_errors(vec![FieldError::new("user_id", "taken", "Linked to another person.")]);
            e
        }
        other => other.into(),
    }
}
