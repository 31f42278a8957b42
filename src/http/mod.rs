//! HTTP plumbing shared by every route: the request context middleware,
//! metrics, and the extractor settings that turn actix's own input errors
//! into problem+json.

pub mod attachments;
pub mod caller;
pub mod context;
pub mod extract;
pub mod fallback;
pub mod gate;
pub mod idempotency;
pub mod method_table;
pub mod metrics;
mod nul;
pub mod papers;
pub mod precondition;
pub mod sheets;
pub mod strict_query;

pub use context::RequestId;
