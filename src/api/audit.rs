//! `/api/v1/audit-events`: the append-only audit log. No operation edits or
//! deletes it; every change is recorded in the transaction that makes it.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::list::{List, PageParams};
use crate::auth::{Action, Principal, authorize};
use crate::db::audit::AuditEvent;
use crate::db::{self, Db};
use crate::error::ApiError;
use crate::http::RequestId;
use crate::http::extract::Query;

/// The one way handlers start an audit event: who, which request, what was done to which record.
pub(super) fn event(principal: &Principal, request_id: &RequestId, entity: &str, id: &str, action: &str) -> AuditEvent {
    AuditEvent {
        id: uuid::Uuid::now_v7().to_string(),
        at: crate::domain::now(),
        actor: principal.actor_ref(),
        request_id: Some(request_id.to_string()),
        entity: entity.to_owned(),
        entity_id: id.to_owned(),
        action: action.to_owned(),
        before: None,
        after: None,
    }
}

/// JSON of a record for an event's `before` or `after`.
pub(super) fn snapshot<T: Serialize>(value: &T) -> Option<String> {
    serde_json::to_string(value).ok()
}

/// One recorded change.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditEventView {
    pub id: String,
    pub at: DateTime<Utc>,
    /// `user:<id>`, `service:<id>` or `system`.
    pub actor: String,
    /// The request that made the change (its `X-Request-Id`).
    pub request_id: Option<String>,
    /// The kind of record, e.g. `report`.
    pub entity: String,
    pub entity_id: String,
    /// What was done, e.g. `create`, `put_values`, `submit`, `approve`.
    pub action: String,
    /// The record before the change, as JSON.
    pub before: Option<serde_json::Value>,
    /// The record after the change, as JSON.
    pub after: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// `user:<id>` or `service:<id>`.
    pub actor: Option<String>,
    /// At or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Before this instant.
    pub until: Option<DateTime<Utc>>,
}

/// Lists audit events, oldest first.
#[utoipa::path(
    tag = "audit",
    operation_id = "list_audit_events",
    description = "Only the events of records the caller may read: the reports (with their values, evidence and \
                   comments) of units in its scope — a reporter, its own unit's.",
    params(PageParams, AuditFilter),
    responses((status = 200, description = "One page of events", body = List<AuditEventView>)),
)]
#[get("/audit-events")]
pub async fn list(
    db: web::Data<Db>,
    principal: Principal,
    page: Query<PageParams>,
    filter: Query<AuditFilter>,
) -> Result<web::Json<List<AuditEventView>>, ApiError> {
    let grant = authorize(&principal, Action::ReadAudit)?;
    let page = page.0.page();
    let f = filter.0;
    let query = db::audit::Filter {
        within: grant.within().to_owned(),
        entity: f.entity,
        entity_id: f.entity_id,
        actor: f.actor,
        since: f.since,
        until: f.until,
    };
    let (items, total) = db.run(move |conn| db::audit::list(conn, &query, page)).await?;
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
        })
        .collect();
    Ok(web::Json(List::new(items, total, page)))
}
