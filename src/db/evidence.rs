//! The `evidence` table.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::evidence;
use super::{DbConnection, DbError};

/// A piece of evidence: a stored file or a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub id: String,
    pub report_id: String,
    pub criterion_id: Option<String>,
    /// `file` or `link`.
    pub kind: String,
    pub title: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub size_bytes: Option<i64>,
    pub sha256: Option<String>,
    pub storage_key: Option<String>,
    pub url: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub deleted_by: Option<String>,
}

type Row = (
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<String>,
);

/// The columns of a `Row`, in order.
type Columns = (
    evidence::id,
    evidence::report_id,
    evidence::criterion_id,
    evidence::kind,
    evidence::title,
    evidence::filename,
    evidence::content_type,
    evidence::size_bytes,
    evidence::sha256,
    evidence::storage_key,
    evidence::url,
    evidence::created_by,
    evidence::created_at,
    evidence::deleted_at,
    evidence::deleted_by,
);

const COLUMNS: Columns = (
    evidence::id,
    evidence::report_id,
    evidence::criterion_id,
    evidence::kind,
    evidence::title,
    evidence::filename,
    evidence::content_type,
    evidence::size_bytes,
    evidence::sha256,
    evidence::storage_key,
    evidence::url,
    evidence::created_by,
    evidence::created_at,
    evidence::deleted_at,
    evidence::deleted_by,
);

fn from_row(r: Row) -> Evidence {
    Evidence {
        id: r.0,
        report_id: r.1,
        criterion_id: r.2,
        kind: r.3,
        title: r.4,
        filename: r.5,
        content_type: r.6,
        size_bytes: r.7,
        sha256: r.8,
        storage_key: r.9,
        url: r.10,
        created_by: r.11,
        created_at: r.12.and_utc(),
        deleted_at: r.13.map(|t| t.and_utc()),
        deleted_by: r.14,
    }
}

pub fn insert(conn: &mut DbConnection, e: &Evidence) -> Result<(), DbError> {
    diesel::insert_into(evidence::table)
        .values((
            evidence::id.eq(&e.id),
            evidence::report_id.eq(&e.report_id),
            evidence::criterion_id.eq(e.criterion_id.as_deref()),
            evidence::kind.eq(&e.kind),
            evidence::title.eq(&e.title),
            evidence::filename.eq(e.filename.as_deref()),
            evidence::content_type.eq(e.content_type.as_deref()),
            evidence::size_bytes.eq(e.size_bytes),
            evidence::sha256.eq(e.sha256.as_deref()),
            evidence::storage_key.eq(e.storage_key.as_deref()),
            evidence::url.eq(e.url.as_deref()),
            evidence::created_by.eq(&e.created_by),
            evidence::created_at.eq(e.created_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<Evidence>, DbError> {
    Ok(evidence::table.find(id).select(COLUMNS).first::<Row>(conn).optional()?.map(from_row))
}

/// A report's evidence, oldest first; deleted items only when asked.
pub fn of_report(conn: &mut DbConnection, report_id: &str, include_deleted: bool) -> Result<Vec<Evidence>, DbError> {
    let mut query = evidence::table.filter(evidence::report_id.eq(report_id)).into_boxed();
    if !include_deleted {
        query = query.filter(evidence::deleted_at.is_null());
    }
    let rows: Vec<Row> = query.select(COLUMNS).order((evidence::created_at.asc(), evidence::id.asc())).load(conn)?;
    Ok(rows.into_iter().map(from_row).collect())
}

/// Marks an item deleted; its row and file stay for the audit trail.
pub fn mark_deleted(conn: &mut DbConnection, id: &str, by: &str, at: DateTime<Utc>) -> Result<bool, DbError> {
    let updated = diesel::update(evidence::table.find(id).filter(evidence::deleted_at.is_null()))
        .set((evidence::deleted_at.eq(Some(at.naive_utc())), evidence::deleted_by.eq(Some(by))))
        .execute(conn)?;
    Ok(updated == 1)
}
