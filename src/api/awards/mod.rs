//! `/api/v1/award-reference/…` and `/api/v1/award-types`: the commendation
//! reference data — legal bases, base salaries, award types with their dated
//! coefficients — and the amount of an award on a signing date.

mod read;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    r.add(Access::Requires(Action::ReadAwardReference), read::list_legal_bases);
    r.add(Access::Requires(Action::ReadAwardReference), read::list_base_salaries);
    r.add(Access::Requires(Action::ReadAwardReference), read::list_award_types);
    r.add(Access::Requires(Action::ReadAwardReference), read::get_award_type);
    r.add(Access::Requires(Action::ReadAwardReference), read::amount);
}
