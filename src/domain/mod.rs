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

/// Vietnam keeps UTC+7 all year (no daylight saving).
const VIETNAM_OFFSET_HOURS: i64 = 7;

/// The calendar day in Vietnam at `at`: the day every rule counts in (a
/// period's due and lock days, a report's `on_time`, a day "in the
/// future", org units' days, reminders), so a report sent at 06:30 in Hà
/// Nội the day after its due day is late although UTC still counts the
/// due day.
pub fn day_in_vietnam(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    (at + chrono::TimeDelta::hours(VIETNAM_OFFSET_HOURS)).date_naive()
}

/// Today in Vietnam (UTC+7).
pub fn today() -> chrono::NaiveDate {
    day_in_vietnam(now())
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, Utc};

    #[test]
    fn the_day_is_counted_in_vietnam() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(super::day_in_vietnam(at("2024-03-01T16:59:59Z")), day("2024-03-01"));
        assert_eq!(super::day_in_vietnam(at("2024-03-01T17:00:00Z")), day("2024-03-02"));
    }
}
