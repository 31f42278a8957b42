//! Campaign records: list, read, create, update.

use super::{code_taken, issuer, managed, readable, require_draft, validate_campaign, view, views};
use crate::auth::Action;
use crate::auth::policy::not_found;
use crate::db::{self, DbConnection};
use crate::domain::if_match::IfMatch;
use crate::domain::org::ancestors;
use crate::domain::page::{Key, Paging};
use crate::error::{ApiError, FieldError};
use crate::model::campaigns::{CampaignFilter, CampaignInput, CampaignView};
use crate::model::list::CursorList;
use crate::service::audit::{Change, Entity};
use crate::service::{Caller, version};

/// The campaigns that reach the caller: issued in its scope or above it.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: CampaignFilter,
    paging: Paging,
) -> Result<CursorList<CampaignView>, ApiError> {
    let grant = caller.may(Action::ReadCampaigns)?;
    let mut issued_above: Vec<String> = grant.subtrees().flat_map(ancestors).map(str::to_owned).collect();
    issued_above.sort_unstable();
    issued_above.dedup();
    let query = db::campaigns::Filter {
        within: grant.within().to_owned(),
        also_within: grant.subtrees().skip(1).map(str::to_owned).collect(),
        issued_above,
        status: filter.status.map(|s| s.as_str().to_owned()),
        code: filter.code,
        q: crate::service::search::query(filter.q.as_deref())?,
        updated_since: filter.updated_since,
    };
    let (items, total) = db::campaigns::list(conn, &query, paging.clone())?;
    let views = views(conn, items.into_iter().map(Into::into).collect())?;
    Ok(CursorList::new(views, total, &paging, |c| Key::new(c.updated_at, &c.id)))
}

/// One campaign that reaches the caller.
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<CampaignView, ApiError> {
    let campaign = readable(conn, caller, id)?;
    view(conn, campaign)
}

/// Creates a draft campaign.
pub fn create(conn: &mut DbConnection, caller: &Caller, input: CampaignInput) -> Result<CampaignView, ApiError> {
    let grant = caller.may(Action::ManageCampaigns)?;
    let issuer_id = input.issuer_id.clone();
    let valid = validate_campaign(input, None);
    let Some(issuer_id) = issuer_id else {
        let mut errors = valid.err().map(|e| e.problem().errors.clone()).unwrap_or_default();
        errors.insert(0, FieldError::new("issuer_id", "required", "issuer_id is required."));
        return Err(ApiError::validation(errors));
    };
    let valid = valid?;
    let issuer = issuer(conn, &issuer_id, grant.within())?;
    if db::campaigns::get_by_code(conn, &issuer.id, &valid.code)?.is_some() {
        return Err(code_taken(&valid.code));
    }
    let id = uuid::Uuid::now_v7().to_string();
    let campaign = db::campaigns::insert(conn, &id, valid.fields(&issuer.id)).map_err(|e| match e {
        db::DbError::UniqueViolation(_) => code_taken(&valid.code),
        other => other.into(),
    })?;
    let view = view(conn, campaign)?;
    Change::new(caller, Entity::Campaign, &view.id, "create", Some(&issuer.path)).after(&view).record(conn)?;
    Ok(view)
}

/// Changes a draft campaign's definition. `expected` is the version the
/// caller read (its `If-Match`), or why it has none; the checks come in the
/// order of [`crate::service::version`].
pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
    input: CampaignInput,
) -> Result<CampaignView, ApiError> {
    let grant = caller.may(Action::ManageCampaigns)?;
    let managed = managed(conn, id, &grant)?;
    let current = managed.campaign;
    if input.issuer_id.is_some() {
        return Err(ApiError::validation(vec![FieldError::new(
            "issuer_id",
            "fixed",
            "A campaign's issuer is fixed; import its definition under another issuer instead.",
        )]));
    }
    let valid = validate_campaign(input, Some(&current))?;
    version::check(current.version, expected)?;
    require_draft(&current)?;
    if valid.code != current.code && db::campaigns::get_by_code(conn, &current.issuer_id, &valid.code)?.is_some() {
        return Err(code_taken(&valid.code));
    }
    let outcome = db::campaigns::update(conn, id, current.version, valid.fields(&current.issuer_id))?;
    version::landed(outcome, current.version)?;
    let changed = db::campaigns::get(conn, id)?.ok_or_else(not_found)?.0;
    let view = view(conn, changed)?;
    Change::new(caller, Entity::Campaign, id, "update", Some(&managed.issuer_path))
        .before(&super::view(conn, current)?)
        .after(&view)
        .record(conn)?;
    Ok(view)
}
