//! Text fields whose value is one of a few words, as named schemas: the
//! document lists the words (an enum) under one name, so generated clients
//! get one union type per set instead of any string. Each set is built from
//! the domain's own list where there is one, so the document cannot drift
//! from what the server writes. Fields keep their text type and name the
//! schema with `#[schema(value_type = …)]`.

use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{RefOr, Schema};

use crate::domain::award_decision::DecisionStatus;
use crate::domain::complaint::{ComplaintMove, ComplaintStatus};
use crate::domain::council::MeetingStatus;
use crate::domain::nomination::NominationStatus;
use crate::domain::report::ReportStatus;
use crate::domain::role::Role;

pub(super) fn one_of(description: &str, words: impl IntoIterator<Item = &'static str>) -> RefOr<Schema> {
    let mut words: Vec<&str> = words.into_iter().collect();
    // A word two sets share (`draft`) is listed once.
    let mut seen = std::collections::HashSet::new();
    words.retain(|w| seen.insert(*w));
    ObjectBuilder::new().schema_type(Type::String).description(Some(description)).enum_values(Some(words)).into()
}

/// Declares a named schema of words: `$name` is used as `value_type` only.
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident, $description:literal, $words:expr) => {
        $(#[$meta])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
                $crate::model::choices::one_of($description, $words)
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }
    };
}
pub(super) use choice;

choice!(
    /// `MeView.kind`.
    CallerKind,
    "What the caller is: a user, or a service account.",
    ["user", "service_account"]
);

/// The role `MeView` gives a service account.
pub const SERVICE_ROLE: &str = "service";

choice!(
    /// `MeView.role`.
    CallerRole,
    "A user's role, or `service` for a service account.",
    Role::ALL.iter().map(|r| r.as_str()).chain([SERVICE_ROLE])
);

choice!(
    /// The kind of a piece of evidence (of a report or a complaint).
    EvidenceKind,
    "A stored file, or a link.",
    ["file", "link"]
);

choice!(
    /// `Scoreboard.basis`.
    ScoreBasis,
    "Which reports count: `approved`, or `approved_and_submitted` in a preview.",
    ["approved", "approved_and_submitted"]
);

/// The action of a complaint's recording in its history (its moves are `ComplaintMove`s).
pub const COMPLAINT_CREATED: &str = "create";

choice!(
    /// `ComplaintHistoryEntry.action`.
    ComplaintAction,
    "`create` for the recording of the complaint, else the move made.",
    [COMPLAINT_CREATED].into_iter().chain(ComplaintMove::ALL.iter().map(|m| m.as_str()))
);

/// The state a revoked decision line is in, as a refusal names it.
pub const LINE_REVOKED: &str = "revoked";

choice!(
    /// `Problem.current_status`.
    CurrentStatus,
    "The state the resource is in now: a report's, a nomination's, a complaint's, an award decision's, a \
     council meeting's, or `revoked` for a revoked decision line.",
    ReportStatus::ALL
        .iter()
        .map(|s| s.as_str())
        .chain(NominationStatus::ALL.iter().map(|s| s.as_str()))
        .chain(ComplaintStatus::ALL.iter().map(|s| s.as_str()))
        .chain(DecisionStatus::ALL.iter().map(|s| s.as_str()))
        .chain(MeetingStatus::ALL.iter().map(|s| s.as_str()))
        .chain([LINE_REVOKED])
);

choice!(
    /// `Health.status`.
    HealthStatus,
    "`ok` (alive) or `ready` (the database answers).",
    ["ok", "ready"]
);

choice!(
    /// `Health.database`.
    DatabaseBackend,
    "The database backend.",
    ["sqlite", "postgres"]
);
