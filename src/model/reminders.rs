//! The record a deadline reminder carries in the change feed and in a
//! webhook message (`report.due_soon`, `report.overdue`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::reminder::ReminderKind;
use crate::domain::report::ReportStatus;

/// A report a unit owes: the `record` of a `report.due_soon` or
/// `report.overdue` change. Its `entity_id` is the report's id, or empty
/// when the unit has not begun the report.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReminderRecord {
    /// The reminder's own id (`rem_…`): one per kind, campaign, unit and period.
    pub id: String,
    pub kind: ReminderKind,
    pub campaign_id: String,
    pub campaign_code: String,
    pub org_unit_id: String,
    pub org_unit_name: String,
    pub period_id: String,
    /// Reports are due by the end of this day.
    pub due_on: NaiveDate,
    /// After this day the period locks.
    pub locks_after: NaiveDate,
    /// The report, once begun.
    pub report_id: Option<String>,
    /// Its status (`draft`, `returned`, `reopened`) once begun.
    pub status: Option<ReportStatus>,
}

/// The schema of a change's `record`: the record after the change, any
/// JSON (`null` once deleted), of which a deadline reminder's is a
/// [`ReminderRecord`] — named, so a client can type what reminders carry.
pub fn change_record() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    use utoipa::openapi::schema::{AnyOfBuilder, ArrayBuilder, ObjectBuilder, SchemaType, Type};
    // Any JSON (a report's values are a list), of which a reminder's is
    // named. The types spelt out: linters read an empty schema as a mistake
    // (Redocly) and want a list's items (Spectral).
    let scalar_or_object = || {
        ObjectBuilder::new().schema_type(SchemaType::from_iter([
            Type::Object,
            Type::String,
            Type::Number,
            Type::Boolean,
            Type::Null,
        ]))
    };
    AnyOfBuilder::new()
        .item(utoipa::openapi::Ref::from_schema_name("ReminderRecord"))
        .item(scalar_or_object())
        .item(ArrayBuilder::new().items(scalar_or_object()))
        .description(Some(
            "The record after the change, as JSON; `null` when it was deleted. A deadline reminder's \
             (`report.due_soon`, `report.overdue`) is a `ReminderRecord`.",
        ))
        .into()
}
