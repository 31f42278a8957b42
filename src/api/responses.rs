//! Answers that several operations share, described once for the document.
//! (The ones every operation of a shape shares — 400, 404, 412, 428, … —
//! are added by `openapi.rs`.)

use utoipa::ToResponse;

use crate::error::Problem;

/// 409 for a change to a report (its values or its evidence) that cannot change now.
#[derive(ToResponse)]
#[response(
    description = "The report cannot change now: `report_not_editable` (submitted), `report_approved`, \
                   `campaign_not_active`, `campaign_closed`, or `period_locked` (after the period's lock day, \
                   unless a lock exception is open for the unit)",
    content_type = "application/problem+json"
)]
#[allow(dead_code)] // describes a response; never built
pub struct ReportLocked(Problem);
