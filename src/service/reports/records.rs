//! A report's record: created once per unit, campaign and period; listed;
//! read whole with its values.

use std::sync::Arc;

use super::cache::{Definitions, JsonBody};
use super::{Context, Definition, Unit, located_in_reach};
use chrono::{DateTime, Utc};

use crate::auth::policy::campaign_visible;
use crate::auth::{Action, Grant};
use crate::db;
use crate::db::DbConnection;
use crate::domain::accounts::OrgUnit;
use crate::domain::campaign::Campaign;
use crate::domain::org::within;
use crate::domain::page::{Key, Paging};
use crate::domain::report::{Report, ReportStatus};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::list::CursorList;
use crate::model::reports::{NewReport, ReportFilter, ReportSummary, ReportView};
use crate::service::audit::{Change, Entity};
use crate::service::{Caches, Caller};

/// Creates the report of a unit for a campaign and period (one each; a second is 409).
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    caches: &Caches,
    input: NewReport,
) -> Result<ReportView, ApiError> {
    let grant = caller.may(Action::WriteReports)?;
    let now = crate::domain::now();
    let context = creatable(conn, &grant, caches, &input, now)?;
    let report = insert_new(conn, caller, &context, now)?;
    let view = context.view(report, Vec::new());
    Change::new(caller, Entity::Report, &view.id, "create", Some(&context.unit_path)).after(&view).record(conn)?;
    Ok(view)
}

/// The context of a report that may be created now, or why not: the
/// campaign reaching the grant, the unit inside it and taking part, the
/// period the campaign's, the campaign and the period open. The one rule
/// for creating a report, whether one at a time or by an import.
pub(super) fn creatable(
    conn: &mut DbConnection,
    grant: &Grant,
    caches: &Caches,
    input: &NewReport,
    now: DateTime<Utc>,
) -> Result<Context, ApiError> {
    creatable_by(conn, grant, &mut ReadNow(caches), input, now)
}

/// What [`creatable`] judges a new report by: read when asked, for one
/// report ([`ReadNow`]), or read before for a bulk import's batch of
/// reports (`super::bulk`), so the rule is one and its reads are not one per report.
pub(super) trait CreationFacts {
    /// The campaign and its issuer's path.
    fn campaign(&mut self, conn: &mut DbConnection, id: &str) -> Result<Option<(Campaign, String)>, ApiError>;
    fn unit(&mut self, conn: &mut DbConnection, id: &str) -> Result<Option<OrgUnit>, ApiError>;
    fn is_participant(&mut self, conn: &mut DbConnection, campaign_id: &str, unit_id: &str) -> Result<bool, ApiError>;
    fn definition(&mut self, conn: &mut DbConnection, campaign_id: &str) -> Result<Arc<Definition>, ApiError>;
    /// The label cache the unit's label comes from (filled beforehand for a batch).
    fn definitions(&self) -> &Definitions;
    /// Whether a lock exception is open now; `None`: asked when needed (see `Context::check_open`).
    fn lock_exception_open(&self, campaign_id: &str, period_id: &str, unit_id: &str) -> Option<bool>;
}

/// Facts read when [`creatable`] asks for them.
pub(super) struct ReadNow<'a>(pub &'a Caches);

impl CreationFacts for ReadNow<'_> {
    fn campaign(&mut self, conn: &mut DbConnection, id: &str) -> Result<Option<(Campaign, String)>, ApiError> {
        Ok(db::campaigns::get(conn, id)?)
    }

    fn unit(&mut self, conn: &mut DbConnection, id: &str) -> Result<Option<OrgUnit>, ApiError> {
        Ok(db::org_units::get(conn, id)?)
    }

    fn is_participant(&mut self, conn: &mut DbConnection, campaign_id: &str, unit_id: &str) -> Result<bool, ApiError> {
        Ok(db::campaigns::is_participant(conn, campaign_id, unit_id)?)
    }

    fn definition(&mut self, conn: &mut DbConnection, campaign_id: &str) -> Result<Arc<Definition>, ApiError> {
        self.0.definitions.of(conn, campaign_id)
    }

    fn definitions(&self) -> &Definitions {
        &self.0.definitions
    }

    fn lock_exception_open(&self, _: &str, _: &str, _: &str) -> Option<bool> {
        None
    }
}

/// [`creatable`], judged by `facts`.
pub(super) fn creatable_by(
    conn: &mut DbConnection,
    grant: &Grant,
    facts: &mut impl CreationFacts,
    input: &NewReport,
    now: DateTime<Utc>,
) -> Result<Context, ApiError> {
    let (campaign, issuer_path) =
        facts.campaign(conn, &input.campaign_id)?.ok_or_else(|| field_not_found("campaign_id", "No such campaign."))?;
    if !campaign_visible(&issuer_path, grant.within()) {
        return Err(field_not_found("campaign_id", "No such campaign."));
    }
    let unit = facts
        .unit(conn, &input.org_unit_id)?
        .filter(|u| within(&u.path, grant.within()))
        .ok_or_else(|| field_not_found("org_unit_id", "No such unit in your scope."))?;
    if !facts.is_participant(conn, &campaign.id, &unit.id)? {
        return Err(ApiError::conflict(ErrorCode::NotAParticipant, "The unit does not take part in the campaign."));
    }
    let definition = facts.definition(conn, &campaign.id)?;
    if !definition.periods.iter().any(|p| p.id == input.period_id) {
        return Err(field_not_found("period_id", "The campaign has no such period."));
    }
    let of_unit = Unit { id: &unit.id, path: &unit.path, kind: unit.kind };
    let mut context = Context::new(conn, facts.definitions(), definition, campaign.status, of_unit, &input.period_id)?;
    context.lock_exception_open = facts.lock_exception_open(&campaign.id, &input.period_id, &unit.id);
    context.check_open(conn, now)?;
    Ok(context)
}

/// Inserts the new draft report of a [`creatable`] context (409 when the
/// unit has one for the campaign and period already).
pub(super) fn insert_new(
    conn: &mut DbConnection,
    caller: &Caller,
    context: &Context,
    now: DateTime<Utc>,
) -> Result<Report, ApiError> {
    let report = new_report(caller, context, now);
    db::reports::insert(conn, &report).map_err(|e| match e {
        db::DbError::UniqueViolation(_) => report_exists(),
        other => other.into(),
    })?;
    Ok(report)
}

/// The new draft report of a [`creatable`] context, not yet written.
pub(super) fn new_report(caller: &Caller, context: &Context, now: DateTime<Utc>) -> Report {
    Report {
        id: uuid::Uuid::now_v7().to_string(),
        campaign_id: context.definition.campaign_id.clone(),
        org_unit_id: context.unit_id.clone(),
        period_id: context.period.id.clone(),
        status: ReportStatus::Draft,
        version: 1,
        submitted_at: None,
        approved_at: None,
        created_by: caller.principal.actor_ref(),
        created_at: now,
        updated_at: now,
        first_submitted_at: None,
        submitted_on_time: None,
    }
}

/// 409: the unit has a report for the campaign and period already.
pub(super) fn report_exists() -> ApiError {
    ApiError::conflict(ErrorCode::ReportExists, "This unit already has a report for this campaign and period.")
}

fn field_not_found(field: &str, message: &str) -> ApiError {
    ApiError::validation(vec![FieldError::new(field, "not_found", message)])
}

/// The reports the caller may read (a reporter: its own unit's), newest change first.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: ReportFilter,
    paging: Paging,
) -> Result<CursorList<ReportSummary>, ApiError> {
    let grant = caller.may(Action::ReadReports)?;
    let query = db::reports::Filter {
        within: grant.within().to_owned(),
        also_within: grant.subtrees().skip(1).map(str::to_owned).collect(),
        campaign_id: filter.campaign_id,
        period_id: filter.period_id,
        org_unit_id: filter.org_unit_id,
        status: filter.status.map(|s| s.as_str().to_owned()),
        updated_since: filter.updated_since,
    };
    let (items, total) = db::reports::list(conn, &query, paging.clone())?;
    let items = items.into_iter().map(ReportSummary::from).collect();
    Ok(CursorList::new(items, total, &paging, |r| Key::new(r.updated_at, &r.id)))
}

/// A report's answer, serialised: sent as it is, and kept to be sent again.
pub struct ReportJson {
    pub version: i32,
    pub body: JsonBody,
}

/// One report with its values, as JSON. Kept answers are sent again while
/// the report is unchanged (see [`super::cache::Views`]); the scope is
/// checked before anything kept is sent.
pub fn get(conn: &mut DbConnection, caller: &Caller, caches: &Caches, id: &str) -> Result<ReportJson, ApiError> {
    let grant = caller.may(Action::ReadReports)?;
    let located = located_in_reach(conn, id, &grant)?;
    let version = located.report.version;
    let names = caches.definitions.names();
    if let Some(body) = caches.report_views.get(&located, names) {
        return Ok(ReportJson { version, body });
    }
    let values = db::reports::values(conn, id)?;
    let context = Context::of(conn, &caches.definitions, &located)?;
    let body = JsonBody::from(
        serde_json::to_vec(&context.view(located.report.clone(), values)).map_err(|e| ApiError::internal(&e))?,
    );
    if context.definition.settled {
        caches.report_views.keep(&located, body.clone(), names);
    }
    Ok(ReportJson { version, body })
}
