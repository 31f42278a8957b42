//! The `report_comments` table: the thread of remarks on a report.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::report_comments;
use super::{DbConnection, DbError};

/// A comment on a report.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub id: String,
    pub author: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

pub fn add(conn: &mut DbConnection, report_id: &str, c: &Comment) -> Result<(), DbError> {
    diesel::insert_into(report_comments::table)
        .values((
            report_comments::id.eq(&c.id),
            report_comments::report_id.eq(report_id),
            report_comments::author.eq(&c.author),
            report_comments::body.eq(&c.body),
            report_comments::created_at.eq(c.created_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// A report's comments, oldest first.
pub fn of_report(conn: &mut DbConnection, report_id: &str) -> Result<Vec<Comment>, DbError> {
    let rows: Vec<(String, String, String, NaiveDateTime)> = report_comments::table
        .filter(report_comments::report_id.eq(report_id))
        .select((report_comments::id, report_comments::author, report_comments::body, report_comments::created_at))
        .order((report_comments::created_at.asc(), report_comments::id.asc()))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, author, body, at)| Comment { id, author, body, created_at: at.and_utc() }).collect())
}
