//! The machine-readable codes of every problem the API answers, one list.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Declares [`ErrorCode`] from one list: each variant with its wire name,
/// which serde writes as the variant's name in `snake_case` (a unit test
/// holds the two together).
macro_rules! error_codes {
    ($($variant:ident = $code:literal,)*) => {
        /// Every `code` a problem can carry: stable, for machines to branch on.
        /// The token endpoint's OAuth 2.0 codes (RFC 6749 §5.2) are among them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $($variant,)*
        }

        impl ErrorCode {
            /// Every code, in the order declared.
            pub const ALL: &[ErrorCode] = &[$(Self::$variant,)*];

            /// The code as sent.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)*
                }
            }
        }
    };
}

error_codes! {
    // Reading the request.
    BadRequest = "bad_request",
    BadQuery = "bad_query",
    InvalidQuery = "invalid_query",
    InvalidPath = "invalid_path",
    MalformedJson = "malformed_json",
    MalformedMultipart = "malformed_multipart",
    UnreadableBody = "unreadable_body",
    InvalidIdempotencyKey = "invalid_idempotency_key",
    InvalidIfMatch = "invalid_if_match",
    NotAcceptable = "not_acceptable",
    RequestTimeout = "request_timeout",
    PayloadTooLarge = "payload_too_large",
    UriTooLong = "uri_too_long",
    UnsupportedMediaType = "unsupported_media_type",
    HeadersTooLarge = "headers_too_large",
    MethodNotAllowed = "method_not_allowed",
    ValidationFailed = "validation_failed",
    // Who is calling.
    Unauthenticated = "unauthenticated",
    InvalidToken = "invalid_token",
    Forbidden = "forbidden",
    TooManyAttempts = "too_many_attempts",
    InvalidRequest = "invalid_request",
    InvalidGrant = "invalid_grant",
    InvalidClient = "invalid_client",
    UnsupportedGrantType = "unsupported_grant_type",
    // What exists.
    NotFound = "not_found",
    AlreadyExists = "already_exists",
    CodeTaken = "code_taken",
    UsernameTaken = "username_taken",
    UserAlreadyLinked = "user_already_linked",
    // Versions.
    StaleVersion = "stale_version",
    IfMatchRequired = "if_match_required",
    IdempotencyInProgress = "idempotency_in_progress",
    IdempotencyAnswerLost = "idempotency_answer_lost",
    // The org tree and accounts.
    Cycle = "cycle",
    HasActiveChildren = "has_active_children",
    RootIsFixed = "root_is_fixed",
    CannotLockOutSelf = "cannot_lock_out_self",
    // Reorganisations: a unit closed already, records a closing would
    // orphan, a caller whose unit is closed (it may read, not act).
    AlreadyReorganised = "already_reorganised",
    RecordsAfterClosing = "records_after_closing",
    UnitClosed = "unit_closed",
    // Settings.
    ReadOnlySetting = "read_only_setting",
    // Campaigns and their criteria.
    CampaignNotDraft = "campaign_not_draft",
    CampaignNotActive = "campaign_not_active",
    CampaignClosed = "campaign_closed",
    IllegalStatusChange = "illegal_status_change",
    IncompleteDefinition = "incomplete_definition",
    HasSubCriteria = "has_sub_criteria",
    NotAParticipant = "not_a_participant",
    // Reports and evidence.
    ReportExists = "report_exists",
    ReportNotEditable = "report_not_editable",
    ReportApproved = "report_approved",
    IllegalMove = "illegal_move",
    PeriodLocked = "period_locked",
    EvidenceIsALink = "evidence_is_a_link",
    // Nominations.
    AlreadyNominated = "already_nominated",
    NominationNotEditable = "nomination_not_editable",
    NominationNotPosted = "nomination_not_posted",
    NotEligible = "not_eligible",
    MustBeForwarded = "must_be_forwarded",
    NotForwardable = "not_forwardable",
    // Complaints.
    ComplaintFinal = "complaint_final",
    // The council and award decisions.
    ChairTaken = "chair_taken",
    NominationNotReady = "nomination_not_ready",
    MeetingConcluded = "meeting_concluded",
    VotesExceedAttendance = "votes_exceed_attendance",
    QuorumNotMet = "quorum_not_met",
    VotesMissing = "votes_missing",
    NominationMoved = "nomination_moved",
    NumberTaken = "number_taken",
    NominationNotAwardable = "nomination_not_awardable",
    NominationOnDecision = "nomination_on_decision",
    DecisionSigned = "decision_signed",
    DecisionNotSigned = "decision_not_signed",
    AmountUnavailable = "amount_unavailable",
    FundExceeded = "fund_exceeded",
    NoFund = "no_fund",
    BudgetBelowCommitted = "budget_below_committed",
    LineRevoked = "line_revoked",
    // Our side.
    Internal = "internal",
    DatabaseUnavailable = "database_unavailable",
    NotReady = "not_ready",
    Unavailable = "unavailable",
    Error = "error",
}
