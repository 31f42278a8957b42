//! The wire types: what the API reads and answers, with their OpenAPI
//! schemas. Serde and utoipa only — no actix, no Diesel — so handlers and
//! services share them without depending on each other.

pub mod audit;
pub mod auth;
pub mod award_decisions;
pub mod award_rules;
pub mod awards;
pub mod campaigns;
pub mod changes;
pub mod choices;
pub mod complaints;
pub mod council;
pub mod criteria;
pub mod definitions;
pub mod documents;
pub mod evidence;
pub mod figures;
pub mod file;
pub mod health;
pub mod imports;
pub mod list;
pub mod me;
pub mod nominations;
pub mod org_units;
pub mod people;
pub mod reasons;
pub mod reminders;
pub mod reorganisations;
pub mod reports;
pub mod scoreboard;
pub mod service_accounts;
pub mod settings;
pub mod time;
pub mod users;
pub mod webhooks;

/// A field that was sent, as `Some` (holding `None` for an explicit `null`);
/// with `#[serde(default)]`, an absent field is `None`.
pub(crate) fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}
