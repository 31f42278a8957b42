//! Pure rules of the product: no actix, no Diesel.

pub mod page;
pub mod settings;
