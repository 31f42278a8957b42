//! `/api/v1/reports`: one unit's figures for one campaign and period, and
//! their review — submit, return, approve, reopen — each checked by role,
//! scope, state and period lock, guarded by the report's version, recorded in
//! the report's history and in the audit log in the same transaction.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::policy::{campaign_visible, not_found};
use crate::auth::{Action, Grant, Principal, authorize};
use crate::db::reports::Event;
use crate::db::reports::Submission;
use crate::db::scoreboard::Adjustment;
use crate::db::{self, Db, DbConnection};
use crate::domain::campaign::{CampaignStatus, Criterion};
use crate::domain::org::{OrgKind, within};
use crate::domain::periods::{Period, periods};
use crate::domain::report::{
    Figures, Move, Report, ReportStatus, StoredValue, Target, broken_rules, check_against_parent, compute,
};
use crate::domain::score::UnitTally;
use crate::error::{ApiError, FieldError};
use crate::http::RequestId;
use crate::http::extract::{Json, OptionalJson, Query};
use crate::http::precondition::{IfMatch, ok_with_etag, tagged};
use crate::model::list::{List, PageParams};
use crate::service::Caller;
use crate::service::audit::{Change, Entity};

/// One criterion's value in a report.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ValueView {
    pub criterion_id: String,
    pub criterion_code: String,
    #[serde(flatten)]
    pub figures: Figures,
    pub note: String,
    /// Computed by the service: the ratio as a percentage, or the reported percentage.
    pub computed_percentage: Option<f64>,
    /// Computed by the service: whether the target is met (`null` when not applicable).
    pub met: Option<bool>,
    /// A ratio over a zero denominator: nothing to measure this period.
    pub not_applicable: bool,
    pub updated_at: DateTime<Utc>,
}

/// A report.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportView {
    pub id: String,
    pub campaign_id: String,
    pub org_unit_id: String,
    pub period_id: String,
    pub status: ReportStatus,
    /// Send it back in `If-Match` to edit or move the report.
    pub version: i32,
    /// The period's due day.
    pub due_on: NaiveDate,
    /// The day after which the period is locked.
    pub locks_after: NaiveDate,
    pub submitted_at: Option<DateTime<Utc>>,
    pub approved_at: Option<DateTime<Utc>>,
    /// When the report was first submitted; a resubmission after a return keeps it.
    pub first_submitted_at: Option<DateTime<Utc>>,
    /// Whether the first submission came by the due day (`null` until submitted).
    pub on_time: Option<bool>,
    /// The criteria this unit reports, in the campaign's order.
    pub applicable_criteria: Vec<String>,
    pub values: Vec<ValueView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a campaign's reports are judged against that cannot change once the
/// campaign has left draft: its periods and its criteria. Criteria, dates,
/// period type and deadlines change only while a campaign is a draft
/// (`require_draft` in campaigns.rs and criteria.rs, `draft` in criteria.rs),
/// and no move leads back to draft.
struct Definition {
    campaign_id: String,
    periods: Vec<Period>,
    criteria: Vec<Criterion>,
    /// Read from a campaign past draft: it will not change again.
    settled: bool,
}

/// The definitions of campaigns past draft, kept for the life of the
/// process: a report is then read with two queries (the report with its
/// unit and campaign status, and its values) instead of seven.
#[derive(Default)]
pub struct Definitions(Mutex<HashMap<String, Arc<Definition>>>);

impl Definitions {
    /// A bound that no real installation reaches (a few campaigns a year);
    /// past it everything is dropped and read again.
    const MAX_KEPT: usize = 1_000;

    fn of(&self, conn: &mut DbConnection, campaign_id: &str) -> Result<Arc<Definition>, ApiError> {
        let lock = || self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(kept) = lock().get(campaign_id) {
            return Ok(kept.clone());
        }
        let (campaign, _) = db::campaigns::get(conn, campaign_id)?.ok_or_else(not_found)?;
        let definition = Arc::new(Definition {
            campaign_id: campaign.id.clone(),
            periods: periods(campaign.period_type, campaign.starts_on, campaign.ends_on, campaign.deadlines),
            criteria: db::criteria::of_campaign(conn, campaign_id)?,
            settled: campaign.status != CampaignStatus::Draft,
        });
        // A draft's definition still changes; it is read afresh each time.
        if definition.settled {
            let mut kept = lock();
            if kept.len() >= Self::MAX_KEPT {
                kept.clear();
            }
            kept.insert(campaign.id, definition.clone());
        }
        Ok(definition)
    }
}

/// Report answers as sent, kept by everything they are built from that
/// can change: the report's version (raised by every change to the report
/// or its values, in the same transaction), its unit's kind (which decides
/// the applicable criteria) and a settled definition (see [`Definition`]).
/// A read then takes one query, for the report's version, path and kind.
#[derive(Default)]
pub struct Views(Mutex<HashMap<String, KeptView>>);

struct KeptView {
    version: i32,
    unit_kind: OrgKind,
    body: web::Bytes,
}

impl Views {
    /// Past it everything is dropped; a few megabytes at most.
    const MAX_KEPT: usize = 10_000;

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, KeptView>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn get(&self, located: &db::reports::Located) -> Option<web::Bytes> {
        let kept = self.lock();
        let view = kept.get(&located.report.id)?;
        (view.version == located.report.version && view.unit_kind == located.unit_kind).then(|| view.body.clone())
    }

    fn keep(&self, located: &db::reports::Located, body: web::Bytes) {
        let mut kept = self.lock();
        if kept.len() >= Self::MAX_KEPT {
            kept.clear();
        }
        let view = KeptView { version: located.report.version, unit_kind: located.unit_kind, body };
        kept.insert(located.report.id.clone(), view);
    }
}

/// Everything a report is judged against.
struct Context {
    definition: Arc<Definition>,
    /// Read with the report: the one part of the campaign that still changes.
    campaign_status: CampaignStatus,
    unit_id: String,
    /// Where the unit sits in the tree: the audit log's scope for the report.
    unit_path: String,
    unit_kind: OrgKind,
    period: Period,
}

impl Context {
    fn new(
        definition: Arc<Definition>,
        campaign_status: CampaignStatus,
        (unit_id, unit_path): (&str, &str),
        unit_kind: OrgKind,
        period_id: &str,
    ) -> Result<Self, ApiError> {
        let period = definition.periods.iter().find(|p| p.id == period_id).cloned().ok_or_else(not_found)?;
        let (unit_id, unit_path) = (unit_id.to_owned(), unit_path.to_owned());
        Ok(Self { definition, campaign_status, unit_id, unit_path, unit_kind, period })
    }

    fn of(
        conn: &mut DbConnection,
        definitions: &Definitions,
        located: &db::reports::Located,
    ) -> Result<Self, ApiError> {
        let report = &located.report;
        let definition = definitions.of(conn, &report.campaign_id)?;
        let unit = (report.org_unit_id.as_str(), located.unit_path.as_str());
        Self::new(definition, located.campaign_status, unit, located.unit_kind, &report.period_id)
    }

    fn criteria(&self) -> &[Criterion] {
        &self.definition.criteria
    }

    /// The criteria this unit reports.
    fn applicable(&self) -> Vec<&Criterion> {
        self.criteria().iter().filter(|c| c.applies_to(self.unit_kind, &self.unit_id)).collect()
    }

    /// 409 unless the report may be created, edited or submitted now: the
    /// campaign active, the period not locked (or an open lock exception).
    fn check_open(&self, conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), ApiError> {
        match self.campaign_status {
            CampaignStatus::Active => {}
            CampaignStatus::Closed => {
                return Err(ApiError::conflict(
                    "campaign_closed",
                    "The campaign is closed; its reports are read-only.",
                ));
            }
            CampaignStatus::Draft => {
                return Err(ApiError::conflict("campaign_not_active", "The campaign has not started yet."));
            }
        }
        let locked = now.date_naive() > self.period.locks_after;
        if locked
            && !db::lock_exceptions::open_for(conn, &self.definition.campaign_id, &self.period.id, &self.unit_id, now)?
        {
            return Err(ApiError::conflict(
                "period_locked",
                format!(
                    "Period {} locked after {}; ask the office for a lock exception.",
                    self.period.id, self.period.locks_after
                ),
            ));
        }
        Ok(())
    }

    fn view(&self, report: Report, values: Vec<StoredValue>) -> ReportView {
        let code_of =
            |id: &str| self.criteria().iter().find(|c| c.id == id).map(|c| c.code.clone()).unwrap_or_default();
        let mut values: Vec<ValueView> = values
            .into_iter()
            .map(|v| ValueView {
                criterion_code: code_of(&v.criterion_id),
                criterion_id: v.criterion_id,
                figures: v.figures,
                note: v.note,
                computed_percentage: v.computed.percentage,
                met: v.computed.met,
                not_applicable: v.computed.not_applicable,
                updated_at: v.updated_at,
            })
            .collect();
        let order = |id: &str| self.criteria().iter().position(|c| c.id == id).unwrap_or(usize::MAX);
        values.sort_by_key(|v| order(&v.criterion_id));
        ReportView {
            on_time: report.submitted_on_time,
            first_submitted_at: report.first_submitted_at,
            applicable_criteria: self.applicable().iter().map(|c| c.code.clone()).collect(),
            id: report.id,
            campaign_id: report.campaign_id,
            org_unit_id: report.org_unit_id,
            period_id: report.period_id,
            status: report.status,
            version: report.version,
            due_on: self.period.due_on,
            locks_after: self.period.locks_after,
            submitted_at: report.submitted_at,
            approved_at: report.approved_at,
            values,
            created_at: report.created_at,
            updated_at: report.updated_at,
        }
    }
}

/// The report `id` and its unit's path, if the grant reaches its unit (404 otherwise).
pub(super) fn in_reach(conn: &mut DbConnection, id: &str, grant: &Grant) -> Result<(Report, String), ApiError> {
    let (report, unit_path) = db::reports::get(conn, id)?.ok_or_else(not_found)?;
    grant.check(&unit_path)?;
    Ok((report, unit_path))
}

/// A report the grant reaches, with its values and its context.
fn reachable(
    conn: &mut DbConnection,
    definitions: &Definitions,
    id: &str,
    grant: &Grant,
) -> Result<(Report, Vec<StoredValue>, Context), ApiError> {
    let located = located_in_reach(conn, id, grant)?;
    let values = db::reports::values(conn, id)?;
    let context = Context::of(conn, definitions, &located)?;
    Ok((located.report, values, context))
}

/// The report `id` with its unit and campaign status, if the grant reaches its unit (404 otherwise).
fn located_in_reach(conn: &mut DbConnection, id: &str, grant: &Grant) -> Result<db::reports::Located, ApiError> {
    let located = db::reports::located(conn, id)?.ok_or_else(not_found)?;
    grant.check(&located.unit_path)?;
    Ok(located)
}

/// A new report.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewReport {
    pub campaign_id: String,
    /// A participant of the campaign: for a reporter, its own unit.
    pub org_unit_id: String,
    #[schema(example = "2023Q1")]
    pub period_id: String,
}

/// Creates the report of a unit for a campaign and period (one each; a second is 409).
#[utoipa::path(
    tag = "reports",
    operation_id = "create_report",
    request_body = NewReport,
    responses(
        (status = 201, description = "Created as a draft", body = ReportView,
            headers(("Location" = String, description = "The new report"), ("ETag" = String, description = "Its version"))),
        (status = 409, description = "The report exists already, or a rule blocks it: `campaign_closed`, `campaign_not_active`, `period_locked`, `not_a_participant`", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/reports")]
pub async fn create(
    db: web::Data<Db>,
    definitions: web::Data<Definitions>,
    principal: Principal,
    request_id: RequestId,
    body: Json<NewReport>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::WriteReports)?;
    let input = body.0;
    let view = db
        .write(move |conn| -> Result<ReportView, ApiError> {
            let (campaign, issuer_path) = db::campaigns::get(conn, &input.campaign_id)?
                .ok_or_else(|| field_not_found("campaign_id", "No such campaign."))?;
            if !campaign_visible(&issuer_path, grant.within()) {
                return Err(field_not_found("campaign_id", "No such campaign."));
            }
            let unit = db::org_units::get(conn, &input.org_unit_id)?
                .filter(|u| within(&u.path, grant.within()))
                .ok_or_else(|| field_not_found("org_unit_id", "No such unit in your scope."))?;
            if !db::campaigns::participants(conn, &campaign.id)?.iter().any(|p| p.id == unit.id) {
                return Err(ApiError::conflict("not_a_participant", "The unit does not take part in the campaign."));
            }
            let definition = definitions.of(conn, &campaign.id)?;
            if !definition.periods.iter().any(|p| p.id == input.period_id) {
                return Err(field_not_found("period_id", "The campaign has no such period."));
            }
            let context =
                Context::new(definition, campaign.status, (&unit.id, &unit.path), unit.kind, &input.period_id)?;
            let now = crate::domain::now();
            context.check_open(conn, now)?;
            let report = Report {
                id: uuid::Uuid::now_v7().to_string(),
                campaign_id: campaign.id.clone(),
                org_unit_id: unit.id.clone(),
                period_id: input.period_id.clone(),
                status: ReportStatus::Draft,
                version: 1,
                submitted_at: None,
                approved_at: None,
                created_by: principal.actor_ref(),
                created_at: now,
                updated_at: now,
                first_submitted_at: None,
                submitted_on_time: None,
            };
            db::reports::insert(conn, &report).map_err(|e| match e {
                db::DbError::UniqueViolation(_) => {
                    ApiError::conflict("report_exists", "This unit already has a report for this campaign and period.")
                }
                other => other.into(),
            })?;
            let view = context.view(report, Vec::new());
            let caller = Caller::new(principal, request_id.to_string());
            Change::new(&caller, Entity::Report, &view.id, "create", Some(&context.unit_path))
                .after(&view)
                .record(conn)?;
            Ok(view)
        })
        .await?;
    Ok(tagged(HttpResponse::Created(), view.version)
        .insert_header((header::LOCATION, format!("/api/v1/reports/{}", view.id)))
        .json(view))
}

fn field_not_found(field: &str, message: &str) -> ApiError {
    ApiError::validation(vec![FieldError::new(field, "not_found", message)])
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportFilter {
    pub campaign_id: Option<String>,
    pub period_id: Option<String>,
    pub org_unit_id: Option<String>,
    pub status: Option<ReportStatus>,
    /// Only reports changed at or after this instant (RFC 3339).
    pub updated_since: Option<DateTime<Utc>>,
}

/// A report in a list (without its values).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportSummary {
    pub id: String,
    pub campaign_id: String,
    pub org_unit_id: String,
    pub period_id: String,
    pub status: ReportStatus,
    pub version: i32,
    pub submitted_at: Option<DateTime<Utc>>,
    pub approved_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// Lists the reports the caller may read (a reporter: its own unit's), newest change first.
#[utoipa::path(
    tag = "reports",
    operation_id = "list_reports",
    params(PageParams, ReportFilter),
    responses((status = 200, description = "One page of reports", body = List<ReportSummary>)),
)]
#[get("/reports")]
pub async fn list(
    db: web::Data<Db>,
    principal: Principal,
    page: Query<PageParams>,
    filter: Query<ReportFilter>,
) -> Result<web::Json<List<ReportSummary>>, ApiError> {
    let grant = authorize(&principal, Action::ReadReports)?;
    let page = page.0.page();
    let f = filter.0;
    let query = db::reports::Filter {
        within: grant.within().to_owned(),
        campaign_id: f.campaign_id,
        period_id: f.period_id,
        org_unit_id: f.org_unit_id,
        status: f.status.map(|s| s.as_str().to_owned()),
        updated_since: f.updated_since,
    };
    let (items, total) = db.run(move |conn| db::reports::list(conn, &query, page)).await?;
    Ok(web::Json(List::new(items.into_iter().map(summary).collect(), total, page)))
}

/// Reads one report with its values.
#[utoipa::path(
    tag = "reports",
    operation_id = "get_report",
    params(("id" = String, Path, description = "The report's id")),
    responses((status = 200, description = "The report", body = ReportView, headers(("ETag" = String, description = "The version")))),
)]
#[get("/reports/{id}")]
pub async fn get(
    db: web::Data<Db>,
    definitions: web::Data<Definitions>,
    views: web::Data<Views>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::ReadReports)?;
    let id = id.into_inner();
    let (version, body) = db
        .run(move |conn| -> Result<(i32, web::Bytes), ApiError> {
            let located = located_in_reach(conn, &id, &grant)?;
            let version = located.report.version;
            if let Some(body) = views.get(&located) {
                return Ok((version, body));
            }
            let values = db::reports::values(conn, &id)?;
            let context = Context::of(conn, &definitions, &located)?;
            let body = web::Bytes::from(
                serde_json::to_vec(&context.view(located.report.clone(), values))
                    .map_err(|e| ApiError::internal(&e))?,
            );
            if context.definition.settled {
                views.keep(&located, body.clone());
            }
            Ok((version, body))
        })
        .await?;
    Ok(tagged(HttpResponse::Ok(), version).content_type(mime::APPLICATION_JSON).body(body))
}

/// One value to store.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ValueInput {
    /// The criterion, by id or code.
    #[schema(example = "7")]
    pub criterion: String,
    #[serde(flatten)]
    pub figures: Figures,
    #[serde(default)]
    pub note: String,
}

/// Values to store in a report.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ValuesInput {
    pub values: Vec<ValueInput>,
}

/// Stores values in an editable report (a draft may stay incomplete). Each
/// value is checked against its criterion's measure; the percentage and
/// whether the target is met are computed here. Needs `If-Match`.
#[utoipa::path(
    tag = "reports",
    operation_id = "put_report_values",
    params(("id" = String, Path, description = "The report's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    request_body = ValuesInput,
    responses(
        (status = 200, description = "The report with its values", body = ReportView, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "A rule blocks editing: `report_not_editable` (submitted or approved), `campaign_closed`, `period_locked`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The report changed since it was read", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match header", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/reports/{id}/values")]
pub async fn put_values(
    db: web::Data<Db>,
    definitions: web::Data<Definitions>,
    principal: Principal,
    request_id: RequestId,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<ValuesInput>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::WriteReports)?;
    let id = id.into_inner();
    let input = body.0;
    let view = db
        .write(move |conn| -> Result<ReportView, ApiError> {
            let (report, before, context) = reachable(conn, &definitions, &id, &grant)?;
            let values = input.values.into_iter().enumerate().map(|(i, v)| (format!("values[{i}]."), v)).collect();
            store_values(conn, &context, report, before, values, &if_match, &principal, &request_id)
        })
        .await?;
    Ok(ok_with_etag(view.version, &view))
}

/// One value to store, its criterion named by the path.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ValueFigures {
    #[serde(flatten)]
    pub figures: Figures,
    #[serde(default)]
    pub note: String,
}

/// Stores the value of one criterion in an editable report: the same rules,
/// `If-Match`, audit and answer as storing several at once.
#[utoipa::path(
    tag = "reports",
    operation_id = "put_report_value",
    params(
        ("id" = String, Path, description = "The report's id"),
        ("criterion" = String, Path, description = "The criterion, by id or code"),
        ("If-Match" = String, Header, description = "The version read, as its ETag"),
    ),
    request_body = ValueFigures,
    responses(
        (status = 200, description = "The report with its values", body = ReportView, headers(("ETag" = String, description = "The new version"))),
        (status = 404, description = "No such report in reach, or the campaign has no criterion with this id or code", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A rule blocks editing: `report_not_editable` (submitted or approved), `campaign_closed`, `period_locked`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The report changed since it was read", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The criterion does not apply to the report's unit (`not_applicable`), or the figures break its rules", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match header", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/reports/{id}/values/{criterion}")]
pub async fn put_value(
    db: web::Data<Db>,
    definitions: web::Data<Definitions>,
    principal: Principal,
    request_id: RequestId,
    path: web::Path<(String, String)>,
    if_match: IfMatch,
    body: Json<ValueFigures>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::WriteReports)?;
    let (id, criterion) = path.into_inner();
    let input = body.0;
    let view = db
        .write(move |conn| -> Result<ReportView, ApiError> {
            let (report, before, context) = reachable(conn, &definitions, &id, &grant)?;
            // A criterion the campaign does not have is a path that names
            // nothing (404); one it has that this unit does not report is a
            // value that does not fit the report (422, as in the batch).
            if !context.criteria().iter().any(|c| c.id == criterion || c.code == criterion) {
                return Err(not_found());
            }
            let value = ValueInput { criterion, figures: input.figures, note: input.note };
            let input = vec![(String::new(), value)];
            store_values(conn, &context, report, before, input, &if_match, &principal, &request_id)
        })
        .await?;
    Ok(ok_with_etag(view.version, &view))
}

/// Checks and stores values in `report` (for the batch and the single
/// value alike): each value is checked against its criterion's measure (its errors named
/// under its field prefix), the percentage and whether the target is met are
/// computed here, then `If-Match`, the report's state and the period lock are
/// checked, and the change is audited with the values before and after.
#[allow(clippy::too_many_arguments)] // the report as read, the input, and who asks
fn store_values(
    conn: &mut DbConnection,
    context: &Context,
    report: Report,
    before: Vec<StoredValue>,
    input: Vec<(String, ValueInput)>,
    if_match: &IfMatch,
    principal: &Principal,
    request_id: &RequestId,
) -> Result<ReportView, ApiError> {
    let now = crate::domain::now();
    let applicable = context.applicable();
    let mut errors = Vec::new();
    let mut stored: Vec<StoredValue> = Vec::new();
    for (prefix, value) in input {
        let criterion = applicable.iter().find(|c| c.id == value.criterion || c.code == value.criterion).copied();
        let Some(criterion) = criterion else {
            errors.push(FieldError::new(
                format!("{prefix}criterion"),
                "not_applicable",
                "No criterion of the campaign with this id or code applies to this unit.",
            ));
            continue;
        };
        let target = Target { measure: criterion.measure, comparator: criterion.comparator, target: criterion.target };
        let broken = broken_rules(target, &value.figures);
        if value.note.chars().count() > 5_000 {
            errors.push(FieldError::new(format!("{prefix}note"), "too_long", "5,000 characters at most."));
        }
        if broken.is_empty() {
            // The same criterion twice: the last one is kept, as stored.
            stored.retain(|v| v.criterion_id != criterion.id);
            stored.push(StoredValue {
                criterion_id: criterion.id.clone(),
                computed: compute(target, &value.figures),
                figures: value.figures,
                note: value.note,
                updated_at: now,
            });
        } else {
            errors.extend(
                broken
                    .into_iter()
                    .map(|(field, code, message)| FieldError::new(format!("{prefix}{field}"), code, message)),
            );
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let expected = if_match.version()?;
    if report.version != expected {
        return Err(ApiError::precondition_failed(report.version));
    }
    if !report.status.editable() {
        return Err(ApiError::illegal_state(
            if report.status == ReportStatus::Approved { "report_approved" } else { "report_not_editable" },
            format!("The report is {}; it cannot be edited now.", report.status.as_str()),
            report.status.as_str(),
        ));
    }
    context.check_open(conn, now)?;
    // The version first: on PostgreSQL its row lock makes a concurrent edit
    // wait here and then find the version gone (412), before either writes a value.
    let touched = db::reports::touch(conn, &report.id, report.version)?
        .ok_or_else(|| ApiError::precondition_failed(report.version + 1))?;
    for value in &stored {
        let replacing = before.iter().any(|old| old.criterion_id == value.criterion_id);
        db::reports::put_value(conn, &report.id, value, replacing)?;
    }
    // The values now: those kept from before, and those just stored.
    let mut after: Vec<StoredValue> =
        before.iter().filter(|old| !stored.iter().any(|new| new.criterion_id == old.criterion_id)).cloned().collect();
    after.extend(stored);
    let before_view = context.view(report, before);
    let view = context.view(touched, after);
    let caller = Caller::new(principal.clone(), request_id.to_string());
    Change::new(&caller, Entity::Report, &view.id, "put_values", Some(&context.unit_path))
        .before(&before_view.values)
        .after(&view.values)
        .record(conn)?;
    Ok(view)
}

/// The reason for a move (required to return or reopen).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct MoveInput {
    #[schema(max_length = 2000)]
    pub reason: Option<String>,
}

#[allow(clippy::too_many_arguments)] // the extractors of the four move endpoints
async fn transition(
    db: web::Data<Db>,
    definitions: web::Data<Definitions>,
    principal: Principal,
    request_id: RequestId,
    id: String,
    if_match: IfMatch,
    body: Option<MoveInput>,
    step: Move,
) -> Result<HttpResponse, ApiError> {
    let action = match step {
        Move::Submit => Action::WriteReports,
        Move::Return | Move::Approve => Action::ReviewReports,
        Move::Reopen => Action::ReopenReports,
    };
    let grant = authorize(&principal, action)?;
    let reason = body.and_then(|b| b.reason).map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    if step.needs_reason() && reason.is_none() {
        return Err(ApiError::validation(vec![FieldError::new("reason", "required", "Say why.")]));
    }
    if reason.as_ref().is_some_and(|r| r.chars().count() > 2000) {
        return Err(ApiError::validation(vec![FieldError::new("reason", "too_long", "2,000 characters at most.")]));
    }
    // Read and checked on any connection, outside the write: the move below
    // is guarded by the version read here, and every change to the report or
    // its values raises the version, so what was checked still holds when the
    // move lands, or it does not land (412). On SQLite the one writer then
    // spends its turn on the writes alone.
    let now = crate::domain::now();
    let (report, values, context, to, submission) = db
        .run(move |conn| -> Result<_, ApiError> {
            let (report, values, context) = reachable(conn, &definitions, &id, &grant)?;
            let expected = if_match.version()?;
            if report.version != expected {
                return Err(ApiError::precondition_failed(report.version));
            }
            let Some(to) = step.next_status(report.status) else {
                return Err(ApiError::illegal_state(
                    "illegal_move",
                    format!("A {} report cannot take the move {:?}.", report.status.as_str(), step.as_str()),
                    report.status.as_str(),
                ));
            };
            // A submission freezes the values: they are checked, and summed for the scoreboard.
            let mut submission = None;
            if step == Move::Submit {
                context.check_open(conn, now)?;
                check_complete(&context, &values)?;
                let weight = |id: &str| context.criteria().iter().find(|c| c.id == id).map_or(0.0, |c| c.weight);
                submission = Some(Submission {
                    tally: UnitTally::of_values(values.iter().map(|v| (weight(&v.criterion_id), &v.computed))),
                    first_on_time: report
                        .first_submitted_at
                        .is_none()
                        .then(|| crate::domain::report::on_time(now, context.period.due_on)),
                });
            } else if context.campaign_status == CampaignStatus::Closed {
                return Err(ApiError::conflict(
                    "campaign_closed",
                    "The campaign is closed; its reports are read-only.",
                ));
            }
            Ok((report, values, context, to, submission))
        })
        .await?;
    let move_event = Event {
        actor: principal.actor_ref(),
        at: now,
        action: step.as_str().to_owned(),
        from_status: Some(report.status.as_str().to_owned()),
        to_status: to.as_str().to_owned(),
        reason: reason.clone(),
    };
    let caller = Caller::new(principal, request_id.to_string());
    let (before, after) = (
        serde_json::json!({ "status": report.status.as_str() }),
        serde_json::json!({ "status": to.as_str(), "reason": reason }),
    );
    let unit_path = context.unit_path.clone();
    // Approved values count in the scoreboard's kept totals: in on approval, out on reopening.
    let counted = match step {
        Move::Approve => Some(Adjustment::Add),
        Move::Reopen => Some(Adjustment::Subtract),
        Move::Submit | Move::Return => None,
    };
    let (moved, values) = db
        .write(move |conn| -> Result<_, ApiError> {
            // No row: someone moved it first; of concurrent reviewers exactly one succeeds.
            let moved = db::reports::move_status(conn, &report.id, report.version, report.status, to, now, submission)?
                .ok_or_else(|| ApiError::precondition_failed(report.version + 1))?;
            db::reports::add_event(conn, &report.id, &move_event)?;
            Change::new(&caller, Entity::Report, &report.id, step.as_str(), Some(&unit_path))
                .before(&before)
                .after(&after)
                .record(conn)?;
            if let Some(adjustment) = counted {
                db::scoreboard::adjust_totals(conn, &report.campaign_id, &report.period_id, &values, adjustment)?;
            }
            Ok((moved, values))
        })
        .await?;
    let view = context.view(moved, values);
    Ok(ok_with_etag(view.version, &view))
}

/// 422 listing every applicable criterion without a value, and every value
/// inconsistent with its parent's.
fn check_complete(context: &Context, values: &[StoredValue]) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    for criterion in context.applicable() {
        let Some(value) = values.iter().find(|v| v.criterion_id == criterion.id) else {
            errors.push(FieldError::new(
                format!("values[{}]", criterion.code),
                "missing",
                format!("Criterion {} has no value.", criterion.code),
            ));
            continue;
        };
        if let Some(parent) = &criterion.parent_id
            && let Some(parent_value) = values.iter().find(|v| &v.criterion_id == parent)
            && let Some((field, code, message)) = check_against_parent(&parent_value.figures, &value.figures)
        {
            errors.push(FieldError::new(format!("values[{}].{field}", criterion.code), code, message));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::validation(errors)) }
}

macro_rules! move_endpoint {
    ($name:ident, $path:literal, $operation:literal, $step:expr, $doc:literal, $reason:literal) => {
        #[doc = $doc]
        #[utoipa::path(
            tag = "reports",
            operation_id = $operation,
            params(("id" = String, Path, description = "The report's id"), ("If-Match" = String, Header, description = "The version read, as its ETag")),
            request_body(content = Option<MoveInput>, description = $reason),
            responses(
                (status = 200, description = "Moved", body = ReportView, headers(("ETag" = String, description = "The new version"))),
                (status = 409, description = "The report's state does not allow the move (`illegal_move`, with `current_status`), or a rule blocks it: `campaign_closed`, `period_locked`", body = crate::error::Problem, content_type = "application/problem+json"),
                (status = 412, description = "The report changed since it was read (another reviewer was first)", body = crate::error::Problem, content_type = "application/problem+json"),
                (status = 428, description = "No If-Match header", body = crate::error::Problem, content_type = "application/problem+json"),
            ),
        )]
        #[post($path)]
        pub async fn $name(
            db: web::Data<Db>,
            definitions: web::Data<Definitions>,
            principal: Principal,
            request_id: RequestId,
            id: web::Path<String>,
            if_match: IfMatch,
            body: OptionalJson<MoveInput>,
        ) -> Result<HttpResponse, ApiError> {
            transition(db, definitions, principal, request_id, id.into_inner(), if_match, body.0, $step).await
        }
    };
}

move_endpoint!(
    submit,
    "/reports/{id}/submit",
    "submit_report",
    Move::Submit,
    "Submits the report for review: every applicable value present, none inconsistent (422 lists each).",
    "Optional; no reason is needed to submit"
);
move_endpoint!(
    return_report,
    "/reports/{id}/return",
    "return_report",
    Move::Return,
    "Returns a submitted report to its unit, with a reason.",
    "The reason is required"
);
move_endpoint!(
    approve,
    "/reports/{id}/approve",
    "approve_report",
    Move::Approve,
    "Approves a submitted report: its figures now count and it is read-only.",
    "Optional"
);
move_endpoint!(
    reopen,
    "/reports/{id}/reopen",
    "reopen_report",
    Move::Reopen,
    "Reopens an approved report, with a reason (chairman or office).",
    "The reason is required"
);

/// One move in a report's history.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HistoryEntry {
    /// `user:<id>` or `service:<id>`.
    pub actor: String,
    pub at: DateTime<Utc>,
    /// `submit`, `return`, `approve` or `reopen`.
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
}

/// The report's history: who moved it, when, from what, to what, and why.
#[utoipa::path(
    tag = "reports",
    operation_id = "report_history",
    params(("id" = String, Path, description = "The report's id")),
    responses((status = 200, description = "The moves, oldest first", body = Vec<HistoryEntry>)),
)]
#[get("/reports/{id}/history")]
pub async fn history(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<web::Json<Vec<HistoryEntry>>, ApiError> {
    let grant = authorize(&principal, Action::ReadReports)?;
    let id = id.into_inner();
    let events = db
        .run(move |conn| -> Result<_, ApiError> {
            let (report, _) = in_reach(conn, &id, &grant)?;
            Ok(db::reports::events(conn, &report.id)?)
        })
        .await?;
    Ok(web::Json(
        events
            .into_iter()
            .map(|e| HistoryEntry {
                actor: e.actor,
                at: e.at,
                action: e.action,
                from_status: e.from_status,
                to_status: e.to_status,
                reason: e.reason,
            })
            .collect(),
    ))
}

/// A comment on a report.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CommentView {
    pub id: String,
    /// `user:<id>`.
    pub author: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// A new comment.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewComment {
    #[schema(min_length = 1, max_length = 5000)]
    pub body: String,
}

/// The report's comment thread, oldest first.
#[utoipa::path(
    tag = "reports",
    operation_id = "list_report_comments",
    params(("id" = String, Path, description = "The report's id")),
    responses((status = 200, description = "The comments", body = Vec<CommentView>)),
)]
#[get("/reports/{id}/comments")]
pub async fn comments(
    db: web::Data<Db>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<web::Json<Vec<CommentView>>, ApiError> {
    let grant = authorize(&principal, Action::ReadReports)?;
    let id = id.into_inner();
    let found = db
        .run(move |conn| -> Result<_, ApiError> {
            let (report, _) = in_reach(conn, &id, &grant)?;
            Ok(db::reports::comments(conn, &report.id)?)
        })
        .await?;
    Ok(web::Json(
        found
            .into_iter()
            .map(|c| CommentView { id: c.id, author: c.author, body: c.body, created_at: c.created_at })
            .collect(),
    ))
}

/// Adds a comment to the report's thread (the unit and the reviewers talk here).
#[utoipa::path(
    tag = "reports",
    operation_id = "add_report_comment",
    params(("id" = String, Path, description = "The report's id")),
    request_body = NewComment,
    responses((status = 201, description = "Added", body = CommentView)),
)]
#[post("/reports/{id}/comments")]
pub async fn add_comment(
    db: web::Data<Db>,
    principal: Principal,
    request_id: RequestId,
    id: web::Path<String>,
    body: Json<NewComment>,
) -> Result<HttpResponse, ApiError> {
    let grant = authorize(&principal, Action::CommentReports)?;
    let text = crate::domain::text::check_name(&body.0.body, 5000).map_err(|rule| {
        ApiError::validation(vec![FieldError::new("body", "invalid", format!("The comment {rule}."))])
    })?;
    let id = id.into_inner();
    let comment = db
        .write(move |conn| -> Result<db::reports::Comment, ApiError> {
            let (report, unit_path) = in_reach(conn, &id, &grant)?;
            let comment = db::reports::Comment {
                id: uuid::Uuid::now_v7().to_string(),
                author: principal.actor_ref(),
                body: text,
                created_at: crate::domain::now(),
            };
            db::reports::add_comment(conn, &report.id, &comment)?;
            let caller = Caller::new(principal, request_id.to_string());
            Change::new(&caller, Entity::ReportComment, &comment.id, "create", Some(&unit_path))
                .after(&serde_json::json!({ "report_id": report.id, "body": comment.body }))
                .record(conn)?;
            Ok(comment)
        })
        .await?;
    Ok(HttpResponse::Created().json(CommentView {
        id: comment.id,
        author: comment.author,
        body: comment.body,
        created_at: comment.created_at,
    }))
}

/// What waits for the caller.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WorkQueue {
    /// Submitted reports waiting for review (for the office).
    pub to_review: Vec<ReportSummary>,
    /// Returned or reopened reports waiting for their unit's fixes.
    pub to_fix: Vec<ReportSummary>,
    /// Periods of active campaigns, open now, whose report is not yet submitted.
    pub due: Vec<DueReport>,
}

/// A report that is due.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DueReport {
    pub campaign_id: String,
    pub campaign_code: String,
    pub org_unit_id: String,
    pub period_id: String,
    pub due_on: NaiveDate,
    pub locks_after: NaiveDate,
    /// The report, once created.
    pub report_id: Option<String>,
    pub status: Option<ReportStatus>,
    /// Past its due day (but not yet locked).
    pub overdue: bool,
}

/// The caller's work queue: for reviewers, what waits for review in their
/// commune; for reporters, their returned reports and those due.
#[utoipa::path(
    tag = "reports",
    operation_id = "work_queue",
    responses((status = 200, description = "The work queue", body = WorkQueue)),
)]
#[get("/work-queue")]
pub async fn work_queue(db: web::Data<Db>, principal: Principal) -> Result<web::Json<WorkQueue>, ApiError> {
    let grant = authorize(&principal, Action::ReadReports)?;
    let reviewer =
        authorize(&principal, Action::ReviewReports).is_ok() || authorize(&principal, Action::ReopenReports).is_ok();
    let writer = authorize(&principal, Action::WriteReports).ok();
    let queue = db
        .run(move |conn| -> Result<WorkQueue, ApiError> {
            let page = crate::domain::page::Page::new(Some(crate::domain::page::MAX_LIMIT), None);
            let by_status = |conn: &mut DbConnection, status: ReportStatus| -> Result<Vec<ReportSummary>, ApiError> {
                let filter = db::reports::Filter {
                    within: grant.within().to_owned(),
                    status: Some(status.as_str().to_owned()),
                    ..Default::default()
                };
                Ok(db::reports::list(conn, &filter, page)?.0.into_iter().map(summary).collect())
            };
            let to_review = if reviewer { by_status(conn, ReportStatus::Submitted)? } else { Vec::new() };
            let mut to_fix = Vec::new();
            let mut due = Vec::new();
            if let Some(writer) = writer {
                to_fix.extend(by_status(conn, ReportStatus::Returned)?);
                to_fix.extend(by_status(conn, ReportStatus::Reopened)?);
                due = due_reports(conn, writer.within())?;
            }
            Ok(WorkQueue { to_review, to_fix, due })
        })
        .await?;
    Ok(web::Json(queue))
}

fn summary(r: Report) -> ReportSummary {
    ReportSummary {
        id: r.id,
        campaign_id: r.campaign_id,
        org_unit_id: r.org_unit_id,
        period_id: r.period_id,
        status: r.status,
        version: r.version,
        submitted_at: r.submitted_at,
        approved_at: r.approved_at,
        updated_at: r.updated_at,
    }
}

/// For every active campaign reaching `within`, every participant inside it
/// and every period open today: the ones not yet submitted.
fn due_reports(conn: &mut DbConnection, within_path: &str) -> Result<Vec<DueReport>, ApiError> {
    let today = crate::domain::now().date_naive();
    let filter = db::campaigns::Filter {
        within: within_path.to_owned(),
        issued_above: crate::domain::org::ancestors(within_path).map(str::to_owned).collect(),
        status: Some(CampaignStatus::Active.as_str().to_owned()),
        code: None,
    };
    let (campaigns, _) =
        db::campaigns::list(conn, &filter, crate::domain::page::Page::new(Some(crate::domain::page::MAX_LIMIT), None))?;
    let mut due = Vec::new();
    for campaign in campaigns {
        let open: Vec<Period> = periods(campaign.period_type, campaign.starts_on, campaign.ends_on, campaign.deadlines)
            .into_iter()
            .filter(|p| p.starts_on <= today && today <= p.locks_after)
            .collect();
        if open.is_empty() {
            continue;
        }
        // One query for the campaign's reports in the open periods, matched in memory.
        let open_ids: Vec<String> = open.iter().map(|p| p.id.clone()).collect();
        let existing = db::reports::of_periods(conn, &campaign.id, &open_ids, within_path)?;
        for unit in db::campaigns::participants(conn, &campaign.id)? {
            if !within(&unit.path, within_path) {
                continue;
            }
            for period in &open {
                let report = existing.iter().find(|r| r.org_unit_id == unit.id && r.period_id == period.id);
                if report.is_some_and(|r| !r.status.editable()) {
                    continue;
                }
                due.push(DueReport {
                    campaign_id: campaign.id.clone(),
                    campaign_code: campaign.code.clone(),
                    org_unit_id: unit.id.clone(),
                    period_id: period.id.clone(),
                    due_on: period.due_on,
                    locks_after: period.locks_after,
                    report_id: report.map(|r| r.id.clone()),
                    status: report.map(|r| r.status),
                    overdue: today > period.due_on,
                });
            }
        }
    }
    due.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.period_id.cmp(&b.period_id)));
    Ok(due)
}
