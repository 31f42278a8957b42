//! The OpenAPI schemas of figures, built from the bounds the domain checks
//! (`domain::figures`), so the document states exactly what is refused.

use utoipa::openapi::schema::SchemaType;
use utoipa::openapi::{Object, ObjectBuilder, Type};

use crate::domain::figures::{MAX_COUNT, PERCENTAGE_DECIMALS};

fn nullable(kind: Type) -> SchemaType {
    SchemaType::from_iter([kind, Type::Null])
}

fn whole(what: &str) -> Object {
    ObjectBuilder::new()
        .schema_type(nullable(Type::Integer))
        .minimum(Some(0))
        .maximum(Some(MAX_COUNT))
        .description(Some(format!("{what}: a whole number from 0 to {MAX_COUNT}.")))
        .build()
}

/// A ratio's numerator, within [`MAX_COUNT`].
pub fn numerator() -> Object {
    whole("Ratio: the count above the line")
}

/// A ratio's denominator, within [`MAX_COUNT`].
pub fn denominator() -> Object {
    whole("Ratio: the count below the line")
}

/// A count, within [`MAX_COUNT`].
pub fn count() -> Object {
    whole("Count")
}

/// A percentage: 0–100, with at most [`PERCENTAGE_DECIMALS`] decimals.
pub fn percentage() -> Object {
    ObjectBuilder::new()
        .schema_type(nullable(Type::Number))
        .minimum(Some(0))
        .maximum(Some(100))
        .description(Some(format!("Percentage: 0–100, with at most {PERCENTAGE_DECIMALS} decimals.")))
        .build()
}

/// A criterion's target: a percentage for a ratio or a percentage, a count for a count.
pub fn target() -> Object {
    ObjectBuilder::new()
        .schema_type(nullable(Type::Number))
        .minimum(Some(0))
        .maximum(Some(MAX_COUNT))
        .description(Some(format!(
            "For a ratio or a percentage, a percentage (0–100, at most {PERCENTAGE_DECIMALS} decimals); \
             for a count, a whole number from 0 to {MAX_COUNT}; none for yes/no."
        )))
        .build()
}
