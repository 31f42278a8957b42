//! `/api/v1/webhooks`: subscriptions to the change feed, pushed to a URL,
//! and each one's delivery log. The work is `service::webhooks`'.

mod deliveries;
mod subscriptions;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    use Access::Requires;
    r.add(Requires(Action::ManageWebhooks), subscriptions::list);
    r.add(Requires(Action::ManageWebhooks), subscriptions::create);
    r.add(Requires(Action::ManageWebhooks), subscriptions::get);
    r.add(Requires(Action::ManageWebhooks), subscriptions::delete);
    r.add(Requires(Action::ManageWebhooks), subscriptions::enable);
    r.add(Requires(Action::ManageWebhooks), subscriptions::disable);
    r.add(Requires(Action::ManageWebhooks), deliveries::list);
    r.add(Requires(Action::ManageWebhooks), deliveries::get);
    r.add(Requires(Action::ManageWebhooks), deliveries::redeliver);
}
