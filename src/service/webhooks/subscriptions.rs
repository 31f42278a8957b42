//! Webhook subscriptions: made, read, enabled, disabled and deleted by an
//! admin or an office, each within its scope. The secret is made here and
//! shown once; what a subscription is sent is what its creator may read.

use super::guard::{self, Refusal};
use crate::auth::Action;
use crate::auth::policy::not_found;
use crate::config::WebhookConfig;
use crate::db::webhooks::Subscription;
use crate::db::{self, Db, DbConnection};
use crate::domain::page::Page;
use crate::domain::webhook::{check_url, new_secret};
use crate::error::{ApiError, FieldError};
use crate::model::list::List;
use crate::model::webhooks::{CreatedWebhook, NewWebhook, WebhookStatus, WebhookView};
use crate::service::Caller;
use crate::service::audit::{Change, Entity};
use crate::service::changes::KINDS;

/// Makes a subscription and its secret, returned this once. The URL's host
/// is resolved first: a name that resolves to an address not allowed is 422.
pub async fn create(
    db: &Db,
    config: &WebhookConfig,
    caller: Caller,
    input: NewWebhook,
) -> Result<CreatedWebhook, ApiError> {
    let grant = caller.may(Action::ManageWebhooks)?;
    let mut errors = Vec::new();
    let url = check_url(input.url.trim())
        .map_err(|rule| errors.push(FieldError::new("url", "invalid", format!("The URL {rule}."))))
        .ok();
    let types = check_types(&input.types, &mut errors);
    let Some(url) = url else { return Err(ApiError::validation(errors)) };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    if let Err(refusal) = guard::resolve(&url, &config.allow_nets).await {
        let code = match refusal {
            Refusal::Unresolvable(_) => "unresolvable",
            Refusal::Refused(_) => "address_refused",
        };
        return Err(ApiError::validation(vec![FieldError::new("url", code, format!("The URL: {refusal}."))]));
    }
    let scope_path = grant.within().to_owned();
    db.write(move |conn| {
        let now = crate::domain::now().naive_utc();
        let start = db::changes::newest_committed(conn)?;
        let subscription = Subscription {
            id: uuid::Uuid::now_v7().to_string(),
            url: url.to_string(),
            types: types.join(","),
            secret: new_secret(),
            actor: caller.principal.actor_ref(),
            scope_path,
            status: "active".to_owned(),
            failures: 0,
            disabled_reason: None,
            start_xid: start.xid,
            start_seq: start.seq,
            created_at: now,
            updated_at: now,
        };
        db::webhooks::insert(conn, &subscription)?;
        let webhook = view(&subscription);
        // The view, never the secret.
        Change::new(&caller, Entity::Webhook, &subscription.id, "create", Some(&subscription.scope_path))
            .after(&webhook)
            .record(conn)?;
        Ok(CreatedWebhook { webhook, secret: subscription.secret })
    })
    .await
}

/// What [`check_types`] takes as one name, for the OpenAPI document: a kind
/// of the change feed, or a kind and an action of lower-case letters and
/// `_`, with spaces around.
pub fn type_pattern() -> String {
    const SPACE: &str = r"[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]";
    let kinds = KINDS.map(Entity::as_str).join("|");
    format!(r"^{SPACE}*(?:{kinds})(?:\.[a-z_]+)?{SPACE}*$")
}

/// The kinds and types named, each checked and once; errors name `types[i]`.
fn check_types(names: &[String], errors: &mut Vec<FieldError>) -> Vec<String> {
    let mut types: Vec<String> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let name = name.trim();
        let (kind, action) = name.split_once('.').map_or((name, None), |(k, a)| (k, Some(a)));
        let action_ok = action.is_none_or(|a| !a.is_empty() && a.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        if !KINDS.iter().any(|k| k.as_str() == kind) || !action_ok {
            let kinds = KINDS.map(Entity::as_str).join(", ");
            let message = format!("{name:?} is not a kind ({kinds}) or a type such as report.submit");
            errors.push(FieldError::new(format!("types[{i}]"), "invalid", message));
        } else if !types.iter().any(|t| t == name) {
            types.push(name.to_owned());
        }
    }
    types
}

/// The subscriptions made in the caller's scope.
pub fn list(conn: &mut DbConnection, caller: &Caller, page: Page) -> Result<List<WebhookView>, ApiError> {
    let grant = caller.may(Action::ManageWebhooks)?;
    let (items, total) = db::webhooks::list(conn, grant.within(), page.limit, page.offset)?;
    Ok(List::new(items.iter().map(view).collect(), total, page))
}

/// One subscription, if made in the caller's scope.
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<WebhookView, ApiError> {
    Ok(view(&find(conn, caller, id)?))
}

/// The subscription `id`, 404 when it is not in the caller's scope.
pub(super) fn find(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Subscription, ApiError> {
    let grant = caller.may(Action::ManageWebhooks)?;
    let subscription = db::webhooks::get(conn, id)?.ok_or_else(not_found)?;
    grant.check(&subscription.scope_path)?;
    Ok(subscription)
}

/// Enables (`true`) or disables a subscription. Enabled again, its count
/// of failures starts afresh and its pending deliveries are sent; changes
/// made while it was disabled are not.
pub fn set_enabled(conn: &mut DbConnection, caller: &Caller, id: &str, enabled: bool) -> Result<WebhookView, ApiError> {
    let before = find(conn, caller, id)?;
    let reason = (!enabled).then_some("disabled by hand");
    db::webhooks::set_status(conn, id, reason)?;
    let after = db::webhooks::get(conn, id)?.ok_or_else(not_found)?;
    let view = view(&after);
    let action = if enabled { "enable" } else { "disable" };
    Change::new(caller, Entity::Webhook, id, action, Some(&after.scope_path))
        .before(&self::view(&before))
        .after(&view)
        .record(conn)?;
    Ok(view)
}

/// Deletes a subscription and its delivery log; nothing more is sent.
pub fn delete(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<(), ApiError> {
    let before = find(conn, caller, id)?;
    db::webhooks::delete(conn, id)?;
    Change::new(caller, Entity::Webhook, id, "delete", Some(&before.scope_path)).before(&view(&before)).record(conn)?;
    Ok(())
}

pub(super) fn view(s: &Subscription) -> WebhookView {
    WebhookView {
        id: s.id.clone(),
        url: s.url.clone(),
        types: s.types.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
        status: if s.status == "active" { WebhookStatus::Active } else { WebhookStatus::Disabled },
        disabled_reason: s.disabled_reason.clone(),
        failures: u32::try_from(s.failures).unwrap_or(0),
        created_by: s.actor.clone(),
        created_at: s.created_at.and_utc(),
        updated_at: s.updated_at.and_utc(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_pattern_is_the_check() {
        let pattern = regex::Regex::new(&type_pattern()).unwrap();
        for name in [
            "report",
            " report.submit ",
            "award_decision.sign",
            "report.",
            "report.Submit",
            "user",
            "",
            "reportx",
            "report.a.b",
        ] {
            let mut errors = Vec::new();
            check_types(&[name.to_owned()], &mut errors);
            assert_eq!(pattern.is_match(name), errors.is_empty(), "{name:?}");
        }
    }
}
