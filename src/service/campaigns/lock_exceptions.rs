//! Lock exceptions: one unit may still work in one locked period of a
//! campaign until the exception expires.

use super::{managed, readable, require_not_closed};
use crate::auth::Action;
use crate::db::lock_exceptions::LockException;
use crate::db::{self, DbConnection};
use crate::domain::periods::periods;
use crate::domain::text::check_name;
use crate::error::{ApiError, FieldError};
use crate::model::campaigns::{LockExceptionInput, LockExceptionView};
use crate::service::Caller;
use crate::service::audit::{Change, Entity};

// Here rather than in model/: the row is the database layer's type.
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

/// A campaign's lock exceptions, newest first.
pub fn list(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Vec<LockExceptionView>, ApiError> {
    let campaign = readable(conn, caller, id)?;
    let found = db::lock_exceptions::of_campaign(conn, &campaign.id)?;
    Ok(found.into_iter().map(Into::into).collect())
}

/// Opens a locked period of the campaign `id` for one participant until `expires_at`.
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    input: LockExceptionInput,
) -> Result<LockExceptionView, ApiError> {
    let grant = caller.may(Action::ManageCampaigns)?;
    let Some(user_id) = caller.principal.user_id().map(str::to_owned) else {
        return Err(ApiError::forbidden("Only a person opens a lock exception."));
    };
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
    let managed = managed(conn, id, &grant)?;
    let campaign = managed.campaign;
    require_not_closed(campaign.status)?;
    let known = periods(campaign.period_type, campaign.starts_on, campaign.ends_on, campaign.deadlines);
    let mut errors = Vec::new();
    if !known.iter().any(|p| p.id == input.period_id) {
        errors.push(FieldError::new("period_id", "not_found", "The campaign has no such period."));
    }
    if !db::campaigns::participants(conn, id)?.iter().any(|u| u.id == input.org_unit_id) {
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
        campaign_id: id.to_owned(),
        period_id: input.period_id,
        org_unit_id: input.org_unit_id,
        reason,
        expires_at: input.expires_at,
        created_by: user_id,
        created_at: now,
    };
    db::lock_exceptions::insert(conn, &exception)?;
    let view = LockExceptionView::from(exception);
    Change::new(caller, Entity::LockException, &view.id, "create", Some(&managed.issuer_path))
        .after(&view)
        .record(conn)?;
    Ok(view)
}
