//! `/api/v1/award-decisions`: award decisions (quyết định khen thưởng) —
//! drafts the office prepares over approved nominations, the chairman's
//! signature fixing each line's amount and charging the reward fund, lines
//! revoked (never deleted), the decision's list as JSON, CSV or XLSX, and
//! its papers (the Quyết định, the Giấy khen) as DOCX or PDF.
//! The rules live in `service::award_decisions`.

mod export;
mod lines;
mod papers;
mod records;
mod sign;

use super::{Access, Routes};
use crate::auth::Action;

pub fn routes(r: &mut impl Routes) {
    use Access::Requires;
    r.add(Requires(Action::ReadAwardDecisions), records::list);
    r.add(Requires(Action::PrepareAwardDecisions), records::create);
    r.add(Requires(Action::ReadAwardDecisions), records::get);
    r.add(Requires(Action::PrepareAwardDecisions), records::update);
    r.add(Requires(Action::PrepareAwardDecisions), records::delete);
    r.add(Requires(Action::SignAwardDecisions), sign::sign);
    r.add(Requires(Action::ReadAwardDecisions), lines::get_line);
    r.add(Requires(Action::SignAwardDecisions), lines::revoke);
    r.add(Requires(Action::ReadAwardDecisions), papers::decision);
    r.add(Requires(Action::ReadUnitPapers), papers::certificates);
    r.add(Requires(Action::ReadUnitPapers), papers::line_certificate);
}
