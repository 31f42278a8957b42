//! Org units, people, users and service accounts as the rest of the code sees them.

use chrono::{DateTime, NaiveDate, Utc};

use super::org::OrgKind;
use super::role::{Role, Scope};

/// The first admin's username: created on first start, and what the
/// configured admin password must not contain.
pub const ADMIN_USERNAME: &str = "admin";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgUnit {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
    pub parent_id: Option<String>,
    pub path: String,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The first day the unit exists; `None`: since before the records began.
    pub valid_from: Option<NaiveDate>,
    /// The day a reorganisation closed it (it no longer exists that day).
    pub valid_to: Option<NaiveDate>,
}

impl OrgUnit {
    /// Whether the unit existed on `date`.
    pub fn valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= date) && self.valid_to.is_none_or(|to| date < to)
    }

    /// Whether the unit has been closed by `date` (a reorganisation took effect).
    pub fn closed_by(&self, date: NaiveDate) -> bool {
        self.valid_to.is_some_and(|to| to <= date)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    pub org_unit_id: String,
    pub full_name: String,
    pub position: String,
    pub user_id: Option<String>,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
    /// Where deadline reminders of the unit's reports are e-mailed; optional.
    pub email: Option<String>,
    pub role: Role,
    pub org_unit_id: String,
    pub credentials_version: i32,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceAccount {
    pub id: String,
    pub client_id: String,
    pub name: String,
    pub org_unit_id: String,
    pub scopes: Vec<Scope>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A username: 3–64 of lower-case letters, digits and `.`, `_`, `-`,
/// starting with a letter or digit. Returns the rule broken.
pub fn check_username(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim().to_lowercase();
    if !(3..=64).contains(&name.len()) {
        return Err("must be 3 to 64 characters");
    }
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err("must start with a letter or digit");
    }
    if !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')) {
        return Err("may hold only a-z, 0-9, '.', '_' and '-'");
    }
    Ok(name)
}

/// The longest e-mail address kept (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;

/// The shape of [`check_email`], for the OpenAPI document: spaces around
/// (trimmed), a local part of printable ASCII without quotes, brackets or
/// separators, dots only between its characters, then `@` and a domain of
/// two or more labels. The local part's limit of 64 characters is in the
/// field's description, not here (a pattern would need a lookahead, which
/// not every generator reads).
pub const EMAIL_PATTERN: &str = concat!(
    r"^[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*",
    r"[!#-'*+\-/-9=?A-Z^-~]+(?:\.[!#-'*+\-/-9=?A-Z^-~]+)*",
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+",
    r"[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
);

/// An e-mail address: `local@domain`, at most 254 characters, no spaces or
/// control characters, a local part of 1–64 characters, and a domain of
/// dot-separated labels of letters, digits and `-` (at least two labels).
/// The domain is kept in lower case. Returns the rule broken.
pub fn check_email(raw: &str) -> Result<String, &'static str> {
    let address = raw.trim();
    if address.is_empty() || address.len() > MAX_EMAIL {
        return Err("must be 1 to 254 characters");
    }
    let Some((local, domain)) = address.rsplit_once('@') else { return Err("must be local@domain") };
    if local.is_empty() || local.len() > 64 || local.contains('@') {
        return Err("must have one '@' after a local part of 1 to 64 characters");
    }
    if !local.bytes().all(|b| {
        b.is_ascii_graphic()
            && !matches!(b, b'"' | b'(' | b')' | b',' | b':' | b';' | b'<' | b'>' | b'[' | b'\\' | b']')
    }) || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
    {
        return Err("must have a local part of printable ASCII without spaces, quotes or brackets");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if labels.len() < 2 || !labels.iter().all(label_ok) {
        return Err("must have a domain like example.vn");
    }
    Ok(format!("{local}@{}", domain.to_ascii_lowercase()))
}

/// Whether a user of `role` may be bound to a unit of `kind`: the superior
/// level sits at a district or a province (or the root); commune roles
/// inside a commune.
pub fn role_fits_unit(role: Role, kind: OrgKind) -> bool {
    match role {
        Role::Admin => true,
        Role::Superior => matches!(kind, OrgKind::Root | OrgKind::Province | OrgKind::District),
        Role::Office | Role::Chairman | Role::Reporter => {
            matches!(kind, OrgKind::Commune | OrgKind::Sector | OrgKind::MassOrganisation | OrgKind::FatherlandFront)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_email_pattern_is_the_check() {
        let pattern = regex::Regex::new(EMAIL_PATTERN).unwrap();
        let samples = [
            "vana@daithang.gov.vn",
            " vana@daithang.gov.vn\t",
            "a.b+c@x-y.vn",
            "!#$%&'*+-/=?^_`{|}~@x.vn",
            "a..b@x.vn",
            ".a@x.vn",
            "a.@x.vn",
            "a@x",
            "a@-x.vn",
            "a@x-.vn",
            "a@@x.vn",
            "a b@x.vn",
            "a(b)@x.vn",
            "\"a\"@x.vn",
            "ệ@x.vn",
            "a@ệ.vn",
            "",
            "@x.vn",
            "a@x.vn.",
        ];
        for s in samples {
            assert_eq!(pattern.is_match(s), check_email(s).is_ok(), "{s:?}");
        }
    }

    #[test]
    fn usernames() {
        assert_eq!(check_username(" NguyenVanA ").unwrap(), "nguyenvana");
        assert!(check_username("ab").is_err());
        assert!(check_username("-abc").is_err());
        assert!(check_username("nguyễn").is_err());
    }

    #[test]
    fn emails() {
        assert_eq!(check_email(" tuphap@DaiThang.GOV.vn ").unwrap(), "tuphap@daithang.gov.vn");
        assert_eq!(check_email("a.b+c@x.vn").unwrap(), "a.b+c@x.vn");
        for bad in
            ["", "tuphap", "@x.vn", "a@", "a@localhost", "a b@x.vn", "a@x..vn", "a@-x.vn", "a@@x.vn", "nguyễn@x.vn"]
        {
            assert!(check_email(bad).is_err(), "{bad}");
        }
        assert!(check_email(&format!("{}@x.vn", "a".repeat(65))).is_err());
    }

    #[test]
    fn roles_sit_at_their_level() {
        assert!(role_fits_unit(Role::Superior, OrgKind::District));
        assert!(role_fits_unit(Role::Superior, OrgKind::Province));
        assert!(!role_fits_unit(Role::Superior, OrgKind::Commune));
        assert!(role_fits_unit(Role::Reporter, OrgKind::MassOrganisation));
        assert!(!role_fits_unit(Role::Office, OrgKind::District));
        assert!(role_fits_unit(Role::Admin, OrgKind::Root));
    }
}

/// The top of the subtree a user of `role` reads: admins their own unit,
/// the superior level its district or province, commune roles their commune — found among
/// the unit's ancestors (`chain`, from the top down, the unit itself last).
/// When no ancestor of the wanted kind exists, the unit itself.
pub fn scope_top(role: Role, chain: &[(OrgKind, String)]) -> Option<String> {
    let wanted: &[OrgKind] = match role {
        Role::Admin => return chain.last().map(|(_, path)| path.clone()),
        Role::Superior => &[OrgKind::District, OrgKind::Province],
        Role::Office | Role::Chairman | Role::Reporter => &[OrgKind::Commune],
    };
    chain.iter().rev().find(|(kind, _)| wanted.contains(kind)).or_else(|| chain.last()).map(|(_, path)| path.clone())
}

#[cfg(test)]
mod scope_tests {
    use super::*;

    #[test]
    fn each_role_reads_its_level() {
        let chain = [
            (OrgKind::Root, "/r/".to_owned()),
            (OrgKind::District, "/r/d/".to_owned()),
            (OrgKind::Commune, "/r/d/c/".to_owned()),
            (OrgKind::MassOrganisation, "/r/d/c/u/".to_owned()),
        ];
        assert_eq!(scope_top(Role::Reporter, &chain).unwrap(), "/r/d/c/");
        assert_eq!(scope_top(Role::Office, &chain).unwrap(), "/r/d/c/");
        assert_eq!(scope_top(Role::Superior, &chain).unwrap(), "/r/d/");
        assert_eq!(scope_top(Role::Admin, &chain).unwrap(), "/r/d/c/u/");
        assert_eq!(scope_top(Role::Office, &chain[..2]).unwrap(), "/r/d/", "no commune above: the unit itself");
    }
}
