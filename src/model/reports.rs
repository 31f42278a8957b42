//! Reports as the API reads and answers them: the report with its values,
//! what is sent to create one, store values or move it, its history and
//! comments, and the caller's work queue.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::figures;
use crate::domain::report::{Figures, Report, ReportStatus};
use crate::error::FieldError;

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
    /// The unit's name with its parents' as they were on the period's last
    /// day, as papers write it: `Tư pháp – Hộ tịch, xã Đại Thắng, huyện Vụ
    /// Bản, tỉnh Nam Định` for 2023 even after the 2025 merger.
    pub org_unit_label: String,
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

/// A new report.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewReport {
    pub campaign_id: String,
    /// A participant of the campaign: for a reporter, its own unit.
    pub org_unit_id: String,
    #[schema(example = "2023Q1")]
    pub period_id: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportFilter {
    pub campaign_id: Option<String>,
    pub period_id: Option<String>,
    pub org_unit_id: Option<String>,
    pub status: Option<ReportStatus>,
    /// Only reports changed at or after this instant (RFC 3339).
    #[serde(default, deserialize_with = "super::time::rfc3339_opt")]
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

impl From<Report> for ReportSummary {
    fn from(r: Report) -> Self {
        Self {
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
}

/// One value to store.
// Its figures are fields of its own, not a flattened `Figures`: serde reads
// a flattened struct from a buffer that loses the path, and a figure of the
// wrong type must be named (`values[7].numerator`).
// Unknown keys are refused (`additionalProperties: false`), not ignored: each
// entry is read as a whole JSON value first (to name its faults by
// criterion), so a key no field names would still be read, and a misspelt
// figure (`numerater`) is better named than silently dropped.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueInput {
    /// The criterion, by id or code.
    #[schema(example = "7")]
    pub criterion: String,
    #[schema(schema_with = figures::numerator)]
    pub numerator: Option<f64>,
    #[schema(schema_with = figures::denominator)]
    pub denominator: Option<f64>,
    #[schema(schema_with = figures::percentage)]
    pub percentage: Option<f64>,
    #[schema(schema_with = figures::count)]
    pub count: Option<f64>,
    /// Yes/no: achieved or not.
    pub achieved: Option<bool>,
    #[serde(default)]
    pub note: String,
}

impl ValueInput {
    pub fn figures(&self) -> Figures {
        Figures {
            numerator: self.numerator,
            denominator: self.denominator,
            percentage: self.percentage,
            count: self.count,
            achieved: self.achieved,
        }
    }
}

/// Values to store in a report.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ValuesInput {
    #[schema(value_type = Vec<ValueInput>)]
    pub values: Vec<ValueEntry>,
}

/// One entry of `values` as sent: a value, or why it is none. Each entry is
/// read on its own, so that a figure of the wrong type is named like every
/// other fault of a value — by its criterion's code (`values[7].numerator`),
/// which only the use case can look up.
#[derive(Debug, Clone)]
pub enum ValueEntry {
    Value(ValueInput),
    Unreadable {
        /// The entry's `criterion`, when it is text.
        criterion: Option<String>,
        /// What could not be read, each field named inside the entry (`numerator`; `` for the entry itself).
        errors: Vec<FieldError>,
    },
}

impl<'de> Deserialize<'de> for ValueEntry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entry = serde_json::Value::deserialize(deserializer)?;
        Ok(match serde_path_to_error::deserialize::<_, ValueInput>(&entry) {
            Ok(value) => ValueEntry::Value(value),
            Err(error) => ValueEntry::Unreadable {
                criterion: entry.get("criterion").and_then(serde_json::Value::as_str).map(str::to_owned),
                errors: vec![FieldError::unreadable(&error.path().to_string(), error.inner().to_string(), "")],
            },
        })
    }
}

/// One value to store, its criterion named by the path (the fields of
/// `ValueInput` but `criterion`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ValueFigures {
    #[schema(schema_with = figures::numerator)]
    pub numerator: Option<f64>,
    #[schema(schema_with = figures::denominator)]
    pub denominator: Option<f64>,
    #[schema(schema_with = figures::percentage)]
    pub percentage: Option<f64>,
    #[schema(schema_with = figures::count)]
    pub count: Option<f64>,
    /// Yes/no: achieved or not.
    pub achieved: Option<bool>,
    #[serde(default)]
    pub note: String,
}

impl ValueFigures {
    /// The value for the criterion its path names.
    pub fn for_criterion(self, criterion: String) -> ValueInput {
        let Self { numerator, denominator, percentage, count, achieved, note } = self;
        ValueInput { criterion, numerator, denominator, percentage, count, achieved, note }
    }
}

/// One move in a report's history.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportHistoryEntry {
    /// `user:<id>` or `service:<id>`.
    pub actor: String,
    pub at: DateTime<Utc>,
    #[schema(value_type = crate::domain::report::Move)]
    pub action: String,
    #[schema(value_type = Option<ReportStatus>)]
    pub from_status: Option<String>,
    #[schema(value_type = ReportStatus)]
    pub to_status: String,
    pub reason: Option<String>,
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
