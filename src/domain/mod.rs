//! Pure rules of the product: no actix, no Diesel.

pub mod accounts;
pub mod award_decision;
pub mod award_rules;
pub mod awards;
pub mod campaign;
pub mod complaint;
pub mod council;
pub mod cursor;
pub mod eligibility;
pub mod figures;
pub mod forwarded;
pub mod if_match;
pub mod language;
pub mod nomination;
pub mod org;
pub mod page;
pub mod paper;
pub mod password;
pub mod periods;
pub mod reminder;
pub mod reorganisation;
pub mod report;
pub mod role;
pub mod score;
pub mod search;
pub mod settings;
pub mod text;
pub mod throttle;
pub mod webhook;

/// The current time at the precision both databases keep (microseconds),
/// so what a write answers is what every later read of it answers.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 6)
}

/// Today in Vietnam (UTC+7), the day org units open and close on.
pub fn today() -> chrono::NaiveDate {
    complaint::today_in_vietnam(now())
}
