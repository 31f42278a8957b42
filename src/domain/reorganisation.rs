//! Reorganisations: units merged into a successor, one split into several,
//! or one renamed, from a date. The rules here need no database: what the
//! request must hold for its kind, and whether its units fit together.

use chrono::NaiveDate;

use super::accounts::OrgUnit;
use super::org::{OrgKind, within};

/// What a reorganisation does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReorganisationKind {
    /// One or more units close and one successor (new, or one that goes on)
    /// carries on their work — "sáp nhập", or a unit absorbed by another.
    Merge,
    /// One unit closes and two or more successors share its work — "chia tách".
    Split,
    /// One unit takes a new name (and code, if given); it is the same unit,
    /// and its records before the date keep the old name — "đổi tên".
    Rename,
}

impl ReorganisationKind {
    pub const ALL: [ReorganisationKind; 3] =
        [ReorganisationKind::Merge, ReorganisationKind::Split, ReorganisationKind::Rename];

    pub fn as_str(self) -> &'static str {
        match self {
            ReorganisationKind::Merge => "merge",
            ReorganisationKind::Split => "split",
            ReorganisationKind::Rename => "rename",
        }
    }

    /// The number of predecessors and successors the kind takes, as a rule
    /// broken: `None` when the counts fit.
    pub fn check_counts(self, predecessors: usize, successors: usize) -> Option<(&'static str, &'static str)> {
        match self {
            ReorganisationKind::Merge if predecessors == 0 => {
                Some(("predecessors", "A merge closes at least one unit."))
            }
            ReorganisationKind::Merge if successors != 1 => Some(("successors", "A merge has exactly one successor.")),
            ReorganisationKind::Split if predecessors != 1 => {
                Some(("predecessors", "A split closes exactly one unit."))
            }
            ReorganisationKind::Split if successors < 2 => Some(("successors", "A split has at least two successors.")),
            ReorganisationKind::Rename if predecessors != 1 => {
                Some(("predecessors", "A rename names exactly one unit."))
            }
            ReorganisationKind::Rename if successors != 0 => {
                Some(("successors", "A rename has no successor: give the new `name` (and `code`)."))
            }
            _ => None,
        }
    }
}

impl std::str::FromStr for ReorganisationKind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

/// Why a unit cannot be reorganised on a date.
#[derive(Debug, PartialEq, Eq)]
pub enum Unfit {
    /// The date is on or before the day the unit began.
    BeforeValidFrom(NaiveDate),
    /// The unit was closed already (by a reorganisation on that day).
    AlreadyClosed(NaiveDate),
    /// The root is the installation's top; it is never reorganised.
    Root,
}

/// Whether `unit` can be closed (or renamed) from `date`.
pub fn check_predecessor(unit: &OrgUnit, date: NaiveDate) -> Result<(), Unfit> {
    if unit.kind == OrgKind::Root {
        return Err(Unfit::Root);
    }
    if let Some(closed) = unit.valid_to {
        return Err(Unfit::AlreadyClosed(closed));
    }
    match unit.valid_from {
        Some(from) if date <= from => Err(Unfit::BeforeValidFrom(from)),
        _ => Ok(()),
    }
}

/// Whether a successor at `path` (its own, or its parent's for a new one)
/// would itself close with one of the predecessors: a successor inside a
/// predecessor's subtree, or a predecessor as its own successor, is a cycle.
pub fn is_cycle(successor_path: &str, predecessors: &[OrgUnit]) -> bool {
    predecessors.iter().any(|p| within(successor_path, &p.path))
}

/// The kind every unit of a reorganisation shares, or `None` when they mix
/// levels (a commune cannot succeed a district).
pub fn common_kind(kinds: impl IntoIterator<Item = OrgKind>) -> Option<OrgKind> {
    let mut kinds = kinds.into_iter();
    let first = kinds.next()?;
    kinds.all(|k| k == first).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(path: &str, kind: OrgKind, from: Option<NaiveDate>, to: Option<NaiveDate>) -> OrgUnit {
        OrgUnit {
            id: path.trim_matches('/').rsplit('/').next().unwrap_or_default().to_owned(),
            code: path.into(),
            name: path.into(),
            kind,
            parent_id: None,
            path: path.into(),
            active: true,
            version: 1,
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
            valid_from: from,
            valid_to: to,
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn each_kind_takes_its_counts() {
        assert_eq!(ReorganisationKind::Merge.check_counts(3, 1), None);
        assert_eq!(ReorganisationKind::Merge.check_counts(1, 1), None);
        assert!(ReorganisationKind::Merge.check_counts(3, 2).is_some());
        assert!(ReorganisationKind::Merge.check_counts(0, 1).is_some());
        assert_eq!(ReorganisationKind::Split.check_counts(1, 2), None);
        assert!(ReorganisationKind::Split.check_counts(1, 1).is_some());
        assert!(ReorganisationKind::Split.check_counts(2, 2).is_some());
        assert_eq!(ReorganisationKind::Rename.check_counts(1, 0), None);
        assert!(ReorganisationKind::Rename.check_counts(1, 1).is_some());
    }

    #[test]
    fn a_unit_closes_once_and_after_it_began() {
        let open = unit("/r/c/", OrgKind::Commune, Some(day(2020, 1, 1)), None);
        assert_eq!(check_predecessor(&open, day(2025, 7, 1)), Ok(()));
        assert_eq!(check_predecessor(&open, day(2020, 1, 1)), Err(Unfit::BeforeValidFrom(day(2020, 1, 1))));
        let closed = unit("/r/c/", OrgKind::Commune, None, Some(day(2025, 7, 1)));
        assert_eq!(check_predecessor(&closed, day(2025, 7, 1)), Err(Unfit::AlreadyClosed(day(2025, 7, 1))));
        assert_eq!(check_predecessor(&unit("/r/", OrgKind::Root, None, None), day(2025, 7, 1)), Err(Unfit::Root));
    }

    #[test]
    fn a_successor_inside_a_predecessor_is_a_cycle() {
        let predecessors = [unit("/r/d/c/", OrgKind::Commune, None, None)];
        assert!(is_cycle("/r/d/c/", &predecessors));
        assert!(is_cycle("/r/d/c/u/", &predecessors));
        assert!(!is_cycle("/r/p/", &predecessors));
    }

    #[test]
    fn levels_do_not_mix() {
        assert_eq!(common_kind([OrgKind::Commune, OrgKind::Commune]), Some(OrgKind::Commune));
        assert_eq!(common_kind([OrgKind::Commune, OrgKind::District]), None);
    }
}
