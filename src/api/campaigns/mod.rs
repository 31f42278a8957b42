//! `/api/v1/campaigns`: campaigns (phong trào thi đua), their participants,
//! periods, lock exceptions and definitions (export and import). Criteria
//! live in `api/criteria`.

mod definitions;
mod lifecycle;
mod lock_exceptions;
mod participants;
mod periods;
mod records;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    use Access::Requires;
    // `import` before `{id}`: the literal segment wins.
    r.add(Requires(Action::ManageCampaigns), definitions::import);
    r.add(Requires(Action::ReadCampaigns), records::list);
    r.add(Requires(Action::ReadCampaigns), records::get);
    r.add(Requires(Action::ManageCampaigns), records::create);
    r.add(Requires(Action::ManageCampaigns), records::update);
    r.add(Requires(Action::ManageCampaigns), lifecycle::activate);
    r.add(Requires(Action::ManageCampaigns), lifecycle::close);
    r.add(Requires(Action::ReadCampaigns), participants::list);
    r.add(Requires(Action::ManageCampaigns), participants::set);
    r.add(Requires(Action::ReadCampaigns), periods::list);
    r.add(Requires(Action::ReadCampaigns), lock_exceptions::list);
    r.add(Requires(Action::ManageCampaigns), lock_exceptions::create);
    r.add(Requires(Action::ReadCampaigns), definitions::export);
}
