//! The council's wire types: members, meetings with their attendance and
//! votes, and the minutes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::awards::SubjectKind;
use crate::domain::complaint::{ComplaintStatus, Conduct, LegalKind, Outcome};
use crate::domain::council::{CouncilRole, MeetingStatus, VoteResult, Votes};

/// A person to seat on the council of the caller's commune.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCouncilMember {
    /// A person of a unit in the caller's commune.
    pub person_id: String,
    pub role: CouncilRole,
    /// The first day of the term.
    #[schema(example = "2021-07-01")]
    pub term_from: NaiveDate,
    /// The last day of the term; absent while it runs.
    #[schema(example = "2026-06-30")]
    pub term_to: Option<NaiveDate>,
}

/// A member's role and the end of the term, replaced whole.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CouncilMemberUpdate {
    pub role: CouncilRole,
    /// The last day of the term (ends it); `null` while it runs.
    #[schema(example = "2026-06-30")]
    pub term_to: Option<NaiveDate>,
}

/// A member of a commune's council.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CouncilMemberView {
    pub id: String,
    /// The commune whose council it is.
    pub org_unit_id: String,
    pub person_id: String,
    pub full_name: String,
    /// The person's position (chức vụ).
    pub position: String,
    /// The person's own unit.
    pub person_org_unit_id: String,
    pub role: CouncilRole,
    pub term_from: NaiveDate,
    pub term_to: Option<NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `?on=`: only the members in office that day.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CouncilMemberFilter {
    /// Members whose term covers this day (YYYY-MM-DD).
    pub on: Option<NaiveDate>,
}

/// A meeting to prepare, with the nominations it will consider.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCouncilMeeting {
    #[schema(example = "2023-12-15")]
    pub held_on: NaiveDate,
    /// At most 400 characters (twice a name's).
    #[schema(
        min_length = 1,
        max_length = 400,
        example = "Họp Hội đồng Thi đua – Khen thưởng xét khen thưởng năm 2023"
    )]
    pub title: String,
    #[serde(default)]
    pub notes: Option<String>,
    /// Nominations posted publicly whose posting ended by `held_on`, each once.
    #[serde(default)]
    pub nomination_ids: Vec<String>,
}

/// The members present, replacing those recorded before.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AttendanceInput {
    /// Council members whose term covers the meeting's day, each once.
    pub member_ids: Vec<String>,
}

/// The votes on one nomination (bỏ phiếu): the ballots cast, and those for
/// and against (the rest are blank or void).
#[derive(Clone, Copy, Debug, Serialize, Deserialize, ToSchema)]
pub struct VotesInput {
    #[schema(minimum = 0)]
    pub votes_for: i32,
    #[schema(minimum = 0)]
    pub votes_against: i32,
    /// Ballots cast: at least `votes_for + votes_against`, at most the members present.
    #[schema(minimum = 0)]
    pub votes_total: i32,
}

impl From<VotesInput> for Votes {
    fn from(v: VotesInput) -> Self {
        Self { votes_for: v.votes_for, votes_against: v.votes_against, votes_total: v.votes_total }
    }
}

impl From<Votes> for VotesInput {
    fn from(v: Votes) -> Self {
        Self { votes_for: v.votes_for, votes_against: v.votes_against, votes_total: v.votes_total }
    }
}

/// A nomination a meeting considers.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ConsideredNomination {
    pub nomination_id: String,
    pub subject_kind: SubjectKind,
    /// The person, or the unit for a collective.
    pub subject_name: String,
    pub org_unit_id: String,
    pub award_type_id: String,
    /// `null` until recorded.
    pub votes: Option<VotesInput>,
    /// Fixed when the meeting concludes.
    pub result: Option<VoteResult>,
}

/// A meeting of the council.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CouncilMeetingView {
    pub id: String,
    /// The commune whose council met.
    pub org_unit_id: String,
    pub held_on: NaiveDate,
    pub title: String,
    pub notes: String,
    pub status: MeetingStatus,
    /// The members recorded present.
    pub present_member_ids: Vec<String>,
    pub nominations: Vec<ConsideredNomination>,
    /// Fixed when the meeting concludes: the members in office that day and the settings applied.
    pub members_in_office: Option<i32>,
    pub quorum_percent: Option<i32>,
    pub pass_percent: Option<i32>,
    pub version: i32,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A meeting in a list.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CouncilMeetingSummary {
    pub id: String,
    pub org_unit_id: String,
    pub held_on: NaiveDate,
    pub title: String,
    pub status: MeetingStatus,
    /// How many nominations it considers.
    pub nominations: i64,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// `?status=&year=`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CouncilMeetingFilter {
    pub status: Option<MeetingStatus>,
    /// Meetings held in this year.
    #[param(value_type = Option<i64>, minimum = 0, maximum = 65535)]
    pub year: Option<u16>,
}

/// A member in the minutes.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct MinutesMember {
    pub member_id: String,
    pub person_id: String,
    pub full_name: String,
    pub position: String,
    pub role: CouncilRole,
}

/// Whether the meeting could decide.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct QuorumView {
    /// Members whose term covered the meeting's day.
    pub members_in_office: i64,
    pub present: i64,
    /// Setting `council.quorum_percent` (fixed on the meeting when it concluded).
    pub quorum_percent: i32,
    /// The fewest members present that make a quorum.
    pub needed: i64,
    pub met: bool,
    pub rule: String,
}

/// What passes a nomination.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ThresholdView {
    /// Setting `council.pass_percent` (fixed on the meeting when it concluded).
    pub pass_percent: i32,
    /// The fewest votes for that pass a nomination.
    pub votes_needed: i64,
    pub rule: String,
}

/// Public feedback received while the nomination was posted, as the council
/// considered it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedbackConsideredView {
    pub received_on: NaiveDate,
    pub source: String,
    pub body: String,
}

/// A complaint about the nominee in the achievement period, as the council
/// considered it; the complainant is never shown.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ComplaintConsideredView {
    pub id: String,
    pub received_on: NaiveDate,
    pub incident_on: NaiveDate,
    pub legal_kind: LegalKind,
    pub conduct: Conduct,
    pub status: ComplaintStatus,
    pub outcome: Option<Outcome>,
    /// The concluding document's number, when concluded.
    pub conclusion_number: Option<String>,
    pub conclusion_on: Option<NaiveDate>,
}

/// One nomination in the minutes: the nominee, the votes and the result,
/// and what the council had before it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct MinutesNomination {
    pub nomination_id: String,
    pub subject_kind: SubjectKind,
    pub subject_name: String,
    pub org_unit_id: String,
    pub org_unit_name: String,
    pub award_type_id: String,
    pub award_type_name: String,
    pub campaign_id: String,
    pub period_id: Option<String>,
    /// The achievement period the complaints were searched in.
    pub achievement_from: NaiveDate,
    pub achievement_to: NaiveDate,
    pub votes: Option<VotesInput>,
    /// Fixed when the meeting concluded; while it is open, the result the
    /// votes recorded so far would give.
    pub result: Option<VoteResult>,
    pub feedback: Vec<FeedbackConsideredView>,
    pub complaints: Vec<ComplaintConsideredView>,
}

/// The minutes of a meeting (biên bản họp Hội đồng).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct MinutesView {
    pub meeting_id: String,
    pub org_unit_id: String,
    pub org_unit_name: String,
    pub held_on: NaiveDate,
    pub title: String,
    pub notes: String,
    pub status: MeetingStatus,
    pub present: Vec<MinutesMember>,
    pub absent: Vec<MinutesMember>,
    pub quorum: QuorumView,
    pub threshold: ThresholdView,
    pub nominations: Vec<MinutesNomination>,
    pub version: i32,
}
