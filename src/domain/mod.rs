//! Pure rules of the product: no actix, no Diesel.

pub mod accounts;
pub mod campaign;
pub mod org;
pub mod page;
pub mod password;
pub mod periods;
pub mod report;
pub mod role;
pub mod score;
pub mod settings;
pub mod text;
pub mod throttle;
