//! Text fields of the answers whose value is one of a few words: the
//! document lists the words (an enum), so generated clients get a union
//! type instead of any string.

use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{RefOr, Schema};

use crate::domain::role::Role;

fn one_of(words: impl IntoIterator<Item = &'static str>) -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(words)).into()
}

/// `MeView.kind`.
pub fn caller_kind() -> RefOr<Schema> {
    one_of(["user", "service_account"])
}

/// `MeView.role`: a user's role, or `service` for a service account.
pub fn caller_role() -> RefOr<Schema> {
    one_of(Role::ALL.iter().map(|r| r.as_str()).chain(["service"]))
}

/// The kind of a piece of evidence.
pub fn evidence_kind() -> RefOr<Schema> {
    one_of(["file", "link"])
}

/// `Scoreboard.basis`.
pub fn scoreboard_basis() -> RefOr<Schema> {
    one_of(["approved", "approved_and_submitted"])
}
