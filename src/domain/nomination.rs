//! Nominations (đề nghị khen thưởng) and their workflow.
//!
//! ```text
//! draft ─propose→ proposed ─post→ posted ─(council meeting concludes)→ reviewed
//! reviewed ─approve | reject→ approved | rejected          (the chairman)
//! reviewed ─forward→ forwarded ─record superior decision→ approved | rejected
//! draft | proposed | posted | reviewed ─withdraw→ withdrawn
//! ```
//!
//! An award beyond the commune's power (its type issued at a higher level)
//! is forwarded, never approved by the chairman; the superior level's own
//! decision (number, date, issuer) is recorded when it comes back.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::awards::SubjectKind;

/// Where a nomination is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NominationStatus {
    Draft,
    Proposed,
    /// Posted publicly (công khai) for the posting period; feedback is recorded.
    Posted,
    /// Considered by the council, with its result.
    Reviewed,
    Approved,
    Rejected,
    /// Sent to the superior level, which decides.
    Forwarded,
    Withdrawn,
}

impl NominationStatus {
    pub const ALL: [NominationStatus; 8] = [
        NominationStatus::Draft,
        NominationStatus::Proposed,
        NominationStatus::Posted,
        NominationStatus::Reviewed,
        NominationStatus::Approved,
        NominationStatus::Rejected,
        NominationStatus::Forwarded,
        NominationStatus::Withdrawn,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            NominationStatus::Draft => "draft",
            NominationStatus::Proposed => "proposed",
            NominationStatus::Posted => "posted",
            NominationStatus::Reviewed => "reviewed",
            NominationStatus::Approved => "approved",
            NominationStatus::Rejected => "rejected",
            NominationStatus::Forwarded => "forwarded",
            NominationStatus::Withdrawn => "withdrawn",
        }
    }

    /// Whether its content (summary, achievement text, rating) may still change.
    pub fn editable(self) -> bool {
        matches!(self, NominationStatus::Draft | NominationStatus::Proposed)
    }
}

impl std::str::FromStr for NominationStatus {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NominationStatus::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or("must be draft, proposed, posted, reviewed, approved, rejected, forwarded or withdrawn")
    }
}

/// A move of the workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NominationMove {
    Propose,
    Post,
    /// Made by concluding a council meeting, not by its own endpoint.
    Review,
    Approve,
    Reject,
    Forward,
    /// The superior level's decision on a forwarded nomination.
    RecordApproved,
    RecordRejected,
    Withdraw,
}

impl NominationMove {
    pub const fn as_str(self) -> &'static str {
        match self {
            NominationMove::Propose => "propose",
            NominationMove::Post => "post",
            NominationMove::Review => "review",
            NominationMove::Approve => "approve",
            NominationMove::Reject => "reject",
            NominationMove::Forward => "forward",
            NominationMove::RecordApproved => "record_approved",
            NominationMove::RecordRejected => "record_rejected",
            NominationMove::Withdraw => "withdraw",
        }
    }

    /// The status the move leads to from `from`, or `None` when it is not allowed there.
    pub fn next_status(self, from: NominationStatus) -> Option<NominationStatus> {
        use NominationMove as M;
        use NominationStatus as S;
        match (self, from) {
            (M::Propose, S::Draft) => Some(S::Proposed),
            (M::Post, S::Proposed) => Some(S::Posted),
            (M::Review, S::Posted) => Some(S::Reviewed),
            (M::Approve, S::Reviewed) => Some(S::Approved),
            (M::Reject, S::Reviewed) => Some(S::Rejected),
            (M::Forward, S::Reviewed) => Some(S::Forwarded),
            (M::RecordApproved, S::Forwarded) => Some(S::Approved),
            (M::RecordRejected, S::Forwarded) => Some(S::Rejected),
            (M::Withdraw, S::Draft | S::Proposed | S::Posted | S::Reviewed) => Some(S::Withdrawn),
            _ => None,
        }
    }
}

/// The year's task-completion rating of an individual (đánh giá, xếp loại
/// mức độ hoàn thành nhiệm vụ), lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskRating {
    /// Không hoàn thành nhiệm vụ.
    NotCompleted,
    /// Hoàn thành nhiệm vụ.
    Completed,
    /// Hoàn thành tốt nhiệm vụ.
    CompletedWell,
    /// Hoàn thành xuất sắc nhiệm vụ.
    CompletedExcellently,
}

impl TaskRating {
    pub const ALL: [TaskRating; 4] =
        [TaskRating::NotCompleted, TaskRating::Completed, TaskRating::CompletedWell, TaskRating::CompletedExcellently];

    pub const fn as_str(self) -> &'static str {
        match self {
            TaskRating::NotCompleted => "not_completed",
            TaskRating::Completed => "completed",
            TaskRating::CompletedWell => "completed_well",
            TaskRating::CompletedExcellently => "completed_excellently",
        }
    }
}

impl std::str::FromStr for TaskRating {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TaskRating::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or("must be not_completed, completed, completed_well or completed_excellently")
    }
}

/// Who a nomination (or an award rule) is for: the two kinds a campaign's
/// results can speak of (a household is no participant of a campaign).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NomineeKind {
    /// Cá nhân: a person of a participant unit.
    Individual,
    /// Tập thể: a participant unit.
    Collective,
}

impl NomineeKind {
    pub const ALL: [NomineeKind; 2] = [NomineeKind::Individual, NomineeKind::Collective];

    pub const fn as_str(self) -> &'static str {
        match self {
            NomineeKind::Individual => "individual",
            NomineeKind::Collective => "collective",
        }
    }

    /// The subject kind of the award reference data (its coefficients).
    pub const fn subject(self) -> SubjectKind {
        match self {
            NomineeKind::Individual => SubjectKind::Individual,
            NomineeKind::Collective => SubjectKind::Collective,
        }
    }
}

impl std::str::FromStr for NomineeKind {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NomineeKind::ALL.into_iter().find(|k| k.as_str() == s).ok_or("must be individual or collective")
    }
}

/// What a decider (the chairman, or the superior level) decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
}

/// What the council concluded about a nomination (set when its meeting concludes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CouncilResult {
    Passed,
    Failed,
}

impl CouncilResult {
    pub const fn as_str(self) -> &'static str {
        match self {
            CouncilResult::Passed => "passed",
            CouncilResult::Failed => "failed",
        }
    }
}

impl std::str::FromStr for CouncilResult {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "passed" => Ok(CouncilResult::Passed),
            "failed" => Ok(CouncilResult::Failed),
            _ => Err("must be passed or failed"),
        }
    }
}

/// A nomination as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Nomination {
    pub id: String,
    pub campaign_id: String,
    /// `None`: the whole campaign is the achievement.
    pub period_id: Option<String>,
    pub subject_kind: NomineeKind,
    /// The participant unit: the nominee, or the nominee's unit.
    pub org_unit_id: String,
    pub person_id: Option<String>,
    pub award_type_id: String,
    pub summary: String,
    pub achievement_text: String,
    pub task_rating: Option<TaskRating>,
    pub status: NominationStatus,
    pub posted_on: Option<NaiveDate>,
    pub posted_until: Option<NaiveDate>,
    pub council_meeting_id: Option<String>,
    pub council_result: Option<CouncilResult>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
    pub override_reason: Option<String>,
    pub forwarded_at: Option<DateTime<Utc>>,
    pub superior_decision_number: Option<String>,
    pub superior_decision_on: Option<NaiveDate>,
    pub superior_decision_issuer: Option<String>,
    pub version: i32,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Monday to Friday. Public holidays are not known to the service: a
/// posting over Tết is posted longer by hand (the date can be given).
pub fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The day `n` working days after `from`: `from` itself is not counted, so a
/// posting put up on Friday 2023-12-01 for 10 working days runs to Friday
/// 2023-12-15. `None` past the calendar's end.
pub fn add_working_days(from: NaiveDate, n: u32) -> Option<NaiveDate> {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day = day.checked_add_days(Days::new(1))?;
        if is_working_day(day) {
            left -= 1;
        }
    }
    Some(day)
}

#[cfg(test)]
mod tests {
    use super::NominationMove as M;
    use super::NominationStatus as S;

    #[test]
    fn the_workflow_runs_one_way() {
        assert_eq!(M::Propose.next_status(S::Draft), Some(S::Proposed));
        assert_eq!(M::Post.next_status(S::Proposed), Some(S::Posted));
        assert_eq!(M::Review.next_status(S::Posted), Some(S::Reviewed));
        assert_eq!(M::Approve.next_status(S::Reviewed), Some(S::Approved));
        assert_eq!(M::Forward.next_status(S::Reviewed), Some(S::Forwarded));
        assert_eq!(M::RecordApproved.next_status(S::Forwarded), Some(S::Approved));
        assert_eq!(M::Approve.next_status(S::Posted), None, "the council comes first");
        assert_eq!(M::Approve.next_status(S::Forwarded), None, "the superior level decides");
        assert_eq!(M::Withdraw.next_status(S::Approved), None, "a decided nomination stays");
        for status in S::ALL {
            assert_eq!(status.as_str().parse::<S>(), Ok(status));
        }
    }

    fn date(s: &str) -> chrono::NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn postings_count_working_days_only() {
        use super::{add_working_days, is_working_day};
        // Friday + 10 working days: two weeks later, the weekends skipped.
        assert_eq!(add_working_days(date("2023-12-01"), 10), Some(date("2023-12-15")));
        // Monday + 10: the Monday two weeks on.
        assert_eq!(add_working_days(date("2023-12-04"), 10), Some(date("2023-12-18")));
        // Posted on a Saturday: the first working day counted is Monday.
        assert_eq!(add_working_days(date("2023-12-02"), 1), Some(date("2023-12-04")));
        assert_eq!(add_working_days(date("2023-12-02"), 5), Some(date("2023-12-08")));
        // Friday + 1 skips the weekend; a year's end is crossed like any day.
        assert_eq!(add_working_days(date("2023-12-29"), 1), Some(date("2024-01-01")));
        assert_eq!(add_working_days(date("2023-12-06"), 0), Some(date("2023-12-06")));
        assert!(is_working_day(date("2023-12-01")) && !is_working_day(date("2023-12-02")));
        assert!(!is_working_day(date("2023-12-03")));
        assert_eq!(add_working_days(chrono::NaiveDate::MAX, 1), None);
    }

    #[test]
    fn nominee_kinds_map_to_award_subjects() {
        use super::NomineeKind;
        use crate::domain::awards::SubjectKind;
        assert_eq!(NomineeKind::Collective.subject(), SubjectKind::Collective);
        assert_eq!("individual".parse::<NomineeKind>(), Ok(NomineeKind::Individual));
        assert!("household".parse::<NomineeKind>().is_err());
    }
}
