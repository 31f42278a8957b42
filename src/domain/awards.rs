//! Commendation reference data and the amount rule (issue 13).
//!
//! Every figure is data with its legal basis and dates, never a constant:
//! this module only says how the figures combine. The amount of an award is
//! `ceil(coefficient × base_salary / 10,000) × 10,000` VND (NĐ 91/2017/NĐ-CP
//! Điều 68 k2; NĐ 98/2023/NĐ-CP keeps the rule), computed in integers — the
//! coefficient is held in thousandths — so no binary fraction can move an
//! amount across a ten-thousand boundary.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};

/// Amounts are rounded up to a multiple of this many đồng.
pub const ROUNDING_STEP_VND: i64 = 10_000;

/// The rounding rule in words, as the amount answer states it.
pub const ROUNDING_RULE: &str = "amount = ceil(coefficient × base salary / 10,000) × 10,000 VND: rounded up to the next \
                                 10,000 đồng (NĐ 91/2017/NĐ-CP Điều 68 khoản 2; kept by NĐ 98/2023/NĐ-CP)";

/// Who an award goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// Cá nhân.
    Individual,
    /// Tập thể.
    Collective,
    /// Hộ gia đình.
    Household,
}

impl SubjectKind {
    pub const ALL: [SubjectKind; 3] = [SubjectKind::Individual, SubjectKind::Collective, SubjectKind::Household];

    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Individual => "individual",
            SubjectKind::Collective => "collective",
            SubjectKind::Household => "household",
        }
    }
}

/// A form of commendation (hình thức khen thưởng) or an emulation title (danh hiệu thi đua).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AwardKind {
    /// A Giấy khen, Bằng khen, …
    Certificate,
    /// An emulation title such as "Lao động tiên tiến".
    Title,
}

impl AwardKind {
    pub const ALL: [AwardKind; 2] = [AwardKind::Certificate, AwardKind::Title];

    pub fn as_str(self) -> &'static str {
        match self {
            AwardKind::Certificate => "certificate",
            AwardKind::Title => "title",
        }
    }
}

/// Whose chairman decides an award.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IssuingLevel {
    Commune,
    District,
    Province,
}

impl IssuingLevel {
    pub const ALL: [IssuingLevel; 3] = [IssuingLevel::Commune, IssuingLevel::District, IssuingLevel::Province];

    pub fn as_str(self) -> &'static str {
        match self {
            IssuingLevel::Commune => "commune",
            IssuingLevel::District => "district",
            IssuingLevel::Province => "province",
        }
    }
}

macro_rules! text_enum {
    ($t:ty, $words:literal) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $t {
            type Err = &'static str;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$t>::ALL.into_iter().find(|k| k.as_str() == s).ok_or(concat!("must be one of ", $words))
            }
        }
    };
}

text_enum!(SubjectKind, "individual, collective, household");
text_enum!(AwardKind, "certificate, title");
text_enum!(IssuingLevel, "commune, district, province");

/// A coefficient, exactly: a whole number of thousandths (0.15 is 150).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Coefficient {
    milli: u32,
}

impl Coefficient {
    pub fn from_milli(milli: u32) -> Self {
        Self { milli }
    }

    pub fn milli(self) -> u32 {
        self.milli
    }
}

/// `0.15`, `1`, `0.3`: the shortest decimal that is exactly the value.
impl fmt::Display for Coefficient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.milli / 1000;
        let fraction = self.milli % 1000;
        if fraction == 0 {
            return write!(f, "{whole}");
        }
        let digits = format!("{fraction:03}");
        write!(f, "{whole}.{}", digits.trim_end_matches('0'))
    }
}

/// Parses a decimal with at most three places (`0.15`, `1`, `0.600`).
impl FromStr for Coefficient {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const RULE: &str = "must be a decimal with at most three places, such as 0.15";
        let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
        let is_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !is_digits(whole) || !is_digits(fraction) || fraction.len() > 3 || s.ends_with('.') {
            return Err(RULE);
        }
        let whole: u32 = whole.parse().map_err(|_| RULE)?;
        let fraction: u32 = format!("{fraction:0<3}").parse().map_err(|_| RULE)?;
        let milli = whole.checked_mul(1000).and_then(|w| w.checked_add(fraction)).ok_or(RULE)?;
        Ok(Self { milli })
    }
}

/// An award's money: the exact product and the paid, rounded amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount {
    /// coefficient × base salary, rounded up to the đồng should it have a fraction.
    pub raw_vnd: i64,
    /// The raw amount rounded up to the next [`ROUNDING_STEP_VND`].
    pub rounded_vnd: i64,
}

/// The amount of an award: `ceil(coefficient × base / 10,000) × 10,000` VND.
/// `None` when the figures are out of any sensible range (negative, or too
/// large for an `i64`).
pub fn amount(coefficient: Coefficient, base_salary_vnd: i64) -> Option<Amount> {
    if base_salary_vnd < 0 {
        return None;
    }
    // In thousandths of a đồng: exact.
    let product = i128::from(coefficient.milli) * i128::from(base_salary_vnd);
    let ceil_div = |n: i128, d: i128| (n + d - 1) / d;
    let raw = ceil_div(product, 1000);
    let step = i128::from(ROUNDING_STEP_VND);
    let rounded = ceil_div(product, 1000 * step) * step;
    Some(Amount { raw_vnd: i64::try_from(raw).ok()?, rounded_vnd: i64::try_from(rounded).ok()? })
}

/// A row that holds from one date, and possibly to another (both included).
pub trait Dated {
    fn starts_on(&self) -> NaiveDate;
    fn ends_on(&self) -> Option<NaiveDate>;
}

/// The row in force on `on`: the latest start on or before it, unless that
/// row ended before it. `None` when no row has started by then, or the
/// latest one has ended (a gap is not filled by an older row).
pub fn in_force<T: Dated>(rows: &[T], on: NaiveDate) -> Option<&T> {
    let latest = rows.iter().filter(|r| r.starts_on() <= on).max_by_key(|r| r.starts_on())?;
    match latest.ends_on() {
        Some(to) if to < on => None,
        _ => Some(latest),
    }
}

/// A law or decree (văn bản) a figure rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegalBasis {
    pub id: String,
    /// Its number and symbol, such as `91/2017/NĐ-CP`.
    pub code: String,
    pub title: String,
    pub issuer: String,
    pub issued_on: Option<NaiveDate>,
    pub in_force_from: NaiveDate,
    pub in_force_to: Option<NaiveDate>,
    pub verified: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The statutory base salary (mức lương cơ sở) from a date until the next row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseSalary {
    pub id: String,
    pub in_force_from: NaiveDate,
    pub amount_vnd: i64,
    pub legal_basis_id: String,
    pub verified: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Dated for BaseSalary {
    fn starts_on(&self) -> NaiveDate {
        self.in_force_from
    }

    fn ends_on(&self) -> Option<NaiveDate> {
        None
    }
}

/// One subject kind an award type may go to, with its coefficient over a span of dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwardCoefficient {
    pub id: String,
    pub award_type_id: String,
    pub subject_kind: SubjectKind,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub coefficient: Coefficient,
    pub legal_basis_id: String,
    pub verified: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Dated for AwardCoefficient {
    fn starts_on(&self) -> NaiveDate {
        self.valid_from
    }

    fn ends_on(&self) -> Option<NaiveDate> {
        self.valid_to
    }
}

/// A form of commendation or an emulation title, with its coefficients.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwardType {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: AwardKind,
    pub issuing_level: IssuingLevel,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub legal_basis_id: String,
    pub verified: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Every dated coefficient, oldest first per subject kind.
    pub coefficients: Vec<AwardCoefficient>,
}

impl AwardType {
    /// Whether the award type itself exists on `on`.
    pub fn valid_on(&self, on: NaiveDate) -> bool {
        self.valid_from <= on && self.valid_to.is_none_or(|to| on <= to)
    }

    /// The coefficient for `subject` in force on `on`, if the type may go to
    /// that subject then (the type itself valid on that date too).
    pub fn coefficient_on(&self, subject: SubjectKind, on: NaiveDate) -> Option<&AwardCoefficient> {
        if !self.valid_on(on) {
            return None;
        }
        let rows: Vec<AwardCoefficient> =
            self.coefficients.iter().filter(|c| c.subject_kind == subject).cloned().collect();
        let id = in_force(&rows, on)?.id.clone();
        self.coefficients.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn c(s: &str) -> Coefficient {
        s.parse().unwrap()
    }

    fn at(raw: i64, rounded: i64) -> Option<Amount> {
        Some(Amount { raw_vnd: raw, rounded_vnd: rounded })
    }

    #[test]
    fn amounts_are_exact_and_rounded_up_to_ten_thousand() {
        assert_eq!(amount(c("0.15"), 1_800_000), at(270_000, 270_000));
        assert_eq!(amount(c("0.3"), 1_800_000), at(540_000, 540_000));
        assert_eq!(amount(c("0.6"), 1_800_000), at(1_080_000, 1_080_000));
        assert_eq!(amount(c("0.3"), 2_340_000), at(702_000, 710_000));
        assert_eq!(amount(c("0.6"), 2_340_000), at(1_404_000, 1_410_000));
        assert_eq!(amount(c("1"), 1_112_000), at(1_112_000, 1_120_000));
        // A multiple of 10,000 stays as it is; one đồng more goes up.
        assert_eq!(amount(c("1"), 1_120_000), at(1_120_000, 1_120_000));
        assert_eq!(amount(c("1"), 1_120_001), at(1_120_001, 1_130_000));
        // A fraction of a đồng rounds the raw amount up too.
        assert_eq!(amount(c("0.001"), 1_500), at(2, 10_000));
        assert_eq!(amount(c("0.15"), -1), None);
    }

    #[test]
    fn float_arithmetic_would_have_been_wrong_here() {
        // 0.55 × 1,800,000 in f64 is 990000.0000000001: ceil would pay 1,000,000.
        let float = (0.55_f64 * 1_800_000.0 / 10_000.0).ceil() * 10_000.0;
        assert!((float - 1_000_000.0).abs() < 0.5, "{float}");
        assert_eq!(amount(c("0.55"), 1_800_000), at(990_000, 990_000));
        assert_eq!(amount(c("1.1"), 1_800_000), at(1_980_000, 1_980_000));
    }

    #[test]
    fn coefficients_parse_and_print_exactly() {
        assert_eq!(c("0.15").milli(), 150);
        assert_eq!(c("0.600").milli(), 600);
        assert_eq!(c("1").milli(), 1000);
        assert_eq!(c("2.5").milli(), 2500);
        for bad in ["", ".5", "1.", "0.1234", "-0.1", "1e3", "0,15", " 1"] {
            assert!(bad.parse::<Coefficient>().is_err(), "{bad:?}");
        }
        assert_eq!(Coefficient::from_milli(150).to_string(), "0.15");
        assert_eq!(Coefficient::from_milli(300).to_string(), "0.3");
        assert_eq!(Coefficient::from_milli(1000).to_string(), "1");
        assert_eq!(Coefficient::from_milli(1005).to_string(), "1.005");
    }

    fn salary(from: &str, amount_vnd: i64) -> BaseSalary {
        BaseSalary {
            id: from.to_owned(),
            in_force_from: date(from),
            amount_vnd,
            legal_basis_id: "lb".into(),
            verified: true,
            version: 1,
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn the_base_salary_in_force_is_the_latest_started() {
        let rows = [salary("2024-07-01", 2_340_000), salary("2018-07-01", 1_390_000), salary("2023-07-01", 1_800_000)];
        let on = |d: &str| in_force(&rows, date(d)).map(|r| r.amount_vnd);
        assert_eq!(on("2018-06-30"), None);
        assert_eq!(on("2018-07-01"), Some(1_390_000));
        assert_eq!(on("2023-06-30"), Some(1_390_000));
        assert_eq!(on("2023-12-20"), Some(1_800_000));
        assert_eq!(on("2024-06-30"), Some(1_800_000));
        assert_eq!(on("2024-07-01"), Some(2_340_000));
        assert_eq!(on("2030-01-01"), Some(2_340_000));
    }

    fn coefficient(id: &str, subject: SubjectKind, from: &str, to: Option<&str>, milli: u32) -> AwardCoefficient {
        AwardCoefficient {
            id: id.into(),
            award_type_id: "t".into(),
            subject_kind: subject,
            valid_from: date(from),
            valid_to: to.map(date),
            coefficient: Coefficient::from_milli(milli),
            legal_basis_id: "lb".into(),
            verified: true,
            version: 1,
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
        }
    }

    fn award(valid_to: Option<&str>, coefficients: Vec<AwardCoefficient>) -> AwardType {
        AwardType {
            id: "t".into(),
            code: "t".into(),
            name: "Giấy khen".into(),
            kind: AwardKind::Certificate,
            issuing_level: IssuingLevel::Commune,
            valid_from: date("2017-10-01"),
            valid_to: valid_to.map(date),
            legal_basis_id: "lb".into(),
            verified: true,
            version: 1,
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
            coefficients,
        }
    }

    #[test]
    fn the_coefficient_in_force_follows_the_date_and_the_subject() {
        use SubjectKind::*;
        let t = award(
            None,
            vec![
                coefficient("i17", Individual, "2017-10-01", Some("2023-12-31"), 150),
                coefficient("i24", Individual, "2024-01-01", None, 300),
                coefficient("h24", Household, "2024-01-01", None, 300),
            ],
        );
        let id = |s, d: &str| t.coefficient_on(s, date(d)).map(|c| c.id.as_str());
        assert_eq!(id(Individual, "2017-09-30"), None, "before the type exists");
        assert_eq!(id(Individual, "2023-12-20"), Some("i17"));
        assert_eq!(id(Individual, "2023-12-31"), Some("i17"), "the end date is included");
        assert_eq!(id(Individual, "2024-08-01"), Some("i24"));
        assert_eq!(id(Household, "2023-12-20"), None, "households only from 2024");
        assert_eq!(id(Household, "2024-01-01"), Some("h24"));
        assert_eq!(id(Collective, "2024-01-01"), None, "not a subject of this type");
    }

    #[test]
    fn an_ended_row_or_type_is_not_in_force_and_no_older_row_fills_the_gap() {
        use SubjectKind::*;
        let t = award(
            Some("2025-06-30"),
            vec![
                coefficient("a", Individual, "2017-10-01", None, 300),
                coefficient("b", Individual, "2024-01-01", Some("2024-12-31"), 300),
            ],
        );
        assert_eq!(t.coefficient_on(Individual, date("2024-06-01")).map(|c| c.id.as_str()), Some("b"));
        assert_eq!(t.coefficient_on(Individual, date("2025-01-01")), None, "b ended; a is superseded");
        let open = award(Some("2025-06-30"), vec![coefficient("a", Individual, "2017-10-01", None, 300)]);
        assert!(open.coefficient_on(Individual, date("2025-06-30")).is_some());
        assert_eq!(open.coefficient_on(Individual, date("2025-07-01")), None, "the type ended");
    }

    #[test]
    fn enums_read_their_words() {
        assert_eq!("household".parse::<SubjectKind>(), Ok(SubjectKind::Household));
        assert_eq!("title".parse::<AwardKind>(), Ok(AwardKind::Title));
        assert_eq!("province".parse::<IssuingLevel>(), Ok(IssuingLevel::Province));
        assert!("family".parse::<SubjectKind>().is_err());
    }
}
