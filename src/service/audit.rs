//! The one audit recorder, and the one reader of the log.
//!
//! Every change a use case makes is recorded here, in the transaction that
//! makes it: who, which request, what was done to which record, the record
//! before and after, and the org unit it belongs to (which decides who may
//! read the event).

use serde::Serialize;

use super::Caller;
use crate::auth::Action;
use crate::db::audit::{AuditEvent, Filter, Place, Readable};
use crate::db::{self, DbConnection, DbError};
use crate::domain::page::Page;
use crate::error::ApiError;
use crate::model::audit::{AuditEventView, AuditFilter};
use crate::model::list::List;

/// The kinds of record the log names (its `entity` field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entity {
    Report,
    ReportComment,
    Evidence,
    Campaign,
    Criterion,
    /// A campaign's participant list.
    Participants,
    LockException,
    OrgUnit,
    Person,
    User,
    ServiceAccount,
    Setting,
    /// A legal basis of the commendation reference data.
    AwardLegalBasis,
    /// A row of the base salary table.
    BaseSalary,
    Complaint,
    ComplaintEvidence,
    /// A campaign's award rules and bars.
    AwardRule,
    Nomination,
    CouncilMember,
    CouncilMeeting,
    AwardDecision,
    RewardFund,
    /// A merger, split or rename of org units.
    Reorganisation,
    /// A webhook subscription (never its secret).
    Webhook,
}

impl Entity {
    pub const ALL: [Entity; 24] = [
        Entity::Report,
        Entity::ReportComment,
        Entity::Evidence,
        Entity::Campaign,
        Entity::Criterion,
        Entity::Participants,
        Entity::LockException,
        Entity::OrgUnit,
        Entity::Person,
        Entity::User,
        Entity::ServiceAccount,
        Entity::Setting,
        Entity::AwardLegalBasis,
        Entity::BaseSalary,
        Entity::Complaint,
        Entity::ComplaintEvidence,
        Entity::AwardRule,
        Entity::Nomination,
        Entity::CouncilMember,
        Entity::CouncilMeeting,
        Entity::AwardDecision,
        Entity::RewardFund,
        Entity::Reorganisation,
        Entity::Webhook,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Report => "report",
            Entity::ReportComment => "report_comment",
            Entity::Evidence => "evidence",
            Entity::Campaign => "campaign",
            Entity::Criterion => "criterion",
            Entity::Participants => "campaign_participants",
            Entity::LockException => "lock_exception",
            Entity::OrgUnit => "org_unit",
            Entity::Person => "person",
            Entity::User => "user",
            Entity::ServiceAccount => "service_account",
            Entity::Setting => "setting",
            Entity::AwardLegalBasis => "award_legal_basis",
            Entity::BaseSalary => "base_salary",
            Entity::Complaint => "complaint",
            Entity::ComplaintEvidence => "complaint_evidence",
            Entity::AwardRule => "award_rule",
            Entity::Nomination => "nomination",
            Entity::CouncilMember => "council_member",
            Entity::CouncilMeeting => "council_meeting",
            Entity::AwardDecision => "award_decision",
            Entity::RewardFund => "reward_fund",
            Entity::Reorganisation => "reorganisation",
            Entity::Webhook => "webhook",
        }
    }

    /// What a caller must be allowed to read this kind of record's events:
    /// the events of a record are read by whoever may read the record.
    fn read_action(self) -> Action {
        match self {
            Entity::Report | Entity::ReportComment | Entity::Evidence => Action::ReadReports,
            Entity::Campaign | Entity::Criterion | Entity::Participants | Entity::LockException => {
                Action::ReadCampaigns
            }
            Entity::OrgUnit | Entity::Reorganisation => Action::ReadOrgUnits,
            Entity::Person => Action::ReadPeople,
            Entity::User => Action::ManageUsers,
            Entity::ServiceAccount => Action::ManageServiceAccounts,
            Entity::Webhook => Action::ManageWebhooks,
            Entity::Setting => Action::ReadSettings,
            Entity::AwardLegalBasis | Entity::BaseSalary => Action::ReadAwardReference,
            // A complaint's events never hold the complainant (its snapshots
            // mark only whether one is recorded), so they are read like the
            // complaint: a reporter reads those about its own unit.
            Entity::Complaint | Entity::ComplaintEvidence => Action::ReadComplaints,
            Entity::AwardRule | Entity::Nomination => Action::ReadNominations,
            Entity::CouncilMember | Entity::CouncilMeeting => Action::ReadCouncil,
            Entity::AwardDecision | Entity::RewardFund => Action::ReadAwardDecisions,
        }
    }
}

/// One change to record; [`Change::record`] writes it.
#[must_use = "a change is audited only once recorded"]
pub struct Change<'a> {
    caller: &'a Caller,
    entity: Entity,
    id: &'a str,
    action: &'a str,
    unit_path: Option<&'a str>,
    before: Option<String>,
    after: Option<String>,
}

impl<'a> Change<'a> {
    /// `action` done by `caller` to the record `entity`/`id`, which belongs
    /// to the org unit at `unit_path` (`None`: a service-wide record).
    pub fn new(caller: &'a Caller, entity: Entity, id: &'a str, action: &'a str, unit_path: Option<&'a str>) -> Self {
        Self { caller, entity, id, action, unit_path, before: None, after: None }
    }

    /// The record before the change.
    pub fn before(mut self, record: &impl Serialize) -> Self {
        self.before = serde_json::to_string(record).ok();
        self
    }

    /// The record after the change.
    pub fn after(mut self, record: &impl Serialize) -> Self {
        self.after = serde_json::to_string(record).ok();
        self
    }

    /// Writes the event; call it inside the transaction that makes the change.
    pub fn record(self, conn: &mut DbConnection) -> Result<(), DbError> {
        db::audit::record(conn, &self.event())
    }

    /// The event to write, for a write that records it in the same
    /// statement as the change (`db::report_moves::write_move`).
    pub fn event(self) -> AuditEvent {
        {
            AuditEvent {
                id: uuid::Uuid::now_v7().to_string(),
                at: crate::domain::now(),
                actor: self.caller.principal.actor_ref(),
                request_id: Some(self.caller.request_id.clone()),
                entity: self.entity.as_str().to_owned(),
                entity_id: self.id.to_owned(),
                action: self.action.to_owned(),
                before: self.before,
                after: self.after,
                unit_path: self.unit_path.map(str::to_owned),
                client_address: self.caller.client_address.clone(),
            }
        }
    }
}

/// Where the caller may read the events of each of `kinds`: the events of a
/// record are read by whoever may read the record (the change feed asks too).
pub(crate) fn readable(caller: &Caller, kinds: &[Entity]) -> Vec<Readable> {
    kinds
        .iter()
        .filter_map(|&entity| {
            let within = caller.may(entity.read_action()).ok()?.within().to_owned();
            let place = match entity {
                Entity::Setting | Entity::AwardLegalBasis | Entity::BaseSalary => Place::ServiceWide,
                // A campaign issued above the caller reaches it (`auth::policy::campaign_visible`).
                Entity::Campaign | Entity::Criterion | Entity::Participants | Entity::LockException => {
                    Place::WithinOrAbove(within)
                }
                _ => Place::Within(within),
            };
            Some(Readable { entity: entity.as_str(), place })
        })
        .collect()
}

/// The events of the records the caller may read, oldest first.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: AuditFilter,
    page: Page,
) -> Result<List<AuditEventView>, ApiError> {
    caller.may(Action::ReadAudit)?;
    let query = Filter {
        readable: readable(caller, &Entity::ALL),
        entity: filter.entity,
        entity_id: filter.entity_id,
        actor: filter.actor,
        since: filter.since,
        until: filter.until,
    };
    let (items, total) = db::audit::list(conn, &query, page)?;
    let parse = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    let items = items
        .into_iter()
        .map(|e| AuditEventView {
            id: e.id,
            at: e.at,
            actor: e.actor,
            request_id: e.request_id,
            entity: e.entity,
            entity_id: e.entity_id,
            action: e.action,
            before: parse(e.before),
            after: parse(e.after),
            client_address: e.client_address,
        })
        .collect();
    Ok(List::new(items, total, page))
}
