//! Paging of lists: `?limit=&offset=`, the limit capped.

/// Items per page when the client does not say.
pub const DEFAULT_LIMIT: u32 = 50;
/// The most items one page may hold; a larger `limit` is lowered to this.
pub const MAX_LIMIT: u32 = 200;

/// A page request, already clamped to the allowed range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub offset: u64,
}

impl Page {
    /// Applies the defaults and the cap: a missing limit is [`DEFAULT_LIMIT`],
    /// one above [`MAX_LIMIT`] is lowered to it, and 0 is raised to 1.
    pub fn new(limit: Option<u32>, offset: Option<u64>) -> Self {
        Self { limit: limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT), offset: offset.unwrap_or(0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_defaulted_and_capped() {
        assert_eq!(Page::new(None, None), Page { limit: DEFAULT_LIMIT, offset: 0 });
        assert_eq!(Page::new(Some(10_000), Some(5)), Page { limit: MAX_LIMIT, offset: 5 });
        assert_eq!(Page::new(Some(0), None).limit, 1);
    }
}
