//! The change feed as the API shows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One change to a record, in the order changes were committed.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ChangeView {
    /// The place right after this change: `after=` it reads what follows.
    pub cursor: String,
    /// The change's id (the audit event's): the same change always has the same id.
    pub id: String,
    /// `<kind>.<action>`, e.g. `report.create`, `report.put_values`,
    /// `report.submit`, `campaign.activate`, `nomination.propose`, `award_decision.sign`;
    /// the deadline reminders `report.due_soon` and `report.overdue` (by `system`,
    /// `record` a `ReminderRecord`, `entity_id` the report's or empty) too.
    #[serde(rename = "type")]
    pub kind: String,
    /// The kind of record: `report`, `campaign`, `nomination` or `award_decision`.
    pub entity: String,
    pub entity_id: String,
    /// What was done, e.g. `create`, `put_values`, `import`, `submit`, `approve`,
    /// or a reminder (`due_soon`, `overdue`).
    pub action: String,
    pub at: DateTime<Utc>,
    /// `user:<id>`, `service:<id>` or `system`.
    pub actor: String,
    #[schema(schema_with = super::reminders::change_record)]
    pub record: Option<serde_json::Value>,
}

/// One page of the change feed.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ChangePage {
    pub items: Vec<ChangeView>,
    /// Where to read on from (`after=`): the last item's cursor, or further
    /// when the feed passed changes the caller may not read. Read again
    /// with it later to get what was committed since.
    pub next: String,
    /// Whether more changes follow already; `false`: the feed is read to its end for now.
    pub more: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangeQuery {
    /// A cursor this feed gave (`next`, or an item's `cursor`); absent: from the first change.
    pub after: Option<String>,
    /// Comma-separated kinds (`report`, `campaign`, `nomination`,
    /// `award_decision`) or types (`report.submit`); absent: all of them.
    pub types: Option<String>,
    /// Changes per page: 100 when absent, at most 1000 (a larger value is lowered to 1000, 0 raised to 1),
    /// as every list's `limit`.
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4_294_967_295_u64)]
    pub limit: Option<u32>,
}
