//! `/api/v1/reports` and `/api/v1/work-queue`: one unit's figures for one
//! campaign and period, and their review. The rules live in
//! `service::reports`; these handlers extract, call and render.

mod comments;
mod records;
mod review;
mod values;
mod work_queue;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    use Access::Requires;
    r.add(Requires(Action::WriteReports), records::create);
    r.add(Requires(Action::ReadReports), records::list);
    r.add(Requires(Action::ReadReports), records::get);
    r.add(Requires(Action::WriteReports), values::put_values);
    r.add(Requires(Action::WriteReports), values::put_value);
    r.add(Requires(Action::WriteReports), review::submit);
    r.add(Requires(Action::ReviewReports), review::return_report);
    r.add(Requires(Action::ReviewReports), review::approve);
    r.add(Requires(Action::ReopenReports), review::reopen);
    r.add(Requires(Action::ReadReports), review::history);
    r.add(Requires(Action::ReadReports), comments::comments);
    r.add(Requires(Action::CommentReports), comments::add_comment);
    r.add(Requires(Action::ReadReports), work_queue::work_queue);
}
