use actix_web::{get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::model::audit::{AuditEventView, AuditFilter};
use crate::model::list::{List, PageParams};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Lists audit events, oldest first.
#[utoipa::path(
    tag = "audit",
    operation_id = "list_audit_events",
    description = "Every change to a record is an event: reports (with their values, evidence and comments), \
                   campaigns (with their criteria, participants and lock exceptions), org units, people, users, \
                   service accounts and settings. A caller lists only the events of records it may read, in its \
                   scope: a reporter, its own unit's reports; users' and service accounts' events, the admin.",
    params(PageParams, AuditFilter),
    responses((status = 200, description = "One page of events", body = List<AuditEventView>)),
)]
#[get("/audit-events")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageParams>,
    filter: Query<AuditFilter>,
) -> Result<web::Json<List<AuditEventView>>, ApiError> {
    let page = page.0.page();
    let filter = filter.0;
    let list = state.db.run(move |conn| service::audit::list(conn, &caller, filter, page)).await?;
    Ok(web::Json(list))
}
