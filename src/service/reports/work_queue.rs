//! What waits for the caller: reports to review, reports to fix, reports due.

use crate::auth::Action;
use crate::db::lock_exceptions::LockException;
use crate::db::{self, DbConnection};
use crate::domain::campaign::CampaignStatus;
use crate::domain::org::within;
use crate::domain::page::{MAX_LIMIT, Page};
use crate::domain::periods::{Period, periods};
use crate::domain::report::ReportStatus;
use crate::error::ApiError;
use crate::model::reports::{DueReport, ReportSummary, WorkQueue};
use crate::service::Caller;

/// The caller's work queue: for reviewers, what waits for review in their
/// commune; for reporters, their returned reports and those due.
pub fn of_caller(conn: &mut DbConnection, caller: &Caller) -> Result<WorkQueue, ApiError> {
    let grant = caller.may(Action::ReadReports)?;
    let reviewer = caller.may(Action::ReviewReports).is_ok() || caller.may(Action::ReopenReports).is_ok();
    let writer = caller.may(Action::WriteReports).ok();
    let page = Page::new(Some(MAX_LIMIT), None);
    let by_status = |conn: &mut DbConnection, status: ReportStatus| -> Result<Vec<ReportSummary>, ApiError> {
        let filter = db::reports::Filter {
            within: grant.within().to_owned(),
            status: Some(status.as_str().to_owned()),
            ..Default::default()
        };
        Ok(db::reports::list(conn, &filter, page)?.0.into_iter().map(ReportSummary::from).collect())
    };
    let to_review = if reviewer { by_status(conn, ReportStatus::Submitted)? } else { Vec::new() };
    let mut to_fix = Vec::new();
    let mut due = Vec::new();
    if let Some(writer) = writer {
        to_fix.extend(by_status(conn, ReportStatus::Returned)?);
        to_fix.extend(by_status(conn, ReportStatus::Reopened)?);
        due = owed(conn, writer.within(), crate::domain::now())?;
    }
    Ok(WorkQueue { to_review, to_fix, due })
}

/// For every active campaign reaching `within`, every participant inside it
/// and every period it may report at `now` — open, or locked with an open
/// lock exception for the unit: the ones not yet submitted. The work queue
/// shows them; the deadline reminders (`service::reminders`) are sent for them.
pub fn owed(
    conn: &mut DbConnection,
    within_path: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<DueReport>, ApiError> {
    let today = crate::domain::day_in_vietnam(now);
    let filter = db::campaigns::Filter {
        within: within_path.to_owned(),
        // A closed unit's reports are never due: its users act on nothing.
        also_within: Vec::new(),
        issued_above: crate::domain::org::ancestors(within_path).map(str::to_owned).collect(),
        status: Some(CampaignStatus::Active.as_str().to_owned()),
        code: None,
        q: None,
        updated_since: None,
    };
    let (campaigns, _) = db::campaigns::list(conn, &filter, Page::new(Some(MAX_LIMIT), None))?;
    let mut due = Vec::new();
    for campaign in campaigns {
        let exceptions: Vec<LockException> =
            db::lock_exceptions::of_campaign(conn, &campaign.id)?.into_iter().filter(|e| e.expires_at > now).collect();
        let excepted = |period: &Period, unit_id: &str| {
            exceptions.iter().any(|e| e.period_id == period.id && e.org_unit_id == unit_id)
        };
        let open: Vec<Period> = periods(campaign.period_type, campaign.starts_on, campaign.ends_on, campaign.deadlines)
            .into_iter()
            .filter(|p| p.is_open_on(today) || exceptions.iter().any(|e| e.period_id == p.id))
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
                if period.is_locked_on(today) && !excepted(period, &unit.id) {
                    continue;
                }
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
