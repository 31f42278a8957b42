//! Who complained: the one read of a complainant's identity and contact.

use super::reachable;
use crate::auth::Action;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::model::complaints::ComplainantView;
use crate::service::Caller;
use crate::service::audit::{Change, Entity};

/// The complainant of a complaint, for the office and the chairman. Every
/// read is written to the audit log (action `read_complainant`), in the
/// transaction that reads it, so no identity is answered unrecorded; the
/// event names the reader and the complaint, never the identity.
pub fn read(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<ComplainantView, ApiError> {
    let grant = caller.may(Action::ReadComplainant)?;
    let (complaint, unit_path) = reachable(conn, id, &grant)?;
    let found = db::complaints::complainant(conn, &complaint.id)?;
    Change::new(caller, Entity::Complaint, &complaint.id, "read_complainant", Some(&unit_path)).record(conn)?;
    Ok(ComplainantView {
        complaint_id: complaint.id,
        recorded: found.is_some(),
        name: found.as_ref().map(|c| c.name.clone()),
        contact: found.and_then(|c| c.contact),
    })
}
