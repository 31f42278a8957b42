//! `/api/v1/audit-events`: the append-only audit log. No operation edits or
//! deletes it; every change is recorded by `service::audit` in the
//! transaction that makes it.

mod list;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    r.add(Access::Requires(Action::ReadAudit), list::list);
}
