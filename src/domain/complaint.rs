//! The complaints register: what was received against a unit or a person,
//! and how it ended. A complaint concluded founded or partly founded, about
//! conduct a campaign bars, bars a nominee (plan 05 §VI.2); see
//! `domain::eligibility` — here are only the register's words.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Declares a text enum: its wire names (serde `snake_case`), `ALL`,
/// `as_str` and `FromStr` answering the allowed values.
macro_rules! register_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
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
}
