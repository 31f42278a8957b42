//! A report's comment thread, where the unit and its reviewers talk.

use super::in_reach;
use crate::auth::Action;
use crate::db::{self, DbConnection};
use crate::error::{ApiError, FieldError};
use crate::model::reports::{CommentView, NewComment};
use crate::service::Caller;
use crate::service::audit::{Change, Entity};

fn view(c: db::report_comments::Comment) -> CommentView {
    CommentView { id: c.id, author: c.author, body: c.body, created_at: c.created_at }
}

/// The report's comment thread, oldest first.
pub fn list(conn: &mut DbConnection, caller: &Caller, report_id: &str) -> Result<Vec<CommentView>, ApiError> {
    let grant = caller.may(Action::ReadReports)?;
    let (report, _) = in_reach(conn, report_id, &grant)?;
    Ok(db::report_comments::of_report(conn, &report.id)?.into_iter().map(view).collect())
}

/// Adds a comment to the report's thread.
pub fn add(
    conn: &mut DbConnection,
    caller: &Caller,
    report_id: &str,
    input: NewComment,
) -> Result<CommentView, ApiError> {
    let grant = caller.may(Action::CommentReports)?;
    let text = crate::domain::text::check_name(&input.body, 5000).map_err(|rule| {
        ApiError::validation(vec![FieldError::new("body", "invalid", format!("The comment {rule}."))])
    })?;
    let (report, unit_path) = in_reach(conn, report_id, &grant)?;
    let comment = db::report_comments::Comment {
        id: uuid::Uuid::now_v7().to_string(),
        author: caller.principal.actor_ref(),
        body: text,
        created_at: crate::domain::now(),
    };
    db::report_comments::add(conn, &report.id, &comment)?;
    Change::new(caller, Entity::ReportComment, &comment.id, "create", Some(&unit_path))
        .after(&serde_json::json!({ "report_id": report.id, "body": comment.body }))
        .record(conn)?;
    Ok(view(comment))
}
