//! Who a caller is, as far as permissions go.

use std::fmt;
use std::str::FromStr;

/// A user's role. What it allows, it allows inside the caller's scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Accounts, the organisation tree, settings.
    Admin,
    /// Văn phòng – Thống kê: campaigns, review of reports, nominations, inside its commune.
    Office,
    /// Chủ tịch UBND: reads its commune, decides commune-level commendations.
    Chairman,
    /// Fills and submits its own unit's reports.
    Reporter,
    /// The level above a commune — a district before July 2025, a province
    /// since: reads every commune below it (and, through lineage, the units
    /// they succeeded), decides the commendations forwarded to it. Formerly
    /// `district`, a name still accepted on input for one release.
    #[serde(alias = "district")]
    Superior,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::Office, Role::Chairman, Role::Reporter, Role::Superior];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Office => "office",
            Role::Chairman => "chairman",
            Role::Reporter => "reporter",
            Role::Superior => "superior",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The role's name before July 2025, accepted on input (and in tokens
/// issued before the rename) for one release.
pub const DEPRECATED_SUPERIOR: &str = "district";

impl FromStr for Role {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == DEPRECATED_SUPERIOR {
            return Ok(Role::Superior);
        }
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or("must be one of admin, office, chairman, reporter, superior")
    }
}

/// What a service account (a district integration) may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Read what its org unit's subtree holds.
    Read,
    /// Import figures for units in its subtree.
    Import,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::Read, Scope::Import];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Import => "import",
        }
    }
}

impl FromStr for Scope {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scope::ALL.into_iter().find(|r| r.as_str() == s).ok_or("must be read or import")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_scopes_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        for scope in Scope::ALL {
            assert_eq!(scope.as_str().parse::<Scope>(), Ok(scope));
        }
        assert!("root".parse::<Role>().is_err());
        assert_eq!("district".parse::<Role>(), Ok(Role::Superior));
        assert_eq!(serde_json::from_str::<Role>("\"district\"").unwrap(), Role::Superior);
        assert_eq!(serde_json::to_string(&Role::Superior).unwrap(), "\"superior\"");
        assert!("write".parse::<Scope>().is_err());
    }
}
