//! The organisation tree: province → district → commune → its units before
//! July 2025, province → commune → its units since — levels as data, and
//! each unit valid for a span of days (see `Validity`).

use std::fmt;
use std::str::FromStr;

/// What an org unit is; it decides where the unit may sit in the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// The installation's top node, made at first start; there is one.
    Root,
    /// Tỉnh.
    Province,
    /// Huyện.
    District,
    /// Xã.
    Commune,
    /// A ban, ngành or bộ phận of the commune (Văn phòng – Thống kê, Tư pháp – Hộ tịch, Công an xã, …).
    Sector,
    /// An đoàn thể (Hội Liên hiệp Phụ nữ, Đoàn Thanh niên, Hội Nông dân, Hội Cựu chiến binh).
    MassOrganisation,
    /// Ủy ban Mặt trận Tổ quốc.
    FatherlandFront,
}

impl OrgKind {
    pub const ALL: [OrgKind; 7] = [
        OrgKind::Root,
        OrgKind::Province,
        OrgKind::District,
        OrgKind::Commune,
        OrgKind::Sector,
        OrgKind::MassOrganisation,
        OrgKind::FatherlandFront,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Root => "root",
            OrgKind::Province => "province",
            OrgKind::District => "district",
            OrgKind::Commune => "commune",
            OrgKind::Sector => "sector",
            OrgKind::MassOrganisation => "mass_organisation",
            OrgKind::FatherlandFront => "fatherland_front",
        }
    }

    /// The kinds a unit of this kind may sit under.
    pub fn allowed_parents(self) -> &'static [OrgKind] {
        match self {
            OrgKind::Root => &[],
            OrgKind::Province => &[OrgKind::Root],
            OrgKind::District => &[OrgKind::Root, OrgKind::Province],
            // Under a district before July 2025, under the province since.
            OrgKind::Commune => &[OrgKind::Root, OrgKind::District, OrgKind::Province],
            OrgKind::Sector | OrgKind::MassOrganisation | OrgKind::FatherlandFront => &[OrgKind::Commune],
        }
    }

    /// Whether this kind may sit under `parent`.
    pub fn fits_under(self, parent: OrgKind) -> bool {
        self.allowed_parents().contains(&parent)
    }
}

impl fmt::Display for OrgKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OrgKind {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrgKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or("must be one of province, district, commune, sector, mass_organisation, fatherland_front")
    }
}

/// A unit's name followed by its parents' (nearest first, the root left
/// out), the way papers write it: `Xã Đại Thắng, huyện Vụ Bản, tỉnh Nam
/// Định`. A parent's name starts with its level's word (Xã, Huyện, Tỉnh),
/// written in lower case after a comma.
pub fn label(name: &str, parents: &[&str]) -> String {
    let mut out = name.to_owned();
    for parent in parents {
        out.push_str(", ");
        let mut chars = parent.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_lowercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// The materialised path of a unit: its parent's path followed by its id.
pub fn child_path(parent_path: &str, id: &str) -> String {
    format!("{parent_path}{id}/")
}

/// The path of the top node.
pub fn root_path(id: &str) -> String {
    format!("/{id}/")
}

/// Whether `path` lies in the subtree whose top has `top_path` (itself included).
pub fn within(path: &str, top_path: &str) -> bool {
    path.starts_with(top_path)
}

/// The ids from the top down to the unit itself.
pub fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_is_district_commune_unit() {
        assert!(OrgKind::Commune.fits_under(OrgKind::District));
        assert!(OrgKind::Sector.fits_under(OrgKind::Commune));
        assert!(OrgKind::FatherlandFront.fits_under(OrgKind::Commune));
        assert!(!OrgKind::Sector.fits_under(OrgKind::District));
        assert!(!OrgKind::District.fits_under(OrgKind::Commune));
        assert!(!OrgKind::Root.fits_under(OrgKind::Root));
    }

    #[test]
    fn labels_name_the_parents_in_lower_case() {
        assert_eq!(
            label("Xã Đại Thắng", &["Huyện Vụ Bản", "Tỉnh Nam Định"]),
            "Xã Đại Thắng, huyện Vụ Bản, tỉnh Nam Định"
        );
        assert_eq!(label("Tỉnh Ninh Bình", &[]), "Tỉnh Ninh Bình");
    }

    #[test]
    fn paths() {
        let root = root_path("r");
        let commune = child_path(&child_path(&root, "d"), "c");
        assert_eq!(commune, "/r/d/c/");
        assert!(within(&commune, &root));
        assert!(within(&commune, &commune));
        assert!(!within(&root, &commune));
        assert!(!within("/r/d2/", "/r/d/"));
        assert_eq!(ancestors(&commune).collect::<Vec<_>>(), ["r", "d", "c"]);
    }
}
