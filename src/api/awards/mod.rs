//! `/api/v1/award-reference/…` and `/api/v1/award-types`: the commendation
//! reference data — legal bases, base salaries, award types with their dated
//! coefficients — and the amount of an award on a signing date; admins
//! record and correct legal bases and base salaries.

mod read;
mod write;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    r.add(Access::Requires(Action::ReadAwardReference), read::list_legal_bases);
    r.add(Access::Requires(Action::ReadAwardReference), read::get_legal_basis);
    r.add(Access::Requires(Action::ReadAwardReference), read::list_base_salaries);
    r.add(Access::Requires(Action::ReadAwardReference), read::get_base_salary);
    r.add(Access::Requires(Action::ReadAwardReference), read::list_award_types);
    r.add(Access::Requires(Action::ReadAwardReference), read::get_award_type);
    r.add(Access::Requires(Action::ReadAwardReference), read::amount);
    r.add(Access::Requires(Action::ManageAwardReference), write::create_legal_basis);
    r.add(Access::Requires(Action::ManageAwardReference), write::update_legal_basis);
    r.add(Access::Requires(Action::ManageAwardReference), write::create_base_salary);
    r.add(Access::Requires(Action::ManageAwardReference), write::update_base_salary);
}
