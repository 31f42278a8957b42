//! `/api/v1/people`: cán bộ, công chức — the individuals who can be nominated.

mod read;
mod write;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    r.add(Access::Requires(Action::ReadPeople), read::list);
    r.add(Access::Requires(Action::ReadPeople), read::get);
    r.add(Access::Requires(Action::ManagePeople), write::create);
    r.add(Access::Requires(Action::ManagePeople), write::update);
}
