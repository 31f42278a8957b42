//! The `complaint_evidence` table: files and links attached to a complaint.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::complaint_evidence;
use super::{DbConnection, DbError};

/// A piece of a complaint's evidence: a stored file or a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComplaintEvidence {
    pub id: String,
    pub complaint_id: String,
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

#[derive(Queryable)]
struct Row {
    id: String,
    complaint_id: String,
    kind: String,
    title: String,
    filename: Option<String>,
    content_type: Option<String>,
    size_bytes: Option<i64>,
    sha256: Option<String>,
    storage_key: Option<String>,
    url: Option<String>,
    created_by: String,
    created_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    deleted_by: Option<String>,
}

impl From<Row> for ComplaintEvidence {
    fn from(r: Row) -> Self {
        Self {
            id: r.id,
            complaint_id: r.complaint_id,
            kind: r.kind,
            title: r.title,
            filename: r.filename,
            content_type: r.content_type,
            size_bytes: r.size_bytes,
            sha256: r.sha256,
            storage_key: r.storage_key,
            url: r.url,
            created_by: r.created_by,
            created_at: r.created_at.and_utc(),
            deleted_at: r.deleted_at.map(|t| t.and_utc()),
            deleted_by: r.deleted_by,
        }
    }
}

/// The columns of a [`Row`], in order.
type Columns = (
    complaint_evidence::id,
    complaint_evidence::complaint_id,
    complaint_evidence::kind,
    complaint_evidence::title,
    complaint_evidence::filename,
    complaint_evidence::content_type,
    complaint_evidence::size_bytes,
    complaint_evidence::sha256,
    complaint_evidence::storage_key,
    complaint_evidence::url,
    complaint_evidence::created_by,
    complaint_evidence::created_at,
    complaint_evidence::deleted_at,
    complaint_evidence::deleted_by,
);

const COLUMNS: Columns = (
    complaint_evidence::id,
    complaint_evidence::complaint_id,
    complaint_evidence::kind,
    complaint_evidence::title,
    complaint_evidence::filename,
    complaint_evidence::content_type,
    complaint_evidence::size_bytes,
    complaint_evidence::sha256,
    complaint_evidence::storage_key,
    complaint_evidence::url,
    complaint_evidence::created_by,
    complaint_evidence::created_at,
    complaint_evidence::deleted_at,
    complaint_evidence::deleted_by,
);

pub fn insert(conn: &mut DbConnection, e: &ComplaintEvidence) -> Result<(), DbError> {
    diesel::insert_into(complaint_evidence::table)
        .values((
            complaint_evidence::id.eq(&e.id),
            complaint_evidence::complaint_id.eq(&e.complaint_id),
            complaint_evidence::kind.eq(&e.kind),
            complaint_evidence::title.eq(&e.title),
            complaint_evidence::filename.eq(e.filename.as_deref()),
            complaint_evidence::content_type.eq(e.content_type.as_deref()),
            complaint_evidence::size_bytes.eq(e.size_bytes),
            complaint_evidence::sha256.eq(e.sha256.as_deref()),
            complaint_evidence::storage_key.eq(e.storage_key.as_deref()),
            complaint_evidence::url.eq(e.url.as_deref()),
            complaint_evidence::created_by.eq(&e.created_by),
            complaint_evidence::created_at.eq(e.created_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The piece `id` of the complaint `complaint_id` (none when it belongs to another).
pub fn get(conn: &mut DbConnection, complaint_id: &str, id: &str) -> Result<Option<ComplaintEvidence>, DbError> {
    let row: Option<Row> = complaint_evidence::table
        .find(id)
        .filter(complaint_evidence::complaint_id.eq(complaint_id))
        .select(COLUMNS)
        .first(conn)
        .optional()?;
    Ok(row.map(Into::into))
}

/// A complaint's evidence, oldest first; deleted items only when asked.
pub fn of_complaint(
    conn: &mut DbConnection,
    complaint_id: &str,
    include_deleted: bool,
) -> Result<Vec<ComplaintEvidence>, DbError> {
    let mut query = complaint_evidence::table.filter(complaint_evidence::complaint_id.eq(complaint_id)).into_boxed();
    if !include_deleted {
        query = query.filter(complaint_evidence::deleted_at.is_null());
    }
    let rows: Vec<Row> =
        query.select(COLUMNS).order((complaint_evidence::created_at.asc(), complaint_evidence::id.asc())).load(conn)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Marks an item deleted; its row and file stay for the audit trail.
/// `false` when it was deleted already.
pub fn mark_deleted(conn: &mut DbConnection, id: &str, by: &str, at: DateTime<Utc>) -> Result<bool, DbError> {
    let updated = diesel::update(complaint_evidence::table.find(id).filter(complaint_evidence::deleted_at.is_null()))
        .set((complaint_evidence::deleted_at.eq(Some(at.naive_utc())), complaint_evidence::deleted_by.eq(Some(by))))
        .execute(conn)?;
    Ok(updated == 1)
}
