//! The shape of every list answer and its paging parameters.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::page::Page;

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
