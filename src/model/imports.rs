//! Bulk imports of figures: the options, a row as sent, and the import's
//! progress, summary and problems.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::figures;

/// What an import does with reports that exist or do not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportStrategy {
    /// Create missing reports and update existing ones (the default).
    #[default]
    CreateAndUpdate,
    /// Only create reports; existing ones are ignored.
    CreateOnly,
    /// Only update existing reports; missing ones are ignored.
    UpdateOnly,
}

/// The options of an import, as query parameters (the same for JSON and CSV).
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ImportOptions {
    /// Check every row and answer what would happen; write nothing.
    #[serde(default)]
    pub dry_run: bool,
    #[serde(default)]
    #[param(inline)]
    pub strategy: ImportStrategy,
    /// Submit each report the import fills (every applicable value then required).
    #[serde(default)]
    pub submit: bool,
    /// All or nothing (the default): one problem and nothing is written.
    /// `false`: each report on its own — those without problems are written.
    #[serde(default = "yes")]
    #[param(default = true)]
    pub atomic: bool,
}

fn yes() -> bool {
    true
}

/// An import as JSON: its rows.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ImportInput {
    /// One row per value; each is read on its own, so that a bad row is named by its number.
    #[schema(value_type = Vec<ImportRow>)]
    pub rows: Vec<serde_json::Value>,
}

/// One value of one report, named by codes. In CSV, the header names these
/// columns (any order; `criterion` and the codes required).
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
// The document's; rows are read field by field.
// A row takes only these fields: an unknown one is a problem named by its row.
#[serde(deny_unknown_fields)]
pub struct ImportRow {
    /// The campaign's code.
    #[schema(example = "TD-2025")]
    pub campaign: String,
    /// The org unit's code.
    #[schema(example = "XA-01")]
    pub unit: String,
    /// The period's id.
    #[schema(example = "2025Q1")]
    pub period: String,
    /// The criterion's code.
    #[schema(example = "4.1")]
    pub criterion: String,
    #[schema(schema_with = figures::numerator)]
    pub numerator: Option<f64>,
    #[schema(schema_with = figures::denominator)]
    pub denominator: Option<f64>,
    #[schema(schema_with = figures::percentage)]
    pub percentage: Option<f64>,
    #[schema(schema_with = figures::count)]
    pub count: Option<f64>,
    pub achieved: Option<bool>,
    #[serde(default)]
    pub note: String,
}

/// Where an import is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// A dry run: checked, nothing written.
    Checked,
    /// Waiting for the background worker.
    Queued,
    /// Being written by the background worker.
    Running,
    /// Finished: the summary says what was written.
    Done,
    /// All or nothing, and a row had a problem: nothing was written.
    Refused,
    /// Stopped by a failure of the service (not of a row); nothing of it was written
    /// in all-or-nothing mode.
    Failed,
}

/// What an import did (or, in a dry run, would do), counted in reports.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImportSummary {
    pub created: u32,
    /// Changed values, or submitted.
    pub updated: u32,
    /// The file's values were those stored already.
    pub unchanged: u32,
    /// Left alone by the strategy.
    pub ignored: u32,
    /// The number of problems listed.
    pub conflicts: u32,
}

/// One problem of one row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImportProblem {
    /// The row's number, from 1 (in CSV: the line after the header, so line `row + 1`).
    pub row: u32,
    /// `campaign`, `unit`, `period`, `criterion`, a figure, `note`, `report` or `row`.
    pub field: String,
    /// The rule, as the report API names it (`not_found`, `period_locked`, `duplicate`, …).
    pub code: String,
    pub message: String,
}

/// An import: its options, progress and outcome.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ImportView {
    pub id: String,
    pub status: ImportStatus,
    pub options: ImportOptions,
    /// Rows in the file.
    pub rows: u32,
    /// Rows handled so far.
    pub rows_done: u32,
    pub summary: ImportSummary,
    /// Every problem, by row.
    pub problems: Vec<ImportProblem>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}
