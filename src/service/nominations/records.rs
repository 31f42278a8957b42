//! A nomination's record: drafted by the office for a participant unit or a
//! person of one, listed, read with its achievement report, and edited while
//! a draft or proposed.

use super::{Reach, achievement_dates, campaign_of, period_of, reachable};
use crate::auth::Action;
use crate::auth::policy::campaign_visible;
use crate::db::nominations::{Content, NewNomination as NewRow, Record};
use crate::db::{self, DbConnection, DbError};
use crate::domain::accounts::OrgUnit;
use crate::domain::awards::AwardType;
use crate::domain::campaign::{Campaign, CampaignStatus};
use crate::domain::if_match::IfMatch;
use crate::domain::nomination::{NomineeKind, TaskRating};
use crate::domain::org::within;
use crate::domain::page::{Key, Paging};
use crate::domain::text::check_description;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::list::CursorList;
use crate::model::nominations::{
    AchievementLine, AchievementReport, NewNomination, NominationContent, NominationDetail, NominationFilter,
    NominationView,
};
use crate::model::scoreboard::Outcome;
use crate::service::audit::{Change, Entity};
use crate::service::award_rules::award_type_for;
use crate::service::scoreboard::results::unit_results;
use crate::service::{Caches, Caller, version};

/// The longest summary, in characters.
const MAX_SUMMARY: usize = 2000;

fn field(errors: &mut Vec<FieldError>, name: &str, code: &str, message: impl Into<String>) {
    errors.push(FieldError::new(name, code, message));
}

/// Checks the content every nomination carries; returns the trimmed summary.
fn check_content(
    conn: &mut DbConnection,
    kind: NomineeKind,
    award_type_id: &str,
    summary: &str,
    achievement_text: &str,
    task_rating: Option<TaskRating>,
    errors: &mut Vec<FieldError>,
) -> Result<Option<AwardType>, ApiError> {
    let award = award_type_for(conn, award_type_id, kind, errors)?;
    let trimmed = summary.trim();
    if trimmed.is_empty() {
        field(errors, "summary", "required", "Sum up the achievement.");
    } else if trimmed.chars().count() > MAX_SUMMARY {
        field(errors, "summary", "too_long", "The summary may hold 2,000 characters at most.");
    }
    if let Err(rule) = check_description(achievement_text) {
        field(errors, "achievement_text", "too_long", format!("The achievement text {rule}."));
    }
    match (kind, task_rating) {
        (NomineeKind::Individual, None) => field(
            errors,
            "task_rating",
            "required",
            "An individual is nominated with the year's task-completion rating.",
        ),
        (NomineeKind::Collective, Some(_)) => {
            field(errors, "task_rating", "not_for_collectives", "A task-completion rating is an individual's.")
        }
        _ => {}
    }
    Ok(award)
}

/// 422 naming `award_type_id` when the award is no longer given after the achievement ends.
fn check_award_in_force(award: &AwardType, achievement_end: chrono::NaiveDate, errors: &mut Vec<FieldError>) {
    if award.valid_to.is_some_and(|to| to < achievement_end) {
        field(
            errors,
            "award_type_id",
            "award_type_not_in_force",
            format!("{} is no longer awarded after {}: the achievement ends later.", award.name, achievement_end),
        );
    }
}

/// 409 `already_nominated` when a live nomination of the subject for the
/// award and achievement exists (`except`: the one being edited).
fn check_not_nominated(
    conn: &mut DbConnection,
    row: (&str, Option<&str>, &str, Option<&str>, &str),
    except: Option<&str>,
) -> Result<(), ApiError> {
    let (campaign, period, unit, person, award) = row;
    if let Some(other) = db::nominations::live_duplicate(conn, campaign, period, unit, person, award, except)? {
        return Err(ApiError::conflict(
            ErrorCode::AlreadyNominated,
            format!("The nominee is nominated for this award and achievement already (nomination {other})."),
        ));
    }
    Ok(())
}

fn already_nominated(error: DbError) -> ApiError {
    match error {
        DbError::UniqueViolation(_) => ApiError::conflict(
            ErrorCode::AlreadyNominated,
            "The nominee is nominated for this award and achievement already.",
        ),
        other => other.into(),
    }
}

/// The participant unit a nominee belongs to: the unit itself, or the
/// deepest participant holding the person's unit.
fn participant_holding(participants: &[OrgUnit], path: &str) -> Option<OrgUnit> {
    participants.iter().filter(|p| within(path, &p.path)).max_by_key(|p| p.path.len()).cloned()
}

/// Drafts a nomination (the office).
pub fn create(conn: &mut DbConnection, caller: &Caller, input: NewNomination) -> Result<NominationView, ApiError> {
    let grant = caller.may(Action::ManageNominations)?;
    let mut errors = Vec::new();
    let campaign: Option<(Campaign, String)> = db::campaigns::get(conn, &input.campaign_id)?
        .filter(|(_, issuer_path)| campaign_visible(issuer_path, grant.within()));
    if campaign.is_none() {
        field(&mut errors, "campaign_id", "not_found", "No such campaign.");
    }
    let kind = input.subject_kind;
    // The nominee, inside the caller's grant: the unit, or the person and the person's unit path.
    let mut unit: Option<OrgUnit> = None;
    let mut person_path: Option<String> = None;
    match kind {
        NomineeKind::Collective => {
            if input.person_id.is_some() {
                field(&mut errors, "person_id", "not_for_collectives", "A collective nominee is a unit, not a person.");
            }
            match &input.org_unit_id {
                None => field(&mut errors, "org_unit_id", "required", "Name the unit nominated."),
                Some(id) => match db::org_units::get(conn, id)?.filter(|u| within(&u.path, grant.within())) {
                    Some(u) => unit = Some(u),
                    None => field(&mut errors, "org_unit_id", "not_found", "No such unit in your scope."),
                },
            }
        }
        NomineeKind::Individual => match &input.person_id {
            None => field(&mut errors, "person_id", "required", "Name the person nominated."),
            Some(id) => match db::people::get(conn, id)?.filter(|(_, path)| within(path, grant.within())) {
                Some((_, path)) => person_path = Some(path),
                None => field(&mut errors, "person_id", "not_found", "No such person in your scope."),
            },
        },
    }
    if let (Some((campaign, _)), Some(period)) = (&campaign, &input.period_id)
        && period_of(campaign, period).is_none()
    {
        field(&mut errors, "period_id", "not_found", "The campaign has no such period; see its /periods.");
    }
    let award = check_content(
        conn,
        kind,
        &input.award_type_id,
        &input.summary,
        &input.achievement_text,
        input.task_rating,
        &mut errors,
    )?;
    if let (Some((campaign, _)), Some(award)) = (&campaign, &award) {
        let (_, end) = achievement_dates(campaign, input.period_id.as_deref());
        check_award_in_force(award, end, &mut errors);
    }
    // An individual's participant unit: its own, or the one named if it holds the person.
    let participants = match &campaign {
        Some((c, _)) => db::campaigns::participants(conn, &c.id)?,
        None => Vec::new(),
    };
    if let Some(path) = &person_path {
        unit = participant_holding(&participants, path);
        if let (Some(named), Some(holding)) = (&input.org_unit_id, &unit)
            && named != &holding.id
        {
            field(
                &mut errors,
                "org_unit_id",
                "not_the_persons_unit",
                "The person belongs to another participant unit.",
            );
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let (Some((campaign, _)), Some(_)) = (campaign, award) else {
        return Err(ApiError::internal(&"a checked nomination lacks its campaign or award"));
    };
    if campaign.status == CampaignStatus::Draft {
        return Err(ApiError::conflict(
            ErrorCode::CampaignNotActive,
            "The campaign is a draft: it has no results to reward yet.",
        ));
    }
    let unit = match unit {
        Some(u) if participants.iter().any(|p| p.id == u.id) => u,
        _ => {
            return Err(ApiError::conflict(
                ErrorCode::NotAParticipant,
                "The nominee's unit does not take part in the campaign.",
            ));
        }
    };
    let period = input.period_id.as_deref();
    let person = input.person_id.as_deref().filter(|_| kind == NomineeKind::Individual);
    check_not_nominated(conn, (&campaign.id, period, &unit.id, person, &input.award_type_id), None)?;
    let id = uuid::Uuid::now_v7().to_string();
    let actor = caller.principal.actor_ref();
    db::nominations::insert(
        conn,
        NewRow {
            id: &id,
            campaign_id: &campaign.id,
            period_id: period,
            subject_kind: kind.as_str(),
            org_unit_id: &unit.id,
            person_id: person,
            created_by: &actor,
            content: Content {
                award_type_id: &input.award_type_id,
                summary: input.summary.trim(),
                achievement_text: &input.achievement_text,
                task_rating: input.task_rating.map(TaskRating::as_str),
            },
        },
    )
    .map_err(already_nominated)?;
    let record = db::nominations::get(conn, &id)?.ok_or_else(|| ApiError::internal(&"a new nomination is gone"))?;
    let unit_path = record.unit_path.clone();
    let view = super::view(conn, record)?;
    Change::new(caller, Entity::Nomination, &id, "create", Some(&unit_path)).after(&view).record(conn)?;
    Ok(view)
}

/// The nominations the caller may see, newest first.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: NominationFilter,
    paging: Paging,
) -> Result<CursorList<NominationView>, ApiError> {
    let reach = Reach::of(caller, Action::ReadNominations)?;
    // The document's bounds, checked: a year outside them is a mistake, not an empty list.
    if filter.year.is_some_and(|y| !(1900..=9999).contains(&y)) {
        return Err(ApiError::validation(vec![crate::error::FieldError::new(
            "year",
            "out_of_range",
            "A year from 1900 to 9999.",
        )]));
    }
    let mut query = reach.filter();
    query.campaign_id = filter.campaign_id;
    query.statuses = filter.status.map(|s| vec![s.as_str().to_owned()]).unwrap_or_default();
    query.subject_kind = filter.subject_kind.map(|k| k.as_str().to_owned());
    query.award_type_id = filter.award_type_id;
    query.org_unit_id = filter.org_unit_id;
    query.year = filter.year;
    query.updated_since = filter.updated_since;
    let (items, total) = db::nominations::list(conn, &query, Some(&paging), false)?;
    Ok(CursorList::new(super::views(conn, items)?, total, &paging, |n| Key::new(n.updated_at, &n.id)))
}

/// One nomination with its achievement report.
pub fn get(conn: &mut DbConnection, caller: &Caller, caches: &Caches, id: &str) -> Result<NominationDetail, ApiError> {
    let reach = Reach::of(caller, Action::ReadNominations)?;
    let record = reachable(conn, &reach, id)?;
    let achievement_report = achievement_report(conn, caches, &record)?;
    Ok(NominationDetail { nomination: super::view(conn, record)?, achievement_report })
}

/// The báo cáo thành tích: the unit's approved figures on the campaign's
/// scoreboard for the achievement (read from `service::scoreboard`, never
/// scored here), and the nomination's own words.
fn achievement_report(
    conn: &mut DbConnection,
    caches: &Caches,
    record: &Record,
) -> Result<AchievementReport, ApiError> {
    let n = &record.nomination;
    let (campaign, issuer_path) = campaign_of(conn, record)?;
    let unit = db::org_units::get(conn, &n.org_unit_id)?
        .ok_or_else(|| ApiError::internal(&format!("nomination {} has no unit", n.id)))?;
    let found = unit_results(conn, &caches.scoreboards, &campaign, &issuer_path, &unit, n.period_id.as_deref())?;
    let criteria = db::criteria::of_campaign(conn, &campaign.id)?;
    let mut report = AchievementReport {
        period: n.period_id.clone(),
        periods: Vec::new(),
        org_unit_id: n.org_unit_id.clone(),
        score: None,
        rank: None,
        units_ranked: 0,
        targets_met: 0,
        targets_applicable: 0,
        criteria: Vec::new(),
        summary: n.summary.clone(),
        achievement_text: n.achievement_text.clone(),
    };
    let Some((explanation, ranked)) = found else {
        return Ok(report);
    };
    report.periods = explanation.periods;
    report.score = explanation.unit.score;
    report.rank = explanation.unit.rank;
    report.units_ranked = ranked;
    report.targets_met = explanation.unit.met;
    report.targets_applicable = explanation.unit.applicable;
    report.criteria = explanation
        .values
        .into_iter()
        .map(|v| {
            let criterion = criteria.iter().find(|c| c.id == v.criterion_id);
            AchievementLine {
                measure: criterion.map_or(crate::domain::campaign::Measure::Boolean, |c| c.measure),
                target: criterion.and_then(|c| c.target),
                period_id: v.period_id,
                criterion_code: v.criterion_code,
                title: v.title,
                rule: v.rule,
                figures: v.figures,
                percentage: v.computed_percentage,
                met: v.outcome == Outcome::Met,
                outcome: v.outcome,
                report_id: v.report_id,
            }
        })
        .collect();
    Ok(report)
}

/// Replaces the content of a nomination read at version `expected`, while
/// it is a draft or proposed (the office).
pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    expected: Result<IfMatch, ApiError>,
    input: NominationContent,
) -> Result<NominationView, ApiError> {
    let reach = Reach::of(caller, Action::ManageNominations)?;
    let current = reachable(conn, &reach, id)?;
    let n = &current.nomination;
    let mut errors = Vec::new();
    let award = check_content(
        conn,
        n.subject_kind,
        &input.award_type_id,
        &input.summary,
        &input.achievement_text,
        input.task_rating,
        &mut errors,
    )?;
    if let Some(award) = &award {
        let (campaign, _) = campaign_of(conn, &current)?;
        check_award_in_force(award, achievement_dates(&campaign, n.period_id.as_deref()).1, &mut errors);
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    version::check(n.version, expected)?;
    if !n.status.editable() {
        return Err(ApiError::illegal_state(
            ErrorCode::NominationNotEditable,
            format!("A {} nomination cannot be edited: only a draft or a proposed one.", n.status.as_str()),
            n.status.as_str(),
        ));
    }
    check_not_nominated(
        conn,
        (&n.campaign_id, n.period_id.as_deref(), &n.org_unit_id, n.person_id.as_deref(), &input.award_type_id),
        Some(&n.id),
    )?;
    let content = Content {
        award_type_id: &input.award_type_id,
        summary: input.summary.trim(),
        achievement_text: &input.achievement_text,
        task_rating: input.task_rating.map(TaskRating::as_str),
    };
    let landed = db::nominations::update_content(conn, id, n.version, n.status, content).map_err(already_nominated)?;
    if !landed {
        return Err(ApiError::precondition_failed(n.version + 1));
    }
    let updated =
        db::nominations::get(conn, id)?.ok_or_else(|| ApiError::internal(&"an updated nomination is gone"))?;
    let after = super::view(conn, updated)?;
    let unit_path = current.unit_path.clone();
    Change::new(caller, Entity::Nomination, id, "update", Some(&unit_path))
        .before(&super::view(conn, current)?)
        .after(&after)
        .record(conn)?;
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, path: &str) -> OrgUnit {
        OrgUnit {
            id: id.into(),
            code: id.into(),
            name: id.into(),
            kind: crate::domain::org::OrgKind::Sector,
            parent_id: None,
            path: path.into(),
            active: true,
            version: 1,
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
            valid_from: None,
            valid_to: None,
        }
    }

    #[test]
    fn a_person_belongs_to_the_deepest_participant_holding_their_unit() {
        let participants = [unit("c", "/r/c/"), unit("a", "/r/c/a/")];
        assert_eq!(participant_holding(&participants, "/r/c/a/team/").map(|u| u.id), Some("a".into()));
        assert_eq!(participant_holding(&participants, "/r/c/b/").map(|u| u.id), Some("c".into()));
        assert_eq!(participant_holding(&participants, "/r/x/"), None);
    }

    #[test]
    fn a_draft_or_proposed_nomination_is_editable() {
        use crate::domain::nomination::NominationStatus;
        assert!(NominationStatus::Draft.editable() && NominationStatus::Proposed.editable());
        assert!(!NominationStatus::Posted.editable());
    }
}
