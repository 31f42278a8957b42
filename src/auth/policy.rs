//! The one place that decides who may do what, and where.
//!
//! Every operation names an [`Action`]; [`authorize`] answers whether the
//! caller's role (or service scope) allows it — 403 when it never can — and
//! returns a [`Grant`] for the subtree the caller may act in. Objects outside
//! it answer 404, exactly like objects that do not exist, so ids are never
//! confirmed to outsiders. Every use case asks first (`service::Caller::may`);
//! none decides on its own.

use super::principal::{Actor, Principal};
use crate::domain::org::within;
use crate::domain::role::{Role, Scope};
use crate::error::ApiError;

/// Everything a caller can ask to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read one's own account (`/me`).
    ReadSelf,
    /// Change one's own password.
    ChangeOwnPassword,
    ReadOrgUnits,
    ManageOrgUnits,
    ReadPeople,
    ManagePeople,
    ManageUsers,
    ManageServiceAccounts,
    ReadSettings,
    WriteSettings,
    /// Read campaigns, their criteria, participants, periods and lock exceptions.
    ReadCampaigns,
    /// Define campaigns, their criteria and participants; move them through
    /// draft → active → closed; open lock exceptions.
    ManageCampaigns,
    /// Read reports (a reporter: its own unit's).
    ReadReports,
    /// Create and fill in reports and submit them (a reporter: its own unit's).
    WriteReports,
    /// Import figures in bulk (create, fill and submit reports by codes), and
    /// follow one's imports.
    ImportFigures,
    /// Return or approve submitted reports.
    ReviewReports,
    /// Reopen approved reports.
    ReopenReports,
    /// Comment on reports one can read.
    CommentReports,
    /// Read the audit log: the events of records one may read (a reporter:
    /// its own unit's reports; the others: their subtree's).
    ReadAudit,
    /// Read the change feed: the changes of the reports, campaigns,
    /// nominations and award decisions one may read, each kind by its own
    /// read action and scope.
    ReadChanges,
    /// Read a campaign's scoreboard and explanations (a reporter: other
    /// units' explanations only when the campaign's results are public).
    ReadScoreboard,
    /// The scoreboard with submitted, not yet approved figures counted.
    PreviewScoreboard,
    /// Compare the communes running the same plan, below a district.
    ReadRollup,
    /// Read the commendation reference data (legal bases, base salaries,
    /// award types and coefficients) and the amount of an award on a date.
    ReadAwardReference,
    /// Record and correct legal bases and base salaries.
    ManageAwardReference,
    /// Read the complaints register (a reporter: complaints about its own
    /// unit, without the complainant).
    ReadComplaints,
    /// Record complaints, attach their evidence, move and conclude them.
    ManageComplaints,
    /// Read a complainant's identity and contact (every read is audited).
    ReadComplainant,
    /// Read nominations, eligibility, suggestions and the proposal list (a
    /// reporter: its own unit's; the superior level: what was forwarded to it).
    ReadNominations,
    /// Set a campaign's award rules; draft, propose, post, forward and
    /// withdraw nominations; record public feedback.
    ManageNominations,
    /// Approve or reject a nomination, overriding a rule with a reason.
    DecideNominations,
    /// Record the superior level's decision on a forwarded nomination.
    RecordSuperiorDecisions,
    /// Read the council, its meetings, votes and minutes.
    ReadCouncil,
    /// Keep the council's members, prepare meetings, record attendance and votes.
    ManageCouncil,
    /// Read award decisions, their lines and the reward funds.
    ReadAwardDecisions,
    /// Prepare award decisions and set reward fund budgets.
    PrepareAwardDecisions,
    /// Sign award decisions and revoke their lines; override the fund.
    SignAwardDecisions,
    /// Read the papers made out to a unit or its people — a Giấy khen (a
    /// reporter: its own unit's only). An achievement report is read like its
    /// nomination (`ReadNominations`, a reporter its own unit's too).
    ReadUnitPapers,
    /// Keep webhook subscriptions, read their delivery logs and redeliver
    /// (an office: those made in its commune's subtree).
    ManageWebhooks,
}

/// Who may take an action: user roles, and service accounts with a scope.
pub struct Rule {
    pub roles: &'static [Role],
    /// The scope a service account needs; `None`: service accounts may not.
    pub service: Option<Scope>,
}

const EVERY_ROLE: &[Role] = &Role::ALL;

impl Action {
    pub fn rule(self) -> Rule {
        use Role::*;
        let (roles, service): (&'static [Role], Option<Scope>) = match self {
            Action::ReadSelf => (EVERY_ROLE, Some(Scope::Read)),
            Action::ChangeOwnPassword => (EVERY_ROLE, None),
            Action::ReadOrgUnits | Action::ReadPeople => (EVERY_ROLE, Some(Scope::Read)),
            Action::ManageOrgUnits | Action::ManageUsers | Action::ManageServiceAccounts => (&[Admin], None),
            Action::ManagePeople => (&[Admin, Office], None),
            Action::ReadSettings => (EVERY_ROLE, None),
            Action::WriteSettings => (&[Admin], None),
            Action::ReadCampaigns => (EVERY_ROLE, Some(Scope::Read)),
            Action::ManageCampaigns => (&[Admin, Office], None),
            Action::ReadReports => (EVERY_ROLE, Some(Scope::Read)),
            Action::WriteReports => (&[Office, Reporter], None),
            // The office, and a superior level's or a one-stop desk's system
            // with the `import` scope; a reporter fills its one report by hand.
            Action::ImportFigures => (&[Office], Some(Scope::Import)),
            Action::ReviewReports => (&[Office], None),
            Action::ReopenReports => (&[Office, Chairman], None),
            Action::CommentReports => (EVERY_ROLE, None),
            Action::ReadAudit => (EVERY_ROLE, None),
            // A superior level's system or a dashboard follows what changed;
            // what each caller sees is each kind's own read rule.
            Action::ReadChanges => (EVERY_ROLE, Some(Scope::Read)),
            Action::ReadScoreboard => (EVERY_ROLE, Some(Scope::Read)),
            Action::PreviewScoreboard => (&[Office], None),
            Action::ReadRollup => (&[Superior], Some(Scope::Read)),
            // Public law and figures, the same for every unit: every role reads
            // them, and a district's integration checks its amounts with them.
            Action::ReadAwardReference => (EVERY_ROLE, Some(Scope::Read)),
            Action::ManageAwardReference => (&[Admin], None),
            // The office keeps the register; the chairman reads it; a
            // reporter sees what concerns its own unit, never who complained.
            Action::ReadComplaints => (&[Office, Chairman, Reporter], None),
            Action::ManageComplaints => (&[Office], None),
            Action::ReadComplainant => (&[Office, Chairman], None),
            Action::ReadNominations => (&[Admin, Office, Chairman, Reporter, Superior], None),
            Action::ManageNominations => (&[Office], None),
            Action::DecideNominations => (&[Chairman], None),
            Action::RecordSuperiorDecisions => (&[Superior], None),
            // Admins read every commendation record of their tree, the council's too.
            Action::ReadCouncil => (&[Admin, Office, Chairman], None),
            Action::ManageCouncil => (&[Office], None),
            // After a decision the awarded list is public within the scope.
            Action::ReadAwardDecisions => (EVERY_ROLE, Some(Scope::Read)),
            Action::PrepareAwardDecisions => (&[Office], None),
            Action::SignAwardDecisions => (&[Chairman], None),
            Action::ReadUnitPapers => (EVERY_ROLE, Some(Scope::Read)),
            // What a subscription sends is what its creator may read, each kind by its own rule.
            Action::ManageWebhooks => (&[Admin, Office], None),
        };
        Rule { roles, service }
    }

    /// Whether the action only reads: a caller whose unit was closed by a
    /// reorganisation may still take it, and the units its scope's units
    /// succeeded are read with it.
    pub fn only_reads(self) -> bool {
        matches!(
            self,
            Action::ReadSelf
                | Action::ChangeOwnPassword
                | Action::ReadOrgUnits
                | Action::ReadPeople
                | Action::ReadSettings
                | Action::ReadCampaigns
                | Action::ReadReports
                | Action::ReadAudit
                | Action::ReadChanges
                | Action::ReadScoreboard
                | Action::PreviewScoreboard
                | Action::ReadRollup
                | Action::ReadAwardReference
                | Action::ReadComplaints
                | Action::ReadComplainant
                | Action::ReadNominations
                | Action::ReadCouncil
                | Action::ReadAwardDecisions
                | Action::ReadUnitPapers
        )
    }

    /// Who may, in words for the OpenAPI document: `admin`, `office`, `service:read`, …
    pub fn callers(self) -> Vec<String> {
        let rule = self.rule();
        let mut callers: Vec<String> = rule.roles.iter().map(|r| r.as_str().to_owned()).collect();
        if let Some(scope) = rule.service {
            callers.push(format!("service:{}", scope.as_str()));
        }
        callers
    }
}

/// Permission to act inside one subtree — and, for a read, inside the
/// subtrees of the units that subtree's units succeeded.
#[derive(Clone, Debug)]
pub struct Grant {
    within: String,
    history: Vec<String>,
}

impl Grant {
    /// The path prefix of every object the caller may touch (lists read
    /// within it; the history is reached by id, the scoreboard and the roll-up).
    pub fn within(&self) -> &str {
        &self.within
    }

    /// 404 unless an object at `path` lies inside the grant or its history.
    pub fn check(&self, path: &str) -> Result<(), ApiError> {
        if self.reaches(path) { Ok(()) } else { Err(not_found()) }
    }

    /// Whether an object at `path` lies inside the grant or its history.
    pub fn reaches(&self, path: &str) -> bool {
        within(path, &self.within) || self.history.iter().any(|h| within(path, h))
    }

    /// The subtree through which a campaign issued at `issuer_path` reaches
    /// the caller: its own scope, or — for a predecessor's campaign — the
    /// predecessor's subtree, which then bounds what the caller reads of it.
    pub fn campaign_scope(&self, issuer_path: &str) -> Option<&str> {
        if campaign_visible(issuer_path, &self.within) {
            return Some(&self.within);
        }
        self.history.iter().find(|h| campaign_visible(issuer_path, h)).map(String::as_str)
    }

    /// The subtrees the grant reads: its own, then its history's.
    pub fn subtrees(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.within.as_str()).chain(self.history.iter().map(String::as_str))
    }
}

/// The answer for an object that does not exist *or* lies outside the caller's scope.
pub fn not_found() -> ApiError {
    ApiError::not_found("The resource does not exist.")
}

/// Whether a campaign issued at `issuer_path` reaches a caller working in
/// `scope`: issued inside the scope, or above it (a district's campaign
/// reaches its communes).
pub fn campaign_visible(issuer_path: &str, scope: &str) -> bool {
    within(issuer_path, scope) || within(scope, issuer_path)
}

/// Whether a caller holding `grant` may change a campaign issued at
/// `issuer_path`: only inside its own subtree. A campaign it can see but not
/// change (issued above it) is 403; one it cannot see is 404.
pub fn check_campaign_manager(grant: &Grant, issuer_path: &str) -> Result<(), ApiError> {
    if within(issuer_path, &grant.within) {
        Ok(())
    } else if campaign_visible(issuer_path, &grant.within) {
        Err(ApiError::forbidden("Only the issuing unit manages this campaign."))
    } else {
        Err(not_found())
    }
}

/// Narrows a scoreboard grant to the units whose detailed results the caller
/// may read: a reporter reads its own unit's figures and explanation, and
/// every unit's only when the campaign publishes its results.
pub fn results_grant(principal: &Principal, grant: Grant, results_public: bool) -> Grant {
    match principal.actor {
        Actor::User { role: Role::Reporter, .. } if !results_public => {
            Grant { within: principal.unit_path.clone(), history: Vec::new() }
        }
        _ => grant,
    }
}

/// Whether the caller sees, of the nominations in its grant, only those
/// forwarded to it: the superior level (a district, a province since July
/// 2025) decides what communes send up, and their own proposals stay theirs.
pub fn forwarded_nominations_only(principal: &Principal) -> bool {
    matches!(principal.actor, Actor::User { role: Role::Superior, .. })
}

/// Whether `principal` may take `action`; the grant says where.
pub fn authorize(principal: &Principal, action: Action) -> Result<Grant, ApiError> {
    let rule = action.rule();
    let allowed = match &principal.actor {
        Actor::User { role, .. } => rule.roles.contains(role),
        Actor::Service { scopes, .. } => rule.service.is_some_and(|needed| scopes.contains(&needed)),
        // The operator at the machine: what an admin may, but it has no account of its own.
        Actor::System => {
            rule.roles.contains(&Role::Admin) && !matches!(action, Action::ReadSelf | Action::ChangeOwnPassword)
        }
    };
    if !allowed {
        return Err(ApiError::forbidden("Your role does not allow this operation."));
    }
    if let Some(closed) = principal.unit_closed_on
        && !action.only_reads()
        && closed <= crate::domain::today()
    {
        return Err(ApiError::forbidden_because(
            crate::error::ErrorCode::UnitClosed,
            format!(
                "Your unit was closed by a reorganisation on {closed}: you may read its records, not act, \
                 until an admin moves your account to a unit that exists."
            ),
        ));
    }
    // A reporter reads its commune, but its reports, its nominations and the
    // complaints about it are its own unit's alone.
    let own_unit_only = matches!(
        action,
        Action::ReadReports
            | Action::WriteReports
            | Action::CommentReports
            | Action::ReadAudit
            | Action::ReadNominations
            | Action::ReadComplaints
            | Action::ReadUnitPapers
    ) && matches!(principal.actor, Actor::User { role: Role::Reporter, .. });
    let within = if own_unit_only { principal.unit_path.clone() } else { principal.scope_path.clone() };
    let history = if action.only_reads() && !own_unit_only { principal.history.clone() } else { Vec::new() };
    Ok(Grant { within, history })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role) -> Principal {
        Principal {
            actor: Actor::User { id: "u".into(), username: "u".into(), role },
            unit_id: "x".into(),
            unit_path: "/r/d/c/x/".into(),
            scope_path: "/r/d/c/".into(),
            history: Vec::new(),
            unit_closed_on: None,
        }
    }

    fn service(scopes: Vec<Scope>) -> Principal {
        Principal {
            actor: Actor::Service { id: "s".into(), client_id: "c".into(), scopes },
            unit_id: "d".into(),
            unit_path: "/r/d/".into(),
            scope_path: "/r/d/".into(),
            history: Vec::new(),
            unit_closed_on: None,
        }
    }

    #[test]
    fn roles_and_scopes_decide() {
        assert!(authorize(&user(Role::Admin), Action::ManageUsers).is_ok());
        assert_eq!(authorize(&user(Role::Office), Action::ManageUsers).unwrap_err().problem().status, 403);
        assert!(authorize(&user(Role::Office), Action::ManagePeople).is_ok());
        assert!(authorize(&service(vec![Scope::Read]), Action::ReadOrgUnits).is_ok());
        assert!(authorize(&service(vec![Scope::Import]), Action::ReadOrgUnits).is_err());
        assert!(authorize(&service(vec![Scope::Read]), Action::ChangeOwnPassword).is_err());
    }

    #[test]
    fn the_system_may_what_an_admin_may_over_the_whole_tree() {
        let system = Principal::system();
        for action in [Action::ManageUsers, Action::WriteSettings, Action::ManageOrgUnits, Action::ReadAudit] {
            let grant = authorize(&system, action).unwrap();
            assert!(grant.check("/r/d/c/x/").is_ok(), "{action:?}");
        }
        assert_eq!(authorize(&system, Action::WriteReports).unwrap_err().problem().status, 403, "not an admin's");
        assert!(authorize(&system, Action::ReadSelf).is_err(), "it has no account");
        assert!(authorize(&system, Action::ChangeOwnPassword).is_err());
    }

    #[test]
    fn outside_the_scope_is_not_found() {
        let grant = authorize(&user(Role::Reporter), Action::ReadOrgUnits).unwrap();
        assert!(grant.check("/r/d/c/other/").is_ok());
        assert_eq!(grant.check("/r/d/c2/").unwrap_err().problem().status, 404);
    }

    #[test]
    fn nominations_are_narrowed_for_reporters_and_the_superior_level() {
        let reporter = authorize(&user(Role::Reporter), Action::ReadNominations).unwrap();
        assert_eq!(reporter.within(), "/r/d/c/x/", "a reporter reads its own unit's nominations");
        let office = authorize(&user(Role::Office), Action::ReadNominations).unwrap();
        assert_eq!(office.within(), "/r/d/c/");
        assert!(forwarded_nominations_only(&user(Role::Superior)));
        assert!(!forwarded_nominations_only(&user(Role::Chairman)));
        assert!(!forwarded_nominations_only(&Principal::system()));
    }

    #[test]
    fn a_reporter_reads_the_complaints_about_its_own_unit_only() {
        let reporter = authorize(&user(Role::Reporter), Action::ReadComplaints).unwrap();
        assert!(reporter.check("/r/d/c/x/").is_ok());
        assert_eq!(reporter.check("/r/d/c/other/").unwrap_err().problem().status, 404);
        let chairman = authorize(&user(Role::Chairman), Action::ReadComplaints).unwrap();
        assert!(chairman.check("/r/d/c/other/").is_ok(), "the chairman reads the commune's");
        assert_eq!(authorize(&user(Role::Reporter), Action::ReadComplainant).unwrap_err().problem().status, 403);
    }

    #[test]
    fn the_council_is_kept_by_the_office_and_read_by_admins_and_the_chairman() {
        for role in [Role::Admin, Role::Office, Role::Chairman] {
            assert!(authorize(&user(role), Action::ReadCouncil).is_ok(), "{role:?}");
        }
        for role in [Role::Reporter, Role::Superior] {
            assert!(authorize(&user(role), Action::ReadCouncil).is_err(), "{role:?}");
        }
        assert!(authorize(&user(Role::Admin), Action::ManageCouncil).is_err());
        assert!(authorize(&service(vec![Scope::Read]), Action::ReadCouncil).is_err());
    }

    #[test]
    fn callers_are_listed_for_the_document() {
        assert_eq!(Action::ManagePeople.callers(), ["admin", "office"]);
        assert_eq!(Action::ReadOrgUnits.callers().last().unwrap(), "service:read");
    }
}
