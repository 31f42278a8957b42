//! `/api/v1/service-accounts`: machine clients for district integration,
//! managed by admins. The client secret is shown once, at creation.

mod read;
mod write;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    r.add(Access::Requires(Action::ManageServiceAccounts), read::list);
    r.add(Access::Requires(Action::ManageServiceAccounts), read::get);
    r.add(Access::Requires(Action::ManageServiceAccounts), write::create);
    r.add(Access::Requires(Action::ManageServiceAccounts), write::revoke);
}
