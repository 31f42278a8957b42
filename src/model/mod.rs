//! The wire types: what the API reads and answers, with their OpenAPI
//! schemas. Serde and utoipa only — no actix, no Diesel — so handlers and
//! services share them without depending on each other.

pub mod audit;
pub mod evidence;
pub mod list;
pub mod org_units;
pub mod reports;
