//! Campaigns: the rules shared by every use case that reads or changes one
//! (and by the criteria, the scoreboard and the roll-up), and the use cases
//! themselves, one file per group.

pub mod definitions;
pub mod lifecycle;
pub mod lock_exceptions;
pub mod participants;
pub mod periods;
pub mod records;

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};

use super::Caller;
use crate::auth::Action;
use crate::auth::policy::{Grant, campaign_visible, check_campaign_manager, not_found};
use crate::db::{self, DbConnection};
use crate::domain::accounts::OrgUnit;
use crate::domain::campaign::{Campaign, CampaignStatus, MAX_LEGAL_BASIS};
use crate::domain::org::{OrgKind, within};
use crate::domain::periods::{Deadlines, PeriodType};
use crate::domain::text::{check_code, check_description, check_name};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::campaigns::{CampaignInput, CampaignView};

/// The campaign `id` if it reaches the caller (404 otherwise).
/// A campaign as the API shows it, its issuer named as it was then.
pub fn view(conn: &mut DbConnection, campaign: Campaign) -> Result<CampaignView, ApiError> {
    Ok(views(conn, vec![campaign.into()])?.remove(0))
}

/// Names each campaign's issuer as it was on the day the campaign was issued
/// (`service::org_units::labels_for`): a 2023 plan keeps its 2023 heading.
pub fn views(conn: &mut DbConnection, mut views: Vec<CampaignView>) -> Result<Vec<CampaignView>, ApiError> {
    let labels = {
        let wanted: Vec<(&str, NaiveDate)> = views.iter().map(|v| (v.issuer_id.as_str(), v.issued_on)).collect();
        super::org_units::labels_for(conn, &wanted)?
    };
    for view in &mut views {
        if let Some((_, label)) = labels.get(&(view.issuer_id.clone(), view.issued_on)) {
            view.issuer_label.clone_from(label);
        }
    }
    Ok(views)
}

pub fn visible(conn: &mut DbConnection, id: &str, scope: &str) -> Result<Campaign, ApiError> {
    match db::campaigns::get(conn, id)? {
        Some((campaign, issuer_path)) if campaign_visible(&issuer_path, scope) => Ok(campaign),
        _ => Err(not_found()),
    }
}

/// The campaign `id` for a read: authorises `ReadCampaigns` and checks the
/// campaign reaches the caller (404 otherwise). Every read under
/// `/campaigns/{id}` starts here.
pub fn readable(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Campaign, ApiError> {
    let grant = caller.may(Action::ReadCampaigns)?;
    Ok(reached(conn, id, &grant)?.0)
}

/// The campaign `id` if it reaches a caller holding `grant` — through its
/// scope or, for a campaign of a unit its units succeeded, its history —
/// and the subtree it is read through (404 otherwise).
pub fn reached(conn: &mut DbConnection, id: &str, grant: &crate::auth::Grant) -> Result<(Campaign, String), ApiError> {
    let (campaign, issuer_path) = db::campaigns::get(conn, id)?.ok_or_else(not_found)?;
    let scope = grant.campaign_scope(&issuer_path).ok_or_else(not_found)?;
    Ok((campaign, scope.to_owned()))
}

/// A campaign the caller may change, and where it belongs.
pub struct Managed {
    pub campaign: Campaign,
    /// The issuing unit's path: the subtree of its participants, and the
    /// org unit its audit events (and its criteria's, participants' and
    /// lock exceptions') belong to.
    pub issuer_path: String,
}

/// The campaign `id` and its issuer's path, if the grant lets the caller manage it.
pub fn managed(conn: &mut DbConnection, id: &str, grant: &Grant) -> Result<Managed, ApiError> {
    let (campaign, issuer_path) = db::campaigns::get(conn, id)?.ok_or_else(not_found)?;
    check_campaign_manager(grant, &issuer_path)?;
    Ok(Managed { campaign, issuer_path })
}

/// 409 unless the campaign is a draft: definitions change only then.
pub fn require_draft(campaign: &Campaign) -> Result<(), ApiError> {
    if campaign.status == CampaignStatus::Draft {
        return Ok(());
    }
    Err(ApiError::conflict(
        ErrorCode::CampaignNotDraft,
        format!("The campaign is {}; its definition changes only while it is a draft.", campaign.status.as_str()),
    ))
}

/// 409 when the campaign is closed: it and its reports are read-only, for
/// their units, reviewers and the office alike.
pub fn require_not_closed(status: CampaignStatus) -> Result<(), ApiError> {
    if status == CampaignStatus::Closed {
        return Err(ApiError::conflict(
            ErrorCode::CampaignClosed,
            "The campaign is closed; it and its reports are read-only.",
        ));
    }
    Ok(())
}

/// A campaign definition, checked: everything a row needs.
pub struct ValidCampaign {
    pub code: String,
    pub title: String,
    pub issued_on: NaiveDate,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub period_type: PeriodType,
    pub legal_bases: Vec<String>,
    pub description: String,
    pub deadlines: Deadlines,
    pub results_public: bool,
}

impl ValidCampaign {
    pub fn fields<'a>(&'a self, issuer_id: &'a str) -> db::campaigns::Fields<'a> {
        db::campaigns::Fields {
            code: &self.code,
            title: &self.title,
            issuer_id,
            issued_on: self.issued_on,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            period_type: self.period_type.as_str(),
            legal_bases: &self.legal_bases,
            description: &self.description,
            deadlines: self.deadlines,
            results_public: self.results_public,
            lineage: None,
        }
    }
}

/// Checks a definition; fields absent from `input` come from `current`
/// (an update) or are required (a creation). Every broken rule is listed.
pub fn validate_campaign(input: CampaignInput, current: Option<&Campaign>) -> Result<ValidCampaign, ApiError> {
    let mut errors = Vec::new();
    let mut required = |field: &'static str| {
        errors.push(FieldError::new(field, "required", format!("{field} is required.")));
    };
    let code = input.code.or(current.map(|c| c.code.clone()));
    let title = input.title.or(current.map(|c| c.title.clone()));
    let issued_on = input.issued_on.or(current.map(|c| c.issued_on));
    let starts_on = input.starts_on.or(current.map(|c| c.starts_on));
    let ends_on = input.ends_on.or(current.map(|c| c.ends_on));
    let period_type = input.period_type.or(current.map(|c| c.period_type));
    for (field, missing) in [
        ("code", code.is_none()),
        ("title", title.is_none()),
        ("issued_on", issued_on.is_none()),
        ("starts_on", starts_on.is_none()),
        ("ends_on", ends_on.is_none()),
        ("period_type", period_type.is_none()),
    ] {
        if missing {
            required(field);
        }
    }
    let code = code.map(|c| check_code(&c)).transpose().unwrap_or_else(|rule| {
        errors.push(FieldError::new("code", "invalid", format!("The code {rule}.")));
        None
    });
    let title = title.map(|t| check_name(&t, 500)).transpose().unwrap_or_else(|rule| {
        errors.push(FieldError::new("title", "invalid", format!("The title {rule}.")));
        None
    });
    if let (Some(start), Some(end)) = (starts_on, ends_on) {
        if end < start {
            errors.push(FieldError::new("ends_on", "before_start", "The campaign cannot end before it starts."));
        } else if end > start + Days::new(366 * 10) {
            errors.push(FieldError::new("ends_on", "too_long", "A campaign runs for ten years at most."));
        }
    }
    let legal_bases = input.legal_bases.or(current.map(|c| c.legal_bases.clone())).unwrap_or_default();
    let mut bases = Vec::new();
    for (i, basis) in legal_bases.iter().enumerate() {
        match check_name(basis, MAX_LEGAL_BASIS) {
            Ok(basis) => bases.push(basis),
            Err(rule) => {
                errors.push(FieldError::new(format!("legal_bases[{i}]"), "invalid", format!("A legal basis {rule}.")))
            }
        }
    }
    let description = input.description.or(current.map(|c| c.description.clone())).unwrap_or_default();
    if let Err(rule) = check_description(&description) {
        errors.push(FieldError::new("description", "too_long", format!("The description {rule}.")));
    }
    let current_deadlines = current.map(|c| c.deadlines);
    let submission_days = input.submission_days.or(current_deadlines.map(|d| d.submission_days)).unwrap_or(5);
    let lock_days = input.lock_days.or(current_deadlines.map(|d| d.lock_days)).unwrap_or(15);
    if submission_days > 365 {
        errors.push(FieldError::new("submission_days", "out_of_range", "At most 365 days."));
    }
    if lock_days > 366 || lock_days < submission_days {
        errors.push(FieldError::new(
            "lock_days",
            "out_of_range",
            "A period locks no earlier than reports are due, and within 366 days.",
        ));
    }
    let results_public = input.results_public.or(current.map(|c| c.results_public)).unwrap_or(false);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    // Each field missing or invalid was reported above: all are here now.
    let complete = || {
        Some(ValidCampaign {
            code: code?,
            title: title?,
            issued_on: issued_on?,
            starts_on: starts_on?,
            ends_on: ends_on?,
            period_type: period_type?,
            legal_bases: bases,
            description,
            deadlines: Deadlines { submission_days, lock_days },
            results_public,
        })
    };
    Ok(complete().expect("every missing field was reported"))
}

/// The issuing unit, if it is in scope and may issue campaigns.
pub fn issuer(conn: &mut DbConnection, id: &str, scope: &str) -> Result<OrgUnit, ApiError> {
    let unit = super::org_units::unit_in_scope(conn, "issuer_id", id, scope)?;
    if !matches!(unit.kind, OrgKind::Commune | OrgKind::District | OrgKind::Province) {
        return Err(ApiError::validation(vec![FieldError::new(
            "issuer_id",
            "cannot_issue",
            format!("A {} does not issue campaigns; a commune, district or province does.", unit.kind),
        )]));
    }
    Ok(unit)
}

pub fn code_taken(code: &str) -> ApiError {
    let detail = format!("The issuer already has a campaign {code:?}.");
    ApiError::taken(ErrorCode::CodeTaken, "code", detail, "The issuer already has a campaign with this code.")
}

/// Resolves units given by id or code inside the issuer's subtree (the
/// issuer itself excluded); each failure names its place in the list.
pub fn resolve_units(
    conn: &mut DbConnection,
    field: &str,
    refs: &[String],
    issuer_path: &str,
) -> Result<Vec<String>, ApiError> {
    // Read in a few statements, not two per reference: a province's
    // campaign lists thousands of units.
    let wanted: Vec<&str> = refs.iter().map(String::as_str).collect();
    let by_id: HashMap<String, OrgUnit> =
        db::org_units::by_ids(conn, &wanted)?.into_iter().map(|u| (u.id.clone(), u)).collect();
    let codes: Vec<&str> = wanted.iter().copied().filter(|r| !by_id.contains_key(*r)).collect();
    let by_code: HashMap<String, OrgUnit> =
        db::org_units::by_codes(conn, &codes)?.into_iter().map(|u| (u.code.clone(), u)).collect();
    let mut ids = Vec::new();
    let mut taken = HashSet::new();
    let mut errors = Vec::new();
    for (i, reference) in refs.iter().enumerate() {
        // An id names a unit before a code does.
        let unit = by_id.get(reference).or_else(|| by_code.get(reference)).cloned();
        let place = format!("{field}[{i}]");
        match unit {
            Some(unit) if within(&unit.path, issuer_path) && unit.path != issuer_path => {
                if !unit.active {
                    errors.push(FieldError::new(place, "inactive", format!("{} is deactivated.", unit.code)));
                } else if taken.insert(unit.id.clone()) {
                    ids.push(unit.id);
                }
            }
            Some(unit) => errors.push(FieldError::new(
                place,
                "outside_issuer",
                format!("{} is not inside the issuing unit.", unit.code),
            )),
            None => errors.push(FieldError::new(place, "not_found", format!("No org unit {reference:?}."))),
        }
    }
    if errors.is_empty() { Ok(ids) } else { Err(ApiError::validation(errors)) }
}
