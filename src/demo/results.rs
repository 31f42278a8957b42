//! The demo's 2023 results: approved reports of six units for every quarter
//! of plan 05, so the scoreboard and the commendations have something to
//! work on.
//!
//! The periods of 2023 are long locked, so the figures go in as an office
//! would enter them late: the office opens a lock exception for each unit
//! and period, fills in the report, submits and approves it — through the
//! same use cases as the API, as the demo's own office account, so every
//! rule and the audit log apply. Loading twice changes nothing.

use std::sync::Arc;

use chrono::TimeDelta;
use serde_json::{Value, json};

use super::{CAMPAIGN_CODE, COMMUNE_CODE};
use crate::auth::principal;
use crate::db::{self, Db, DbError};
use crate::domain::if_match::IfMatch;
use crate::domain::page::Page;
use crate::domain::report::Move;
use crate::error::ApiError;
use crate::model::campaigns::LockExceptionInput;
use crate::model::reports::{NewReport, ReportFilter, ValuesInput};
use crate::service::reports::review::{MoveRequest, move_report};
use crate::service::reports::values::{StoreValues, ValuesToStore, store};
use crate::service::{Caches, Caller, campaigns, reports};

/// The periods of plan 05 in 2023.
pub const PERIODS: [&str; 4] = ["2023Q1", "2023Q2", "2023Q3", "2023Q4"];

/// How each unit did, the same in every quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Showing {
    /// Every applicable target met: score 100.
    Every,
    /// All but criterion 14 (the electronic reporting system): 15 of 16 met.
    AllBut14,
    /// Criteria 7, 9 and 14 missed, 9.1 not applicable: 12 of 15 met.
    Weaker,
}

/// The units with results, by code, and how they did.
pub const RESULTS: [(&str, Showing); 6] = [
    ("DT-TP-HT", Showing::Every),
    ("DT-DC-XD", Showing::Every),
    ("DT-HND", Showing::Every),
    ("DT-CA", Showing::Every),
    ("DT-VP-TK", Showing::AllBut14),
    ("DT-VH-XH", Showing::Weaker),
];

/// The office account that enters the results.
const OFFICE_USERNAME: &str = "vanphong";

/// The values of one report, as a client would send them.
pub fn values(showing: Showing) -> Value {
    let ratio = |code: &str, n: u32, d: u32| json!({ "criterion": code, "numerator": n, "denominator": d });
    let yes = |code: &str, achieved: bool| json!({ "criterion": code, "achieved": achieved });
    let weaker = showing == Showing::Weaker;
    json!({ "values": [
        yes("1", true),
        ratio("2", 0, 0),
        ratio("3", 12, 12),
        ratio("4", 48, 48),
        ratio("5", 236, 236),
        ratio("6", 236, 236),
        if weaker { ratio("7", 12, 20) } else { ratio("7", 14, 20) },
        ratio("8", 120, 180),
        if weaker { ratio("9", 0, 10) } else { ratio("9", 8, 10) },
        if weaker { ratio("9.1", 0, 0) } else { ratio("9.1", 4, 5) },
        { "criterion": "10", "percentage": 92.5 },
        ratio("11", 300, 300),
        ratio("12", 150, 150),
        yes("13", true),
        yes("14", showing == Showing::Every),
        yes("15", true),
        ratio("16", 410, 410),
    ]})
}

/// Enters and approves the 2023 results; answers how many reports it
/// approved (0 when the campaign has reports already, or the demo is not loaded).
pub async fn load(db: &Db, caches: Arc<Caches>) -> Result<usize, ApiError> {
    let found = db
        .run(|conn| {
            let Some(commune) = db::org_units::get_by_code(conn, COMMUNE_CODE)? else { return Ok(None) };
            let Some(campaign) = db::campaigns::get_by_code(conn, &commune.id, CAMPAIGN_CODE)? else {
                return Ok(None);
            };
            let Some((office, ..)) = db::users::credentials(conn, OFFICE_USERNAME)? else { return Ok(None) };
            let Some(principal) = principal::of_user(conn, &office.id)? else { return Ok(None) };
            let mut units = Vec::new();
            for (code, showing) in RESULTS {
                let unit = db::org_units::get_by_code(conn, code)?.ok_or(DbError::NotFound)?;
                units.push((unit.id, showing));
            }
            Ok::<_, DbError>(Some((campaign.id, principal, units)))
        })
        .await?;
    let Some((campaign_id, principal, units)) = found else { return Ok(0) };
    let office = Caller::new(principal, format!("demo:{}", uuid::Uuid::now_v7()));
    let listed = {
        let (caller, campaign_id) = (office.clone(), campaign_id.clone());
        db.run(move |conn| {
            let filter = ReportFilter {
                campaign_id: Some(campaign_id),
                period_id: None,
                org_unit_id: None,
                status: None,
                updated_since: None,
            };
            reports::records::list(conn, &caller, filter, Page::new(Some(1), None).into())
        })
        .await?
    };
    if !listed.items.is_empty() {
        return Ok(0);
    }
    let mut approved = 0;
    for period in PERIODS {
        for (unit_id, showing) in &units {
            enter(db, &caches, &office, &campaign_id, unit_id, period, *showing).await?;
            approved += 1;
        }
    }
    Ok(approved)
}

/// One unit's report for one period, from the lock exception to its approval.
async fn enter(
    db: &Db,
    caches: &Arc<Caches>,
    office: &Caller,
    campaign_id: &str,
    unit_id: &str,
    period: &str,
    showing: Showing,
) -> Result<(), ApiError> {
    let exception = LockExceptionInput {
        period_id: period.to_owned(),
        org_unit_id: unit_id.to_owned(),
        reason: "Nhập số liệu năm 2023 cho bản demo".to_owned(),
        expires_at: crate::domain::now() + TimeDelta::hours(1),
    };
    let new = NewReport {
        campaign_id: campaign_id.to_owned(),
        org_unit_id: unit_id.to_owned(),
        period_id: period.to_owned(),
    };
    let values: ValuesInput = serde_json::from_value(values(showing)).map_err(|e| ApiError::internal(&e))?;
    let (caller, caches_for_write, campaign) = (office.clone(), caches.clone(), campaign_id.to_owned());
    let created = db
        .write(move |conn| {
            campaigns::lock_exceptions::create(conn, &caller, &campaign, exception)?;
            reports::records::create(conn, &caller, &caches_for_write, new)
        })
        .await?;
    let request = StoreValues {
        report_id: created.id.clone(),
        values: ValuesToStore::Batch(values),
        expected_version: Ok(IfMatch::version(created.version)),
    };
    let report = store(db, office.clone(), caches.clone(), request).await?;
    let mut version = report.version;
    for step in [Move::Submit, Move::Approve] {
        let request = MoveRequest {
            report_id: report.id.clone(),
            step,
            input: None,
            expected_version: Ok(IfMatch::version(version)),
        };
        version = move_report(db, caches.clone(), office.clone(), request).await?.version;
    }
    Ok(())
}
