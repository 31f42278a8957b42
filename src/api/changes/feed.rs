use actix_web::{get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::model::changes::{ChangePage, ChangeQuery};
use crate::service::{self, Caller};
use crate::state::AppState;

/// Reads the change feed after a cursor, in commit order.
#[utoipa::path(
    tag = "changes",
    operation_id = "list_changes",
    description = "Every change to a report (created, filled, imported, moved through its workflow), a campaign, \
                   a nomination or an award decision that the caller may read — each kind by its own read rule \
                   and scope, as the audit log — in the order the changes were committed. Start without `after`, \
                   then pass `next` back: no change is ever skipped or repeated, even while writes happen, and a \
                   cursor kept from any earlier page resumes from there. A page may hold fewer than `limit` \
                   changes (even none) while `more` is true, when the feed passed changes the caller may not read. \
                   On PostgreSQL a change shows once every transaction that began before it has ended.",
    params(ChangeQuery),
    responses((status = 200, description = "One page of changes", body = ChangePage)),
)]
#[get("/changes")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: Query<ChangeQuery>,
) -> Result<web::Json<ChangePage>, ApiError> {
    let query = query.0;
    let page = state.db.run(move |conn| service::changes::page(conn, &caller, query)).await?;
    Ok(web::Json(page))
}
