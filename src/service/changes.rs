//! The change feed: every change to a record the caller may read, in commit
//! order, paged by a cursor that never skips or repeats a change.
//!
//! The feed is the audit log's events of the kinds below, in the order
//! `db::changes` keeps; who reads which is the audit log's rule
//! (`service::audit::readable`: each kind by its own read action and scope).

use super::Caller;
use super::audit::{Entity, readable};
use crate::auth::Action;
use crate::db::changes::{Filter, Position};
use crate::db::{self, DbConnection};
use crate::domain::cursor::Cursor;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::model::changes::{ChangePage, ChangeQuery, ChangeView};

/// The kinds of record the feed follows.
pub const KINDS: [Entity; 4] = [Entity::Report, Entity::Campaign, Entity::Nomination, Entity::AwardDecision];

const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 1000;
/// Changes passed per query, and queries per page at most: a caller who may
/// read few of them gets a short (even empty) page with `more`, not a long wait.
const SCAN: u32 = 1000;
const SCANS: usize = 10;

/// One page of the feed after the query's cursor.
pub fn page(conn: &mut DbConnection, caller: &Caller, query: ChangeQuery) -> Result<ChangePage, ApiError> {
    caller.may(Action::ReadChanges)?;
    let after = match query.after.as_deref() {
        None => Cursor::default(),
        Some(text) => Cursor::decode(text).ok_or_else(|| {
            let error = FieldError::new("after", "invalid", "not a cursor this feed gave");
            ApiError::bad_request(
                ErrorCode::InvalidQuery,
                "Query parameter after: not a cursor this feed gave.",
                vec![error],
            )
        })?,
    };
    let (kinds, actions) = wanted(query.types.as_deref())?;
    let filter = Filter { readable: readable(caller, &kinds), actions };
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT) as usize;

    let mut items = Vec::new();
    let mut next = after;
    let mut more = false;
    'scans: for _ in 0..SCANS {
        let scan = db::changes::after(conn, &filter, next, SCAN)?;
        for (position, event) in scan.events {
            if items.len() == limit {
                more = true;
                break 'scans;
            }
            next = position;
            items.push(view(position, event));
        }
        let Some(reached) = scan.reached else {
            more = false;
            break;
        };
        next = reached;
        more = scan.scanned == SCAN as usize;
        if !more || items.len() == limit {
            break;
        }
    }
    Ok(ChangePage { items, next: next.encode(), more })
}

fn view(position: Position, e: db::audit::AuditEvent) -> ChangeView {
    ChangeView {
        cursor: position.encode(),
        kind: format!("{}.{}", e.entity, e.action),
        id: e.id,
        entity: e.entity,
        entity_id: e.entity_id,
        action: e.action,
        at: e.at,
        actor: e.actor,
        record: e.after.and_then(|text| serde_json::from_str(&text).ok()),
    }
}

/// What [`wanted`] reads, as a pattern for the OpenAPI document:
/// comma-separated names, each a kind of [`KINDS`] with an optional
/// `.action`, spaces around each, empty names skipped; no NUL.
pub fn types_pattern() -> String {
    const SPACE: &str = r"[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]";
    let kinds = KINDS.map(Entity::as_str).join("|");
    let name = format!(r"{SPACE}*(?:(?:{kinds})(?:\.[^,\u0000]*)?)?{SPACE}*");
    format!("^{name}(?:,{name})*$")
}

/// The kinds the `types` parameter names, and each with its action when
/// it names a type (`report.submit`); absent: every kind, every action.
pub(crate) type Wanted = (Vec<Entity>, Vec<(String, Option<String>)>);

pub(crate) fn wanted(types: Option<&str>) -> Result<Wanted, ApiError> {
    let mut kinds = Vec::new();
    let mut types_named = Vec::new();
    for name in types.unwrap_or_default().split(',').map(str::trim).filter(|name| !name.is_empty()) {
        let (kind, action) = match name.split_once('.') {
            Some((kind, action)) => (kind, Some(action.to_owned())),
            None => (name, None),
        };
        let Some(entity) = KINDS.into_iter().find(|e| e.as_str() == kind) else {
            let message = format!("{name:?} is not a kind the feed follows ({})", KINDS.map(Entity::as_str).join(", "));
            let detail = format!("Query parameter types: {message}.");
            let error = FieldError::new("types", "invalid", message);
            return Err(ApiError::bad_request(ErrorCode::InvalidQuery, detail, vec![error]));
        };
        if !kinds.contains(&entity) {
            kinds.push(entity);
        }
        types_named.push((kind.to_owned(), action));
    }
    if kinds.is_empty() {
        return Ok((KINDS.to_vec(), Vec::new()));
    }
    Ok((kinds, types_named))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_types_pattern_is_what_is_read() {
        let pattern = regex::Regex::new(&types_pattern()).unwrap();
        let samples = [
            "",
            "report",
            "report,campaign",
            " report , nomination.create ,",
            "report.submit,award_decision.sign",
            ",,",
            "user",
            "reportx",
            "report x",
            "report.",
            "Report",
            "report\u{0}",
            "report.a\u{0}",
            "report\u{3000}",
        ];
        for text in samples {
            assert_eq!(pattern.is_match(text), wanted(Some(text)).is_ok() && !text.contains('\0'), "{text:?}");
        }
    }
}
