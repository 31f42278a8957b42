//! A campaign's award rules and bar: read by whoever sees the campaign (they
//! say what a unit must reach, like the criteria), set by the office of the
//! issuing unit, audited.

use super::audit::{Change, Entity};
use super::campaigns::{managed, readable};
use super::{Caller, version};
use crate::auth::Action;
use crate::auth::policy::not_found;
use crate::db::{self, DbConnection, DbError};
use crate::domain::award_rules::{AwardBar, AwardRule};
use crate::domain::awards::AwardType;
use crate::domain::if_match::IfMatch;
use crate::domain::nomination::{NomineeKind, TaskRating};
use crate::domain::text::check_name;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::award_rules::{AwardBarInput, AwardBarView, AwardRuleInput, AwardRuleView};

/// The longest basis, in characters.
const MAX_BASIS: usize = 500;

/// A campaign's rules, by award type and subject kind.
pub fn list(conn: &mut DbConnection, caller: &Caller, campaign_id: &str) -> Result<Vec<AwardRuleView>, ApiError> {
    let campaign = readable(conn, caller, campaign_id)?;
    Ok(db::award_rules::of_campaign(conn, &campaign.id)?.into_iter().map(AwardRuleView::from).collect())
}

/// One rule, if its campaign reaches the caller.
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<AwardRuleView, ApiError> {
    let grant = caller.may(Action::ReadCampaigns)?;
    let (rule, _) = db::award_rules::get(conn, id)?.ok_or_else(not_found)?;
    super::campaigns::visible(conn, &rule.campaign_id, grant.within())?;
    Ok(rule.into())
}

/// Whether an award type may go to this kind of nominee at any date: it has
/// a coefficient for the subject.
pub fn allowed_for(award: &AwardType, kind: NomineeKind) -> bool {
    award.coefficients.iter().any(|c| c.subject_kind == kind.subject())
}

/// 422 naming `award_type_id` unless it is an award type that may go to `kind`.
pub fn award_type_for(
    conn: &mut DbConnection,
    id: &str,
    kind: NomineeKind,
    errors: &mut Vec<FieldError>,
) -> Result<Option<AwardType>, ApiError> {
    let Some(award) = db::awards::get_award_type(conn, id)? else {
        errors.push(FieldError::new("award_type_id", "not_found", "No such award type."));
        return Ok(None);
    };
    if !allowed_for(&award, kind) {
        errors.push(FieldError::new(
            "award_type_id",
            "subject_not_allowed",
            format!("{} does not go to a {} nominee.", award.name, kind.as_str()),
        ));
    }
    Ok(Some(award))
}

/// The rule's fields, checked; every broken rule listed.
struct ValidRule {
    award_type_id: String,
    subject_kind: NomineeKind,
    min_score: Option<f64>,
    all_targets_met: bool,
    max_rank: Option<i32>,
    min_rating: Option<TaskRating>,
    basis: String,
}

impl ValidRule {
    fn fields(&self) -> db::award_rules::RuleFields<'_> {
        db::award_rules::RuleFields {
            award_type_id: &self.award_type_id,
            subject_kind: self.subject_kind.as_str(),
            min_score: self.min_score,
            all_targets_met: self.all_targets_met,
            max_rank: self.max_rank,
            min_rating: self.min_rating.map(TaskRating::as_str),
            basis: &self.basis,
        }
    }
}

fn validate(conn: &mut DbConnection, input: AwardRuleInput) -> Result<ValidRule, ApiError> {
    let mut errors = Vec::new();
    award_type_for(conn, &input.award_type_id, input.subject_kind, &mut errors)?;
    if input.min_score.is_some_and(|s| !(0.0..=100.0).contains(&s)) {
        errors.push(FieldError::new("min_score", "out_of_range", "A score is between 0 and 100."));
    }
    // The document's bound on `max_rank` (`model::award_rules`), checked here.
    const MAX_RANK: i32 = 100_000;
    let max_rank = match input.max_rank.map(i32::try_from) {
        Some(Ok(rank)) if (1..=MAX_RANK).contains(&rank) => Some(rank),
        Some(_) => {
            errors.push(FieldError::new("max_rank", "out_of_range", "A rank is 1 to 100000."));
            None
        }
        None => None,
    };
    match (input.min_rating, input.subject_kind) {
        (Some(_), NomineeKind::Collective) => errors.push(FieldError::new(
            "min_rating",
            "not_for_collectives",
            "A task-completion rating is an individual's.",
        )),
        (Some(TaskRating::NotCompleted), _) => errors.push(FieldError::new(
            "min_rating",
            "too_low",
            "Not completing one's tasks earns nothing: completed, completed_well or completed_excellently.",
        )),
        _ => {}
    }
    let basis = check_name(&input.basis, MAX_BASIS)
        .map_err(|rule| errors.push(FieldError::new("basis", "invalid", format!("The basis {rule}."))))
        .unwrap_or_default();
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok(ValidRule {
        award_type_id: input.award_type_id,
        subject_kind: input.subject_kind,
        min_score: input.min_score,
        all_targets_met: input.all_targets_met,
        max_rank,
        min_rating: input.min_rating,
        basis,
    })
}

/// 409 `already_exists` for a second rule of the same award type and subject kind.
fn duplicate(error: DbError) -> ApiError {
    match error {
        DbError::UniqueViolation(_) => ApiError::taken(
            ErrorCode::AlreadyExists,
            "award_type_id",
            "The campaign has a rule for this award type and subject kind already; change that one.",
            "Another rule of the campaign has this award type and subject kind.",
        ),
        other => other.into(),
    }
}

fn rule_view(conn: &mut DbConnection, id: &str) -> Result<AwardRuleView, ApiError> {
    let (rule, _) = db::award_rules::get(conn, id)?.ok_or_else(not_found)?;
    Ok(rule.into())
}

/// Adds a rule to a campaign (the office of its issuing unit).
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    campaign_id: &str,
    input: AwardRuleInput,
) -> Result<AwardRuleView, ApiError> {
    let grant = caller.may(Action::ManageNominations)?;
    let campaign = managed(conn, campaign_id, &grant)?;
    let valid = validate(conn, input)?;
    let id = uuid::Uuid::now_v7().to_string();
    db::award_rules::insert(conn, &id, &campaign.campaign.id, valid.fields()).map_err(duplicate)?;
    let view = rule_view(conn, &id)?;
    Change::new(caller, Entity::AwardRule, &id, "create", Some(&campaign.issuer_path)).after(&view).record(conn)?;
    Ok(view)
}

/// The rule `id` and its campaign's issuer path, if the caller may manage the campaign.
fn managed_rule(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<(AwardRule, String), ApiError> {
    let grant = caller.may(Action::ManageNominations)?;
    let (rule, _) = db::award_rules::get(conn, id)?.ok_or_else(not_found)?;
    let campaign = managed(conn, &rule.campaign_id, &grant)?;
    Ok((rule, campaign.issuer_path))
}

/// Corrects every field of a rule read at version `expected`.
pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
    input: AwardRuleInput,
) -> Result<AwardRuleView, ApiError> {
    let (current, issuer_path) = managed_rule(conn, caller, id)?;
    let valid = validate(conn, input)?;
    version::check(current.version, expected)?;
    let outcome = db::award_rules::update(conn, id, current.version, valid.fields()).map_err(duplicate)?;
    version::landed(outcome, current.version)?;
    let after = rule_view(conn, id)?;
    Change::new(caller, Entity::AwardRule, id, "update", Some(&issuer_path))
        .before(&AwardRuleView::from(current))
        .after(&after)
        .record(conn)?;
    Ok(after)
}

/// Removes a rule read at version `expected`: its award is then earned by nothing in the campaign.
pub fn delete(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
) -> Result<(), ApiError> {
    let (current, issuer_path) = managed_rule(conn, caller, id)?;
    version::check(current.version, expected)?;
    let outcome = db::award_rules::delete(conn, id, current.version)?;
    version::landed(outcome, current.version)?;
    Change::new(caller, Entity::AwardRule, id, "delete", Some(&issuer_path))
        .before(&AwardRuleView::from(current))
        .record(conn)?;
    Ok(())
}

/// The campaign's bar as stored, or plan 05's default.
pub fn bar_of(conn: &mut DbConnection, campaign_id: &str) -> Result<AwardBar, ApiError> {
    Ok(db::award_rules::bar(conn, campaign_id)?.unwrap_or_else(|| AwardBar::plan_05(campaign_id)))
}

/// The campaign's bar: which complaints bar its nominees.
pub fn bar(conn: &mut DbConnection, caller: &Caller, campaign_id: &str) -> Result<AwardBarView, ApiError> {
    let campaign = readable(conn, caller, campaign_id)?;
    Ok(bar_of(conn, &campaign.id)?.into())
}

/// Sets the campaign's bar, read at version `expected` (0: the default).
pub fn put_bar(
    conn: &mut DbConnection,
    caller: &Caller,
    campaign_id: &str,
    expected: Result<IfMatch, ApiError>,
    input: AwardBarInput,
) -> Result<AwardBarView, ApiError> {
    let grant = caller.may(Action::ManageNominations)?;
    let campaign = managed(conn, campaign_id, &grant)?;
    let mut errors = Vec::new();
    if input.barred_conducts.is_empty() {
        errors.push(FieldError::new("barred_conducts", "required", "Name at least one conduct category."));
    }
    let basis = check_name(&input.basis, MAX_BASIS)
        .map_err(|rule| errors.push(FieldError::new("basis", "invalid", format!("The basis {rule}."))))
        .unwrap_or_default();
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let current = bar_of(conn, &campaign.campaign.id)?;
    version::check(current.version, expected)?;
    let wanted = AwardBar {
        campaign_id: campaign.campaign.id.clone(),
        // Stored in the register's order, each once (`conducts_text`).
        barred_conducts: input.barred_conducts,
        members_bar_collective: input.members_bar_collective,
        basis,
        version: current.version + 1,
        updated_at: None,
    };
    let outcome = db::award_rules::put_bar(conn, &wanted, current.version)?;
    version::landed(outcome, current.version)?;
    let after = AwardBarView::from(bar_of(conn, &campaign.campaign.id)?);
    Change::new(caller, Entity::AwardRule, &campaign.campaign.id, "put_bar", Some(&campaign.issuer_path))
        .before(&AwardBarView::from(current))
        .after(&after)
        .record(conn)?;
    Ok(after)
}
