//! `/api/v1/reward-funds`: each issuing commune's reward fund (quỹ thi
//! đua, khen thưởng) per year — its budget, what signed decisions committed
//! and what remains. The rules live in `service::reward_funds`.

mod records;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    use Access::Requires;
    r.add(Requires(Action::ReadAwardDecisions), records::list);
    r.add(Requires(Action::PrepareAwardDecisions), records::create);
    r.add(Requires(Action::ReadAwardDecisions), records::get);
    r.add(Requires(Action::PrepareAwardDecisions), records::update);
}
