//! Reporting periods, derived from a campaign's period type and dates.
//!
//! Ids are ISO-like: `2023` (year), `2023S1` (half), `2023Q1` (quarter),
//! `2023M02` (month). A campaign that starts or ends inside a calendar
//! period gets a partial first or last period, clipped to its dates (plan
//! 05/KH-UBND starts on 10/02/2023, so its 2023Q1 runs 10/02 → 31/03).

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How a campaign's time is cut into reporting periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PeriodType {
    Year,
    Half,
    Quarter,
    Month,
}

impl PeriodType {
    pub const ALL: [PeriodType; 4] = [PeriodType::Year, PeriodType::Half, PeriodType::Quarter, PeriodType::Month];

    pub fn as_str(self) -> &'static str {
        match self {
            PeriodType::Year => "year",
            PeriodType::Half => "half",
            PeriodType::Quarter => "quarter",
            PeriodType::Month => "month",
        }
    }

    /// Months in one period.
    fn months(self) -> u32 {
        match self {
            PeriodType::Year => 12,
            PeriodType::Half => 6,
            PeriodType::Quarter => 3,
            PeriodType::Month => 1,
        }
    }

    fn id(self, year: i32, index: u32) -> String {
        match self {
            PeriodType::Year => format!("{year}"),
            PeriodType::Half => format!("{year}S{index}"),
            PeriodType::Quarter => format!("{year}Q{index}"),
            PeriodType::Month => format!("{year}M{index:02}"),
        }
    }
}

impl std::str::FromStr for PeriodType {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PeriodType::ALL.into_iter().find(|p| p.as_str() == s).ok_or("must be year, half, quarter or month")
    }
}

/// One reporting period of a campaign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub id: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Shorter than its calendar period because the campaign starts or ends inside it.
    pub partial: bool,
    /// Reports are due by the end of this day.
    pub due_on: NaiveDate,
    /// After this day the period is locked: no report is created, edited or
    /// submitted without a lock exception.
    pub locks_after: NaiveDate,
}

impl Period {
    /// Whether the period is locked on `day`: after its lock day. A locked
    /// period still opens for a unit the office gave a lock exception.
    pub fn is_locked_on(&self, day: NaiveDate) -> bool {
        day > self.locks_after
    }

    /// Whether reports of the period can be made on `day` without an
    /// exception: it has begun and is not locked.
    pub fn is_open_on(&self, day: NaiveDate) -> bool {
        self.starts_on <= day && !self.is_locked_on(day)
    }
}

/// Days after a period's end: when reports are due and when the period locks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadlines {
    pub submission_days: u32,
    pub lock_days: u32,
}

/// The periods of a campaign running from `starts_on` to `ends_on` (inclusive).
pub fn periods(kind: PeriodType, starts_on: NaiveDate, ends_on: NaiveDate, deadlines: Deadlines) -> Vec<Period> {
    let mut out = Vec::new();
    if ends_on < starts_on {
        return out;
    }
    let months = kind.months();
    // The calendar period holding the start.
    let mut index = (starts_on.month0() / months) + 1;
    let mut year = starts_on.year();
    loop {
        let first_month = (index - 1) * months + 1;
        let calendar_start = NaiveDate::from_ymd_opt(year, first_month, 1).expect("a valid month start");
        let calendar_end = last_day(year, first_month + months - 1);
        if calendar_start > ends_on {
            break;
        }
        let start = calendar_start.max(starts_on);
        let end = calendar_end.min(ends_on);
        out.push(Period {
            id: kind.id(year, index),
            starts_on: start,
            ends_on: end,
            partial: start != calendar_start || end != calendar_end,
            due_on: end + Days::new(u64::from(deadlines.submission_days)),
            locks_after: end + Days::new(u64::from(deadlines.lock_days)),
        });
        index += 1;
        if index > 12 / months {
            index = 1;
            year += 1;
        }
    }
    out
}

fn last_day(year: i32, month: u32) -> NaiveDate {
    let (next_year, next_month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(next_year, next_month, 1).expect("a valid month") - Days::new(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const DL: Deadlines = Deadlines { submission_days: 5, lock_days: 15 };

    fn ids(p: &[Period]) -> Vec<&str> {
        p.iter().map(|p| p.id.as_str()).collect()
    }

    #[test]
    fn a_period_opens_on_its_first_day_and_locks_after_its_lock_day() {
        let q1 = periods(PeriodType::Quarter, d(2023, 2, 10), d(2023, 12, 31), DL).remove(0);
        assert!(!q1.is_open_on(d(2023, 2, 9)), "not begun");
        assert!(q1.is_open_on(d(2023, 2, 10)));
        assert!(q1.is_open_on(d(2023, 4, 15)) && !q1.is_locked_on(d(2023, 4, 15)), "the lock day itself is open");
        assert!(q1.is_locked_on(d(2023, 4, 16)) && !q1.is_open_on(d(2023, 4, 16)));
    }

    #[test]
    fn the_plan_gets_a_partial_first_quarter() {
        let p = periods(PeriodType::Quarter, d(2023, 2, 10), d(2023, 12, 31), DL);
        assert_eq!(ids(&p), ["2023Q1", "2023Q2", "2023Q3", "2023Q4"]);
        assert_eq!((p[0].starts_on, p[0].ends_on, p[0].partial), (d(2023, 2, 10), d(2023, 3, 31), true));
        assert_eq!((p[1].starts_on, p[1].ends_on, p[1].partial), (d(2023, 4, 1), d(2023, 6, 30), false));
        assert_eq!(p[3].ends_on, d(2023, 12, 31));
        assert_eq!(p[0].due_on, d(2023, 4, 5));
        assert_eq!(p[0].locks_after, d(2023, 4, 15));
        assert_eq!(p[3].locks_after, d(2024, 1, 15), "deadlines cross the year");
    }

    #[test]
    fn every_period_type() {
        let (start, end) = (d(2023, 1, 1), d(2023, 12, 31));
        assert_eq!(ids(&periods(PeriodType::Year, start, end, DL)), ["2023"]);
        assert_eq!(ids(&periods(PeriodType::Half, start, end, DL)), ["2023S1", "2023S2"]);
        assert_eq!(periods(PeriodType::Quarter, start, end, DL).len(), 4);
        let months = periods(PeriodType::Month, start, end, DL);
        assert_eq!(months.len(), 12);
        assert_eq!(months[1].id, "2023M02");
        assert_eq!(months[1].ends_on, d(2023, 2, 28));
        assert!(months.iter().all(|m| !m.partial));
        let halves = periods(PeriodType::Half, start, end, DL);
        assert_eq!((halves[1].starts_on, halves[1].ends_on), (d(2023, 7, 1), d(2023, 12, 31)));
    }

    #[test]
    fn leap_years() {
        let feb = periods(PeriodType::Month, d(2024, 2, 1), d(2024, 2, 29), DL);
        assert_eq!((feb[0].id.as_str(), feb[0].ends_on, feb[0].partial), ("2024M02", d(2024, 2, 29), false));
        let not_leap = periods(PeriodType::Month, d(2100, 2, 1), d(2100, 3, 1), DL);
        assert_eq!(not_leap[0].ends_on, d(2100, 2, 28), "2100 is not a leap year");
        assert!(not_leap[1].partial);
    }

    #[test]
    fn mid_period_starts_and_ends_and_several_years() {
        let p = periods(PeriodType::Year, d(2023, 2, 10), d(2025, 6, 30), DL);
        assert_eq!(ids(&p), ["2023", "2024", "2025"]);
        assert!(p[0].partial && !p[1].partial && p[2].partial);
        let one_day = periods(PeriodType::Month, d(2023, 5, 31), d(2023, 5, 31), DL);
        assert_eq!(ids(&one_day), ["2023M05"]);
        assert!(one_day[0].partial);
        let december_start = periods(PeriodType::Quarter, d(2023, 12, 15), d(2024, 1, 10), DL);
        assert_eq!(ids(&december_start), ["2023Q4", "2024Q1"]);
        assert!(periods(PeriodType::Year, d(2023, 2, 1), d(2023, 1, 1), DL).is_empty());
    }
}
