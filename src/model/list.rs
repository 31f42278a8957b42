//! The shape of every list answer and its paging parameters.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::page::{Key, Page, Paging};
use crate::error::{ApiError, ErrorCode, FieldError};

/// `?limit=&offset=`, shared by every list operation.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page: 50 when absent, at most 200 (a larger value is lowered to 200).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4_294_967_295_u64)]
    pub limit: Option<u32>,
    /// Items to skip from the start.
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4_294_967_295_u64)]
    pub offset: Option<u32>,
}

impl PageParams {
    pub fn page(&self) -> Page {
        Page::new(self.limit, self.offset.map(u64::from))
    }
}

/// `?limit=&offset=` or `?limit=&after=`, on the lists a client walks by cursor.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WalkParams {
    /// Items per page: 50 when absent, at most 200 (a larger value is lowered to 200).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4_294_967_295_u64)]
    pub limit: Option<u32>,
    /// Items to skip from the start, in the list's own order; not with `after`.
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4_294_967_295_u64)]
    pub offset: Option<u32>,
    /// Walk by cursor instead, in the order of `updated_at` then `id`, both
    /// ascending: empty (`after=`) from the first item, or a page's `next`
    /// for the items after it. No item is skipped while others are written,
    /// and none comes twice unless it changed after the walk passed it:
    /// then it comes again, later, as changed.
    pub after: Option<String>,
}

impl WalkParams {
    /// The paging asked for: 400 `invalid_query` naming `after` when it is
    /// not a cursor a page gave, or `offset` when both are sent.
    pub fn paging(&self) -> Result<Paging, ApiError> {
        let page = Page::new(self.limit, self.offset.map(u64::from));
        let Some(after) = self.after.as_deref() else { return Ok(Paging::Offset(page)) };
        if self.offset.is_some() {
            return Err(refused("offset", "not with after: a walk by cursor starts where its cursor says"));
        }
        let key = match after {
            "" => None,
            text => Some(Key::decode(text).ok_or_else(|| refused("after", "not a cursor a page of this list gave"))?),
        };
        Ok(Paging::After { limit: page.limit, key })
    }
}

fn refused(field: &str, message: &str) -> ApiError {
    let detail = format!("Query parameter {field}: {message}.");
    ApiError::bad_request(ErrorCode::InvalidQuery, detail, vec![FieldError::new(field, "invalid", message)])
}

/// One page of a list a client may also walk by cursor (`?after=`).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CursorList<T> {
    pub items: Vec<T>,
    /// How many items match the filters in all (wherever the page starts).
    pub total: u64,
    /// The limit applied (after the cap).
    pub limit: u32,
    /// The offset applied; 0 in a walk by cursor.
    pub offset: u64,
    /// In a walk by cursor, `after=` this for the next page; `null` on the
    /// last page (and when paging by offset). To follow later changes,
    /// walk again from the last item's `updated_at` with `updated_since`.
    pub next: Option<String>,
}

impl<T> CursorList<T> {
    /// The page of `items` as the store read them (one more than the limit
    /// in a walk), keyed by `key` for the next cursor.
    pub fn new(items: Vec<T>, total: u64, paging: &Paging, key: impl Fn(&T) -> Key) -> Self {
        let (items, next) = paging.cut(items, key);
        Self { items, total, limit: paging.limit(), offset: paging.offset(), next }
    }

    /// An empty page.
    pub fn empty(paging: &Paging) -> Self {
        Self { items: Vec::new(), total: 0, limit: paging.limit(), offset: paging.offset(), next: None }
    }
}

/// One page of a list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct List<T> {
    pub items: Vec<T>,
    /// How many items match in all.
    pub total: u64,
    /// The limit applied (after the cap).
    pub limit: u32,
    /// The offset applied.
    pub offset: u64,
}

impl<T> List<T> {
    pub fn new(items: Vec<T>, total: u64, page: Page) -> Self {
        Self { items, total, limit: page.limit, offset: page.offset }
    }
}
