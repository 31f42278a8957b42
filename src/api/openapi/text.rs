//! The text rules of `domain::text`, stated on the fields they guard. The
//! attributes of utoipa take only literal patterns, so the document gets
//! them here, from the same constants the checks are tested against; a
//! test (`docs::every_required_text_states_its_rule`) finds a required
//! text field that has none.

use utoipa::openapi::schema::{ArrayItems, Schema};
use utoipa::openapi::{OpenApi, RefOr};

use crate::domain::accounts::EMAIL_PATTERN;
use crate::domain::award_decision::NUMBER_PATTERN;
use crate::domain::campaign::MAX_LEGAL_BASIS;
use crate::domain::cursor::PATTERN as CURSOR_PATTERN;
use crate::domain::page::KEY_PATTERN;
use crate::domain::search::QUERY_PATTERN;
use crate::domain::text::{CODE_PATTERN, NAME_PATTERN, NOT_BLANK_PATTERN, TEXT_PATTERN};
use crate::domain::webhook::URL_PATTERN;
use crate::service::attachments::LINK_PATTERN;

/// (schema, field, pattern): checked by `check_name`, `check_text`,
/// `check_email`, `domain::webhook::check_url`, or trimmed and required.
const FIELDS: &[(&str, &str, &str)] = &[
    ("AwardBarInput", "basis", NAME_PATTERN),
    ("AwardRuleInput", "basis", NAME_PATTERN),
    ("CampaignChanges", "title", NAME_PATTERN),
    ("NewCampaign", "title", NAME_PATTERN),
    ("ComplainantInput", "name", NAME_PATTERN),
    ("ComplainantInput", "contact", NAME_PATTERN),
    ("ComplaintInput", "description", TEXT_PATTERN),
    ("ComplaintLinkInput", "title", NAME_PATTERN),
    ("NewLink", "title", NAME_PATTERN),
    ("ConcludeInput", "conclusion_issuer", NAME_PATTERN),
    ("ConcludeInput", "conclusion_number", NAME_PATTERN),
    ("CriterionInput", "title", NAME_PATTERN),
    ("FeedbackInput", "source", NAME_PATTERN),
    ("FeedbackInput", "body", NOT_BLANK_PATTERN),
    ("LockExceptionInput", "reason", NAME_PATTERN),
    ("NewComment", "body", NAME_PATTERN),
    ("NewNomination", "summary", NOT_BLANK_PATTERN),
    ("NominationContent", "summary", NOT_BLANK_PATTERN),
    ("NewOrgUnit", "name", NAME_PATTERN),
    ("OrgUnitChanges", "name", NAME_PATTERN),
    ("NewPerson", "full_name", NAME_PATTERN),
    ("NewPerson", "position", NAME_PATTERN),
    ("PersonChanges", "full_name", NAME_PATTERN),
    ("PersonChanges", "position", NAME_PATTERN),
    ("NewReorganisation", "legal_basis", NAME_PATTERN),
    ("NewReorganisation", "name", NAME_PATTERN),
    ("NewReorganisation", "reason", NAME_PATTERN),
    ("Successor", "name", NAME_PATTERN),
    ("NewServiceAccount", "name", NAME_PATTERN),
    ("NewUser", "display_name", NAME_PATTERN),
    ("UserChanges", "display_name", NAME_PATTERN),
    ("SuperiorDecisionInput", "decision_number", NAME_PATTERN),
    ("SuperiorDecisionInput", "issuer", NAME_PATTERN),
    ("ReasonInput", "reason", TEXT_PATTERN),
    ("LegalBasisInput", "code", NOT_BLANK_PATTERN),
    ("LegalBasisInput", "title", NOT_BLANK_PATTERN),
    ("LegalBasisInput", "issuer", NOT_BLANK_PATTERN),
    ("DefinedCampaign", "code", CODE_PATTERN),
    ("DefinedCampaign", "title", NAME_PATTERN),
    ("WithdrawInput", "reason", NOT_BLANK_PATTERN),
    ("NewUser", "email", EMAIL_PATTERN),
    ("UserChanges", "email", EMAIL_PATTERN),
    ("NewWebhook", "url", URL_PATTERN),
    ("ImportRequest", "code", CODE_PATTERN),
    ("NewLink", "url", LINK_PATTERN),
    ("ComplaintLinkInput", "url", LINK_PATTERN),
    ("NewCouncilMeeting", "title", NAME_PATTERN),
    ("AwardDecisionInput", "number", NUMBER_PATTERN),
    ("AwardDecisionInput", "signer_name", NAME_PATTERN),
    ("AwardDecisionInput", "signer_title", NAME_PATTERN),
    ("ImportRow", "campaign", NOT_BLANK_PATTERN),
    ("ImportRow", "unit", NOT_BLANK_PATTERN),
    ("ImportRow", "period", NOT_BLANK_PATTERN),
    ("ImportRow", "criterion", NOT_BLANK_PATTERN),
];

/// (schema, field, pattern, max length): lists of names, each entry checked
/// by `check_name` with that maximum.
const ITEMS: &[(&str, &str, &str, usize)] = &[
    ("NewCampaign", "legal_bases", NAME_PATTERN, MAX_LEGAL_BASIS),
    ("CampaignChanges", "legal_bases", NAME_PATTERN, MAX_LEGAL_BASIS),
    ("DefinedCampaign", "legal_bases", NAME_PATTERN, MAX_LEGAL_BASIS),
];

pub fn add_text_patterns(openapi: &mut OpenApi) {
    // The search parameter `q`, wherever a list takes it; the change feed's
    // cursor and the lists' keys (`after`).
    for (path, item) in openapi.paths.paths.iter_mut() {
        for operation in [&mut item.get].into_iter().flatten() {
            for parameter in operation.parameters.iter_mut().flatten() {
                let RefOr::T(parameter) = parameter else { continue };
                let pattern = match (path.as_str(), parameter.name.as_str()) {
                    (_, "q") => QUERY_PATTERN.to_owned(),
                    ("/api/v1/changes", "after") => CURSOR_PATTERN.to_owned(),
                    (_, "after") => KEY_PATTERN.to_owned(),
                    ("/api/v1/changes", "types") => crate::service::changes::types_pattern(),
                    _ => continue,
                };
                if let Some(RefOr::T(Schema::Object(schema))) = parameter.schema.as_mut() {
                    schema.pattern = Some(pattern);
                }
            }
        }
    }
    let Some(components) = openapi.components.as_mut() else { return };
    // Each name a webhook subscribes to.
    if let Some(RefOr::T(Schema::Object(webhook))) = components.schemas.get_mut("NewWebhook")
        && let Some(RefOr::T(Schema::Array(types))) = webhook.properties.get_mut("types")
        && let ArrayItems::RefOrSchema(item) = &mut types.items
        && let RefOr::T(Schema::Object(item)) = item.as_mut()
    {
        item.pattern = Some(crate::service::webhooks::subscriptions::type_pattern());
    } else {
        panic!("NewWebhook.types is a list of strings")
    }
    for (schema, field, pattern) in FIELDS {
        let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(*schema) else {
            panic!("{schema} is an object schema")
        };
        let Some(RefOr::T(Schema::Object(property))) = object.properties.get_mut(*field) else {
            panic!("{schema}.{field} is a plain property")
        };
        property.pattern = Some((*pattern).to_owned());
    }
    for (schema, field, pattern, max) in ITEMS {
        let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(*schema) else {
            panic!("{schema} is an object schema")
        };
        let Some(RefOr::T(Schema::Array(list))) = object.properties.get_mut(*field) else {
            panic!("{schema}.{field} is a list")
        };
        let ArrayItems::RefOrSchema(item) = &mut list.items else { panic!("{schema}.{field} has items") };
        let RefOr::T(Schema::Object(item)) = item.as_mut() else { panic!("{schema}.{field} lists strings") };
        item.pattern = Some((*pattern).to_owned());
        item.max_length = Some(*max);
    }
}
