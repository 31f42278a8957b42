//! A campaign's criteria (tiêu chí thi đua): read, add, replace, remove —
//! only while the campaign is a draft.

use crate::auth::Action;
use crate::auth::policy::{Grant, not_found};
use crate::db::{self, DbConnection};
use crate::domain::campaign::{Campaign, Comparator, Criterion, Measure, Rule, check_rule};
use crate::domain::if_match::IfMatch;
use crate::domain::text::{check_criterion_code, check_description, check_name};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::criteria::{CriterionInput, CriterionView};
use crate::service::audit::{Change, Entity};
use crate::service::campaigns::{managed, readable, require_draft, resolve_units};
use crate::service::{Caller, version};

/// A criterion checked against the rules and the campaign.
pub struct ValidCriterion {
    pub parent_id: Option<String>,
    pub ordinal: i32,
    pub code: String,
    pub title: String,
    pub description: String,
    pub measure: Measure,
    pub comparator: Comparator,
    pub target: Option<f64>,
    pub numerator_label: Option<String>,
    pub denominator_label: Option<String>,
    pub weight: f64,
    pub applies_to_kinds: Option<String>,
    pub applies_to_units: Option<Vec<String>>,
}

impl ValidCriterion {
    pub fn fields(&self) -> db::criteria::Fields<'_> {
        db::criteria::Fields {
            parent_id: self.parent_id.as_deref(),
            ordinal: self.ordinal,
            code: &self.code,
            title: &self.title,
            description: &self.description,
            measure: self.measure.as_str(),
            comparator: self.comparator.as_str(),
            target: self.target,
            numerator_label: self.numerator_label.as_deref(),
            denominator_label: self.denominator_label.as_deref(),
            weight: self.weight,
            applies_to_kinds: self.applies_to_kinds.clone(),
            applies_to_units: self.applies_to_units.as_deref(),
        }
    }
}

/// What a criterion is checked against: its campaign and the criteria it has.
pub struct CriterionContext<'a> {
    pub campaign_id: &'a str,
    /// The issuing unit's path: units a criterion applies to lie below it.
    pub issuer_path: &'a str,
    /// The campaign's criteria now.
    pub existing: &'a [Criterion],
    /// The id of the criterion being replaced, if any.
    pub replacing: Option<&'a str>,
}

/// Checks `input` for a criterion of `context`'s campaign. Every broken rule
/// is listed; whether its code is free is [`check_code_free`]'s to say.
pub fn validate_criterion(
    conn: &mut DbConnection,
    context: &CriterionContext<'_>,
    input: CriterionInput,
) -> Result<ValidCriterion, ApiError> {
    let CriterionContext { campaign_id, issuer_path, existing, replacing: this } = *context;
    let mut errors = Vec::new();
    if let Err(rule) = check_criterion_code(&input.code) {
        errors.push(FieldError::new("code", "invalid", format!("The code {rule}.")));
    }
    if !(1..=1000).contains(&input.ordinal) {
        errors.push(FieldError::new("ordinal", "out_of_range", "The ordinal is from 1 to 1000."));
    }
    let title = check_name(&input.title, 2000)
        .map_err(|rule| errors.push(FieldError::new("title", "invalid", format!("The title {rule}."))))
        .unwrap_or_default();
    if let Err(rule) = check_description(&input.description) {
        errors.push(FieldError::new("description", "too_long", format!("The description {rule}.")));
    }
    for (field, code, message) in check_rule(Rule {
        measure: input.measure,
        comparator: input.comparator,
        target: input.target,
        numerator_label: input.numerator_label.as_deref(),
        denominator_label: input.denominator_label.as_deref(),
    }) {
        errors.push(FieldError::new(field, code, message));
    }
    let weight = input.weight.unwrap_or(1.0);
    if !(0.0..=100.0).contains(&weight) || !weight.is_finite() {
        errors.push(FieldError::new("weight", "out_of_range", "The weight is from 0 to 100."));
    }

    // The parent: in this campaign, itself top-level, not this criterion.
    let parent_id = match (&input.parent_id, &input.parent_code) {
        (Some(_), Some(_)) => {
            errors.push(FieldError::new("parent_id", "ambiguous", "Name the parent by id or by code, not both."));
            None
        }
        (Some(id), None) => match db::criteria::get(conn, id)? {
            Some(parent) if parent.campaign_id != campaign_id => {
                errors.push(FieldError::new(
                    "parent_id",
                    "other_campaign",
                    "The parent criterion belongs to another campaign.",
                ));
                None
            }
            Some(parent) => Some(parent),
            None => {
                errors.push(FieldError::new("parent_id", "not_found", "No such criterion."));
                None
            }
        },
        (None, Some(code)) => match existing.iter().find(|c| &c.code == code) {
            Some(parent) => Some(parent.clone()),
            None => {
                errors.push(FieldError::new(
                    "parent_code",
                    "not_found",
                    "The campaign has no criterion with this code.",
                ));
                None
            }
        },
        (None, None) => None,
    };
    if let Some(parent) = &parent_id {
        if Some(parent.id.as_str()) == this {
            errors.push(FieldError::new("parent_id", "self", "A criterion cannot be its own parent."));
        } else if parent.parent_id.is_some() {
            errors.push(FieldError::new("parent_id", "too_deep", "A sub-criterion cannot have sub-criteria."));
        } else if this.is_some_and(|id| existing.iter().any(|c| c.parent_id.as_deref() == Some(id))) {
            errors.push(FieldError::new("parent_id", "too_deep", "This criterion has sub-criteria of its own."));
        }
    }

    if input.applies_to_kinds.is_some() && input.applies_to_units.is_some() {
        errors.push(FieldError::new(
            "applies_to_units",
            "ambiguous",
            "Limit a criterion by kinds or by units, not both.",
        ));
    }
    let kinds = input
        .applies_to_kinds
        .filter(|k| !k.is_empty())
        .map(|kinds| kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(" "));
    let units = match input.applies_to_units.filter(|u| !u.is_empty()) {
        Some(refs) => match resolve_units(conn, "applies_to_units", &refs, issuer_path) {
            Ok(ids) => Some(ids),
            // The references' own 422s join the others; anything else (the database) is answered as it is.
            Err(e) => {
                errors.extend(e.into_field_errors()?);
                None
            }
        },
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok(ValidCriterion {
        parent_id: parent_id.map(|p| p.id),
        ordinal: input.ordinal,
        code: input.code,
        title,
        description: input.description,
        measure: input.measure,
        comparator: input.comparator,
        target: input.target,
        numerator_label: input.numerator_label,
        denominator_label: input.denominator_label,
        weight,
        applies_to_kinds: kinds,
        applies_to_units: units,
    })
}

/// 409 when another criterion of `context`'s campaign has the code `code`.
pub fn check_code_free(context: &CriterionContext<'_>, code: &str) -> Result<(), ApiError> {
    let taken = context.existing.iter().any(|c| c.code == code && Some(c.id.as_str()) != context.replacing);
    if taken {
        let detail = format!("The campaign already has a criterion {code:?}.");
        let message = "The campaign already has a criterion with this code.";
        return Err(ApiError::taken(ErrorCode::CodeTaken, "code", detail, message));
    }
    Ok(())
}

/// A campaign's criteria: by ordinal, each parent before its sub-criteria.
pub fn list(conn: &mut DbConnection, caller: &Caller, campaign_id: &str) -> Result<Vec<CriterionView>, ApiError> {
    let campaign = readable(conn, caller, campaign_id)?;
    let found = db::criteria::of_campaign(conn, &campaign.id)?;
    Ok(found.into_iter().map(Into::into).collect())
}

/// One criterion of a campaign that reaches the caller.
pub fn get(
    conn: &mut DbConnection,
    caller: &Caller,
    campaign_id: &str,
    criterion_id: &str,
) -> Result<CriterionView, ApiError> {
    let campaign = readable(conn, caller, campaign_id)?;
    let criterion =
        db::criteria::get(conn, criterion_id)?.filter(|c| c.campaign_id == campaign.id).ok_or_else(not_found)?;
    Ok(criterion.into())
}

/// A campaign the caller manages, with its criteria.
struct ManagedCampaign {
    campaign: Campaign,
    issuer_path: String,
    criteria: Vec<Criterion>,
}

/// The campaign `id` the caller manages (404 otherwise), its issuer's path
/// and criteria. Whether it is a draft is checked later, as a 409 comes
/// after the body's values and the version (see [`super::version`]).
fn managed_criteria(conn: &mut DbConnection, id: &str, grant: &Grant) -> Result<ManagedCampaign, ApiError> {
    let managed = managed(conn, id, grant)?;
    let criteria = db::criteria::of_campaign(conn, id)?;
    Ok(ManagedCampaign { campaign: managed.campaign, issuer_path: managed.issuer_path, criteria })
}

/// Adds a criterion to a draft campaign.
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    campaign_id: &str,
    input: CriterionInput,
) -> Result<CriterionView, ApiError> {
    let grant = caller.may(Action::ManageCampaigns)?;
    let draft = managed_criteria(conn, campaign_id, &grant)?;
    let context =
        CriterionContext { campaign_id, issuer_path: &draft.issuer_path, existing: &draft.criteria, replacing: None };
    let valid = validate_criterion(conn, &context, input)?;
    require_draft(&draft.campaign)?;
    check_code_free(&context, &valid.code)?;
    let criterion_id = uuid::Uuid::now_v7().to_string();
    db::criteria::insert(conn, &criterion_id, campaign_id, valid.fields())?;
    db::campaigns::touch(conn, campaign_id)?;
    let view = CriterionView::from(db::criteria::get(conn, &criterion_id)?.ok_or_else(not_found)?);
    Change::new(caller, Entity::Criterion, &view.id, "create", Some(&draft.issuer_path)).after(&view).record(conn)?;
    Ok(view)
}

/// The criterion to replace or remove: its campaign and its id.
pub struct CriterionRef<'a> {
    pub campaign_id: &'a str,
    pub criterion_id: &'a str,
}

/// Replaces a criterion of a draft campaign. `expected` is the version the
/// caller read (its `If-Match`), or why it has none; the checks come in the
/// order of [`super::version`].
pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    target: CriterionRef<'_>,
    expected: Result<IfMatch, ApiError>,
    input: CriterionInput,
) -> Result<CriterionView, ApiError> {
    let CriterionRef { campaign_id, criterion_id } = target;
    let grant = caller.may(Action::ManageCampaigns)?;
    let draft = managed_criteria(conn, campaign_id, &grant)?;
    let current = draft.criteria.iter().find(|c| c.id == criterion_id).ok_or_else(not_found)?;
    let context = CriterionContext {
        campaign_id,
        issuer_path: &draft.issuer_path,
        existing: &draft.criteria,
        replacing: Some(criterion_id),
    };
    let valid = validate_criterion(conn, &context, input)?;
    version::check(current.version, expected)?;
    require_draft(&draft.campaign)?;
    check_code_free(&context, &valid.code)?;
    version::landed(db::criteria::update(conn, criterion_id, current.version, valid.fields())?, current.version)?;
    db::campaigns::touch(conn, campaign_id)?;
    let view = CriterionView::from(db::criteria::get(conn, criterion_id)?.ok_or_else(not_found)?);
    Change::new(caller, Entity::Criterion, criterion_id, "update", Some(&draft.issuer_path))
        .before(&CriterionView::from(current.clone()))
        .after(&view)
        .record(conn)?;
    Ok(view)
}

/// Removes a criterion from a draft campaign (its sub-criteria first).
pub fn delete(conn: &mut DbConnection, caller: &Caller, target: CriterionRef<'_>) -> Result<(), ApiError> {
    let CriterionRef { campaign_id, criterion_id } = target;
    let grant = caller.may(Action::ManageCampaigns)?;
    let draft = managed_criteria(conn, campaign_id, &grant)?;
    let current = draft.criteria.iter().find(|c| c.id == criterion_id).ok_or_else(not_found)?;
    require_draft(&draft.campaign)?;
    if db::criteria::children(conn, criterion_id)? > 0 {
        return Err(ApiError::conflict(ErrorCode::HasSubCriteria, "Remove its sub-criteria first."));
    }
    db::criteria::delete(conn, criterion_id)?;
    db::campaigns::touch(conn, campaign_id)?;
    Change::new(caller, Entity::Criterion, criterion_id, "delete", Some(&draft.issuer_path))
        .before(&CriterionView::from(current.clone()))
        .record(conn)?;
    Ok(())
}
