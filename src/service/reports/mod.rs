//! Reports: one unit's figures for one campaign and period, and their
//! review — submit, return, approve, reopen — each checked by role, scope,
//! state and period lock, guarded by the report's version, recorded in the
//! report's history and in the audit log in the same transaction.
//!
//! What every use case here shares: the campaign's [`Definition`], the
//! [`Context`] a report is judged in, and who reaches which report.

pub mod bulk;
pub mod cache;
pub mod comments;
pub mod records;
pub mod review;
pub mod values;
pub mod work_queue;

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::auth::Grant;
use crate::auth::policy::not_found;
use crate::db::{self, DbConnection};
use crate::domain::campaign::{CampaignStatus, Criterion};
use crate::domain::org::OrgKind;
use crate::domain::periods::Period;
use crate::domain::report::{Report, ReportStatus, StoredValue};
use crate::error::{ApiError, ErrorCode};
use crate::model::reports::{ReportView, ValueView};
use crate::service::campaigns::require_not_closed;
use cache::Definitions;

/// What a campaign's reports are judged against that cannot change once the
/// campaign has left draft: its periods and its criteria. Criteria, dates,
/// period type and deadlines change only while a campaign is a draft
/// (`service::campaigns::require_draft`, which every change to a campaign's
/// definition or criteria passes), and no move leads back to draft.
struct Definition {
    campaign_id: String,
    periods: Vec<Period>,
    criteria: Vec<Criterion>,
    /// Read from a campaign past draft: it will not change again.
    settled: bool,
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
    /// The unit's label as it was on the period's last day.
    unit_label: String,
    /// Whether a lock exception for the unit and period is open, when read
    /// with the report (see `db::report_moves`); `None`: asked when needed.
    lock_exception_open: Option<bool>,
}

/// The unit a report belongs to.
struct Unit<'a> {
    id: &'a str,
    path: &'a str,
    kind: OrgKind,
}

impl Context {
    fn new(
        conn: &mut DbConnection,
        definitions: &Definitions,
        definition: Arc<Definition>,
        campaign_status: CampaignStatus,
        unit: Unit<'_>,
        period_id: &str,
    ) -> Result<Self, ApiError> {
        let period = definition.periods.iter().find(|p| p.id == period_id).cloned().ok_or_else(not_found)?;
        let (unit_id, unit_path, unit_kind) = (unit.id.to_owned(), unit.path.to_owned(), unit.kind);
        let unit_label = definitions.label(conn, unit.id, period.ends_on)?;
        Ok(Self {
            definition,
            campaign_status,
            unit_id,
            unit_path,
            unit_kind,
            period,
            unit_label,
            lock_exception_open: None,
        })
    }

    fn of(
        conn: &mut DbConnection,
        definitions: &Definitions,
        located: &db::reports::Located,
    ) -> Result<Self, ApiError> {
        let report = &located.report;
        let definition = definitions.of(conn, &report.campaign_id)?;
        let unit = Unit { id: &report.org_unit_id, path: &located.unit_path, kind: located.unit_kind };
        Self::new(conn, definitions, definition, located.campaign_status, unit, &report.period_id)
    }

    fn criteria(&self) -> &[Criterion] {
        &self.definition.criteria
    }

    /// The criteria this unit reports.
    fn applicable(&self) -> Vec<&Criterion> {
        self.criteria().iter().filter(|c| c.applies_to(self.unit_kind, &self.unit_id)).collect()
    }

    /// 409 when the campaign is closed (`service::campaigns::require_not_closed`).
    fn check_not_closed(&self) -> Result<(), ApiError> {
        require_not_closed(self.campaign_status)
    }

    /// 409 unless the report may be created, edited or submitted now: the
    /// campaign active, the period not locked (or an open lock exception).
    fn check_open(&self, conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), ApiError> {
        self.check_not_closed()?;
        if self.campaign_status == CampaignStatus::Draft {
            return Err(ApiError::conflict(ErrorCode::CampaignNotActive, "The campaign has not started yet."));
        }
        let exception_open = |conn: &mut DbConnection| match self.lock_exception_open {
            Some(open) => Ok(open),
            None => {
                db::lock_exceptions::open_for(conn, &self.definition.campaign_id, &self.period.id, &self.unit_id, now)
            }
        };
        if self.period.is_locked_on(crate::domain::day_in_vietnam(now)) && !exception_open(conn)? {
            return Err(ApiError::conflict(
                ErrorCode::PeriodLocked,
                format!(
                    "Period {} locked after {}; ask the office for a lock exception.",
                    self.period.id, self.period.locks_after
                ),
            ));
        }
        Ok(())
    }

    /// 409 unless `report` may be edited now — its values or its evidence:
    /// the one rule every edit applies. Its status editable (not submitted,
    /// not approved), and the campaign and the period open (see
    /// [`Context::check_open`]).
    fn check_editable(&self, conn: &mut DbConnection, report: &Report, now: DateTime<Utc>) -> Result<(), ApiError> {
        if !report.status.editable() {
            return Err(ApiError::illegal_state(
                if report.status == ReportStatus::Approved {
                    ErrorCode::ReportApproved
                } else {
                    ErrorCode::ReportNotEditable
                },
                format!("The report is {}; it cannot be edited now.", report.status.as_str()),
                report.status.as_str(),
            ));
        }
        self.check_open(conn, now)
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
            org_unit_label: self.unit_label.clone(),
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

/// The report `id` and its unit's path, if the grant reaches its unit (404
/// otherwise): the one reach rule for a report and everything attached to it
/// (values, history, comments, evidence).
pub fn in_reach(conn: &mut DbConnection, id: &str, grant: &Grant) -> Result<(Report, String), ApiError> {
    let (report, unit_path) = db::reports::get(conn, id)?.ok_or_else(not_found)?;
    grant.check(&unit_path)?;
    Ok((report, unit_path))
}

/// A report as read to change it: the report, its values, its context.
struct Loaded {
    report: Report,
    values: Vec<StoredValue>,
    context: Context,
}

/// A report the grant reaches, with its values and its context, read as
/// one statement on PostgreSQL (see `db::report_moves::read_for_move`);
/// `now` decides whether a lock exception is open.
fn reachable(
    conn: &mut DbConnection,
    definitions: &Definitions,
    id: &str,
    grant: &Grant,
    now: DateTime<Utc>,
) -> Result<Loaded, ApiError> {
    let read = db::report_moves::read_for_move(conn, id, now)?.ok_or_else(not_found)?;
    loaded(conn, definitions, read, grant)
}

/// A report read (alone, or with a bulk import's batch), if the grant
/// reaches it (404 otherwise), with its values and its context.
fn loaded(
    conn: &mut DbConnection,
    definitions: &Definitions,
    read: db::report_moves::ForMove,
    grant: &Grant,
) -> Result<Loaded, ApiError> {
    grant.check(&read.located.unit_path)?;
    let mut context = Context::of(conn, definitions, &read.located)?;
    context.lock_exception_open = read.lock_exception_open;
    Ok(Loaded { report: read.located.report, values: read.values, context })
}

/// The report `id` with its unit and campaign status, if the grant reaches its unit (404 otherwise).
fn located_in_reach(conn: &mut DbConnection, id: &str, grant: &Grant) -> Result<db::reports::Located, ApiError> {
    let located = db::reports::located(conn, id)?.ok_or_else(not_found)?;
    grant.check(&located.unit_path)?;
    Ok(located)
}

/// A report that may be edited now, as what is attached to it (evidence)
/// needs it.
pub struct EditableReport {
    pub report: Report,
    context: Context,
}

impl EditableReport {
    /// Where the report's unit sits in the tree: the audit log's scope.
    pub fn unit_path(&self) -> &str {
        &self.context.unit_path
    }

    /// The criteria of the report's campaign.
    pub fn criteria(&self) -> &[Criterion] {
        self.context.criteria()
    }
}

/// The report `id` if the grant reaches it (404 otherwise) and it may be
/// edited now (409 otherwise): the rule value edits apply, for evidence.
pub fn editable_now(
    conn: &mut DbConnection,
    definitions: &Definitions,
    id: &str,
    grant: &Grant,
) -> Result<EditableReport, ApiError> {
    let located = located_in_reach(conn, id, grant)?;
    let context = Context::of(conn, definitions, &located)?;
    context.check_editable(conn, &located.report, crate::domain::now())?;
    Ok(EditableReport { report: located.report, context })
}
