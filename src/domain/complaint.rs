//! The complaints register: what was received against a unit or a person,
//! and how it ended. A complaint concluded founded or partly founded, about
//! conduct a campaign bars, bars a nominee (plan 05 §VI.2); see
//! `domain::eligibility` — here are only the register's words.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Declares a text enum: its wire names (serde `snake_case`), `ALL`,
/// `as_str` and `FromStr` answering the allowed values.
macro_rules! register_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        $(#[$meta])*
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant,)*];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| {
                    let names: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                    format!("must be one of {}", names.join(", "))
                })
            }
        }
    };
}

register_enum! {
    /// How it was received.
    Channel {
        /// Bộ phận Một cửa.
        OneStopDesk = "one_stop_desk",
        /// Cổng dịch vụ công.
        Portal = "portal",
        /// Đường dây nóng.
        Hotline = "hotline",
        /// Đơn, thư.
        Letter = "letter",
        /// Phiếu khảo sát mức độ hài lòng.
        Survey = "survey",
        /// Trực tiếp.
        InPerson = "in_person",
        Other = "other",
    }
}

register_enum! {
    /// The law it falls under.
    LegalKind {
        /// Phản ánh, kiến nghị (NĐ 20/2008/NĐ-CP).
        Feedback = "feedback",
        /// Khiếu nại (Luật Khiếu nại 2011).
        Complaint = "complaint",
        /// Tố cáo (Luật Tố cáo 2018): the denouncer's identity is confidential.
        Denunciation = "denunciation",
    }
}

register_enum! {
    /// The conduct complained of.
    Conduct {
        /// Quan liêu.
        Bureaucracy = "bureaucracy",
        /// Cửa quyền.
        Arrogance = "arrogance",
        /// Sách nhiễu.
        Harassment = "harassment",
        /// Tham ô.
        Embezzlement = "embezzlement",
        /// Lãng phí.
        Waste = "waste",
        /// Chậm trễ.
        Delay = "delay",
        Other = "other",
    }
}

register_enum! {
    /// Where it is: `received → in_progress → concluded | withdrawn | not_accepted`.
    ComplaintStatus {
        Received = "received",
        InProgress = "in_progress",
        Concluded = "concluded",
        Withdrawn = "withdrawn",
        /// Không thụ lý.
        NotAccepted = "not_accepted",
    }
}

register_enum! {
    /// How the competent person concluded it.
    // Its own name in the OpenAPI document: the scoreboard has an `Outcome` too.
    #[schema(as = ComplaintOutcome)]
    Outcome {
        /// Đúng.
        Founded = "founded",
        /// Đúng một phần.
        PartlyFounded = "partly_founded",
        /// Không đúng.
        Unfounded = "unfounded",
    }
}

impl Conduct {
    /// The categories plan 05 §VI.2 bars: quan liêu, cửa quyền, sách nhiễu, tham ô, lãng phí.
    pub const PLAN_05_BARRED: &[Conduct] =
        &[Conduct::Bureaucracy, Conduct::Arrogance, Conduct::Harassment, Conduct::Embezzlement, Conduct::Waste];
}

impl ComplaintStatus {
    /// Whether nothing more will happen to it.
    pub fn is_final(self) -> bool {
        matches!(self, ComplaintStatus::Concluded | ComplaintStatus::Withdrawn | ComplaintStatus::NotAccepted)
    }
}

impl Outcome {
    /// Whether the conclusion found the complaint true, wholly or in part.
    pub fn is_founded(self) -> bool {
        matches!(self, Outcome::Founded | Outcome::PartlyFounded)
    }
}

register_enum! {
    /// A move of the register's workflow, each its own endpoint:
    ///
    /// ```text
    /// received ─start→ in_progress
    /// received | in_progress ─conclude→ concluded   (outcome and the concluding document)
    /// received | in_progress ─withdraw→ withdrawn   (a reason)
    /// received ─decline→ not_accepted               (a reason)
    /// ```
    ///
    /// Declining is the decision not to take the case up (không thụ lý),
    /// made on receipt: once handling has started it ends by a conclusion or
    /// a withdrawal.
    ComplaintMove {
        /// Thụ lý: handling starts.
        Start = "start",
        /// Kết luận: the competent person's conclusion.
        Conclude = "conclude",
        /// Rút đơn: the complainant withdraws it.
        Withdraw = "withdraw",
        /// Không thụ lý.
        Decline = "decline",
    }
}

impl ComplaintMove {
    /// The status the move leads to from `from`, or `None` when it is not allowed there.
    pub fn next_status(self, from: ComplaintStatus) -> Option<ComplaintStatus> {
        use ComplaintMove as M;
        use ComplaintStatus as S;
        match (self, from) {
            (M::Start, S::Received) => Some(S::InProgress),
            (M::Conclude, S::Received | S::InProgress) => Some(S::Concluded),
            (M::Withdraw, S::Received | S::InProgress) => Some(S::Withdrawn),
            (M::Decline, S::Received) => Some(S::NotAccepted),
            _ => None,
        }
    }

    /// Whether the move needs a reason (a withdrawal, a refusal).
    pub fn needs_reason(self) -> bool {
        matches!(self, ComplaintMove::Withdraw | ComplaintMove::Decline)
    }
}

/// A rule broken by a value: the field, the rule's code, and a sentence.
pub type Broken = (&'static str, &'static str, String);

/// The dates of a complaint: received by `today`, and about something that
/// happened by the day it was received.
pub fn check_dates(received_on: NaiveDate, incident_on: NaiveDate, today: NaiveDate) -> Vec<Broken> {
    let mut broken = Vec::new();
    if received_on > today {
        broken.push((
            "received_on",
            "in_the_future",
            format!("The complaint cannot be received after today ({today})."),
        ));
    }
    if incident_on > received_on {
        broken.push((
            "incident_on",
            "after_received_on",
            format!("The incident cannot happen after the complaint was received ({received_on})."),
        ));
    }
    broken
}

/// The date of a conclusion: not before the complaint was received, not after `today`.
pub fn check_conclusion_on(conclusion_on: NaiveDate, received_on: NaiveDate, today: NaiveDate) -> Option<Broken> {
    if conclusion_on > today {
        return Some((
            "conclusion_on",
            "in_the_future",
            format!("A conclusion cannot be dated after today ({today})."),
        ));
    }
    if conclusion_on < received_on {
        return Some((
            "conclusion_on",
            "before_received_on",
            format!("A conclusion cannot precede the complaint's receipt ({received_on})."),
        ));
    }
    None
}

/// Longest reason for a withdrawal or a refusal, in characters.
pub const MAX_REASON: usize = 2_000;
/// Longest number of a concluding document (`15/KL-UBND`), in characters.
pub const MAX_DOCUMENT_NUMBER: usize = 100;
/// Longest contact of a complainant (a telephone, an e-mail, an address), in characters.
pub const MAX_CONTACT: usize = 500;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_back() {
        for c in Conduct::ALL {
            assert_eq!(c.as_str().parse::<Conduct>(), Ok(*c));
        }
        assert_eq!("in_progress".parse::<ComplaintStatus>(), Ok(ComplaintStatus::InProgress));
        assert!("founded!".parse::<Outcome>().unwrap_err().contains("founded, partly_founded, unfounded"));
        assert!(Outcome::PartlyFounded.is_founded() && !Outcome::Unfounded.is_founded());
        assert!(!Conduct::PLAN_05_BARRED.contains(&Conduct::Delay));
    }

    #[test]
    fn the_workflow() {
        use ComplaintMove as M;
        use ComplaintStatus as S;
        assert_eq!(M::Start.next_status(S::Received), Some(S::InProgress));
        assert_eq!(M::Start.next_status(S::InProgress), None);
        for from in [S::Received, S::InProgress] {
            assert_eq!(M::Conclude.next_status(from), Some(S::Concluded));
            assert_eq!(M::Withdraw.next_status(from), Some(S::Withdrawn));
        }
        assert_eq!(M::Decline.next_status(S::Received), Some(S::NotAccepted));
        assert_eq!(M::Decline.next_status(S::InProgress), None, "declining is decided on receipt");
        for status in ComplaintStatus::ALL.iter().filter(|s| s.is_final()) {
            for step in ComplaintMove::ALL {
                assert_eq!(step.next_status(*status), None, "{step:?} from {status:?}");
            }
        }
        assert!(M::Withdraw.needs_reason() && M::Decline.needs_reason());
        assert!(!M::Start.needs_reason() && !M::Conclude.needs_reason());
    }

    #[test]
    fn dates_hold_together() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let today = day("2024-03-01");
        assert!(check_dates(day("2024-03-01"), day("2024-03-01"), today).is_empty());
        let broken = check_dates(day("2024-03-02"), day("2024-03-03"), today);
        let fields: Vec<&str> = broken.iter().map(|b| b.0).collect();
        assert_eq!(fields, ["received_on", "incident_on"]);
        assert!(check_conclusion_on(day("2024-02-10"), day("2024-02-10"), today).is_none());
        assert_eq!(check_conclusion_on(day("2024-02-09"), day("2024-02-10"), today).unwrap().1, "before_received_on");
        assert_eq!(check_conclusion_on(day("2024-03-02"), day("2024-02-10"), today).unwrap().1, "in_the_future");
    }
}
