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

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
}
