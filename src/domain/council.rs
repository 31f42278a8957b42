//! The commune's emulation and commendation council (Hội đồng Thi đua –
//! Khen thưởng): its members' roles, its meetings, and the two rules a
//! meeting's conclusion applies — the quorum and the vote threshold.
//!
//! No statute fixes either figure for a commune's Giấy khen, so both are
//! settings (`domain::settings`), fixed on the meeting when it concludes:
//!
//! - **quorum** (`council.quorum_percent`, default 50): the meeting may
//!   decide when *more than* that share of the members in office on the day
//!   attend — by default more than half (quá nửa);
//! - **threshold** (`council.pass_percent`, default 70): a nomination passes
//!   when the votes for it are *at least* that share of **all the members in
//!   office** that day, present or not — the rule provinces commonly apply
//!   to their councils, so that a thin quorum cannot pass a nominee alone.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A member's place on the council.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CouncilRole {
    /// Chủ tịch Hội đồng (the commune chairman).
    Chair,
    /// Phó Chủ tịch Hội đồng.
    ViceChair,
    /// Ủy viên thường trực (the Văn phòng – Thống kê official).
    StandingMember,
    /// Ủy viên.
    Member,
}

impl CouncilRole {
    pub const ALL: [CouncilRole; 4] =
        [CouncilRole::Chair, CouncilRole::ViceChair, CouncilRole::StandingMember, CouncilRole::Member];

    pub const fn as_str(self) -> &'static str {
        match self {
            CouncilRole::Chair => "chair",
            CouncilRole::ViceChair => "vice_chair",
            CouncilRole::StandingMember => "standing_member",
            CouncilRole::Member => "member",
        }
    }
}

impl std::str::FromStr for CouncilRole {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CouncilRole::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or("must be chair, vice_chair, standing_member or member")
    }
}

/// Whether a term from `from` to `to` (both included; open without `to`) covers `day`.
pub fn in_office(from: NaiveDate, to: Option<NaiveDate>, day: NaiveDate) -> bool {
    from <= day && to.is_none_or(|to| day <= to)
}

/// Whether two terms share a day.
pub fn terms_overlap(a: (NaiveDate, Option<NaiveDate>), b: (NaiveDate, Option<NaiveDate>)) -> bool {
    let ends_after = |to: Option<NaiveDate>, from: NaiveDate| to.is_none_or(|to| to >= from);
    ends_after(a.1, b.0) && ends_after(b.1, a.0)
}

/// Where a meeting is: `open` while attendance and votes are recorded, then `concluded`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Open,
    Concluded,
}

impl MeetingStatus {
    pub const ALL: [MeetingStatus; 2] = [MeetingStatus::Open, MeetingStatus::Concluded];

    pub const fn as_str(self) -> &'static str {
        match self {
            MeetingStatus::Open => "open",
            MeetingStatus::Concluded => "concluded",
        }
    }
}

impl std::str::FromStr for MeetingStatus {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "open" => Ok(MeetingStatus::Open),
            "concluded" => Ok(MeetingStatus::Concluded),
            _ => Err("must be open or concluded"),
        }
    }
}

/// What the council decided on one nomination.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VoteResult {
    Passed,
    Failed,
}

impl VoteResult {
    pub const fn as_str(self) -> &'static str {
        match self {
            VoteResult::Passed => "passed",
            VoteResult::Failed => "failed",
        }
    }
}

impl std::str::FromStr for VoteResult {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "passed" => Ok(VoteResult::Passed),
            "failed" => Ok(VoteResult::Failed),
            _ => Err("must be passed or failed"),
        }
    }
}

/// The quorum of a meeting: who was in office, who came, and the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quorum {
    pub members_in_office: i64,
    pub present: i64,
    pub quorum_percent: i32,
}

impl Quorum {
    /// The fewest members present that make a quorum: more than
    /// `quorum_percent` % of those in office (at least one).
    pub fn needed(&self) -> i64 {
        (self.members_in_office * i64::from(self.quorum_percent) / 100 + 1).max(1)
    }

    /// Whether enough members attend: `present × 100 > in office × percent`.
    pub fn met(&self) -> bool {
        self.present >= self.needed()
    }
}

/// The fewest votes for that pass a nomination: at least `pass_percent` %
/// of the members in office, rounded up (at least one).
pub fn votes_needed(members_in_office: i64, pass_percent: i32) -> i64 {
    let product = members_in_office * i64::from(pass_percent);
    ((product + 99) / 100).max(1)
}

/// The result of a vote under the threshold.
pub fn result(votes_for: i64, members_in_office: i64, pass_percent: i32) -> VoteResult {
    if votes_for >= votes_needed(members_in_office, pass_percent) { VoteResult::Passed } else { VoteResult::Failed }
}

/// Votes as recorded for one nomination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Votes {
    pub votes_for: i32,
    pub votes_against: i32,
    pub votes_total: i32,
}

impl Votes {
    /// The rules a count breaks, as `(field, code, message)`: none negative,
    /// for and against within the total, the total within those present.
    pub fn check(&self, present: i64) -> Vec<(&'static str, &'static str, String)> {
        let mut broken = Vec::new();
        for (field, value) in
            [("votes_for", self.votes_for), ("votes_against", self.votes_against), ("votes_total", self.votes_total)]
        {
            if value < 0 {
                broken.push((field, "negative", "A count of votes cannot be negative.".to_owned()));
            }
        }
        if !broken.is_empty() {
            return broken;
        }
        if i64::from(self.votes_for) + i64::from(self.votes_against) > i64::from(self.votes_total) {
            broken.push((
                "votes_total",
                "less_than_cast",
                format!(
                    "{} for and {} against are more than the {} votes cast.",
                    self.votes_for, self.votes_against, self.votes_total
                ),
            ));
        }
        if i64::from(self.votes_total) > present {
            broken.push((
                "votes_total",
                "more_than_present",
                format!(
                    "{} votes cast, but only {present} members are recorded present; record the attendance first.",
                    self.votes_total
                ),
            ));
        }
        broken
    }
}

/// A member of a commune's council.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CouncilMember {
    pub id: String,
    /// The commune whose council it is.
    pub org_unit_id: String,
    pub person_id: String,
    pub role: CouncilRole,
    pub term_from: NaiveDate,
    pub term_to: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CouncilMember {
    pub fn in_office_on(&self, day: NaiveDate) -> bool {
        in_office(self.term_from, self.term_to, day)
    }
}

/// A meeting of the council.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meeting {
    pub id: String,
    pub org_unit_id: String,
    pub held_on: NaiveDate,
    pub title: String,
    pub status: MeetingStatus,
    pub notes: String,
    /// Fixed when it concludes.
    pub members_in_office: Option<i32>,
    pub quorum_percent: Option<i32>,
    pub pass_percent: Option<i32>,
    pub version: i32,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A nomination a meeting considers: its votes once recorded, its result once concluded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Considered {
    pub nomination_id: String,
    pub votes: Option<Votes>,
    pub result: Option<VoteResult>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_quorum_is_more_than_the_share() {
        let q = |members, present, percent| Quorum { members_in_office: members, present, quorum_percent: percent };
        assert_eq!(q(7, 0, 50).needed(), 4);
        assert!(q(7, 4, 50).met() && !q(7, 3, 50).met());
        assert_eq!(q(6, 0, 50).needed(), 4, "exactly half is not more than half");
        assert!(!q(6, 3, 50).met());
        assert_eq!(q(9, 0, 66).needed(), 6);
        assert_eq!(q(3, 0, 100).needed(), 4, "100 %: impossible, never met");
        assert!(!q(0, 0, 50).met(), "a council with nobody in office never decides");
    }

    #[test]
    fn the_threshold_counts_every_member_in_office() {
        assert_eq!(votes_needed(7, 70), 5, "4.9 rounds up");
        assert_eq!(votes_needed(10, 70), 7);
        assert_eq!(votes_needed(5, 50), 3);
        assert_eq!(votes_needed(4, 50), 2, "at least half");
        assert_eq!(result(5, 7, 70), VoteResult::Passed);
        assert_eq!(result(4, 7, 70), VoteResult::Failed, "4 of 5 present is 80 %, but 4 of 7 in office is 57 %");
        assert_eq!(votes_needed(0, 70), 1);
    }

    #[test]
    fn votes_are_checked_against_what_was_cast_and_who_came() {
        let v = |f, a, t| Votes { votes_for: f, votes_against: a, votes_total: t };
        assert!(v(4, 1, 5).check(5).is_empty());
        assert!(v(4, 0, 5).check(5).is_empty(), "a blank ballot");
        assert_eq!(v(4, 2, 5).check(5)[0].1, "less_than_cast");
        assert_eq!(v(4, 1, 5).check(4)[0].1, "more_than_present");
        assert_eq!(v(-1, 0, 0).check(4)[0], ("votes_for", "negative", "A count of votes cannot be negative.".into()));
    }

    #[test]
    fn terms() {
        assert!(in_office(date("2021-01-01"), None, date("2023-12-20")));
        assert!(in_office(date("2021-01-01"), Some(date("2023-12-20")), date("2023-12-20")), "the last day counts");
        assert!(!in_office(date("2024-01-01"), None, date("2023-12-20")));
        let t = |a: &str, b: Option<&str>| (date(a), b.map(date));
        assert!(terms_overlap(t("2021-01-01", None), t("2023-01-01", Some("2023-02-01"))));
        assert!(!terms_overlap(t("2021-01-01", Some("2022-12-31")), t("2023-01-01", None)));
        assert!(terms_overlap(t("2021-01-01", Some("2023-01-01")), t("2023-01-01", None)), "sharing one day");
        for role in CouncilRole::ALL {
            assert_eq!(role.as_str().parse::<CouncilRole>(), Ok(role));
        }
    }
}
